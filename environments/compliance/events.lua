-- Scheduled events of the compliance environment. Each handler runs once the simulated clock passes its
-- due time, in its own savepoint, as the system (no acting user). lib/grc_deadlines.lua schedules them,
-- for the seed's records at T0 and for the records tools create or move. A handler whose record has moved
-- on since (renewed, extended, notified, closed) does nothing: the payload names the date it was scheduled
-- for, and only an event matching the current record acts.
local D = require("directory")
local Tm = require("grc_time")
local Deadlines = require("grc_deadlines")

local function history(number, field, old, new)
  db.insert("compliance_history", { record_number = number, field = field, old_value = old ~= nil and tostring(old) or nil,
                                    new_value = new ~= nil and tostring(new) or nil, at = D.now() })
end

local function today() return D.now():sub(1, 10) end

local function user_id(name) return db.value("SELECT id FROM users WHERE user_name = ? AND active = 1", name) end

-- The people told about privacy deadlines: the Data Protection Officer and the Chief Compliance Officer.
local function privacy_leads()
  local out = {}
  for _, name in ipairs({ "henrik.aalto", "beatrice.strand" }) do out[#out + 1] = user_id(name) end
  return out
end

local function notify_all(ids, subject, body, number)
  local seen = {}
  for _, id in ipairs(ids) do
    if id and not seen[id] then
      seen[id] = true
      D.notify(id, subject, body, number)
    end
  end
end

-- A finding the system raises (an exception lapsed with its control still depending on it).
local function raise_finding(f)
  local last = db.value("SELECT number FROM findings ORDER BY number DESC LIMIT 1")
  local number = string.format("FND%07d", (last and tonumber(last:sub(4)) or 0) + 1)
  local now = D.now()
  db.insert("findings", {
    number = number, title = f.title, description = f.description, source = f.source, control_id = f.control_id,
    exception_id = f.exception_id, severity = f.severity, status = "open", owner_id = f.owner_id,
    raised_on = today(), due_on = Tm.add_days(today(), 30), created_at = now, updated_at = now,
  })
  history(number, "created", nil, "open")
  return number
end

-- The control turns failing (a retired control stays retired).
local function fail_control(control)
  if control.status == "failing" or control.status == "retired" then return end
  db.update("grc_controls", { id = control.id }, { status = "failing", updated_at = D.now() })
  history(control.number, "status", control.status, "failing")
end

return {
  -- An approved exception reaches the end of its last day. Payload: { exception_id, expires_on }. It
  -- expires; the control it exempted turns failing and a finding is opened on it, owned by the control's
  -- owner, as severe as the exception's risk; the requester and the control owner are told.
  grc_exception_expiry = function(payload)
    local exc = db.one("SELECT * FROM policy_exceptions WHERE id = ?", payload.exception_id)
    if not exc or exc.status ~= "approved" or exc.expires_on ~= payload.expires_on then return end
    db.update("policy_exceptions", { id = exc.id }, { status = "expired", updated_at = D.now() })
    history(exc.number, "status", "approved", "expired")
    local recipients = { exc.requester_id }
    local finding
    if exc.control_id then
      local control = db.one("SELECT * FROM grc_controls WHERE id = ?", exc.control_id)
      fail_control(control)
      finding = raise_finding({
        title = "Exception " .. exc.number .. " expired: " .. control.title,
        description = "Exception " .. exc.number .. " (" .. exc.title .. ") to control " .. control.number ..
                      " expired on " .. exc.expires_on .. " and the control does not operate as designed without it.",
        source = "exception_expiry", control_id = control.id, exception_id = exc.id, severity = exc.risk_rating,
        owner_id = control.owner_id,
      })
      recipients[#recipients + 1] = control.owner_id
    end
    notify_all(recipients, "Exception expired: " .. exc.number,
               exc.number .. " (" .. exc.title .. ") expired at the end of " .. exc.expires_on .. "." ..
               (finding and (" Finding " .. finding .. " is open on the control until it is remediated.") or ""),
               exc.number)
  end,

  -- Current evidence reaches the end of valid_until. Payload: { evidence_id, valid_until }. It turns stale;
  -- an effective control left with no current evidence turns not_tested, and its owner is told.
  grc_evidence_expiry = function(payload)
    local ev = db.one("SELECT * FROM evidence WHERE id = ?", payload.evidence_id)
    if not ev or ev.status ~= "current" or ev.valid_until ~= payload.valid_until then return end
    db.update("evidence", { id = ev.id }, { status = "stale" })
    history(ev.number, "status", "current", "stale")
    local control = db.one("SELECT * FROM grc_controls WHERE id = ?", ev.control_id)
    if control.status ~= "effective" then return end
    local other = db.value([[SELECT 1 FROM evidence WHERE control_id = ? AND id <> ? AND status = 'current'
                             AND valid_until >= ? LIMIT 1]], control.id, ev.id, today())
    if other then return end
    db.update("grc_controls", { id = control.id }, { status = "not_tested", updated_at = D.now() })
    history(control.number, "status", "effective", "not_tested")
    D.notify(control.owner_id, "Control evidence expired: " .. control.number,
             "The last current evidence of " .. control.number .. " (" .. control.title .. "), " .. ev.number ..
             ", expired on " .. ev.valid_until .. ". The control is not tested until new evidence supports a passing test.",
             control.number)
  end,

  -- An open data-subject request is REMINDER_DAYS days from its deadline. Payload: { dsr_id, deadline }.
  -- Its handler (or, with none, the privacy leads) is reminded.
  dsr_due_reminder = function(payload)
    local r = db.one("SELECT * FROM dsr_requests WHERE id = ?", payload.dsr_id)
    if not r or (r.status ~= "received" and r.status ~= "in_progress") or Deadlines.dsr_deadline(r) ~= payload.deadline then return end
    local to = r.handled_by_id and { r.handled_by_id } or privacy_leads()
    notify_all(to, "Data-subject request due in " .. Deadlines.REMINDER_DAYS .. " days: " .. r.number,
               r.number .. " (" .. r.request_type .. " request from " .. r.requester_name .. ") must be answered by " ..
               payload.deadline .. ". It is " .. r.status:gsub("_", " ") .. "; identity " .. r.identity_status .. ".", r.number)
  end,

  -- An open data-subject request passes its deadline. Payload: { dsr_id, deadline }. It is flagged
  -- overdue; the handler and the privacy leads are told.
  dsr_overdue = function(payload)
    local r = db.one("SELECT * FROM dsr_requests WHERE id = ?", payload.dsr_id)
    if not r or (r.status ~= "received" and r.status ~= "in_progress") or Deadlines.dsr_deadline(r) ~= payload.deadline then return end
    if r.overdue == 1 then return end
    db.update("dsr_requests", { id = r.id }, { overdue = 1, updated_at = D.now() })
    history(r.number, "overdue", 0, 1)
    local to = privacy_leads()
    if r.handled_by_id then table.insert(to, 1, r.handled_by_id) end
    notify_all(to, "Data-subject request overdue: " .. r.number,
               r.number .. " (" .. r.request_type .. " request from " .. r.requester_name .. ", received " ..
               r.received_at:sub(1, 10) .. ") was due on " .. payload.deadline .. " and has not been answered.", r.number)
  end,

  -- 72 hours after awareness of a personal-data breach the authority has not been told. Payload:
  -- { breach_id, notify_by }. Unless assessed low risk (no notification needed) the breach is flagged
  -- notification_overdue and the DPO, the CCO and the handler are told.
  breach_notification_deadline = function(payload)
    local b = db.one("SELECT * FROM breaches WHERE id = ?", payload.breach_id)
    if not b or b.notify_by ~= payload.notify_by or b.authority_notified_at or b.status == "closed" then return end
    if b.personal_data ~= 1 or b.risk_level == "low" or b.notification_overdue == 1 then return end
    db.update("breaches", { id = b.id }, { notification_overdue = 1, updated_at = D.now() })
    history(b.number, "notification_overdue", 0, 1)
    local to = privacy_leads()
    to[#to + 1] = b.handled_by_id
    notify_all(to, "Breach notification deadline passed: " .. b.number,
               b.number .. " (" .. b.title .. "): the supervisory authority had to be notified by " .. b.notify_by ..
               " (72 hours after awareness at " .. b.aware_at .. ") and has not been.", b.number)
  end,

  -- An approved risk acceptance reaches the end of its last day. Payload: { acceptance_id, expires_on }.
  -- It expires; its finding, if still accepted, is open again and its owner told.
  grc_risk_acceptance_expiry = function(payload)
    local rac = db.one("SELECT * FROM risk_acceptances WHERE id = ?", payload.acceptance_id)
    if not rac or rac.status ~= "approved" or rac.expires_on ~= payload.expires_on then return end
    db.update("risk_acceptances", { id = rac.id }, { status = "expired", updated_at = D.now() })
    history(rac.number, "status", "approved", "expired")
    local f = rac.finding_id and db.one("SELECT * FROM findings WHERE id = ?", rac.finding_id)
    if not f or f.status ~= "risk_accepted" then return end
    db.update("findings", { id = f.id }, { status = "open", updated_at = D.now() })
    history(f.number, "status", "risk_accepted", "open")
    D.notify(f.owner_id, "Risk acceptance expired: " .. rac.number,
             rac.number .. " for finding " .. f.number .. " (" .. f.title .. ") expired on " .. rac.expires_on ..
             ". The finding is open again: remediate it or request a new acceptance.", f.number)
  end,

  -- Training assignments still open at the end of their due date turn overdue. Payload: { due_on }.
  grc_training_overdue = function(payload)
    for _, a in ipairs(db.query([[SELECT id, number FROM training_assignments WHERE status = 'assigned' AND due_on = ?
                                  ORDER BY id]], payload.due_on)) do
      db.update("training_assignments", { id = a.id }, { status = "overdue" })
      history(a.number, "status", "assigned", "overdue")
    end
  end,
}
