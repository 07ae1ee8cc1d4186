// What the procurement tools do along the procure-to-pay flow, beyond the rules: contract pricing of
// catalog lines, approval chains step by step, change orders, the invoice match, discounts, screening.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "procurement/procurement_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const std::string kShop =
    "local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', bank = 'verified', preferred = true }\n";

}  // namespace

TEST_CASE("a catalog line is priced at its contract price, not the list price", "[procurement][flows]") {
  Episode episode = open_procurement("paula.reyes", "");
  const Json item = episode.world().query(
      "SELECT i.sku, p.unit_price_cents AS price, i.list_price_cents AS list, c.number AS contract "
      "FROM purchase_catalog_items i JOIN contracts c ON c.id = i.contract_id "
      "JOIN contract_prices p ON p.contract_id = c.id AND p.catalog_item_id = i.id "
      "JOIN suppliers s ON s.id = i.supplier_id "
      "WHERE i.active = 1 AND c.status = 'active' AND c.starts_on <= '2026-03-02' AND c.ends_on >= '2026-03-02' "
      "AND p.valid_from <= '2026-03-02' AND p.valid_to >= '2026-03-02' AND s.status = 'active' ORDER BY i.sku LIMIT 1",
      Json::array())[0];
  REQUIRE(item["price"].get<int64_t>() < item["list"].get<int64_t>());
  const StepResult step = episode.step(
      "create_requisition", {{"title", "Supplies for the new starters"},
                             {"cost_center", "CC-1500"},
                             {"lines", Json::array({{{"sku", item["sku"]}, {"quantity", 2}}})}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  const Json& line = step.output()["lines"][0];
  CHECK(line["unit_price"] == item["price"].get<int64_t>() / 100.0);
  CHECK(line["contract"] == item["contract"]);
  CHECK(step.output()["total"] == 2 * item["price"].get<int64_t>() / 100.0);
  CHECK(step.output()["status"] == "draft");
}

TEST_CASE("approving step 1 of an $8,000 requisition hands it to the Finance Director, who is told",
          "[procurement][flows]") {
  Episode probe = open_procurement("paula.reyes", "");
  const std::string owner =
      scalar(probe,
             "SELECT u.user_name FROM budgets b JOIN cost_centers c ON c.id = b.cost_center_id JOIN users u ON u.id = c.owner_id "
             "WHERE b.period = '2026-Q1' ORDER BY b.amount_cents - b.committed_cents - b.actual_cents DESC, c.id LIMIT 1")
          .get<std::string>();
  Episode episode = open_procurement(
      owner, kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 800000, supplier = SUP }");
  const StepResult step = episode.step("decide_approval", {{"number", "PR0900001"}, {"decision", "approve"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["status"] == "pending_approval");
  CHECK(step.output()["next_approver"] == "frank.delgado");
  CHECK(scalar(episode,
               "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.recipient_id "
               "WHERE u.user_name = 'frank.delgado' AND n.record_number = 'PR0900001'") == 1);
  CHECK(scalar(episode, "SELECT status FROM requisitions WHERE number = 'PR0900001'") == "pending_approval");
}

TEST_CASE("a notification links to a procurement record written the way people write numbers", "[procurement][flows]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
                             "po{ number = 'PO0900001', req = R, status = 'issued', quantity = 10, price = 1200 }");
  const StepResult sent = episode.step("send_notification", {{"recipients", Json::array({"wendy.tran"})},
                                                             {"subject", "Order placed"},
                                                             {"body", "Your order is with the supplier."},
                                                             {"record", "po-900001"}});
  INFO(sent.output().dump());
  REQUIRE(sent.ok);
  CHECK(sent.output()["record"] == "PO0900001");
  const StepResult unknown = episode.step("list_notifications", {{"record", "PO0900002"}});
  CHECK_FALSE(unknown.ok);
  CHECK(error_code(unknown) == "not_found");
}

TEST_CASE("a change order that lowers an order applies at once and releases budget", "[procurement][flows]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
                             "po{ number = 'PO0900001', req = R, status = 'issued', quantity = 10, price = 1200 }");
  const Json committed_before = scalar(episode,
                                       "SELECT b.committed_cents FROM budgets b JOIN purchase_orders o ON o.cost_center_id = "
                                       "b.cost_center_id AND o.budget_period = b.period WHERE o.number = 'PO0900001'");
  const StepResult step = episode.step("request_change_order", {{"number", "PO0900001"},
                                                                {"reason", "Two boxes no longer needed"},
                                                                {"lines", Json::array({{{"line_no", 1}, {"quantity", 8}}})}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["status"] == "approved");
  CHECK(scalar(episode, "SELECT total_cents FROM purchase_orders WHERE number = 'PO0900001'") == 9600);
  CHECK(scalar(episode, "SELECT revision FROM purchase_orders WHERE number = 'PO0900001'") == 1);
  CHECK(scalar(episode,
               "SELECT b.committed_cents FROM budgets b JOIN purchase_orders o ON o.cost_center_id = b.cost_center_id "
               "AND o.budget_period = b.period WHERE o.number = 'PO0900001'") == committed_before.get<int64_t>() - 2400);
}

TEST_CASE("the match puts an invoice for more than was received on hold, and flags a duplicate", "[procurement][flows]") {
  Episode episode = open_procurement(
      "wendy.tran",
      kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 50000, supplier = SUP }\n"
              "local O = po{ number = 'PO0900001', req = R, status = 'partially_received', quantity = 10, price = 5000, received = 6 }\n"
              "invoice{ number = 'INV0900001', po = O, supplier_no = 'HOS-1001', quantity = 10, price = 5000, status = 'received' }\n"
              "invoice{ number = 'INV0900002', po = O, supplier_no = 'hos1001', quantity = 2, price = 5000, status = 'received' }\n");
  const StepResult short_receipt = episode.step("run_invoice_match", {{"number", "INV0900001"}});
  INFO(short_receipt.output().dump());
  REQUIRE(short_receipt.ok);
  CHECK(short_receipt.output()["match_result"] == "quantity_variance");
  CHECK(short_receipt.output()["status"] == "on_hold");
  const StepResult duplicate = episode.step("run_invoice_match", {{"number", "INV0900002"}});
  INFO(duplicate.output().dump());
  REQUIRE(duplicate.ok);
  CHECK(duplicate.output()["match_result"] == "duplicate");
  CHECK(duplicate.output()["duplicate_of"] == "INV0900001");
  CHECK(scalar(episode, "SELECT hold_reason FROM supplier_invoices WHERE number = 'INV0900002'") == "duplicate_suspected");
}

TEST_CASE("a payment scheduled after the discount date pays the full amount", "[procurement][flows]") {
  Episode episode = open_procurement(
      "wendy.tran",
      kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 50000, supplier = SUP }\n"
              "local O = po{ number = 'PO0900001', req = R, status = 'received', quantity = 10, price = 5000, received = 10, invoiced = 10 }\n"
              "invoice{ number = 'INV0900001', po = O, supplier_no = 'HOS-1001', quantity = 10, price = 5000, status = 'approved' }\n");
  const StepResult step = episode.step("schedule_payment", {{"invoice", "INV0900001"}, {"pay_on", "2026-03-20"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["discount_taken"] == 0.0);
  CHECK(step.output()["amount"] == 500.0);
}

TEST_CASE("onboarding a supplier named like a listed party holds it for review; a false positive clears it",
          "[procurement][flows]") {
  Episode episode = open_procurement("ines.carvalho", "");
  const std::string listed = scalar(episode, "SELECT name FROM sanctions_list_entries ORDER BY id LIMIT 1").get<std::string>();
  const StepResult onboard = episode.step("onboard_supplier", {{"name", listed},
                                                               {"legal_name", listed + " Inc."},
                                                               {"country", "CA"},
                                                               {"phone", "+1 416 555 0188"}});
  INFO(onboard.output().dump());
  REQUIRE(onboard.ok);
  CHECK(onboard.output()["status"] == "pending");
  CHECK(onboard.output()["screening_status"] == "potential_match");
  REQUIRE_FALSE(onboard.output()["potential_matches"].empty());
  const std::string number = onboard.output()["number"];
  const int64_t hit = onboard.output()["potential_matches"][0]["screening_id"];
  for (const auto& m : onboard.output()["potential_matches"]) {
    const StepResult review = episode.step(
        "review_screening", {{"supplier", number},
                             {"screening_id", m["screening_id"]},
                             {"result", "false_positive"},
                             {"notes", "Registered in Ontario in 2011; the listed party is a different company abroad."}});
    INFO(review.output().dump());
    REQUIRE(review.ok);
  }
  CHECK(hit > 0);
  CHECK(scalar(episode, "SELECT status FROM suppliers WHERE number = ?", Json::array({number})) == "active");
  CHECK(scalar(episode, "SELECT screening_status FROM suppliers WHERE number = ?", Json::array({number})) == "clear");
}

TEST_CASE("a confirmed sanctions match blocks the supplier for good", "[procurement][flows]") {
  Episode episode = open_procurement("ines.carvalho", "");
  const std::string listed = scalar(episode, "SELECT name FROM sanctions_list_entries ORDER BY id LIMIT 1").get<std::string>();
  const StepResult onboard = episode.step("onboard_supplier", {{"name", listed}, {"legal_name", listed}, {"country", "RU"},
                                                               {"phone", "+7 495 555 0100"}});
  REQUIRE(onboard.ok);
  const std::string number = onboard.output()["number"];
  const StepResult review = episode.step("review_screening", {{"supplier", number},
                                                              {"screening_id", onboard.output()["potential_matches"][0]["screening_id"]},
                                                              {"result", "confirmed_match"},
                                                              {"notes", "Same name, country and address as the listed entity."}});
  INFO(review.output().dump());
  REQUIRE(review.ok);
  CHECK(review.output()["status"] == "blocked");
  const StepResult unblock = episode.step("unblock_supplier", {{"supplier", number}, {"reason", "Business asked for it"}});
  CHECK_FALSE(unblock.ok);
  CHECK(error_code(unblock) == "forbidden");
}

TEST_CASE("every write leaves its trace in the record's history", "[procurement][flows]") {
  Episode episode = open_procurement(
      "wendy.tran",
      kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 50000, supplier = SUP }\n"
              "po{ number = 'PO0900001', req = R, status = 'received', quantity = 10, price = 5000, received = 10 }\n");
  const StepResult registered = episode.step(
      "register_supplier_invoice", {{"supplier", "SUP0900001"},
                                    {"supplier_invoice_no", "HOS-2001"},
                                    {"invoice_date", "2026-03-01"},
                                    {"purchase_order", "PO0900001"},
                                    {"lines", Json::array({{{"po_line", 1}, {"quantity", 10}, {"unit_price", 50}}})}});
  INFO(registered.output().dump());
  REQUIRE(registered.ok);
  const std::string number = registered.output()["number"];
  CHECK(registered.output()["match_type"] == "three_way");
  CHECK(registered.output()["discount_due_date"] == "2026-03-11");  // 2 % within 10 days of the invoice date
  CHECK(registered.output()["discount"] == 10.0);
  REQUIRE(episode.step("run_invoice_match", {{"number", number}}).ok);
  REQUIRE(episode.step("approve_supplier_invoice", {{"number", number}}).ok);
  const StepResult scheduled = episode.step("schedule_payment", {{"invoice", number}, {"pay_on", "2026-03-06"}});
  REQUIRE(scheduled.ok);
  const Json fields = episode.world().query(
      "SELECT h.field, h.new_value, u.user_name FROM procurement_history h JOIN users u ON u.id = h.actor_id "
      "WHERE h.record_number = ? ORDER BY h.id",
      Json::array({number}));
  std::vector<std::string> seen;
  for (const auto& row : fields) {
    CHECK(row["user_name"] == "wendy.tran");
    seen.push_back(row["field"].get<std::string>() + "=" + (row["new_value"].is_null() ? "" : row["new_value"].get<std::string>()));
  }
  INFO(fields.dump());
  CHECK(std::find(seen.begin(), seen.end(), "created=received") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), "match_result=matched") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), "status=approved") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), "status=scheduled") != seen.end());
  const std::string payment = scheduled.output()["number"];
  CHECK(scalar(episode, "SELECT COUNT(*) FROM procurement_history WHERE record_number = ? AND field = 'created'",
               Json::array({payment})) == 1);
}
