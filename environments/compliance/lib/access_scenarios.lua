-- Staging helpers for the tasks about access, reviews, vendors and training: people who join or leave the
-- directory, access grants, review campaigns and their items, exceptions that mitigate an SoD pair, vendor
-- profiles with their assessments, and training assignments. Task setup scripts call these after the seed,
-- so a task's scenario does not depend on what the random seed produced. Nothing is kept between calls.
local G = require("compliance")
local M = {}

local T0 = "2026-03-02T09:00:00Z"

function M.user_id(user_name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", user_name)
  if not id then error("access_scenarios: no user " .. tostring(user_name)) end
  return id
end

local function department(name)
  local d = db.one("SELECT * FROM departments WHERE name = ?", name)
  if not d then error("access_scenarios: no department " .. tostring(name)) end
  return d
end

-- The head of a department: the manager most of its people report to.
local function head_of(dept_id)
  return db.value([[SELECT manager_id FROM users WHERE department_id = ? AND manager_id IS NOT NULL
                    GROUP BY manager_id ORDER BY COUNT(*) DESC, manager_id LIMIT 1]], dept_id)
end

-- A person of the directory: { user_name, first, last, department, title, location, active = 0 for a leaver,
-- joined = date }. Returns the id (an existing account of that user name is reused as it is).
function M.person(p)
  local existing = db.value("SELECT id FROM users WHERE user_name = ?", p[1])
  if existing then return existing end
  local d = department(p.department)
  return db.insert("users", {
    user_name = p[1], first_name = p.first, last_name = p.last, email = p[1] .. "@example.com", title = p.title,
    department_id = d.id, manager_id = head_of(d.id), location = p.location or "London", vip = 0,
    active = p.active == 0 and 0 or 1, created_at = (p.joined or "2023-04-03") .. "T09:00:00Z",
  })
end

-- Marks an existing account as having left (HR deactivated it).
function M.leave(user_name)
  db.update("users", { user_name = user_name }, { active = 0 })
  return M.user_id(user_name)
end

-- The entitlement id of "SYSTEM.code" (e.g. "ERP.payment_release").
function M.entitlement(ref)
  local sys, code = ref:match("^(%w+)%.([%w_]+)$")
  local id = db.value([[SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                        WHERE s.code = ? AND e.code = ?]], sys, code)
  if not id then error("access_scenarios: no entitlement " .. tostring(ref)) end
  return id
end

-- An active grant of "SYSTEM.code" to a user: the one the user already holds, or a new one. opts: granted_on,
-- granted_by (user name), exception_id, request_ref, status = 'revoked' with revoked_on and revoke_reason.
-- Returns the grant row.
function M.grant(user_id, ref, opts)
  opts = opts or {}
  local ent = M.entitlement(ref)
  if opts.status ~= "revoked" then
    local held = db.one("SELECT * FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active'", user_id, ent)
    if held then return held end
  end
  local id = db.insert("access_grants", {
    number = G.next_number("access_grants"), user_id = user_id, entitlement_id = ent,
    granted_on = opts.granted_on or "2025-06-02", granted_by_id = M.user_id(opts.granted_by or "david.cohen"),
    status = opts.status or "active", revoked_on = opts.revoked_on, revoked_by_id = opts.revoked_on and M.user_id("david.cohen") or nil,
    revoke_reason = opts.revoke_reason, exception_id = opts.exception_id, request_ref = opts.request_ref,
  })
  return db.one("SELECT * FROM access_grants WHERE id = ?", id)
end

-- The active grants of a user, in number order.
function M.active_grants(user_id)
  return db.query("SELECT * FROM access_grants WHERE user_id = ? AND status = 'active' ORDER BY number", user_id)
end

-- Takes away (as revoked long ago) a user's active grants of these entitlements, so a staged person holds
-- exactly the access the scenario gives them.
function M.drop_grants(user_id, refs)
  for _, ref in ipairs(refs) do
    local ent = M.entitlement(ref)
    for _, g in ipairs(db.query("SELECT * FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active' ORDER BY id",
                                user_id, ent)) do
      local on = g.granted_on > "2025-12-01" and g.granted_on or "2025-12-01"
      db.update("access_grants", { id = g.id }, { status = "revoked", revoked_on = on, revoked_by_id = M.user_id("david.cohen"),
                                                  revoke_reason = "No longer needed after a change of role" })
    end
  end
end

-- Makes a user hold exactly these entitlements (["SYSTEM.code", ...]): grants already held are kept as they
-- are, missing ones are granted (opts as grant()), and any other active grant is taken away as above.
function M.hold_exactly(user_id, refs, opts)
  local wanted = {}
  for _, ref in ipairs(refs) do wanted[M.entitlement(ref)] = true end
  local others = {}
  for _, g in ipairs(M.active_grants(user_id)) do
    if not wanted[g.entitlement_id] then
      others[#others + 1] = db.value([[SELECT s.code || '.' || e.code FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                                       WHERE e.id = ?]], g.entitlement_id)
    end
  end
  M.drop_grants(user_id, others)
  for _, ref in ipairs(refs) do M.grant(user_id, ref, opts) end
end

-- An access review campaign: { title, system (code or nil), scope, owner, opens_on, closes_on, status }.
function M.campaign(c)
  local sys = c.system and db.value("SELECT id FROM business_systems WHERE code = ?", c.system)
  local id = db.insert("access_review_campaigns", {
    number = G.next_number("access_review_campaigns"), title = c.title, system_id = sys, scope = c.scope,
    owner_id = M.user_id(c.owner), opens_on = c.opens_on, closes_on = c.closes_on, status = c.status or "open",
    created_at = c.opens_on .. "T08:00:00Z",
  })
  return db.one("SELECT * FROM access_review_campaigns WHERE id = ?", id)
end

-- An item of a campaign about one grant: reviewer (user name), and when already decided: decision, decided_by,
-- decided_at, comment, revoked_at.
function M.item(campaign_id, grant, reviewer, d)
  d = d or {}
  local id = db.insert("access_review_items", {
    number = G.next_number("access_review_items"), campaign_id = campaign_id, grant_id = grant.id, user_id = grant.user_id,
    reviewer_id = M.user_id(reviewer), decision = d.decision or "pending",
    decided_by_id = d.decision and M.user_id(d.decided_by or reviewer) or nil, decided_at = d.decided_at, comment = d.comment,
    revoked_at = d.revoked_at,
  })
  return db.one("SELECT * FROM access_review_items WHERE id = ?", id)
end

-- The control of a title (e.g. "Segregation of duties monitoring").
function M.control_id(title)
  local id = db.value("SELECT id FROM grc_controls WHERE title = ?", title)
  if not id then error("access_scenarios: no control " .. tostring(title)) end
  return id
end

-- An exception covering one user's conflicting access under an SoD rule: { user, rule, title, requester,
-- approver, risk, compensating (control title), starts_on, expires_on, status, justification, decided_at }.
function M.sod_exception(x)
  local status = x.status or "approved"
  local decided = status ~= "requested"
  local id = db.insert("policy_exceptions", {
    number = G.next_number("policy_exceptions"), title = x.title, control_id = M.control_id("Segregation of duties monitoring"),
    sod_rule_id = db.value("SELECT id FROM sod_rules WHERE code = ?", x.rule), user_id = M.user_id(x.user),
    requester_id = M.user_id(x.requester), approver_id = decided and M.user_id(x.approver) or nil,
    risk_rating = x.risk or "high", justification = x.justification,
    compensating_control_id = x.compensating and M.control_id(x.compensating) or nil,
    starts_on = x.starts_on, expires_on = x.expires_on, status = status, requested_at = x.requested_at or (x.starts_on .. "T10:00:00Z"),
    decided_at = decided and (x.decided_at or (x.starts_on .. "T15:00:00Z")) or nil,
    decision_note = decided and (x.decision_note or "Approved with the compensating control in place.") or nil,
    created_at = x.requested_at or (x.starts_on .. "T10:00:00Z"), updated_at = T0,
  })
  return db.one("SELECT * FROM policy_exceptions WHERE id = ?", id)
end

-- A vendor risk profile: { name, supplier_number, service, tier, criticality, data_access, country, owner,
-- status, last_assessed_on, next_assessment_due, approved_for, approved_on, approved_by }.
function M.vendor(v)
  local id = db.insert("vendor_risk_profiles", {
    number = G.next_number("vendor_risk_profiles"), supplier_number = v.supplier_number, vendor_name = v.name,
    service = v.service, tier = v.tier, criticality = v.criticality, data_access = v.data_access, country = v.country,
    owner_id = M.user_id(v.owner), status = v.status or "active", last_assessed_on = v.last_assessed_on,
    next_assessment_due = v.next_assessment_due, approved_for = v.approved_for, approved_on = v.approved_on,
    approved_by_id = v.approved_by and M.user_id(v.approved_by) or nil,
    created_at = v.created_at or "2023-05-15T09:00:00Z", updated_at = v.updated_at or "2025-02-03T09:00:00Z",
  })
  return db.one("SELECT * FROM vendor_risk_profiles WHERE id = ?", id)
end

-- An assessment of a profile: { kind, assessor, started_on, completed_on, score, result, status, notes }.
function M.assessment(profile_id, a)
  local id = db.insert("vendor_assessments", {
    number = G.next_number("vendor_assessments"), profile_id = profile_id, assessor_id = M.user_id(a.assessor or "carmen.villalobos"),
    kind = a.kind, started_on = a.started_on, completed_on = a.completed_on, score = a.score, result = a.result,
    status = a.status or (a.completed_on and "completed" or "in_progress"), notes = a.notes,
  })
  return db.one("SELECT * FROM vendor_assessments WHERE id = ?", id)
end

-- A training assignment: { user_id, course (code), assigned_on, due_on, status, completed_on }.
function M.training(t)
  local course = db.value("SELECT id FROM training_courses WHERE code = ?", t.course)
  if not course then error("access_scenarios: no course " .. tostring(t.course)) end
  local id = db.insert("training_assignments", {
    number = G.next_number("training_assignments"), user_id = t.user_id, course_id = course, assigned_on = t.assigned_on,
    due_on = t.due_on, status = t.status or "assigned", completed_on = t.completed_on,
    attested = t.completed_on and 1 or 0, attested_at = t.completed_on and (t.completed_on .. "T16:00:00Z") or nil,
  })
  return db.one("SELECT * FROM training_assignments WHERE id = ?", id)
end

return M
