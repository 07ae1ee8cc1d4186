-- Staging helpers for task setups about privacy: data subjects and the records held about them, data-subject
-- requests at a given point of their life, legal holds, breaches and access grants, each built the way the
-- tools would have left it, so a task does not depend on what the seed generated. Dates 'YYYY-MM-DD'; times
-- ISO-8601 UTC. Numbers continue the seed's (next free number of the table).
local G = require("compliance")
local Pol = require("comp_policy")
local M = {}

function M.user_id(user_name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", user_name)
  if not id then error("privacy_scenarios: no user " .. tostring(user_name)) end
  return id
end

function M.system_id(code)
  local id = db.value("SELECT id FROM business_systems WHERE code = ?", code)
  if not id then error("privacy_scenarios: no system " .. tostring(code)) end
  return id
end

function M.category_id(code)
  local id = db.value("SELECT id FROM data_categories WHERE code = ?", code)
  if not id then error("privacy_scenarios: no data category " .. tostring(code)) end
  return id
end

-- A person of the directory: { user = first.last, first, last, department, title, location (default Berlin),
-- active (default true), since = date joined }. Returns the id.
function M.person(spec)
  local dept = db.value("SELECT id FROM departments WHERE name = ?", spec.department)
  if not dept then error("privacy_scenarios: no department " .. tostring(spec.department)) end
  return db.insert("users", {
    user_name = spec.user, first_name = spec.first, last_name = spec.last, email = spec.user .. "@example.com", title = spec.title,
    department_id = dept, manager_id = db.value("SELECT owner_id FROM cost_centers WHERE department_id = ? ORDER BY id LIMIT 1", dept),
    location = spec.location or "Berlin", phone = spec.phone or "+49 30 5550 1200", vip = 0, active = spec.active == false and 0 or 1,
    created_at = (spec.since or "2022-01-10") .. "T09:00:00Z",
  })
end

-- Every active grant of people who have left, on one system, revoked on their way out (a clean slate for a
-- task about that system's leavers): revoked on `on` by `by`.
function M.clear_leaver_grants(system, on, by)
  db.exec([[UPDATE access_grants SET status = 'revoked', revoked_on = MAX(granted_on, ?), revoked_by_id = ?, revoke_reason = 'Leaver'
            WHERE status = 'active' AND user_id IN (SELECT id FROM users WHERE active = 0)
            AND entitlement_id IN (SELECT id FROM entitlements WHERE system_id = ?)]], on, M.user_id(by), M.system_id(system))
end

-- A data subject: { name, email, kind (default customer), country (default DE), user = user name of an
-- (former) employee, since = date first known }. Returns the id.
function M.subject(spec)
  return db.insert("data_subjects", {
    full_name = spec.name, email = spec.email, kind = spec.kind or "customer", country = spec.country or "DE",
    user_id = spec.user and M.user_id(spec.user) or nil, created_at = (spec.since or "2023-05-10") .. "T10:00:00Z",
  })
end

-- A record held about a subject: { system, category, ref, description, collected_on, retention_until,
-- state (default active), restricted_reason, erased_at, erased_by (user name) }. Returns the id.
function M.record(subject_id, spec)
  return db.insert("personal_data_records", {
    subject_id = subject_id, system_id = M.system_id(spec.system), category_id = M.category_id(spec.category),
    record_ref = spec.ref, description = spec.description, collected_on = spec.collected_on or "2023-05-10",
    retention_until = spec.retention_until, state = spec.state or "active", restricted_reason = spec.restricted_reason,
    erased_at = spec.erased_at, erased_by_id = spec.erased_by and M.user_id(spec.erased_by),
  })
end

-- A data-subject request: { subject = id or nil, name, email, type, channel (default email), details,
-- received_at, handler (user name, default elif.demir), verified = { by, method, at } (verified identity),
-- failed = true (identity check failed), extended_due_on, extension_reason, extension_notified_at, status, closed_at, response_summary (a closed request) }.
-- due_on is one month after receipt. Returns the row.
function M.request(spec)
  local received = spec.received_at
  local due = G.add_months(received:sub(1, 10), Pol.DSR_RESPONSE_MONTHS)
  local row = {
    number = G.next_number("dsr_requests"), subject_id = spec.subject, requester_name = spec.name, requester_email = spec.email,
    request_type = spec.type, channel = spec.channel or "email", details = spec.details, received_at = received,
    handled_by_id = M.user_id(spec.handler or "elif.demir"), identity_status = "unverified", due_on = due,
    extended_due_on = spec.extended_due_on, extension_reason = spec.extension_reason,
    extension_notified_at = spec.extension_notified_at, status = spec.status or "received",
    closed_at = spec.closed_at, response_summary = spec.response_summary,
    created_at = received, updated_at = spec.updated_at or received,
  }
  if spec.verified then
    row.identity_status, row.verified_at = "verified", spec.verified.at
    row.verified_by_id = M.user_id(spec.verified.by or "elif.demir")
    row.verification_method = spec.verified.method
    row.status = spec.status or "in_progress"
  elseif spec.failed then
    row.identity_status = "failed"
  end
  local id = db.insert("dsr_requests", row)
  return db.one("SELECT * FROM dsr_requests WHERE id = ?", id)
end

-- A note on a request (what was asked of the requester, and when): dsr row, text, by (user name), at (time).
function M.note(dsr, detail, by, at)
  db.insert("dsr_actions", { dsr_id = dsr.id, action = "note", detail = detail, actor_id = M.user_id(by or "elif.demir"), at = at })
end

-- The seed's open requests due by `date` (their deadline, extended or not) answered last week: verified ones
-- completed, the others rejected for want of identity. A clean queue for a task about this week's requests.
function M.answer_open_requests_due_by(date, closed_at)
  for _, r in ipairs(db.query([[SELECT * FROM dsr_requests WHERE status IN ('received', 'in_progress')
                                AND coalesce(extended_due_on, due_on) <= ? ORDER BY id]], date)) do
    local ok = r.identity_status == "verified"
    db.update("dsr_requests", { id = r.id }, {
      status = ok and "completed" or "rejected", identity_status = ok and "verified" or "failed", overdue = 0, closed_at = closed_at,
      response_summary = ok and "Answered in full." or "Closed: the requester did not verify their identity after two reminders.",
      updated_at = closed_at,
    })
  end
end

-- A legal hold: { matter, subject = id | category = code, by (user name, default beatrice.strand), on }.
function M.hold(spec)
  local id = db.insert("legal_holds", {
    number = G.next_number("legal_holds"), matter = spec.matter, scope = spec.subject and "subject" or "category",
    subject_id = spec.subject, category_id = spec.category and M.category_id(spec.category),
    placed_by_id = M.user_id(spec.by or "beatrice.strand"), placed_on = spec.on, status = "active",
  })
  return db.one("SELECT * FROM legal_holds WHERE id = ?", id)
end

-- An access grant: user name, 'SYSTEM.entitlement_code', granted on (date), granted by (user name).
function M.grant(user_name, entitlement, granted_on, granted_by)
  local sys, code = entitlement:match("^(%w+)%.(.+)$")
  local ent = db.value([[SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                         WHERE s.code = ? AND e.code = ?]], sys, code)
  if not ent then error("privacy_scenarios: no entitlement " .. entitlement) end
  local id = db.insert("access_grants", {
    number = G.next_number("access_grants"), user_id = M.user_id(user_name), entitlement_id = ent, granted_on = granted_on,
    granted_by_id = M.user_id(granted_by or "desmond.achebe"), status = "active",
  })
  return db.one("SELECT * FROM access_grants WHERE id = ?", id)
end

-- A breach as recorded (and possibly assessed): { title, description, system, aware_at, occurred_at,
-- personal_data (default true), subjects, eu, risk (default unassessed), status (default open), handler
-- (default yolanda.pryce), assessor }. notify_by is aware_at + 72 hours; the deadline event is scheduled.
function M.breach(spec)
  local aware = clock.parse(spec.aware_at)
  local id = db.insert("breaches", {
    number = G.next_number("breaches"), title = spec.title, description = spec.description,
    system_id = spec.system and M.system_id(spec.system), occurred_at = spec.occurred_at, aware_at = spec.aware_at,
    notify_by = clock.iso(aware + Pol.BREACH_NOTIFY_HOURS * 3600), risk_level = spec.risk or "unassessed",
    personal_data = spec.personal_data == false and 0 or 1, subjects_affected = spec.subjects or 0, eu_subjects = spec.eu or 0,
    handled_by_id = M.user_id(spec.handler or "yolanda.pryce"), status = spec.status or "open",
    assessed_by_id = spec.assessor and M.user_id(spec.assessor), created_at = spec.aware_at, updated_at = spec.updated_at or spec.aware_at,
  })
  local row = db.one("SELECT * FROM breaches WHERE id = ?", id)
  require("grc_deadlines").breach(row)
  return row
end

-- A control by its exact title (the catalog's titles are unique).
function M.control(title)
  local c = db.one("SELECT * FROM grc_controls WHERE title = ?", title)
  if not c then error("privacy_scenarios: no control " .. tostring(title)) end
  return c
end

return M
