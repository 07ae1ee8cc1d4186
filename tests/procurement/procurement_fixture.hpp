#pragma once
// The real procurement environment (environments/procurement), loaded once per test binary, and episodes
// on its seeded World with a scenario staged by a setup script: the rule tests need records in exact
// states (a draft over budget, a duplicate invoice, a bank change awaiting its callback) that a seed
// cannot promise. The staging helpers (kStagingLua) insert rows the way the seed does, on a supplier of
// their own that no seeded record uses, so a test sees only what it staged.
#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "support/rule_assertions.hpp"

namespace opsgym::testing {

// Loaded from the source tree, not $OPSGYM_HOME, so the tests always check the environment beside them.
inline std::shared_ptr<const Environment> procurement() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(OPSGYM_SOURCE_DIR "/environments/procurement", OPSGYM_SOURCE_DIR "/verifiers");
  return env;
}

// Lua helpers every test's setup starts with. Amounts are cents. `stage` holds what they made.
//   supplier{number, name, status, screening, bank = 'verified'|'pending_verification', bank_by, bank_at, verified_by}
//   req{number, requester, status, amount, supplier, contract, approved_steps, catalog}  (one line: quantity 1)
//   po{number, req, status, quantity, price, received, invoiced}                         (one line)
//   invoice{number, po, supplier_no, quantity, price, status, match_type}                 (one line)
//   payment{number, invoice, status}
inline const char* const kStagingLua = R"LUA(
local P = require("procurement")
local A = require("approval_chain")
local NOW = clock.iso(clock.now())
local TODAY = NOW:sub(1, 10)
local PERIOD = P.period_of(TODAY)
local function uid(name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", name)
  if not id then error("no user " .. tostring(name)) end
  return id
end
-- The cost centre with the most budget available this quarter: what tests buy on.
local CC = db.one([[SELECT c.* FROM budgets b JOIN cost_centers c ON c.id = b.cost_center_id WHERE b.period = ?
                    ORDER BY b.amount_cents - b.committed_cents - b.actual_cents DESC, c.id LIMIT 1]], PERIOD)
local CAT = db.one("SELECT * FROM spend_categories WHERE code = 'OFF'")
local stage = {}

local function supplier(o)
  local id = db.insert("suppliers", {
    number = o.number, name = o.name, legal_name = o.name .. " LLC", country = "US", phone = o.phone or "+1 212 555 0142",
    status = o.status or "active", screening_status = o.screening or "clear", payment_terms_days = 30,
    early_discount_pct = 2, early_discount_days = 10, blocked_reason = (o.status == "blocked") and "Staged block" or nil,
    created_at = "2025-05-01T09:00:00Z", updated_at = "2025-05-01T09:00:00Z",
  })
  if o.preferred then
    db.insert("preferred_suppliers", { category_id = CAT.id, supplier_id = id, rank = 9, valid_from = "2025-01-01" })
  end
  if o.bank then
    db.insert("supplier_bank_accounts", {
      supplier_id = id, bank_name = "First Harbor Bank", account_holder = o.name .. " LLC", account_masked = "****4821",
      country = "US", status = o.bank, requested_by_id = uid(o.bank_by or "ines.carvalho"),
      requested_at = o.bank_at or "2025-05-02T10:00:00Z", callback_phone_on_file = o.phone or "+1 212 555 0142",
      phone_in_request = o.bank == "pending_verification" and "+44 20 7946 0999" or nil,
      verified_by_id = o.bank == "verified" and uid(o.verified_by or "rohan.mehta") or nil,
      verified_at = o.bank == "verified" and (o.bank_at or "2025-05-02T10:00:00Z") or nil,
    })
  end
  return id
end

local function req(o)
  local requester = uid(o.requester or "paula.reyes")
  local id = db.insert("requisitions", {
    number = o.number, title = o.title or "Office supplies for the spring", requester_id = requester, requested_for_id = requester,
    cost_center_id = CC.id, gl_account_id = CAT.default_gl_account_id, supplier_id = o.supplier, contract_id = o.contract,
    total_cents = o.amount, status = o.status, created_at = NOW, updated_at = NOW,
    submitted_at = o.status ~= "draft" and NOW or nil, approved_at = o.status == "approved" and NOW or nil,
  })
  db.insert("requisition_lines", {
    requisition_id = id, line_no = 1, catalog_item_id = o.catalog, contract_id = o.contract, description = "Office supplies, mixed order",
    category_id = CAT.id, gl_account_id = CAT.default_gl_account_id, quantity = 1, unit = "each", unit_price_cents = o.amount,
    amount_cents = o.amount,
  })
  if o.status == "pending_approval" or o.status == "approved" then
    local done = o.status == "approved" and 99 or (o.approved_steps or 0)
    for k, band in ipairs(A.bands_for(o.amount)) do
      local approver = o.approvers and o.approvers[k] or A.band_approver(band.approver_kind, CC.id)
      db.insert("procurement_approvals", {
        object_type = "requisition", object_id = id, record_number = o.number, step = band.step, approver_id = approver,
        acted_by_id = k <= done and approver or nil, status = k <= done and "approved" or "pending", amount_cents = o.amount,
        requested_at = NOW, acted_at = k <= done and NOW or nil,
      })
    end
  end
  return id
end

local function po(o)
  local r = db.one("SELECT * FROM requisitions WHERE id = ?", o.req)
  local total = o.quantity * o.price
  local id = db.insert("purchase_orders", {
    number = o.number, requisition_id = r.id, supplier_id = r.supplier_id, contract_id = r.contract_id, buyer_id = uid("paula.reyes"),
    cost_center_id = r.cost_center_id, budget_period = PERIOD, status = o.status, total_cents = total, approved_total_cents = total,
    payment_terms_days = 30, created_at = NOW, approved_at = NOW, issued_at = o.status ~= "approved" and NOW or nil,
    closed_at = o.status == "closed" and NOW or nil, updated_at = NOW,
  })
  db.insert("po_lines", {
    po_id = id, line_no = 1, description = "Office supplies, mixed order", category_id = CAT.id,
    gl_account_id = CAT.default_gl_account_id, unit = "each", quantity_ordered = o.quantity, quantity_received = o.received or 0,
    quantity_invoiced = o.invoiced or 0, unit_price_cents = o.price, amount_cents = total,
  })
  return id
end

local function invoice(o)
  local order = db.one("SELECT * FROM purchase_orders WHERE id = ?", o.po)
  local amount = o.quantity * o.price
  local id = db.insert("supplier_invoices", {
    number = o.number, supplier_invoice_no = o.supplier_no, supplier_id = order.supplier_id, po_id = order.id,
    cost_center_id = order.cost_center_id, gl_account_id = CAT.default_gl_account_id, invoice_date = TODAY,
    due_date = P.date_plus(TODAY, 30), discount_due_date = P.date_plus(TODAY, 10), discount_cents = math.floor(amount * 2 / 100),
    subtotal_cents = amount, tax_cents = 0, amount_cents = amount, status = o.status, match_type = o.match_type or "three_way",
    match_result = o.status == "received" and "not_run" or "matched", received_at = NOW, updated_at = NOW,
    approved_by_id = (o.status == "approved" or o.status == "scheduled") and uid("wendy.tran") or nil,
    approved_at = (o.status == "approved" or o.status == "scheduled") and NOW or nil,
  })
  local pl = db.value("SELECT id FROM po_lines WHERE po_id = ? AND line_no = 1", order.id)
  db.insert("supplier_invoice_lines", { invoice_id = id, line_no = 1, po_line_id = pl, description = "Office supplies, mixed order",
                                        quantity = o.quantity, unit_price_cents = o.price, amount_cents = amount })
  return id
end

local function payment(o)
  local inv = db.one("SELECT * FROM supplier_invoices WHERE id = ?", o.invoice)
  local bank = db.value("SELECT id FROM supplier_bank_accounts WHERE supplier_id = ? ORDER BY id DESC LIMIT 1", inv.supplier_id)
  return db.insert("payments", {
    number = o.number, invoice_id = inv.id, supplier_id = inv.supplier_id, bank_account_id = bank, amount_cents = inv.amount_cents,
    scheduled_for = TODAY, status = o.status or "scheduled", scheduled_by_id = uid("wendy.tran"), scheduled_at = NOW,
  })
end
)LUA";

// An episode on the procurement World (seed 1, clock start) as `actor`, after kStagingLua and `setup`.
inline Episode open_procurement(const std::string& actor, const std::string& setup) {
  auto task = std::make_shared<Task>();
  // A World is built once per task and kept under its id: each staging needs an id of its own.
  task->id = "procurement-staged-" + std::to_string(std::hash<std::string>{}(setup));
  task->title = "rule test";
  task->environment = "procurement";
  task->seed = 1;
  task->actor = actor;
  task->prompt = "A rule test stages its records and makes one call.";
  task->setup_lua = std::string(kStagingLua) + "\n" + setup;
  task->setup_chunkname = "procurement/tests:setup";
  return Episode(procurement(), task);
}

}  // namespace opsgym::testing
