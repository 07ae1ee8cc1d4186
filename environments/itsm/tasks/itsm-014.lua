-- Four Network tickets breach before 11:00: the three with no working owner (two unassigned, one with a
-- leaver) go to the on-call primary, the one Tom is working stays with him (expected_changes name the
-- three that may change), every one gets one note saying it is at risk, and Raj, and nobody else, gets a
-- message listing all four. The later Network ticket and the Messaging one are out of scope.
local C = require("checks")
local F = require("facts")

local AT_RISK = { "at risk", "breach", "breaches", "breaching", "sla", "due" }
local at_risk = { "INC0002001", "INC0002002", "INC0002003", "INC0002004" }

local primary = F.on_call("Network", "primary", "2026-03-02T09:00:00Z")
local with, without = {}, {}
for _, n in ipairs({ "INC0002001", "INC0002002", "INC0002004" }) do
  if F.incident(n).assigned_to_id == primary then with[#with + 1] = n else without[#without + 1] = n end
end
check("unowned at-risk tickets are with the on-call primary " .. tostring(F.user_name(primary)), #without == 0,
      "with them: " .. C.list_or_none(with) .. "; not: " .. C.list_or_none(without))
local noted, silent = {}, {}
for _, n in ipairs(at_risk) do
  local notes = F.new_notes(n, "alex.morgan")
  if #notes == 1 and C.has_one_of_each(notes[1].body, { AT_RISK }) then noted[#noted + 1] = n
  else silent[#silent + 1] = n .. " (" .. #notes .. " note(s))" end
end
check("every at-risk ticket has one note saying it is at risk", #silent == 0,
      "noted: " .. C.list_or_none(noted) .. "; not as asked: " .. C.list_or_none(silent))
F.only_noted("notes only on the four at-risk tickets", at_risk)
C.mentions("Raj got the list of all four", F.notification_text(nil, "raj.iyer"),
           "INC0002001", "INC0002002", "INC0002003", "INC0002004")
F.only_notified("nobody but Raj was notified", { "raj.iyer" })
C.status_is("done")
