#pragma once
// The real compliance environment (environments/compliance), loaded once per test binary, and episodes on
// its seeded World with a scenario staged by a setup script: the rule tests need records in exact states
// (a test on stale evidence, an exception past its last day, a grant one step from an SoD pair) that a seed
// cannot promise. The staging helpers (kComplianceStagingLua) insert rows the way the seed does, on a
// system, categories and records of their own (numbers 09xxxxx) that no seeded record uses, so a test sees
// only what it staged.
#include <functional>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "support/rule_assertions.hpp"

namespace opsgym::testing {

// Loaded from the source tree, not $OPSGYM_HOME, so the tests always check the environment beside them.
inline std::shared_ptr<const Environment> compliance() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(OPSGYM_SOURCE_DIR "/environments/compliance", OPSGYM_SOURCE_DIR "/verifiers");
  return env;
}

// Lua helpers every test's setup starts with. Dates are 'YYYY-MM-DD'; TODAY is the clock's date (2026-03-02).
//   control{number, owner, status, key}                         -> id
//   ctest{number, control, status, tester, period}              (period '2026-Q1' unless given)
//   evidence{number, control, test, collected_on, valid_until, status}
//   finding{number, control, owner, status, severity, raised_on}
//   rtask{number, finding, assignee, status}
//   exception{number, control, requester, approver, risk, starts_on, expires_on, status, comp, sod, user}
//   policy{number, owner}, version{policy, version, author, status}
//   ent{code} (on the staged system STG), sod{code, a, b}, grant{number, user, ent, status}
//   campaign{number, owner, status}, item{number, campaign, grant, reviewer, decision, revoked_at}
//   vendor{number, name, tier, supplier}, assessment{number, vendor, completed_on, status, result}
//   subject{name, email}, record{subject, ref, category, retention_until}, hold{number, subject}
//   dsr{number, subject, email, type, status, identity, received_at, due_on}
//   breach{number, aware_at, personal_data, risk, status}
//   course{code}, assignment{number, user, course, status}
inline const char* const kComplianceStagingLua = R"LUA(
local NOW = clock.iso(clock.now())
local TODAY = NOW:sub(1, 10)
local function uid(name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", name)
  if not id then error("no user " .. tostring(name)) end
  return id
end
local function plus_days(date, n) return clock.iso(clock.parse(date .. "T00:00:00Z") + n * 86400):sub(1, 10) end

local SYS = db.insert("business_systems", { code = "STG", name = "Staged Ledger", kind = "erp", owner_id = uid("yolanda.pryce"),
                                            sox_in_scope = 1, holds_personal_data = 1, description = "A system of the tests' own" })
local CAT_CONTACT = db.insert("data_categories", { code = "stg_contact", name = "Staged contact data", special = 0, description = "Names and emails" })
local CAT_INVOICE = db.insert("data_categories", { code = "stg_invoices", name = "Staged invoice data", special = 0, description = "Invoices" })
db.insert("retention_duties", { code = "RET-STG", category_id = CAT_INVOICE, basis = "Financial records", legal_ref = "Staged Act s.1",
                                years = 7, description = "Invoices are kept seven years" })

local function control(o)
  return db.insert("grc_controls", {
    number = o.number, title = o.title or ("Staged control " .. o.number), description = "A control of the tests' own",
    domain = "Access management", owner_id = uid(o.owner or "yolanda.pryce"), frequency = o.frequency or "quarterly",
    status = o.status or "effective", key_control = o.key or 0, automated = 0, created_at = NOW, updated_at = NOW,
  })
end

local function ctest(o)
  local period = o.period or "2026-Q1"
  local y, q = period:match("^(%d%d%d%d)%-Q(%d)$")
  local first = string.format("%s-%02d-01", y, (tonumber(q) - 1) * 3 + 1)
  local last = ({ "03-31", "06-30", "09-30", "12-31" })[tonumber(q)]
  local done = o.status == "passed" or o.status == "failed"
  return db.insert("control_tests", {
    number = o.number, control_id = o.control, period = period, period_start = first, period_end = y .. "-" .. last,
    tester_id = o.tester and uid(o.tester) or nil, status = o.status or "in_progress", planned_on = "2026-01-05",
    started_at = o.status ~= "planned" and NOW or nil, tested_at = done and NOW or nil, created_at = NOW, updated_at = NOW,
  })
end

local function evidence(o)
  return db.insert("evidence", {
    number = o.number, control_id = o.control, test_id = o.test, title = "Staged evidence " .. o.number, kind = "report",
    source = "STG", collected_on = o.collected_on or "2026-02-20", valid_until = o.valid_until or "2026-06-30",
    uploaded_by_id = uid("noor.qureshi"), status = o.status or "current",
    rejected_reason = o.status == "rejected" and "Staged rejection" or nil, uploaded_at = NOW,
  })
end

local function finding(o)
  return db.insert("findings", {
    number = o.number, title = "Staged finding " .. o.number, description = "A finding of the tests' own", source = "audit",
    control_id = o.control, severity = o.severity or "medium", status = o.status or "open", owner_id = uid(o.owner or "yolanda.pryce"),
    raised_on = o.raised_on or "2026-02-01", due_on = o.due_on or "2026-04-01", created_at = NOW, updated_at = NOW,
  })
end

local function rtask(o)
  return db.insert("remediation_tasks", {
    number = o.number, finding_id = o.finding, title = "Staged remediation", assignee_id = uid(o.assignee or "yolanda.pryce"),
    due_on = "2026-03-20", status = o.status or "open", completed_at = o.status == "done" and NOW or nil, created_at = NOW, updated_at = NOW,
  })
end

local function exception(o)
  local status = o.status or "approved"
  local decided = status == "approved" or status == "expired" or status == "rejected"
  return db.insert("policy_exceptions", {
    number = o.number, title = "Staged exception " .. o.number, control_id = o.control, sod_rule_id = o.sod, user_id = o.user,
    requester_id = uid(o.requester or "yolanda.pryce"), approver_id = decided and uid(o.approver or "beatrice.strand") or nil,
    risk_rating = o.risk or "medium", justification = "A staged justification for the tests", compensating_control_id = o.comp,
    starts_on = o.starts_on or "2026-01-15", expires_on = o.expires_on or "2026-04-15", status = status,
    requested_at = NOW, decided_at = decided and NOW or nil, created_at = NOW, updated_at = NOW,
  })
end

local function policy(o)
  return db.insert("compliance_policies", {
    number = o.number, title = "Staged policy " .. o.number, current_version = "1.0", owner_id = uid(o.owner or "yolanda.pryce"),
    status = o.status or "in_review", summary = "A policy of the tests' own", published_on = "2025-03-01", last_reviewed_on = "2025-03-01",
    next_review_on = "2026-03-01", created_at = NOW, updated_at = NOW,
  })
end

local function version(o)
  return db.insert("policy_versions", { policy_id = o.policy, version = o.version, status = o.status or "in_review",
                                        summary = "Staged changes", author_id = uid(o.author), created_at = NOW })
end

local function ent(o)
  return db.insert("entitlements", { system_id = SYS, code = o.code, name = "Staged " .. o.code, description = "Staged", privileged = 0 })
end

local function sod(o)
  return db.insert("sod_rules", { code = o.code, entitlement_a_id = o.a, entitlement_b_id = o.b, description = o.code .. " staged pair",
                                  risk = "high", active = 1 })
end

local function grant(o)
  return db.insert("access_grants", {
    number = o.number, user_id = uid(o.user), entitlement_id = o.ent, granted_on = "2025-06-01", granted_by_id = uid("yolanda.pryce"),
    status = o.status or "active", revoked_on = o.status == "revoked" and "2026-01-10" or nil,
  })
end

local function campaign(o)
  return db.insert("access_review_campaigns", {
    number = o.number, title = "Staged review " .. o.number, system_id = SYS, scope = "Staged ledger access", owner_id = uid(o.owner or "desmond.achebe"),
    opens_on = "2026-02-15", closes_on = "2026-03-15", status = o.status or "open",
    closed_at = o.status == "closed" and NOW or nil, created_at = NOW,
  })
end

local function item(o)
  local g = db.one("SELECT * FROM access_grants WHERE id = ?", o.grant)
  local decided = o.decision and o.decision ~= "pending"
  return db.insert("access_review_items", {
    number = o.number, campaign_id = o.campaign, grant_id = g.id, user_id = g.user_id, reviewer_id = uid(o.reviewer or "desmond.achebe"),
    decision = o.decision or "pending", decided_by_id = decided and uid(o.reviewer or "desmond.achebe") or nil,
    decided_at = decided and NOW or nil, comment = decided and "Staged decision" or nil, revoked_at = o.revoked_at,
  })
end

local function vendor(o)
  return db.insert("vendor_risk_profiles", {
    number = o.number, supplier_number = o.supplier or "SUP0900001", vendor_name = o.name or "Staged Hosting Ltd", service = "Hosting",
    tier = o.tier or 1, criticality = "critical", data_access = "personal", country = "GB", owner_id = uid("carmen.villalobos"),
    status = o.status or "active", last_assessed_on = o.last_assessed_on, created_at = NOW, updated_at = NOW,
  })
end

local function assessment(o)
  local done = (o.status or "completed") == "completed"
  return db.insert("vendor_assessments", {
    number = o.number, profile_id = o.vendor, assessor_id = uid("carmen.villalobos"), kind = "questionnaire",
    started_on = o.started_on or "2025-09-01", completed_on = done and (o.completed_on or "2025-09-15") or nil,
    score = done and 82 or nil, result = done and (o.result or "pass") or nil, status = o.status or "completed",
  })
end

local function subject(o)
  return db.insert("data_subjects", { full_name = o.name or "Staged Person", email = o.email or "staged.person@example.org",
                                      kind = o.kind or "customer", country = "DE", created_at = NOW })
end

local function record(o)
  return db.insert("personal_data_records", {
    subject_id = o.subject, system_id = SYS, category_id = o.category == "invoices" and CAT_INVOICE or CAT_CONTACT, record_ref = o.ref,
    description = "Staged record " .. o.ref, collected_on = "2024-05-01", retention_until = o.retention_until, state = o.state or "active",
    erased_at = o.state == "erased" and NOW or nil,
  })
end

local function hold(o)
  return db.insert("legal_holds", { number = o.number, matter = "Staged litigation", scope = "subject", subject_id = o.subject,
                                    placed_by_id = uid("henrik.aalto"), placed_on = "2026-01-10", status = o.status or "active",
                                    released_on = o.status == "released" and "2026-02-01" or nil })
end

local function dsr(o)
  local verified = o.identity == "verified"
  return db.insert("dsr_requests", {
    number = o.number, subject_id = o.subject, requester_name = "Staged Person", requester_email = o.email or "staged.person@example.org",
    request_type = o.type or "erasure", channel = "email", details = "Please act on my data", received_at = o.received_at or "2026-02-20T10:00:00Z",
    handled_by_id = uid("elif.demir"), identity_status = o.identity or "unverified", verified_at = verified and NOW or nil,
    verified_by_id = verified and uid("elif.demir") or nil, verification_method = verified and "address_of_record: staged" or nil,
    due_on = o.due_on or "2026-03-20", status = o.status or "in_progress", closed_at = (o.status == "completed" or o.status == "rejected") and NOW or nil,
    created_at = NOW, updated_at = NOW,
  })
end

local function breach(o)
  local aware = o.aware_at or NOW
  return db.insert("breaches", {
    number = o.number, title = "Staged breach " .. o.number, description = "A breach of the tests' own", system_id = SYS, aware_at = aware,
    notify_by = clock.iso(clock.parse(aware) + 72 * 3600), risk_level = o.risk or "high", personal_data = o.personal_data or 1,
    subjects_affected = 120, eu_subjects = 80, handled_by_id = uid("henrik.aalto"), status = o.status or "assessed",
    assessed_by_id = uid("henrik.aalto"), authority_notified_at = o.authority_notified_at, created_at = NOW, updated_at = NOW,
  })
end

local function course(o)
  return db.insert("training_courses", { code = o.code, title = "Staged course " .. o.code, mandatory = 1, validity_months = 12, duration_minutes = 30 })
end

local function assignment(o)
  return db.insert("training_assignments", {
    number = o.number, user_id = uid(o.user), course_id = o.course, assigned_on = "2026-02-01", due_on = "2026-03-31",
    status = o.status or "assigned", completed_on = o.status == "completed" and "2026-02-20" or nil,
  })
end
)LUA";

// An episode on the compliance World (seed 1, clock start) as `actor`, after the staging helpers and `setup`.
inline Episode open_compliance(const std::string& actor, const std::string& setup) {
  auto task = std::make_shared<Task>();
  // A World is built once per task and kept under its id: each staging needs an id of its own.
  task->id = "compliance-staged-" + std::to_string(std::hash<std::string>{}(setup));
  task->title = "rule test";
  task->environment = "compliance";
  task->seed = 1;
  task->actor = actor;
  task->prompt = "A rule test stages its records and makes one call.";
  task->setup_lua = std::string(kComplianceStagingLua) + "\n" + setup;
  task->setup_chunkname = "compliance/tests:setup";
  return Episode(compliance(), task);
}

inline std::string field_of(const Episode& episode, const std::string& sql, const Json& params = Json::array()) {
  const Json v = scalar(episode, sql, params);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace opsgym::testing
