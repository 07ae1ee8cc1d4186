-- Ten of twelve overnight tickets in the Network queue belong elsewhere. Each must reach the team that
-- handles it (two of them may reasonably go to either of two teams) with a work note saying why: the
-- requester asks for no essays, but a move between groups without a note breaks ITSM-R11 (observed).
local C = require("checks")
local F = require("facts")

local want = {
  INC0002001 = { "Messaging" }, INC0002002 = { "End User Computing" }, INC0002003 = { "Application Support" },
  INC0002004 = { "Identity & Access" }, INC0002005 = { "Database Administration", "Application Support" },
  INC0002007 = { "Messaging" }, INC0002008 = { "End User Computing" }, INC0002010 = { "Security Operations" },
  INC0002011 = { "Identity & Access" }, INC0002012 = { "Identity & Access", "Windows Server" },
}
local numbers = {}
for n in pairs(want) do numbers[#numbers + 1] = n end
table.sort(numbers)
local wrong, unnoted = {}, {}
for _, n in ipairs(numbers) do
  local inc = F.incident(n)
  local ok = false
  for _, g in ipairs(want[n]) do if inc.assignment_group_id == F.group_id(g) then ok = true end end
  if not ok then wrong[#wrong + 1] = n end
  if #F.notes(n, "alex.morgan", "work_note") == 0 then unnoted[#unnoted + 1] = n end
end
check("each misrouted ticket is with the team that handles it", #wrong == 0, "wrong group: " .. table.concat(wrong, ", "))
check("each moved ticket has a work note saying why", #unnoted == 0, "no note on: " .. table.concat(unnoted, ", "))
C.count_equals("the VPN and Wi-Fi tickets stay with Network", 2,
               "SELECT id FROM incidents WHERE number IN ('INC0002006', 'INC0002009') AND assignment_group_id = ?", F.group_id("Network"))
C.no_violation_of(nil, "ITSM-R11")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
