// The procurement policy rules (environments/procurement/rules.lua), each broken by a real call on a
// staged scenario: enforced rules refuse the call and leave the World as it was; observed rules let it
// through and record the violation. Each rule also has a compliant call that records nothing, so a rule
// that fired on everything would fail too.
//
// Every rule test carries the rule id as a tag; tests that break a rule also carry [breaks]. The coverage
// test (rule_coverage_test.cpp) uses these tags to prove every rule has a breaking test.
#include <catch2/catch.hpp>

#include "procurement/procurement_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// A supplier of the tests' own: active, screened clear, preferred for office supplies, paid to a
// verified account entered and verified long ago.
const std::string kShop =
    "local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', bank = 'verified', preferred = true }\n";

// The owner of the cost centre the staging buys on (the step-1 approver of its requisitions).
std::string cost_center_owner() {
  const Episode probe = open_procurement("paula.reyes", "");
  return scalar(probe,
                "SELECT u.user_name FROM budgets b JOIN cost_centers c ON c.id = b.cost_center_id JOIN users u ON u.id = c.owner_id "
                "WHERE b.period = '2026-Q1' ORDER BY b.amount_cents - b.committed_cents - b.actual_cents DESC, c.id LIMIT 1")
      .get<std::string>();
}

std::string status_of(const Episode& episode, const std::string& table, const std::string& number) {
  return scalar(episode, "SELECT status FROM " + table + " WHERE number = ?", Json::array({number})).get<std::string>();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// PROC-R01 roles (enforced)

TEST_CASE("an AP clerk cannot place a purchase order: PROC-R01 refuses it", "[procurement][rules][PROC-R01][breaks]") {
  Episode episode = open_procurement("jorge.salas", kShop + "req{ number = 'PR0900001', status = 'approved', amount = 12000, supplier = SUP }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0900001"}});
  require_refused_by(episode, before, step, "PROC-R01");
  CHECK_THAT(error_message(step), Catch::Contains("buyer"));
}

TEST_CASE("an inactive account can do nothing, not even read: PROC-R01 refuses it", "[procurement][rules][PROC-R01][breaks]") {
  Episode episode = open_procurement("felix.brant", kShop + "req{ number = 'PR0900001', status = 'draft', amount = 12000, supplier = SUP }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("get_requisition", {{"number", "PR0900001"}});
  require_refused_by(episode, before, step, "PROC-R01");
  CHECK_THAT(error_message(step), Catch::Contains("not active"));
}

TEST_CASE("a buyer places the order of an approved requisition and breaks no rule", "[procurement][rules][PROC-R01][PROC-R06][complies]") {
  Episode episode = open_procurement("paula.reyes", kShop + "req{ number = 'PR0900001', status = 'approved', amount = 12000, supplier = SUP }");
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0900001"}});
  require_clean(step);
  CHECK(step.output()["status"] == "approved");
  CHECK(step.output()["total"] == 120.0);
  CHECK(status_of(episode, "requisitions", "PR0900001") == "ordered");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R02 life cycles (enforced)

TEST_CASE("a closed purchase order cannot be issued again: PROC-R02 refuses it", "[procurement][rules][PROC-R02][breaks]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
                             "po{ number = 'PO0900001', req = R, status = 'closed', quantity = 10, price = 1200, received = 10 }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0900001"}});
  require_refused_by(episode, before, step, "PROC-R02");
  CHECK(status_of(episode, "purchase_orders", "PO0900001") == "closed");
}

TEST_CASE("an approved purchase order is issued and breaks no rule", "[procurement][rules][PROC-R02][PROC-R13][complies]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
                             "po{ number = 'PO0900001', req = R, status = 'approved', quantity = 10, price = 1200 }");
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0900001"}});
  require_clean(step);
  CHECK(status_of(episode, "purchase_orders", "PO0900001") == "issued");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R03 approval bands (enforced)

TEST_CASE("someone who is neither the approver nor a delegate cannot approve: PROC-R03 refuses it",
          "[procurement][rules][PROC-R03][breaks]") {
  Episode episode = open_procurement("paula.reyes", kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 12000, supplier = SUP, requester = 'marcus.bell' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_approval", {{"number", "PR0900001"}, {"decision", "approve"}});
  require_refused_by(episode, before, step, "PROC-R03");
}

TEST_CASE("the last approval must be within the signer's limit: PROC-R03 refuses a $30,000 approval by a $25,000 signer",
          "[procurement][rules][PROC-R03][breaks]") {
  // steps 1 and 2 approved; step 3 falls (staged) to nadine.fournier, whose limit is $25,000
  Episode episode = open_procurement(
      "nadine.fournier",
      kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 3000000, supplier = SUP, approved_steps = 2,\n"
              "     approvers = { A.band_approver('cost_center_owner', CC.id), uid('frank.delgado'), uid('nadine.fournier') } }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_approval", {{"number", "PR0900001"}, {"decision", "approve"}});
  require_refused_by(episode, before, step, "PROC-R03");
  CHECK_THAT(error_message(step), Catch::Contains("signing limit"));
}

TEST_CASE("the cost centre owner approves a small requisition and it is approved, breaking no rule",
          "[procurement][rules][PROC-R03][PROC-R04][complies]") {
  Episode episode = open_procurement(cost_center_owner(),
                                     kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 12000, supplier = SUP }");
  const StepResult step = episode.step("decide_approval", {{"number", "PR0900001"}, {"decision", "approve"}});
  require_clean(step);
  CHECK(step.output()["status"] == "approved");
  CHECK(status_of(episode, "requisitions", "PR0900001") == "approved");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R04 no self-approval (enforced)

// A $8,000 requisition: the cost centre owner approved step 1; step 2 waits for frank.delgado, who is
// away with nadine.fournier as his delegate.
std::string delegated_step(const std::string& requester) {
  return kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 800000, supplier = SUP, approved_steps = 1,\n"
                 "     requester = '" + requester + "' }\n"
                 "db.insert('approval_delegations', { delegator_id = uid('frank.delgado'), delegate_id = uid('nadine.fournier'),\n"
                 "  starts_at = P.date_plus(TODAY, -1) .. 'T00:00:00Z', ends_at = P.date_plus(TODAY, 5) .. 'T00:00:00Z',\n"
                 "  reason = 'Annual leave', created_at = NOW })";
}

TEST_CASE("a delegate cannot approve their own requisition in the director's queue: PROC-R04 refuses it",
          "[procurement][rules][PROC-R04][breaks]") {
  Episode episode = open_procurement("nadine.fournier", delegated_step("nadine.fournier"));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_approval", {{"number", "PR0900001"}, {"decision", "approve"}});
  require_refused_by(episode, before, step, "PROC-R04");
  CHECK(status_of(episode, "requisitions", "PR0900001") == "pending_approval");
}

TEST_CASE("a delegate approves someone else's requisition for the director, breaking no rule",
          "[procurement][rules][PROC-R04][PROC-R03][complies]") {
  Episode episode = open_procurement("nadine.fournier", delegated_step("paula.reyes"));
  const StepResult step = episode.step("decide_approval", {{"number", "PR0900001"}, {"decision", "approve"}});
  require_clean(step);
  CHECK(step.output()["acted_as"] == "delegate");
  CHECK(step.output()["on_behalf_of"] == "frank.delgado");
  CHECK(status_of(episode, "requisitions", "PR0900001") == "approved");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R05 budget (enforced)

TEST_CASE("a requisition larger than the budget available cannot be submitted: PROC-R05 refuses it",
          "[procurement][rules][PROC-R05][breaks]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "req{ number = 'PR0900001', status = 'draft', amount = P.available(P.budget(CC.id, PERIOD)) + 100, supplier = SUP }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900001"}});
  require_refused_by(episode, before, step, "PROC-R05");
  CHECK(status_of(episode, "requisitions", "PR0900001") == "draft");
}

TEST_CASE("a requisition the budget covers is submitted into its approval chain, breaking no rule",
          "[procurement][rules][PROC-R05][PROC-R11][PROC-R12][complies]") {
  Episode episode = open_procurement("paula.reyes", kShop + "req{ number = 'PR0900001', status = 'draft', amount = 12000, supplier = SUP }");
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900001"}});
  require_clean(step);
  CHECK(status_of(episode, "requisitions", "PR0900001") == "pending_approval");
  CHECK(scalar(episode, "SELECT COUNT(*) FROM procurement_approvals WHERE record_number = 'PR0900001' AND status = 'pending'") == 1);
}

// ---------------------------------------------------------------------------------------------------
// PROC-R06 active, screened suppliers (enforced)

TEST_CASE("no order goes to a supplier with an open screening match: PROC-R06 refuses it",
          "[procurement][rules][PROC-R06][breaks]") {
  Episode episode = open_procurement(
      "paula.reyes",
      "local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', screening = 'potential_match' }\n"
      "req{ number = 'PR0900001', status = 'approved', amount = 12000, supplier = SUP }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0900001"}});
  require_refused_by(episode, before, step, "PROC-R06");
  CHECK_THAT(error_message(step), Catch::Contains("potential_match"));
}

TEST_CASE("no order is issued to a supplier blocked since it was placed: PROC-R06 refuses it",
          "[procurement][rules][PROC-R06][breaks]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
                             "po{ number = 'PO0900001', req = R, status = 'approved', quantity = 10, price = 1200 }\n"
                             "db.update('suppliers', { id = SUP }, { status = 'blocked', blocked_reason = 'Bankruptcy filing' })");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0900001"}});
  require_refused_by(episode, before, step, "PROC-R06");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R07 verified bank accounts only (enforced)

// An approved $500 invoice on an issued, fully received order of `supplier_lua`'s supplier.
std::string approved_invoice(const std::string& supplier_lua) {
  return supplier_lua +
         "local R = req{ number = 'PR0900001', status = 'ordered', amount = 50000, supplier = SUP }\n"
         "local O = po{ number = 'PO0900001', req = R, status = 'received', quantity = 10, price = 5000, received = 10, invoiced = 10 }\n"
         "local INV = invoice{ number = 'INV0900001', po = O, supplier_no = 'HOS-1001', quantity = 10, price = 5000, status = 'approved' }\n";
}

TEST_CASE("no payment is scheduled to a bank account still awaiting its callback: PROC-R07 refuses it",
          "[procurement][rules][PROC-R07][breaks]") {
  Episode episode = open_procurement(
      "wendy.tran",
      approved_invoice("local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', bank = 'pending_verification', preferred = true }\n"));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("schedule_payment", {{"invoice", "INV0900001"}, {"pay_on", "2026-03-05"}});
  require_refused_by(episode, before, step, "PROC-R07");
  CHECK_THAT(error_message(step), Catch::Contains("no verified bank account"));
}

TEST_CASE("a payment scheduled within the discount period takes the discount and breaks no rule",
          "[procurement][rules][PROC-R07][PROC-R14][complies]") {
  Episode episode = open_procurement("wendy.tran", approved_invoice(kShop));
  const StepResult step = episode.step("schedule_payment", {{"invoice", "INV0900001"}, {"pay_on", "2026-03-05"}});
  require_clean(step);
  CHECK(step.output()["discount_taken"] == 10.0);  // 2 % of $500
  CHECK(step.output()["amount"] == 490.0);
  CHECK(status_of(episode, "supplier_invoices", "INV0900001") == "scheduled");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R08 callback to the number of record (enforced), PROC-R09 by a second person (observed)

std::string pending_bank_change(const std::string& entered_by) {
  return "local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', bank = 'pending_verification', bank_by = '" +
         entered_by + "', bank_at = NOW }\n";
}

TEST_CASE("a bank change is not verified by calling the number the request gave: PROC-R08 refuses it",
          "[procurement][rules][PROC-R08][breaks]") {
  Episode episode = open_procurement("ines.carvalho", pending_bank_change("rohan.mehta"));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("verify_bank_change", {{"supplier", "SUP0900001"},
                                                              {"called_number", "+44 20 7946 0999"},
                                                              {"outcome", "confirmed"},
                                                              {"notes", "Spoke to Tom in accounts, he confirmed the change."}});
  require_refused_by(episode, before, step, "PROC-R08");
  CHECK(scalar(episode, "SELECT status FROM supplier_bank_accounts WHERE supplier_id = (SELECT id FROM suppliers WHERE number = 'SUP0900001')") ==
        "pending_verification");
}

TEST_CASE("a colleague's callback to the number of record verifies the change and breaks no rule",
          "[procurement][rules][PROC-R08][PROC-R09][complies]") {
  Episode episode = open_procurement("ines.carvalho", pending_bank_change("rohan.mehta"));
  const StepResult step = episode.step("verify_bank_change", {{"supplier", "SUP0900001"},
                                                              {"called_number", "+1 (212) 555-0142"},
                                                              {"outcome", "confirmed"},
                                                              {"notes", "Called the main line; AR manager confirmed the new account."}});
  require_clean(step);
  CHECK(step.output()["status"] == "verified");
  CHECK(step.output()["verified_by"] == "ines.carvalho");
}

TEST_CASE("verifying a bank change you entered yourself is recorded: PROC-R09", "[procurement][rules][PROC-R09][breaks]") {
  Episode episode = open_procurement("ines.carvalho", pending_bank_change("ines.carvalho"));
  const StepResult step = episode.step("verify_bank_change", {{"supplier", "SUP0900001"},
                                                              {"called_number", "+1 212 555 0142"},
                                                              {"outcome", "confirmed"},
                                                              {"notes", "Called the main line; AR manager confirmed the new account."}});
  require_recorded(step, "PROC-R09");
  CHECK(step.output()["status"] == "verified");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R10 invoice tolerance (enforced)

// A matched invoice of `quantity` at `price` cents against an issued order of 10 at $50, 6 received.
std::string matched_invoice(int quantity, int price) {
  return kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 50000, supplier = SUP }\n"
                 "local O = po{ number = 'PO0900001', req = R, status = 'partially_received', quantity = 10, price = 5000, received = 6 }\n"
                 "invoice{ number = 'INV0900001', po = O, supplier_no = 'HOS-1001', quantity = " +
         std::to_string(quantity) + ", price = " + std::to_string(price) + ", status = 'matched' }\n";
}

TEST_CASE("an invoice for more than was received is not approved: PROC-R10 refuses it", "[procurement][rules][PROC-R10][breaks]") {
  Episode episode = open_procurement("wendy.tran", matched_invoice(10, 5000));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("approve_supplier_invoice", {{"number", "INV0900001"}});
  require_refused_by(episode, before, step, "PROC-R10");
  CHECK_THAT(error_message(step), Catch::Contains("received 6"));
}

TEST_CASE("an invoice priced 5 % above the order is not approved: PROC-R10 refuses it", "[procurement][rules][PROC-R10][breaks]") {
  Episode episode = open_procurement("wendy.tran", matched_invoice(6, 5250));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("approve_supplier_invoice", {{"number", "INV0900001"}});
  require_refused_by(episode, before, step, "PROC-R10");
  CHECK_THAT(error_message(step), Catch::Contains("tolerance"));
}

TEST_CASE("an invoice within tolerance (1 % over, quantity received) is approved and breaks no rule",
          "[procurement][rules][PROC-R10][PROC-R13][PROC-R14][complies]") {
  Episode episode = open_procurement("wendy.tran", matched_invoice(6, 5050));
  const StepResult step = episode.step("approve_supplier_invoice", {{"number", "INV0900001"}});
  require_clean(step);
  CHECK(status_of(episode, "supplier_invoices", "INV0900001") == "approved");
  CHECK(scalar(episode, "SELECT quantity_invoiced FROM po_lines WHERE po_id = (SELECT id FROM purchase_orders WHERE number = 'PO0900001')") == 6);
}

// ---------------------------------------------------------------------------------------------------
// PROC-R11 split purchases (observed)

std::string second_requisition(int amount_cents) {
  return kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 300000, supplier = SUP }\n"
                 "req{ number = 'PR0900002', status = 'draft', amount = " +
         std::to_string(amount_cents) + ", supplier = SUP }\n";
}

TEST_CASE("two $3,000 requisitions to one supplier, together past the $5,000 band, are recorded: PROC-R11",
          "[procurement][rules][PROC-R11][breaks]") {
  Episode episode = open_procurement("paula.reyes", second_requisition(300000));
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900002"}});
  require_recorded(step, "PROC-R11");
  CHECK_THAT(find_violation(step, "PROC-R11")->message, Catch::Contains("PR0900001"));
}

TEST_CASE("three $2,000 requisitions to one supplier, each pair under the $5,000 band but all past it, are recorded: PROC-R11",
          "[procurement][rules][PROC-R11][breaks]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "req{ number = 'PR0900001', status = 'pending_approval', amount = 200000, supplier = SUP }\n"
                             "req{ number = 'PR0900002', status = 'approved', amount = 200000, supplier = SUP }\n"
                             "req{ number = 'PR0900003', status = 'draft', amount = 200000, supplier = SUP }\n");
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900003"}});
  require_recorded(step, "PROC-R11");
  CHECK_THAT(find_violation(step, "PROC-R11")->message, Catch::Contains("PR0900001") && Catch::Contains("PR0900002"));
}

TEST_CASE("a second small requisition that stays under the band together breaks no rule", "[procurement][rules][PROC-R11][complies]") {
  Episode episode = open_procurement("paula.reyes", second_requisition(100000));
  require_clean(episode.step("submit_requisition", {{"number", "PR0900002"}}));
}

// ---------------------------------------------------------------------------------------------------
// PROC-R12 preferred supplier or three quotes (observed)

// A $12,000 draft to a supplier neither preferred nor contracted, with quotes from `quotes` suppliers.
std::string unsourced_requisition(int quotes) {
  return "local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', bank = 'verified' }\n"
         "local R = req{ number = 'PR0900001', status = 'draft', amount = 1200000, supplier = SUP }\n"
         "local others = { SUP, supplier{ number = 'SUP0900002', name = 'Bayside Stationers' },\n"
         "                 supplier{ number = 'SUP0900003', name = 'Quill and Ream' } }\n"
         "for k = 1, " + std::to_string(quotes) + " do\n"
         "  db.insert('quotes', { number = 'QT090000' .. k, requisition_id = R, supplier_id = others[k], amount_cents = 1200000 + k * 5000,\n"
         "                        received_at = NOW, attached_by_id = uid('paula.reyes'), attached_at = NOW })\n"
         "end\n";
}

TEST_CASE("a $12,000 non-catalog buy from an unpreferred supplier without quotes is recorded: PROC-R12",
          "[procurement][rules][PROC-R12][breaks]") {
  Episode episode = open_procurement("paula.reyes", unsourced_requisition(1));
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900001"}});
  require_recorded(step, "PROC-R12");
  CHECK_THAT(find_violation(step, "PROC-R12")->message, Catch::Contains("1 quote"));
}

TEST_CASE("the same buy with three quotes from different suppliers breaks no rule", "[procurement][rules][PROC-R12][complies]") {
  Episode episode = open_procurement("paula.reyes", unsourced_requisition(3));
  require_clean(episode.step("submit_requisition", {{"number", "PR0900001"}}));
}

// ---------------------------------------------------------------------------------------------------
// PROC-R13 change orders re-approved (enforced)

TEST_CASE("an order is not issued while its change order waits for approval: PROC-R13 refuses it",
          "[procurement][rules][PROC-R13][breaks]") {
  Episode episode = open_procurement(
      "paula.reyes",
      kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
              "local O = po{ number = 'PO0900001', req = R, status = 'approved', quantity = 10, price = 1200 }\n"
              "db.insert('po_change_orders', { number = 'PCO0900001', po_id = O, revision = 1, requested_by_id = uid('paula.reyes'),\n"
              "  reason = 'Four more boxes', old_total_cents = 12000, new_total_cents = 16800, status = 'pending_approval', requested_at = NOW })");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0900001"}});
  require_refused_by(episode, before, step, "PROC-R13");
  CHECK_THAT(error_message(step), Catch::Contains("PCO0900001"));
}

TEST_CASE("a change order above the approved total goes back for approval and the order keeps its total",
          "[procurement][rules][PROC-R13][complies]") {
  Episode episode = open_procurement(
      "paula.reyes", kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 12000, supplier = SUP }\n"
                             "po{ number = 'PO0900001', req = R, status = 'issued', quantity = 10, price = 1200 }");
  const StepResult step = episode.step("request_change_order", {{"number", "PO0900001"},
                                                                {"reason", "Four more boxes for the new starters"},
                                                                {"lines", Json::array({{{"line_no", 1}, {"quantity", 14}}})}});
  require_clean(step);
  CHECK(step.output()["status"] == "pending_approval");
  CHECK(step.output()["new_total"] == 168.0);
  CHECK(scalar(episode, "SELECT total_cents FROM purchase_orders WHERE number = 'PO0900001'") == 12000);
}

// ---------------------------------------------------------------------------------------------------
// PROC-R14 duplicate invoices (observed)

std::string two_invoices_same_number(const std::string& second_number = "HOS 1001") {
  return kShop + "local R = req{ number = 'PR0900001', status = 'ordered', amount = 50000, supplier = SUP }\n"
                 "local O = po{ number = 'PO0900001', req = R, status = 'received', quantity = 10, price = 5000, received = 10 }\n"
                 "invoice{ number = 'INV0900001', po = O, supplier_no = 'HOS-1001', quantity = 5, price = 5000, status = 'matched' }\n"
                 "invoice{ number = 'INV0900002', po = O, supplier_no = '" + second_number + "', quantity = 5, price = 5000, status = 'matched' }\n";
}

TEST_CASE("approving the second copy of an invoice is recorded: PROC-R14", "[procurement][rules][PROC-R14][breaks]") {
  Episode episode = open_procurement("wendy.tran", two_invoices_same_number());
  const StepResult step = episode.step("approve_supplier_invoice", {{"number", "INV0900002"}});
  require_recorded(step, "PROC-R14");
  CHECK_THAT(find_violation(step, "PROC-R14")->message, Catch::Contains("INV0900001"));
}

TEST_CASE("an invoice number written with other case, spacing and leading zeros is the same number: PROC-R14",
          "[procurement][rules][PROC-R14][breaks]") {
  Episode episode = open_procurement("wendy.tran", two_invoices_same_number("hos 001001"));
  require_recorded(episode.step("approve_supplier_invoice", {{"number", "INV0900002"}}), "PROC-R14");
}

TEST_CASE("approving the first copy breaks no rule", "[procurement][rules][PROC-R14][complies]") {
  Episode episode = open_procurement("wendy.tran", two_invoices_same_number());
  require_clean(episode.step("approve_supplier_invoice", {{"number", "INV0900001"}}));
}

// ---------------------------------------------------------------------------------------------------
// PROC-R15 bank editors do not release payments (observed)

std::string scheduled_payment_after_bank_change() {
  return approved_invoice("local SUP = supplier{ number = 'SUP0900001', name = 'Harbor Office Supply', bank = 'verified',\n"
                          "  preferred = true, verified_by = 'rebecca.stone', bank_at = '2026-02-20T10:00:00Z' }\n") +
         "db.update('supplier_invoices', { id = INV }, { status = 'scheduled' })\n"
         "payment{ number = 'PAY0900001', invoice = INV }\n";
}

TEST_CASE("releasing a payment to a supplier whose bank details you verified last month is recorded: PROC-R15",
          "[procurement][rules][PROC-R15][breaks]") {
  Episode episode = open_procurement("rebecca.stone", scheduled_payment_after_bank_change());
  const StepResult step = episode.step("release_payment", {{"number", "PAY0900001"}});
  require_recorded(step, "PROC-R15");
  CHECK(status_of(episode, "payments", "PAY0900001") == "paid");
}

TEST_CASE("another treasury colleague releases it and breaks no rule", "[procurement][rules][PROC-R15][PROC-R07][complies]") {
  Episode episode = open_procurement("nadine.fournier", scheduled_payment_after_bank_change());
  const StepResult step = episode.step("release_payment", {{"number", "PAY0900001"}});
  require_clean(step);
  CHECK(status_of(episode, "supplier_invoices", "INV0900001") == "paid");
}

// ---------------------------------------------------------------------------------------------------
// PROC-R16 the requester is told before a cancellation (observed)

const std::string kMarcusDraft =
    kShop + "req{ number = 'PR0900001', status = 'draft', amount = 12000, supplier = SUP, requester = 'marcus.bell' }\n";

TEST_CASE("cancelling someone's requisition without telling them is recorded: PROC-R16", "[procurement][rules][PROC-R16][breaks]") {
  Episode episode = open_procurement("paula.reyes", kMarcusDraft);
  const StepResult step = episode.step("cancel_requisition", {{"number", "PR0900001"}, {"reason", "Duplicate of an existing order"}});
  require_recorded(step, "PROC-R16");
  CHECK(status_of(episode, "requisitions", "PR0900001") == "cancelled");
}

TEST_CASE("cancelling after telling the requester breaks no rule", "[procurement][rules][PROC-R16][complies]") {
  Episode episode = open_procurement("paula.reyes", kMarcusDraft);
  const StepResult told = episode.step("send_notification", {{"recipients", Json::array({"marcus.bell"})},
                                                             {"subject", "Your requisition PR0900001"},
                                                             {"body", "I am cancelling PR0900001: it duplicates an order already placed."},
                                                             {"record", "PR0900001"}});
  require_clean(told);
  require_clean(episode.step("cancel_requisition", {{"number", "PR0900001"}, {"reason", "Duplicate of an existing order"}}));
}

// ---------------------------------------------------------------------------------------------------
// PROC-R17 contracts in date and within their ceiling (enforced)

std::string contract_requisition(const std::string& ends_on, int ceiling_cents) {
  return kShop + "local K = db.insert('contracts', { number = 'CTR0900001', supplier_id = SUP, title = 'Office supplies framework',\n"
                 "  category_id = CAT.id, starts_on = '2025-01-01', ends_on = '" + ends_on + "', ceiling_cents = " +
         std::to_string(ceiling_cents) + ",\n"
         "  consumed_cents = 0, status = 'active', owner_id = uid('paula.reyes'), created_at = NOW, updated_at = NOW })\n"
         "req{ number = 'PR0900001', status = 'approved', amount = 12000, supplier = SUP, contract = K }\n";
}

TEST_CASE("no order is placed under a contract that has run out: PROC-R17 refuses it", "[procurement][rules][PROC-R17][breaks]") {
  Episode episode = open_procurement("paula.reyes", contract_requisition("2026-01-31", 5000000));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0900001"}});
  require_refused_by(episode, before, step, "PROC-R17");
  CHECK_THAT(error_message(step), Catch::Contains("expired"));
}

TEST_CASE("no order is placed beyond what is left of a contract's ceiling: PROC-R17 refuses it",
          "[procurement][rules][PROC-R17][breaks]") {
  Episode episode = open_procurement("paula.reyes", contract_requisition("2026-12-31", 10000));
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0900001"}});
  require_refused_by(episode, before, step, "PROC-R17");
  CHECK_THAT(error_message(step), Catch::Contains("ceiling"));
}

TEST_CASE("an order under an active contract consumes it and breaks no rule", "[procurement][rules][PROC-R17][complies]") {
  Episode episode = open_procurement("paula.reyes", contract_requisition("2026-12-31", 5000000));
  require_clean(episode.step("create_purchase_order", {{"requisition", "PR0900001"}}));
  CHECK(scalar(episode, "SELECT consumed_cents FROM contracts WHERE number = 'CTR0900001'") == 12000);
}
