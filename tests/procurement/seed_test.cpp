// The procurement seed: deterministic from the seed, at the volumes the issue asks for, and consistent
// (order totals, received and invoiced quantities, match results, budgets, contracts, payments, approval
// chains, the quiet window). Each invariant is a query counting the rows that break it.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "support/seed_world.hpp"

namespace {

using opsgym::Environment;
using opsgym::Json;
using opsgym::World;
using opsgym::testing::load_source_environment;
using opsgym::testing::seed_world;
using opsgym::testing::value;

std::shared_ptr<const Environment> procurement() {
  static const std::shared_ptr<const Environment> env = load_source_environment("procurement");
  return env;
}

const World& world(uint64_t seed) { return seed_world(procurement(), seed); }

constexpr uint64_t kSeed = 7;
constexpr int64_t kT0 = 1772442000;  // 2026-03-02T09:00:00Z, env.yaml's clock_start

}  // namespace

TEST_CASE("procurement: the same seed builds the same World, another seed a different one", "[procurement][seed]") {
  // Two separately loaded environments share no cache: each builds its World from the seed.
  const auto a = load_source_environment("procurement")->base_snapshot(kSeed, nullptr);
  const auto b = load_source_environment("procurement")->base_snapshot(kSeed, nullptr);
  const auto c = load_source_environment("procurement")->base_snapshot(kSeed + 1, nullptr);
  CHECK(*a == *b);
  CHECK(*a != *c);
  const World wa(a), wc(c);
  // Not only the bytes: the generated content differs (suppliers, the first requisition's requester).
  CHECK(wa.query("SELECT name FROM suppliers ORDER BY id") != wc.query("SELECT name FROM suppliers ORDER BY id"));
  CHECK(wa.query("SELECT requester_id, total_cents FROM requisitions ORDER BY id LIMIT 20") !=
        wc.query("SELECT requester_id, total_cents FROM requisitions ORDER BY id LIMIT 20"));
}

TEST_CASE("procurement: the seed has the volumes of a real procure-to-pay system", "[procurement][seed]") {
  for (uint64_t seed : {kSeed, uint64_t{42}}) {
    INFO("seed " << seed);
    const World& w = world(seed);
    CHECK(value(w, "SELECT count(*) FROM suppliers") >= 200);
    CHECK(value(w, "SELECT count(*) FROM contracts") >= 50);
    CHECK(value(w, "SELECT count(*) FROM requisitions") >= 1000);
    CHECK(value(w, "SELECT count(*) FROM purchase_orders") >= 800);
    CHECK(value(w, "SELECT count(*) FROM supplier_invoices") >= 1500);
    // The mess tasks need: look-alikes and blocked suppliers, a sanctions hit, an unreviewed potential match
    CHECK(value(w, "SELECT count(*) FROM suppliers WHERE status = 'blocked'") >= 3);
    CHECK(value(w, "SELECT count(*) FROM suppliers WHERE screening_status = 'confirmed_match'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM suppliers WHERE screening_status = 'potential_match'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM supplier_screenings WHERE result = 'false_positive'") >= 1);
    CHECK(value(w, R"(SELECT count(*) FROM suppliers a JOIN suppliers b ON a.id < b.id
                      AND substr(a.name, 1, 8) = substr(b.name, 1, 8) AND a.primary_category_id = b.primary_category_id)") >= 5);
    CHECK(value(w, "SELECT count(*) FROM contracts WHERE status = 'expired'") >= 3);
    CHECK(value(w, "SELECT count(*) FROM contracts WHERE status = 'active' AND consumed_cents * 100 >= ceiling_cents * 95") >= 1);
    // A realistic share of invoice exceptions, each kind present
    const int64_t invoices = value(w, "SELECT count(*) FROM supplier_invoices");
    const int64_t exceptions = value(w, R"(SELECT count(*) FROM supplier_invoices
                                            WHERE match_result IN ('price_variance', 'quantity_variance', 'missing_receipt', 'duplicate'))");
    CHECK(exceptions * 100 >= invoices * 5);
    CHECK(exceptions * 100 <= invoices * 25);
    for (const char* kind : {"price_variance", "quantity_variance", "missing_receipt", "duplicate", "no_po"}) {
      INFO(kind);  // each kind of exception waits in the AP queue at T0
      CHECK(value(w, std::string("SELECT count(*) FROM supplier_invoices WHERE status = 'on_hold' AND match_result = '") + kind + "'") >= 1);
    }
    CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE match_result = 'within_tolerance'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE match_result = 'duplicate' AND status = 'rejected'") >= 1);
    CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE status = 'received' AND EXISTS (SELECT 1 FROM supplier_invoices o "
                   "WHERE o.id < supplier_invoices.id AND o.supplier_id = supplier_invoices.supplier_id "
                   "AND o.supplier_invoice_no = supplier_invoices.supplier_invoice_no)") >= 1);  // a duplicate nobody noticed yet
    CHECK(value(w, "SELECT count(*) FROM ap_inbox_documents WHERE processed = 0 AND kind = 'invoice'") >= 3);
    CHECK(value(w, "SELECT count(*) FROM supplier_bank_accounts WHERE status = 'pending_verification'") >= 1);
  }
}

TEST_CASE("procurement: orders, receipts and invoices agree", "[procurement][seed]") {
  const World& w = world(kSeed);
  // Totals are the sums of their lines
  CHECK(value(w, R"(SELECT count(*) FROM purchase_orders po WHERE total_cents <>
                      (SELECT coalesce(sum(amount_cents), 0) FROM po_lines WHERE po_id = po.id))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM requisitions r WHERE total_cents <>
                      (SELECT coalesce(sum(amount_cents), 0) FROM requisition_lines WHERE requisition_id = r.id))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices i WHERE subtotal_cents <>
                      (SELECT coalesce(sum(amount_cents), 0) FROM supplier_invoice_lines WHERE invoice_id = i.id))") == 0);
  // Received = receipts less returns, never above ordered; invoiced = the accepted invoices' quantities
  CHECK(value(w, R"(SELECT count(*) FROM po_lines l WHERE quantity_received <> coalesce((
                      SELECT sum(CASE r.kind WHEN 'receipt' THEN rl.quantity ELSE -rl.quantity END)
                      FROM goods_receipt_lines rl JOIN goods_receipts r ON r.id = rl.receipt_id WHERE rl.po_line_id = l.id), 0))") == 0);
  CHECK(value(w, "SELECT count(*) FROM po_lines WHERE quantity_received > quantity_ordered") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM po_lines l WHERE quantity_invoiced <> coalesce((
                      SELECT sum(il.quantity) FROM supplier_invoice_lines il JOIN supplier_invoices i ON i.id = il.invoice_id
                      WHERE il.po_line_id = l.id AND i.status IN ('approved', 'scheduled', 'paid')), 0))") == 0);
  // Accepted three-way invoices never bill more than was received, two-way ones more than was ordered
  CHECK(value(w, R"(SELECT count(*) FROM po_lines l WHERE quantity_invoiced > CASE WHEN EXISTS (
                      SELECT 1 FROM supplier_invoice_lines il JOIN supplier_invoices i ON i.id = il.invoice_id
                      WHERE il.po_line_id = l.id AND i.match_type = 'three_way') THEN quantity_received ELSE quantity_ordered END)") == 0);
  // Receipts only on issued orders and after the issue
  CHECK(value(w, R"(SELECT count(*) FROM goods_receipts r JOIN purchase_orders po ON po.id = r.po_id
                      WHERE po.issued_at IS NULL OR r.received_at < po.issued_at OR po.status IN ('draft', 'approved', 'cancelled'))") == 0);
  // An order's status says what arrived
  CHECK(value(w, R"(SELECT count(*) FROM purchase_orders po WHERE status = 'received' AND EXISTS (
                      SELECT 1 FROM po_lines WHERE po_id = po.id AND quantity_received < quantity_ordered))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM purchase_orders po WHERE status = 'partially_received' AND NOT EXISTS (
                      SELECT 1 FROM po_lines WHERE po_id = po.id AND quantity_received > 0))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM purchase_orders po WHERE status = 'closed' AND EXISTS (
                      SELECT 1 FROM supplier_invoices WHERE po_id = po.id AND status IN ('received', 'matched', 'on_hold', 'approved', 'scheduled')))") == 0);
  CHECK(value(w, "SELECT count(*) FROM purchase_orders WHERE revision <> (SELECT count(*) FROM po_change_orders c WHERE c.po_id = purchase_orders.id AND c.status = 'approved')") == 0);
  // Every order comes from an approved requisition of the same cost centre
  CHECK(value(w, R"(SELECT count(*) FROM purchase_orders po JOIN requisitions r ON r.id = po.requisition_id
                      WHERE r.status <> 'ordered' OR r.cost_center_id <> po.cost_center_id OR r.approved_at > po.created_at)") == 0);
}

TEST_CASE("procurement: every invoice's match result is what its lines say", "[procurement][seed]") {
  const World& w = world(kSeed);
  // What one invoice line may bill: received (three-way) or ordered (two-way), less what accepted invoices billed
  const std::string line_view = R"(
    SELECT i.id AS invoice_id, i.match_result AS result, i.status, il.quantity AS qty, il.unit_price_cents AS price,
           l.unit_price_cents AS po_price, l.quantity_received AS received,
           CASE i.match_type WHEN 'three_way' THEN l.quantity_received ELSE l.quantity_ordered END
             - l.quantity_invoiced + CASE WHEN i.status IN ('approved', 'scheduled', 'paid') THEN il.quantity ELSE 0 END AS room
    FROM supplier_invoices i JOIN supplier_invoice_lines il ON il.invoice_id = i.id JOIN po_lines l ON l.id = il.po_line_id)";
  // matched: every price equal, every quantity within what may be billed
  CHECK(value(w, "SELECT count(*) FROM (" + line_view + ") WHERE result = 'matched' AND (price <> po_price OR qty > room)") == 0);
  // within tolerance: prices at most 2 % above, at least one above, quantities fine
  CHECK(value(w, "SELECT count(*) FROM (" + line_view + ") WHERE result = 'within_tolerance' AND (price * 100 > po_price * 102 OR price < po_price OR qty > room)") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices i WHERE match_result = 'within_tolerance' AND NOT EXISTS (
                      SELECT 1 FROM supplier_invoice_lines il JOIN po_lines l ON l.id = il.po_line_id
                      WHERE il.invoice_id = i.id AND il.unit_price_cents > l.unit_price_cents))") == 0);
  // price variance: some line more than 2 % above the order's price
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices i WHERE match_result = 'price_variance' AND NOT EXISTS (
                      SELECT 1 FROM supplier_invoice_lines il JOIN po_lines l ON l.id = il.po_line_id
                      WHERE il.invoice_id = i.id AND il.unit_price_cents * 100 > l.unit_price_cents * 102))") == 0);
  // quantity variance (still on hold): some line bills more than may be billed
  CHECK(value(w, "SELECT count(DISTINCT invoice_id) FROM (" + line_view + ") WHERE result = 'quantity_variance' AND status = 'on_hold' AND qty > room") ==
        value(w, "SELECT count(*) FROM supplier_invoices WHERE match_result = 'quantity_variance' AND status = 'on_hold'"));
  // missing receipt: nothing billed has been received
  CHECK(value(w, "SELECT count(*) FROM (" + line_view + ") WHERE result = 'missing_receipt' AND received > 0") == 0);
  CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE match_result = 'missing_receipt' AND match_type <> 'three_way'") == 0);
  // duplicate: the same supplier's same invoice number and amount as the earlier invoice it names
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices d LEFT JOIN supplier_invoices o ON o.id = d.duplicate_of_id
                      WHERE d.match_result = 'duplicate' AND (o.id IS NULL OR o.supplier_id <> d.supplier_id
                      OR o.supplier_invoice_no <> d.supplier_invoice_no OR o.amount_cents <> d.amount_cents OR o.received_at >= d.received_at))") == 0);
  CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE duplicate_of_id IS NOT NULL AND match_result <> 'duplicate'") == 0);
  // no_po exactly when there is no order; not_run exactly while received
  CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE (po_id IS NULL) <> (match_result = 'no_po') AND match_result <> 'not_run'") == 0);
  CHECK(value(w, "SELECT count(*) FROM supplier_invoices WHERE (status = 'received') <> (match_result = 'not_run')") == 0);
  // on hold for the reason the match found; accepted invoices matched cleanly (or had no order)
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices WHERE status = 'on_hold' AND NOT (hold_reason = match_result
                      OR (hold_reason = 'duplicate_suspected' AND match_result = 'duplicate')))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices WHERE status IN ('matched', 'approved', 'scheduled', 'paid')
                      AND match_result NOT IN ('matched', 'within_tolerance', 'no_po'))") == 0);
}

TEST_CASE("procurement: payments, discounts, budgets and contracts agree with the orders and invoices", "[procurement][seed]") {
  const World& w = world(kSeed);
  // One payment per scheduled or paid invoice, of the invoice less the discount taken, to a verified account
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices i WHERE status IN ('scheduled', 'paid')
                      AND (SELECT count(*) FROM payments p WHERE p.invoice_id = i.id) <> 1)") == 0);
  CHECK(value(w, "SELECT count(*) FROM payments p JOIN supplier_invoices i ON i.id = p.invoice_id WHERE (p.status = 'paid') <> (i.status = 'paid')") == 0);
  CHECK(value(w, "SELECT count(*) FROM payments p JOIN supplier_invoices i ON i.id = p.invoice_id WHERE p.amount_cents + p.discount_taken_cents <> i.amount_cents") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM payments p JOIN supplier_bank_accounts b ON b.id = p.bank_account_id
                      WHERE b.supplier_id <> p.supplier_id OR b.verified_at IS NULL OR b.verified_at > p.scheduled_at)") == 0);
  // A replaced account was verified before its successor was asked for
  CHECK(value(w, R"(SELECT count(*) FROM supplier_bank_accounts s JOIN supplier_bank_accounts v ON v.supplier_id = s.supplier_id
                      AND v.status = 'verified' WHERE s.status = 'superseded' AND s.verified_at > v.requested_at)") == 0);
  // A discount is taken only when paid by its date; one still offered has not lapsed
  CHECK(value(w, R"(SELECT count(*) FROM payments p JOIN supplier_invoices i ON i.id = p.invoice_id
                      WHERE p.discount_taken_cents > 0 AND (p.scheduled_for > i.discount_due_date OR p.discount_taken_cents <> i.discount_cents))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM supplier_invoices i WHERE discount_cents > 0 AND discount_due_date < '2026-03-02'
                      AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id AND p.discount_taken_cents > 0))") == 0);
  // Budgets: committed = open orders' value not yet paid; actual = paid invoices (by order, else by the bill's coding)
  CHECK(value(w, R"(SELECT count(*) FROM budgets b WHERE committed_cents <> coalesce((
                      SELECT sum(max(0, po.total_cents - coalesce((SELECT sum(i.subtotal_cents) FROM supplier_invoices i
                                                                   WHERE i.po_id = po.id AND i.status = 'paid'), 0)))
                      FROM purchase_orders po WHERE po.cost_center_id = b.cost_center_id AND po.budget_period = b.period
                      AND po.status IN ('approved', 'issued', 'partially_received', 'received')), 0))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM budgets b WHERE actual_cents <> coalesce((
                      SELECT sum(i.subtotal_cents) FROM supplier_invoices i LEFT JOIN purchase_orders po ON po.id = i.po_id
                      WHERE i.status = 'paid' AND coalesce(po.cost_center_id, i.cost_center_id) = b.cost_center_id
                      AND coalesce(po.budget_period, substr(i.invoice_date, 1, 4) || '-Q' ||
                                   ((CAST(substr(i.invoice_date, 6, 2) AS INTEGER) + 2) / 3)) = b.period), 0))") == 0);
  CHECK(value(w, "SELECT count(*) FROM budgets") == 4 * value(w, "SELECT count(*) FROM cost_centers"));
  // One cost centre has almost nothing left this quarter; most have room
  CHECK(value(w, "SELECT count(*) FROM budgets WHERE period = '2026-Q1' AND amount_cents - committed_cents - actual_cents BETWEEN 0 AND 200000") >= 1);
  CHECK(value(w, "SELECT count(*) FROM budgets WHERE period = '2026-Q1' AND amount_cents - committed_cents - actual_cents > 500000") >= 8);
  // Contracts: consumption = the orders placed against them
  CHECK(value(w, R"(SELECT count(*) FROM contracts c WHERE consumed_cents <> coalesce((
                      SELECT sum(total_cents) FROM purchase_orders WHERE contract_id = c.id AND status <> 'cancelled'), 0))") == 0);
}

TEST_CASE("procurement: approval chains follow the bands, with no self-approval", "[procurement][seed]") {
  const World& w = world(kSeed);
  // A requisition waiting for approval has exactly one pending step; a decided one has none
  CHECK(value(w, R"(SELECT count(*) FROM requisitions r WHERE (SELECT count(*) FROM procurement_approvals a
                      WHERE a.object_type = 'requisition' AND a.object_id = r.id AND a.status = 'pending')
                      <> (r.status = 'pending_approval'))") == 0);
  // Approved ones passed every band their total needs
  CHECK(value(w, R"(SELECT count(*) FROM requisitions r JOIN approval_bands b ON b.min_amount_cents <= r.total_cents
                      WHERE r.status IN ('approved', 'ordered') AND NOT EXISTS (SELECT 1 FROM procurement_approvals a
                      WHERE a.object_type = 'requisition' AND a.object_id = r.id AND a.step = b.step AND a.status IN ('approved', 'skipped')))") == 0);
  // Nobody approved their own requisition, not as a delegate either
  CHECK(value(w, R"(SELECT count(*) FROM procurement_approvals a JOIN requisitions r ON a.object_type = 'requisition' AND r.id = a.object_id
                      WHERE a.status = 'approved' AND (a.acted_by_id = r.requester_id OR a.approver_id = r.requester_id))") == 0);
  // A delegate acted only inside a delegation of the approver
  CHECK(value(w, R"(SELECT count(*) FROM procurement_approvals a WHERE a.acted_by_id <> a.approver_id AND NOT EXISTS (
                      SELECT 1 FROM approval_delegations d WHERE d.delegator_id = a.approver_id AND d.delegate_id = a.acted_by_id
                      AND d.starts_at <= a.acted_at AND d.ends_at > a.acted_at))") == 0);
  // The Finance Director is away at T0 and his delegate covers him
  CHECK(value(w, R"(SELECT count(*) FROM approval_delegations d JOIN users f ON f.id = d.delegator_id
                      WHERE f.user_name = 'frank.delgado' AND d.starts_at <= '2026-03-02T09:00:00Z' AND d.ends_at > '2026-03-02T09:00:00Z')") == 1);
}

TEST_CASE("procurement: no seeded event falls due in the first 8 hours, none is overdue at T0", "[procurement][seed]") {
  const World& w = world(kSeed);
  // The history ends at T0: nothing was created, changed or sent later
  const std::string t0 = "'2026-03-02T09:00:00Z'";
  CHECK(value(w, "SELECT count(*) FROM procurement_history WHERE at >= " + t0) == 0);
  for (const char* created : {"requisitions.created_at", "purchase_orders.created_at", "supplier_invoices.received_at",
                              "goods_receipts.received_at", "payments.scheduled_at", "contracts.created_at", "suppliers.created_at",
                              "ap_inbox_documents.received_at", "procurement_approvals.requested_at"}) {
    const std::string column(created);
    const std::string table = column.substr(0, column.find('.'));
    INFO(column);
    CHECK(value(w, "SELECT count(*) FROM " + table + " WHERE " + column + " >= " + t0) == 0);
  }
  CHECK(value(w, "SELECT count(*) FROM _events WHERE fired = 0 AND due < " + std::to_string(kT0 + 8 * 3600)) == 0);
  // Every kind is scheduled: escalations, discount lapses, due dates, the quarter's rollover
  for (const char* kind : {"approval_escalation", "discount_lapse", "invoice_due", "budget_rollover"}) {
    INFO(kind);
    CHECK(value(w, std::string("SELECT count(*) FROM _events WHERE kind = '") + kind + "'") >= 1);
  }
  // Each pending step with a due time has its escalation event
  CHECK(value(w, R"(SELECT count(*) FROM procurement_approvals a WHERE a.status = 'pending' AND a.due_at IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM _events e WHERE e.kind = 'approval_escalation'
                      AND json_extract(e.payload, '$.approval_id') = a.id))") == 0);
}

TEST_CASE("procurement: roles, record kinds and the default actor", "[procurement][seed]") {
  const World& w = world(kSeed);
  CHECK(value(w, "SELECT count(*) FROM roles WHERE system = 'procurement'") == 7);
  CHECK(value(w, R"(SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
                      WHERE u.user_name = 'paula.reyes' AND r.name = 'buyer')") == 1);
  CHECK(value(w, R"(SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN cost_centers cc ON cc.owner_id = ur.user_id
                      WHERE r.name = 'approver')") == value(w, "SELECT count(*) FROM cost_centers WHERE owner_id IS NOT NULL"));
  for (const char* prefix : {"PR", "PO", "PCO", "GR", "INV", "PAY", "QT", "DOC", "SUP", "CTR"}) {
    INFO(prefix);
    CHECK(value(w, std::string("SELECT count(*) FROM record_kinds WHERE prefix = '") + prefix + "'") == 1);
  }
}

TEST_CASE("procurement: the World stays small", "[procurement][seed]") {
  const auto image = procurement()->base_snapshot(kSeed, nullptr);
  INFO("World image: " << image->size() << " bytes");
  CHECK(image->size() <= 4u * 1024 * 1024);
}

// A measurement, not a timed test: how long a World takes to build from the seed, and its size.
// Run with: test_procurement "[.bench]" -s
TEST_CASE("procurement: World build time and size", "[.bench][procurement]") {
  const auto env = load_source_environment("procurement");
  for (uint64_t seed = 100; seed < 105; ++seed) {
    const auto start = std::chrono::steady_clock::now();
    const auto image = env->base_snapshot(seed, nullptr);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    WARN("seed " << seed << ": built in " << ms << " ms, " << image->size() << " bytes");
  }
}
