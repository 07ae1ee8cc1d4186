#pragma once
// The real enterprise composite (environments/enterprise: ITSM, procurement and compliance in one World),
// loaded once per test binary, and episodes on its seeded World with a scenario staged by a setup script:
// the cross-system rule tests need records in exact states across systems (a purchase order for a supplier
// whose vendor profile was blocked, a laptop bought for a person and not yet in the CMDB) that a seed cannot
// promise. The staging helpers (kEnterpriseStagingLua) change or insert rows the way the seeds do; staged
// records carry numbers of their own (09xxxxx) that no seeded record uses.
#include <functional>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "support/rule_assertions.hpp"

namespace opsgym::testing {

// Loaded from the source tree, not $OPSGYM_HOME, so the tests always check the environment beside them.
inline std::shared_ptr<const Environment> enterprise_env() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(OPSGYM_SOURCE_DIR "/environments/enterprise", OPSGYM_SOURCE_DIR "/verifiers");
  return env;
}

// Lua helpers every test's setup starts with. TODAY is the clock's date (2026-03-02).
//   uid(user_name) -> id
//   profile_of(supplier_number, {column = value, ...}) -> the supplier's vendor profile id, its columns set
//   sign_off(supplier_number)       the profile approved today after a passed assessment last month
//   block(supplier_number)          the profile blocked after a failed assessment last week
//   request{number, item, user, state, assignee, opened_at} -> id (an ITSM catalog request)
//   hardware_order{pr, po, user, created_at} -> po id (an ordered requisition raised for `user` and its
//     issued order with one IT hardware line)
//   laptop{name, owner, description} -> id (a laptop CI)
//   emergency_change{number, state} -> id
//   draft_requisition{number, title, justification, requester} -> id (one small non-catalog line)
inline const char* const kEnterpriseStagingLua = R"LUA(
local NOW = clock.iso(clock.now())
local TODAY = NOW:sub(1, 10)
local function uid(name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", name)
  if not id then error("no user " .. tostring(name)) end
  return id
end

local function profile_of(number, o)
  local id = db.value("SELECT id FROM vendor_risk_profiles WHERE supplier_number = ? ORDER BY number LIMIT 1", number)
  if not id then error("no vendor profile for " .. tostring(number)) end
  if o and next(o) then db.update("vendor_risk_profiles", { id = id }, o) end
  return id
end

local VAS = 900000
local function assessment(profile_id, completed_on, score, result)
  VAS = VAS + 1
  db.insert("vendor_assessments", { number = string.format("VAS%07d", VAS), profile_id = profile_id, assessor_id = uid("carmen.villalobos"),
                                    kind = "soc2_review", started_on = "2026-01-20", completed_on = completed_on, score = score,
                                    result = result, status = "completed", notes = "Staged assessment" })
end

local function sign_off(number)
  local id = profile_of(number, { status = "approved", last_assessed_on = "2026-02-10", next_assessment_due = "2027-02-10",
                                  approved_for = "award", approved_on = TODAY, approved_by_id = uid("carmen.villalobos") })
  assessment(id, "2026-02-10", 88, "pass")
  return id
end

local function block(number)
  local id = profile_of(number, { status = "blocked", last_assessed_on = "2026-02-23", next_assessment_due = "2027-02-23" })
  assessment(id, "2026-02-23", 31, "fail")
  return id
end

local function request(o)
  local item = db.one("SELECT * FROM catalog_items WHERE name = ?", o.item)
  return db.insert("requests", {
    number = o.number, catalog_item_id = item.id, requested_for_id = uid(o.user), opened_by_id = uid(o.user), quantity = 1,
    justification = "Staged request", state = o.state or "in_progress", assignment_group_id = item.fulfillment_group_id,
    assigned_to_id = o.assignee and uid(o.assignee) or nil, opened_at = o.opened_at or "2026-02-27T10:00:00Z", updated_at = NOW,
  })
end

local function hardware_order(o)
  local cat = db.one("SELECT * FROM spend_categories WHERE name = 'IT hardware'")
  local cc = db.value("SELECT id FROM cost_centers WHERE code = 'CC-3200'")
  local sup = db.value("SELECT id FROM suppliers WHERE number = 'SUP0000002'")
  local at = o.created_at or "2026-02-28T11:00:00Z"
  local pr = db.insert("requisitions", {
    number = o.pr, title = "Laptop for " .. o.user, requester_id = uid("zoe.martin"), requested_for_id = uid(o.user), cost_center_id = cc,
    supplier_id = sup, justification = "Staged hardware purchase", total_cents = 150000, status = "ordered", created_at = at,
    submitted_at = at, approved_at = at, updated_at = at,
  })
  local po = db.insert("purchase_orders", {
    number = o.po, requisition_id = pr, supplier_id = sup, buyer_id = uid("paula.reyes"), cost_center_id = cc, budget_period = "2026-Q1",
    status = "issued", total_cents = 150000, approved_total_cents = 150000, payment_terms_days = 45, created_at = at, approved_at = at,
    issued_at = at, updated_at = at,
  })
  db.insert("po_lines", { po_id = po, line_no = 1, description = "Laptop 14 inch", category_id = cat.id, gl_account_id = cat.default_gl_account_id,
                          unit = "each", quantity_ordered = 1, unit_price_cents = 150000, amount_cents = 150000 })
  return po
end

local function laptop(o)
  return db.insert("configuration_items", {
    name = o.name, ci_class = "laptop", environment = "production", status = "operational", criticality = "low",
    owner_id = o.owner and uid(o.owner) or nil, description = o.description, updated_at = NOW,
  })
end

local function emergency_change(o)
  return db.insert("change_requests", {
    number = o.number, type = "emergency", short_description = "Replace failed core switch", risk = "high", impact = 1,
    state = o.state or "implement", requested_by_id = uid("raj.iyer"), opened_at = NOW, updated_at = NOW,
  })
end

local function draft_requisition(o)
  local cat = db.one("SELECT * FROM spend_categories WHERE name = 'IT hardware'")
  local cc = db.value("SELECT id FROM cost_centers WHERE code = 'CC-3200'")
  local sup = db.value("SELECT id FROM suppliers WHERE number = 'SUP0000002'")
  local who = uid(o.requester or "tom.becker")
  local id = db.insert("requisitions", {
    number = o.number, title = o.title, requester_id = who, requested_for_id = who, cost_center_id = cc, supplier_id = sup,
    justification = o.justification, total_cents = 45000, status = "draft", created_at = NOW, updated_at = NOW,
  })
  db.insert("requisition_lines", { requisition_id = id, line_no = 1, description = "Network switch power supply", category_id = cat.id,
                                   gl_account_id = cat.default_gl_account_id, quantity = 1, unit = "each", unit_price_cents = 45000,
                                   amount_cents = 45000 })
  return id
end
)LUA";

// An episode on the enterprise World (seed 1, clock start) as `actor`, after the staging helpers and `setup`.
inline Episode open_enterprise(const std::string& actor, const std::string& setup) {
  auto task = std::make_shared<Task>();
  // A World is built once per task and kept under its id: each staging needs an id of its own.
  task->id = "enterprise-staged-" + std::to_string(std::hash<std::string>{}(actor + "\n" + setup));
  task->title = "rule test";
  task->environment = "enterprise";
  task->seed = 1;
  task->actor = actor;
  task->prompt = "A rule test stages its records and makes one call.";
  task->setup_lua = std::string(kEnterpriseStagingLua) + "\n" + setup;
  task->setup_chunkname = "enterprise/tests:setup";
  return Episode(enterprise_env(), task);
}

inline std::string text_of(const Episode& episode, const std::string& sql, const Json& params = Json::array()) {
  const Json v = scalar(episode, sql, params);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace opsgym::testing
