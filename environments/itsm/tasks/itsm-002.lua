-- Every open ticket of the leaver must now sit with the Network on-call primary (at the task's start),
-- each with a note from the agent and a message to its caller; the resolved ticket stays as it was.
local C = require("checks")
local F = require("facts")

local primary = F.on_call("Network", "primary", "2026-03-02T09:00:00Z")
local greg = F.user_id("greg.holt")
local open = { "INC0002001", "INC0002002", "INC0002003", "INC0002004" }

local moved, noted, told = {}, {}, {}
for _, number in ipairs(open) do
  local inc = F.incident(number)
  if inc.assigned_to_id ~= primary or inc.assignment_group_id ~= F.group_id("Network") then moved[#moved + 1] = number end
  if #F.notes(number, "alex.morgan") == 0 then noted[#noted + 1] = number end
  if not F.notified(number, inc.caller_id) then told[#told + 1] = number end
end
check("all four open tickets are with the on-call primary " .. tostring(F.user_name(primary)), #moved == 0,
      "not moved: " .. table.concat(moved, ", "))
check("each reassigned ticket has a note saying why", #noted == 0, "no note on: " .. table.concat(noted, ", "))
check("each caller was told", #told == 0, "caller not told on: " .. table.concat(told, ", "))
C.no_row("no open ticket is left with Greg Holt",
         "SELECT number FROM incidents WHERE assigned_to_id = ? AND state IN ('new', 'in_progress', 'on_hold')", greg)
C.value_equals("the resolved ticket was left alone", greg, "SELECT assigned_to_id FROM incidents WHERE number = 'INC0002005'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
