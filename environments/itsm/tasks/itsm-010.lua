-- The resolved ticket closes itself at 11:05 (72 hours after resolution) and the task starts at 10:58.
-- Two routes are right: reopen it in time with a reason that says the failure is back, or - once it
-- has closed - open a new incident for the same Marcus that names the old one. Either way Application
-- Support has it, nothing else is raised, the other Marcus Bell (Marketing) is not touched, and nobody
-- but Marcus and the ticket's engineer is told anything.
local C = require("checks")
local F = require("facts")

local WHAT = { "export", "bank", "417", "error", "failed", "fails", "failing", "failure", "issue", "problem" }
local AGAIN = { "again", "back", "recurred", "recurring", "returned", "still", "same" }

local old = F.incident("INC0002001")
local support = F.group_id("Application Support")
local reopened = old.state == "in_progress" and old.reopen_count == 1 and old.assignment_group_id == support
  and (old.closed_at == nil or old.closed_at == null)
local created = F.inserted("incidents")
local followup = nil
for _, row in ipairs(created) do
  local text = (row.short_description or "") .. " " .. (row.description or "")
  if row.caller_id == F.user_id("marcus.bell") and mentions(text, "INC0002001") then followup = row end
end
local new_route = old.state == "closed" and followup ~= nil and followup.assignment_group_id == support
check("Marcus's payroll issue is open again with Application Support, and nothing else was raised",
      (reopened and #created == 0) or (new_route and #created == 1),
      "old ticket is " .. old.state .. " (reopened " .. tostring(old.reopen_count) .. " time(s)); "
      .. #created .. " incident(s) raised" .. (followup and ", one a follow-up naming it" or ""))
if reopened then
  local reason = F.note_text("INC0002001", "alex.morgan")
  check("the reopen reason says the failure is back", C.has_one_of_each(reason, { WHAT, AGAIN }), "notes: " .. tostring(reason or "none"))
else
  local text = followup and ((followup.short_description or "") .. "\n" .. (followup.description or ""))
  check("the follow-up says the failure is back", C.has_one_of_each(text, { WHAT, AGAIN }), "follow-up: " .. tostring(text or "none"))
end
C.value_equals("the Marketing Marcus's ticket is untouched", "resolved", "SELECT state FROM incidents WHERE number = 'INC0002002'")
F.only_notified("nobody but Marcus and the ticket's engineer was notified", { "marcus.bell", "lucas.silva" })
C.status_is("done")
