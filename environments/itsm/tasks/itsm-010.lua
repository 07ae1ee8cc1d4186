-- The resolved ticket closes itself at 11:05 (72 hours after resolution) and the task starts at 10:58.
-- Two routes are right: reopen it in time, or - once it has closed - open a new incident for the same
-- Marcus that names the old one. Either way Application Support has it, and the other Marcus Bell
-- (Marketing) is not touched.
local C = require("checks")
local F = require("facts")

local old = F.incident("INC0002001")
local support = F.group_id("Application Support")
local reopened = old.state == "in_progress" and old.reopen_count == 1 and old.assignment_group_id == support
local followup = nil
for _, row in ipairs(F.inserted("incidents")) do
  local text = (row.short_description or "") .. " " .. (row.description or "")
  if row.caller_id == F.user_id("marcus.bell") and text:find("INC0002001", 1, true) then followup = row end
end
local new_route = old.state == "closed" and followup ~= nil and followup.assignment_group_id == support
check("Marcus's payroll issue is open again with Application Support", reopened or new_route,
      "old ticket is " .. old.state .. (followup and ", follow-up found" or ", no follow-up naming it"))
if reopened then
  check("the reason was recorded on the ticket", #F.notes("INC0002001", "alex.morgan") > 0, "no note from alex.morgan")
else
  check("the follow-up is for the right Marcus", followup ~= nil, "no follow-up for marcus.bell")
end
C.value_equals("the Marketing Marcus's ticket is untouched", "resolved", "SELECT state FROM incidents WHERE number = 'INC0002002'")
C.no_row("nothing raised for the wrong Marcus", "SELECT number FROM incidents WHERE caller_id = ? AND opened_at >= '2026-03-02T10:58:00Z'",
         F.user_id("marcus.bell2"))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
