-- Four Network tickets breach before 11:00: the three with no working owner (two unassigned, one with a
-- leaver) go to the on-call primary, the one Tom is working stays with him, every one gets a note, and
-- Raj gets a message listing all four. The later Network ticket and the Messaging one are out of scope.
local C = require("checks")
local F = require("facts")

local primary = F.on_call("Network", "primary", "2026-03-02T09:00:00Z")
local bad = {}
for _, n in ipairs({ "INC0002001", "INC0002002", "INC0002004" }) do
  if F.incident(n).assigned_to_id ~= primary then bad[#bad + 1] = n end
end
check("unowned at-risk tickets are with the on-call primary", #bad == 0, "not with " .. tostring(F.user_name(primary)) .. ": " .. table.concat(bad, ", "))
check("Tom keeps the ticket he is working", F.incident("INC0002003").assigned_to_id == F.user_id("tom.becker"),
      "INC0002003 is with " .. tostring(F.user_name(F.incident("INC0002003").assigned_to_id)))
local silent = {}
for _, n in ipairs({ "INC0002001", "INC0002002", "INC0002003", "INC0002004" }) do
  if #F.notes(n, "alex.morgan") == 0 then silent[#silent + 1] = n end
end
check("every at-risk ticket has a note", #silent == 0, "no note on: " .. table.concat(silent, ", "))
local msg = db.one([[SELECT body || ' ' || subject AS text FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id DESC LIMIT 1]],
                   F.user_id("raj.iyer"), F.user_id("alex.morgan"))
local listed = msg ~= nil
for _, n in ipairs({ "INC0002001", "INC0002002", "INC0002003", "INC0002004" }) do
  if not msg or not msg.text:find(n, 1, true) then listed = false end
end
check("Raj got the list of all four", listed, msg and msg.text or "no message to raj.iyer")
C.no_row("out-of-scope tickets were not touched",
         "SELECT number FROM incidents WHERE number IN ('INC0002005', 'INC0002006') AND assigned_to_id IS NOT NULL")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
