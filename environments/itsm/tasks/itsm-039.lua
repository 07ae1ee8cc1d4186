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
-- a note says why when it names the team the ticket went to or the misrouting
local WHY = { "misrout*", "routing", "wrong queue", "wrong team", "wrong group", "not a network", "not network" }
local function says_why(body, group)
  if mentions(body, group) then return true end
  for _, phrase in ipairs(WHY) do if mentions(body, phrase) then return true end end
  return false
end
local right, wrong, noted, unnoted = {}, {}, {}, {}
for _, n in ipairs(numbers) do
  local inc = F.incident(n)
  local ok = false
  for _, g in ipairs(want[n]) do if inc.assignment_group_id == F.group_id(g) then ok = true end end
  if ok then right[#right + 1] = n else wrong[#wrong + 1] = n end
  local group = F.group_name(inc.assignment_group_id) or "?"
  local body = F.note_text(n, "alex.morgan", "work_note")
  if body and says_why(body, group) then noted[#noted + 1] = n else unnoted[#unnoted + 1] = n end
end
check("each misrouted ticket is with the team that handles it", #wrong == 0,
      "with the right team: " .. C.list_or_none(right) .. "; elsewhere: " .. C.list_or_none(wrong))
check("each moved ticket has a work note saying why (the misrouting or the team it went to)", #unnoted == 0,
      "note says why: " .. C.list_or_none(noted) .. "; no such note: " .. C.list_or_none(unnoted))
C.count_equals("the VPN and Wi-Fi tickets stay with Network", 2,
               "SELECT id FROM incidents WHERE number IN ('INC0002006', 'INC0002009') AND assignment_group_id = ?", F.group_id("Network"))
C.status_is("done")
