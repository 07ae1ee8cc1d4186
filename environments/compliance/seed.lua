-- Seed data for the compliance environment: the GRC programme and privacy operations of the company up to
-- T0 (2026-03-02 09:00 UTC, env.yaml's clock_start, ITSM's and procurement's too), on top of the company
-- directory, which is seeded first. Deterministic: every random choice comes from `rng`, lists are walked
-- in order.
--
-- The mess is on purpose: failing controls and stale evidence, exceptions expiring this week and some
-- already expired, leavers still holding access, unmitigated segregation-of-duties conflicts, an access
-- review with revoke decisions not yet carried out, tier-1 vendors overdue for assessment and look-alike
-- vendor names, look-alike data subjects, requests near or past their deadline, an erasure request for a
-- subject under legal hold, a breach whose 72 hours are running, overdue training, the DPO's old account.
--
-- Consistency is not: statuses agree with dates (an expired exception has expires_on before today, an
-- approved one runs at most 180 days and is not backdated), a passed test rests on evidence collected in
-- its period and valid when it concluded, a control's status is what its latest test, its evidence and its
-- findings say, grants agree with who left (README.md "Seed data" states each invariant; the tests check
-- them).
--
-- Quiet window: no seeded event falls due between T0 and T0 + 8 hours (date-bound events fall at midnight
-- from 2026-03-03 on; the breach deadline falls later), so a task that starts in that window sees only the
-- changes its agent and its own setup cause.
local Tm = require("grc_time")
local S = require("grc_staff")
local Access = require("grc_seed_access")
local Controls = require("grc_seed_controls")
local Policies = require("grc_seed_policies")
local Vendors = require("grc_seed_vendors")
local Privacy = require("grc_seed_privacy")
local Training = require("grc_seed_training")

local T0 = Tm.T0
local iso, insert = clock.iso, db.insert

local ctx = { T0 = T0, TODAY = Tm.TODAY, QUIET_END = T0 + 8 * 3600 }

-- One history row: a record's field changed (or 'created'), by whom (nil: the system), when (unix time).
-- The seed writes the recent story only (the records' own dates tell the older one), so the World stays
-- small.
function ctx.hist(number, field, old, new, actor_id, at)
  if at < T0 - 30 * Tm.DAY then return end
  insert("compliance_history", {
    record_number = number, field = field, old_value = old ~= nil and tostring(old) or nil,
    new_value = new ~= nil and tostring(new) or nil, actor_id = actor_id, at = iso(at),
  })
end

-- Record numbers: prefix + 7 digits, counted per prefix from 1.
local counters = {}
function ctx.number(prefix)
  counters[prefix] = (counters[prefix] or 0) + 1
  return string.format("%s%07d", prefix, counters[prefix])
end

function ctx.chance(p) return rng.float() < p end

-- A date `lo`..`hi` days after `date` (a whole day, drawn from rng).
function ctx.date_after(date, lo, hi) return Tm.add_days(date, rng.int(lo, hi)) end

-- A time on a working hour of `date`.
function ctx.time_on(date) return Tm.date_start(date) + rng.int(8, 17) * 3600 + rng.int(0, 59) * 60 end

---------------------------------------------------------------------------------------------------
-- The company directory: departments, heads, people. Compliance's own staff join it.
---------------------------------------------------------------------------------------------------
local DEPT = {}
for _, d in ipairs(db.query("SELECT id, name FROM departments ORDER BY id")) do DEPT[d.name] = d.id end
ctx.head = {}
for _, cc in ipairs(db.query([[SELECT d.name, cc.owner_id FROM cost_centers cc JOIN departments d ON d.id = cc.department_id
                               ORDER BY cc.id]])) do
  ctx.head[cc.name] = cc.owner_id
end

for i, p in ipairs(S.PEOPLE) do
  local first, last = p[1]:match("^(%a+)%.(%a+)")
  insert("users", {
    user_name = p[1], first_name = p.first or (first:sub(1, 1):upper() .. first:sub(2)),
    last_name = p.last or (last:sub(1, 1):upper() .. last:sub(2)), email = p[1] .. "@example.com", title = p[3],
    department_id = DEPT[p[2]], manager_id = ctx.head[p[2]], location = p[5],
    phone = string.format("+1 555 03%02d", i * 7), vip = 0, active = p.inactive and 0 or 1,
    created_at = iso(T0 - (700 + i * 53) * Tm.DAY), seeded_by = "compliance",
  })
end
-- The CCO reports to the CFO; her team to her.
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
db.exec("UPDATE users SET manager_id = ? WHERE user_name = 'beatrice.strand'", uid("olivia.grant"))
for _, name in ipairs({ "noor.qureshi", "tomasz.wrobel", "henrik.aalto", "henrik.aalto2", "carmen.villalobos" }) do
  db.exec("UPDATE users SET manager_id = ? WHERE user_name = ?", uid("beatrice.strand"), name)
end
db.exec("UPDATE users SET manager_id = ? WHERE user_name = 'elif.demir'", uid("henrik.aalto"))

ctx.user, ctx.people, ctx.person = {}, {}, {}
for _, u in ipairs(db.query([[SELECT u.id, u.user_name, u.first_name, u.last_name, u.email, u.active, u.title, u.location,
                                     substr(u.created_at, 1, 10) AS created_on, d.name AS department
                              FROM users u LEFT JOIN departments d ON d.id = u.department_id
                              WHERE u.seeded_by IS NULL OR u.seeded_by = 'compliance' ORDER BY u.id]])) do
  ctx.user[u.user_name] = u.id
  ctx.people[#ctx.people + 1] = u
  ctx.person[u.id] = u
end

-- The people every seed has (company's and compliance's fixed staff): the seed's random choices of
-- "someone in Finance" leave them alone, so what tasks say about them stays true.
ctx.fixed = {}
for _, p in ipairs(require("company_people").PEOPLE) do ctx.fixed[p[1]] = true end
for _, p in ipairs(S.PEOPLE) do ctx.fixed[p[1]] = true end

-- 'head:<department>' or a user name -> user id
function ctx.owner(spec)
  local dept = spec:match("^head:(.+)$")
  local id = dept and ctx.head[dept] or ctx.user[spec]
  if not id then error("no owner " .. spec) end
  return id
end

---------------------------------------------------------------------------------------------------
-- Roles and who holds them; record numbers; policy settings
---------------------------------------------------------------------------------------------------
local ROLE = {}
for _, r in ipairs(S.ROLES) do ROLE[r[1]] = insert("roles", { name = r[1], system = "compliance", description = r[2] }) end
local granted = {}
function ctx.grant_role(user_id, role)
  local key = user_id .. ":" .. role
  if granted[key] then return end
  granted[key] = true
  insert("user_roles", { user_id = user_id, role_id = ROLE[role] })
end
for _, p in ipairs(S.PEOPLE) do for _, r in ipairs(p[4]) do ctx.grant_role(ctx.user[p[1]], r) end end
for _, p in ipairs(S.COMPANY_ROLES) do for _, r in ipairs(p[2]) do ctx.grant_role(ctx.user[p[1]], r) end end

for _, k in ipairs({
  { "CTL", "control", "grc_controls" }, { "CTT", "control test", "control_tests" }, { "EVD", "evidence item", "evidence" },
  { "FND", "finding", "findings" }, { "RMT", "remediation task", "remediation_tasks" }, { "RAC", "risk acceptance", "risk_acceptances" },
  { "POL", "policy", "compliance_policies" }, { "EXC", "policy exception", "policy_exceptions" },
  { "AGT", "access grant", "access_grants" }, { "ARC", "access review campaign", "access_review_campaigns" },
  { "ARI", "access review item", "access_review_items" }, { "VRP", "vendor risk profile", "vendor_risk_profiles" },
  { "VAS", "vendor assessment", "vendor_assessments" }, { "DSR", "data-subject request", "dsr_requests" },
  { "LHD", "legal hold", "legal_holds" }, { "BRC", "breach", "breaches" }, { "TRN", "training assignment", "training_assignments" },
}) do
  insert("record_kinds", { prefix = k[1], label = k[2], table_name = k[3], number_column = "number", digits = 7 })
end

for _, s in ipairs({
  { "exception_max_days", "180", "An exception runs at most this many days from its start, extensions included." },
  { "dsr_response_months", "1", "A data-subject request is answered within this many months of receipt." },
  { "dsr_extension_max_months", "2", "A data-subject request may be extended by at most this many further months." },
  { "dsr_reminder_days", "3", "Handlers are reminded this many days before a request's deadline." },
  { "breach_notify_hours", "72", "The supervisory authority is notified within this many hours of awareness." },
  { "vendor_assessment_months", "12", "A tier-1 vendor's last assessment is at most this many months old at an award or renewal." },
  { "risk_acceptance_max_months", "12", "A risk acceptance lasts at most this many months." },
  { "finding_due_days", "30", "A finding the system raises is due this many days after it is raised." },
}) do
  insert("compliance_settings", { key = s[1], value = s[2], description = s[3] })
end

---------------------------------------------------------------------------------------------------
-- The parts, in dependency order
---------------------------------------------------------------------------------------------------
Access.catalog(ctx)        -- business systems, entitlements, SoD rules
Controls.seed(ctx)         -- frameworks, requirements, controls, tests, evidence, audits, findings
Policies.seed(ctx)         -- policies, versions, reviews, exceptions to policies and controls
Access.grants(ctx)         -- grants (leavers, SoD conflicts and their exceptions), access reviews
Vendors.seed(ctx)          -- vendor risk profiles and assessments
Privacy.seed(ctx)          -- data map, subjects, records, requests, holds, breaches
Training.seed(ctx)         -- courses and assignments
Controls.settle(ctx)       -- each control's status from its tests, evidence and findings; its events

-- Everyone who owns a control, owns a system or reviews access holds the matching compliance role.
for _, r in ipairs(db.query("SELECT DISTINCT owner_id FROM grc_controls ORDER BY owner_id")) do ctx.grant_role(r.owner_id, "control_owner") end
for _, r in ipairs(db.query([[SELECT reviewer_id AS id FROM access_review_items UNION SELECT owner_id FROM business_systems
                               ORDER BY 1]])) do
  ctx.grant_role(r.id, "access_reviewer")
end
