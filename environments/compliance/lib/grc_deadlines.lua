-- The clock events of compliance records, scheduled from one place so the seed and the tools agree on
-- when each falls due. Call the function of a record's kind after creating it or moving its date; an
-- event whose record has moved on since (decided, extended, notified) does nothing when it runs, because
-- its payload names the date it was scheduled for (events.lua).
--   exception(row)        an approved exception lapses at the end of expires_on
--   evidence(row)         current evidence turns stale at the end of valid_until
--   dsr(row, not_before)  an open request: a reminder REMINDER_DAYS before its deadline, the overdue flag after it
--   breach(row)           the 72-hour authority notification deadline (notify_by)
--   risk_acceptance(row)  an approved acceptance lapses at the end of expires_on
--   training(due_on)      assignments still open at the end of due_on turn overdue
local Tm = require("grc_time")
local M = {}

M.REMINDER_DAYS = 3

-- The deadline of a data-subject request: the extended one when it was extended.
function M.dsr_deadline(row) return row.extended_due_on or row.due_on end

local function later_than(t, not_before) return t > (not_before or clock.now()) end

function M.exception(row)
  if row.status ~= "approved" then return end
  clock.schedule(Tm.end_of(row.expires_on), "grc_exception_expiry", { exception_id = row.id, expires_on = row.expires_on })
end

function M.evidence(row)
  if row.status ~= "current" then return end
  clock.schedule(Tm.end_of(row.valid_until), "grc_evidence_expiry", { evidence_id = row.id, valid_until = row.valid_until })
end

-- not_before: nothing is scheduled at or before this time (the seed passes the end of its quiet window,
-- its requests already past their deadline carry the overdue flag; tools leave it to the current time).
function M.dsr(row, not_before)
  if row.status ~= "received" and row.status ~= "in_progress" then return end
  local deadline = M.dsr_deadline(row)
  local remind_at = Tm.date_start(deadline) - M.REMINDER_DAYS * Tm.DAY
  if later_than(remind_at, not_before) then
    clock.schedule(remind_at, "dsr_due_reminder", { dsr_id = row.id, deadline = deadline })
  end
  if later_than(Tm.end_of(deadline), not_before) then
    clock.schedule(Tm.end_of(deadline), "dsr_overdue", { dsr_id = row.id, deadline = deadline })
  end
end

function M.breach(row)
  if row.personal_data ~= 1 or row.authority_notified_at or row.status == "closed" then return end
  clock.schedule(clock.parse(row.notify_by), "breach_notification_deadline", { breach_id = row.id, notify_by = row.notify_by })
end

function M.risk_acceptance(row)
  if row.status ~= "approved" then return end
  clock.schedule(Tm.end_of(row.expires_on), "grc_risk_acceptance_expiry", { acceptance_id = row.id, expires_on = row.expires_on })
end

function M.training(due_on)
  clock.schedule(Tm.end_of(due_on), "grc_training_overdue", { due_on = due_on })
end

return M
