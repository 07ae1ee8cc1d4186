-- Every open ticket of the leaver must now sit with the Network on-call primary (at the task's start),
-- each with one note from the agent saying why (its owner has left) and one message to its own caller
-- naming the new owner; nobody else is told anything, and the resolved ticket stays as it was.
local C = require("checks")
local F = require("facts")


local primary = F.on_call("Network", "primary", "2026-03-02T09:00:00Z")
local owner = db.one("SELECT user_name, first_name, last_name FROM users WHERE id = ?", primary)
local greg = F.user_id("greg.holt")
local open = { "INC0002001", "INC0002002", "INC0002003", "INC0002004" }
local callers = { INC0002001 = "kevin.osei", INC0002002 = "rachel.adams", INC0002003 = "tobias.kern", INC0002004 = "marcus.bell" }

local moved, not_moved, noted, not_noted, told, not_told = {}, {}, {}, {}, {}, {}
for _, number in ipairs(open) do
  local inc = F.incident(number)
  if inc.assigned_to_id == primary and inc.assignment_group_id == F.group_id("Network") then
    moved[#moved + 1] = number else not_moved[#not_moved + 1] = number end
  local notes = F.new_notes(number, "alex.morgan", "work_note")
  if #notes == 1 and C.has_one_of_each(notes[1].body, { { "left", "leaver", "no longer", "departed", "gone", "inactive", "deactivated", "former" } }) then
    noted[#noted + 1] = number else not_noted[#not_noted + 1] = number end
  local msg = F.notification_text(number, callers[number])
  if C.has_one_of_each(msg, { owner.first_name, owner.last_name }) then told[#told + 1] = number else not_told[#not_told + 1] = number end
end
check("all four open tickets are with the on-call primary " .. owner.user_name, #not_moved == 0,
      "moved: " .. C.list_or_none(moved) .. "; not moved: " .. C.list_or_none(not_moved))
check("each reassigned ticket has one note saying its owner left", #not_noted == 0,
      "with such a note: " .. C.list_or_none(noted) .. "; without: " .. C.list_or_none(not_noted))
check("each caller was told " .. owner.first_name .. " " .. owner.last_name .. " has their ticket", #not_told == 0,
      "told: " .. C.list_or_none(told) .. "; not told: " .. C.list_or_none(not_told))
local notes = F.inserted("work_notes")
check("notes only on the four moved tickets", #notes == 4,
      #notes .. " note(s) written: " .. (function()
        local on = {} for _, n in ipairs(notes) do on[#on + 1] = n.record_number end return C.list_or_none(on) end)())
local sent = {}
for _, n in ipairs(F.notifications()) do
  if n.sender then sent[#sent + 1] = n.recipient .. " about " .. tostring(n.record_number) end
end
local exact = #sent == 4
for number, caller in pairs(callers) do
  local count = 0
  for _, n in ipairs(F.notifications(number)) do if n.sender then count = count + 1 end end
  if count ~= 1 then exact = false end
end
table.sort(sent)
check("one message per caller, about their own ticket", exact, "messages: " .. C.list_or_none(sent))
F.only_notified("nobody but the four callers was notified", { "kevin.osei", "rachel.adams", "tobias.kern", "marcus.bell" })
C.no_row("no open ticket is left with Greg Holt",
         "SELECT number FROM incidents WHERE assigned_to_id = ? AND state IN ('new', 'in_progress', 'on_hold')", greg)
C.status_is("done")
