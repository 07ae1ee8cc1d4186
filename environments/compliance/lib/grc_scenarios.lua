-- Staging helpers for task setups about controls, tests, evidence, findings, exceptions and risk
-- acceptances: each inserts a record the way the tools would have left it (numbered, dated, with its
-- clock event), so a task does not depend on what the seed generated. People are named by user name,
-- controls by their catalog title. Dates are 'YYYY-MM-DD', times ISO-8601 UTC.
local G = require("compliance")
local Deadlines = require("grc_deadlines")
local M = {}

local function at_of(date, time) return date .. "T" .. (time or "10:00:00") .. "Z" end

function M.user_id(user_name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", user_name)
  if not id then error("grc_scenarios: no user " .. tostring(user_name)) end
  return id
end

-- A control of the library by its exact title.
function M.control(title)
  local c = db.one("SELECT * FROM grc_controls WHERE title = ?", title)
  if not c then error("grc_scenarios: no control '" .. tostring(title) .. "'") end
  return c
end

-- A control added to the library (or retired since). spec: title, description, domain, owner, frequency,
-- status, key (0/1), created_on, updated_on.
function M.new_control(spec)
  local id = db.insert("grc_controls", {
    number = G.next_number("grc_controls"), title = spec.title, description = spec.description, domain = spec.domain,
    owner_id = M.user_id(spec.owner), frequency = spec.frequency or "quarterly", status = spec.status or "effective",
    key_control = spec.key or 0, automated = spec.automated or 0, last_tested_on = spec.last_tested_on,
    created_at = at_of(spec.created_on), updated_at = at_of(spec.updated_on or spec.created_on),
  })
  return db.one("SELECT * FROM grc_controls WHERE id = ?", id)
end

-- Sets a control's status (and last test date) as the staged story needs it.
function M.control_state(title, status, last_tested_on)
  local c = M.control(title)
  db.update("grc_controls", { id = c.id }, { status = status, last_tested_on = last_tested_on or c.last_tested_on })
  return db.one("SELECT * FROM grc_controls WHERE id = ?", c.id)
end


-- The test of a control for a period, planned and untouched: an existing one of the seed is reset (its
-- evidence detached), else a new one is planned. spec: control (title), period, period_start, period_end,
-- planned_on, tester (user name or nil).
function M.planned_test(spec)
  local c = M.control(spec.control)
  local t = db.one("SELECT * FROM control_tests WHERE control_id = ? AND period = ?", c.id, spec.period)
  local values = { status = "planned", tester_id = spec.tester and M.user_id(spec.tester) or nil, conclusion = nil,
                   started_at = nil, tested_at = nil, finding_id = nil, planned_on = spec.planned_on,
                   updated_at = at_of(spec.planned_on) }
  if t then
    db.exec("UPDATE evidence SET test_id = NULL WHERE test_id = ?", t.id)
    db.exec([[UPDATE control_tests SET status = 'planned', tester_id = ?, conclusion = NULL, started_at = NULL,
              tested_at = NULL, finding_id = NULL, planned_on = ?, updated_at = ? WHERE id = ?]],
            values.tester_id, spec.planned_on, values.updated_at, t.id)
    return db.one("SELECT * FROM control_tests WHERE id = ?", t.id)
  end
  values.number = G.next_number("control_tests")
  values.control_id, values.period, values.period_start, values.period_end = c.id, spec.period, spec.period_start, spec.period_end
  values.created_at = at_of(spec.planned_on)
  local id = db.insert("control_tests", values)
  return db.one("SELECT * FROM control_tests WHERE id = ?", id)
end

-- An evidence item of a control. spec: control (title), test (row or nil), title, kind, source,
-- collected_on, valid_until, uploaded_by (user name); its status follows from the dates (stale once
-- valid_until has passed).
function M.evidence(spec)
  local c = M.control(spec.control)
  local status = spec.valid_until < G.today() and "stale" or "current"
  local id = db.insert("evidence", {
    number = G.next_number("evidence"), control_id = c.id, test_id = spec.test and spec.test.id or nil, title = spec.title,
    kind = spec.kind or "report", source = spec.source or "manual upload", collected_on = spec.collected_on,
    valid_until = spec.valid_until, uploaded_by_id = M.user_id(spec.uploaded_by), status = status,
    uploaded_at = at_of(spec.uploaded_on or spec.collected_on, "16:00:00"),
  })
  local row = db.one("SELECT * FROM evidence WHERE id = ?", id)
  Deadlines.evidence(row)
  return row
end

-- A policy exception. spec: title, control (title), policy (number) , compensating (control title),
-- requester, approver (user names), risk, justification, starts_on, expires_on, status (default approved),
-- requested_on, decided_on, note, sod_rule (code) and user (user name) for an SoD exception.
function M.exception(spec)
  local status = spec.status or "approved"
  local decided = status ~= "requested"
  local requested_on = spec.requested_on or spec.starts_on
  local id = db.insert("policy_exceptions", {
    number = G.next_number("policy_exceptions"), title = spec.title,
    control_id = spec.control and M.control(spec.control).id or nil,
    policy_id = spec.policy and db.value("SELECT id FROM compliance_policies WHERE number = ?", spec.policy) or nil,
    sod_rule_id = spec.sod_rule and db.value("SELECT id FROM sod_rules WHERE code = ?", spec.sod_rule) or nil,
    user_id = spec.user and M.user_id(spec.user) or nil,
    requester_id = M.user_id(spec.requester), approver_id = decided and M.user_id(spec.approver) or nil,
    risk_rating = spec.risk, justification = spec.justification,
    compensating_control_id = spec.compensating and M.control(spec.compensating).id or nil,
    starts_on = spec.starts_on, expires_on = spec.expires_on, status = status,
    requested_at = at_of(requested_on, "09:30:00"), decided_at = decided and at_of(spec.decided_on or requested_on, "15:00:00") or nil,
    decision_note = decided and (spec.note or "Approved for the period requested.") or nil,
    created_at = at_of(requested_on, "09:30:00"), updated_at = at_of(spec.decided_on or requested_on, "15:00:00"),
  })
  local row = db.one("SELECT * FROM policy_exceptions WHERE id = ?", id)
  Deadlines.exception(row)
  return row
end

-- An audit engagement by code, created as given when the seed has none by that code.
function M.audit(spec)
  local id = db.value("SELECT id FROM compliance_audits WHERE code = ?", spec.code)
  if id then return db.one("SELECT * FROM compliance_audits WHERE id = ?", id) end
  id = db.insert("compliance_audits", {
    code = spec.code, title = spec.title, framework_id = db.value("SELECT id FROM frameworks WHERE code = ?", spec.framework),
    kind = spec.kind, lead_auditor_id = spec.lead and M.user_id(spec.lead) or nil, firm = spec.firm,
    starts_on = spec.starts_on, ends_on = spec.ends_on, status = spec.status,
  })
  return db.one("SELECT * FROM compliance_audits WHERE id = ?", id)
end

-- A finding. spec: title, description, source, control (title), severity, status, owner (user name,
-- default the control's owner), raised_by (user name or nil), raised_on, due_on, audit (code), test (row),
-- exception (row).
function M.finding(spec)
  local c = spec.control and M.control(spec.control)
  local id = db.insert("findings", {
    number = G.next_number("findings"), title = spec.title, description = spec.description, source = spec.source,
    control_id = c and c.id or nil, test_id = spec.test and spec.test.id or nil,
    audit_id = spec.audit and db.value("SELECT id FROM compliance_audits WHERE code = ?", spec.audit) or nil,
    exception_id = spec.exception and spec.exception.id or nil, severity = spec.severity, status = spec.status or "open",
    owner_id = spec.owner and M.user_id(spec.owner) or c.owner_id, raised_by_id = spec.raised_by and M.user_id(spec.raised_by) or nil,
    raised_on = spec.raised_on, due_on = spec.due_on, created_at = at_of(spec.raised_on), updated_at = at_of(spec.updated_on or spec.raised_on),
  })
  return db.one("SELECT * FROM findings WHERE id = ?", id)
end

-- A remediation task of a finding. spec: finding (row), title, assignee, due_on, status (default open),
-- completed_at, notes, created_on.
function M.remediation(spec)
  local id = db.insert("remediation_tasks", {
    number = G.next_number("remediation_tasks"), finding_id = spec.finding.id, title = spec.title,
    assignee_id = M.user_id(spec.assignee), due_on = spec.due_on, status = spec.status or "open",
    completed_at = spec.completed_at, notes = spec.notes,
    created_at = at_of(spec.created_on or spec.finding.raised_on), updated_at = spec.completed_at or at_of(spec.created_on or spec.finding.raised_on),
  })
  return db.one("SELECT * FROM remediation_tasks WHERE id = ?", id)
end

-- A risk acceptance asked of an approver. spec: finding (row), requested_by, approver (user names),
-- rationale, expires_on, requested_on; status requested.
function M.risk_acceptance(spec)
  local id = db.insert("risk_acceptances", {
    number = G.next_number("risk_acceptances"), finding_id = spec.finding.id, risk_title = spec.finding.title,
    rationale = spec.rationale, requested_by_id = M.user_id(spec.requested_by), approver_id = M.user_id(spec.approver),
    status = "requested", expires_on = spec.expires_on,
    created_at = at_of(spec.requested_on, "11:00:00"), updated_at = at_of(spec.requested_on, "11:00:00"),
  })
  return db.one("SELECT * FROM risk_acceptances WHERE id = ?", id)
end

-- A message someone sent the actor earlier (an inbox item the agent can read with list_notifications).
function M.message(spec)
  return db.insert("notifications", {
    recipient_id = M.user_id(spec.to), sender_id = M.user_id(spec.from), channel = "email", subject = spec.subject,
    body = spec.body, record_number = spec.record, sent_at = spec.sent_at,
  })
end

return M
