-- Search friction: the Berlin reports say "Wi-Fi", "wifi", "wireless", "WLAN" and "No internet"; a
-- printer jam in Berlin and slow Wi-Fi in London are different issues. Success: P1 major master with the
-- paged Network on-call primary, the six other outage reports attached and updated, Tobias informed.
local C = require("checks")
local F = require("facts")
local function list(items) return #items == 0 and "none" or table.concat(items, ", ") end
local master = F.incident("INC0002001")
local primary = F.on_call("Network", "primary", "2026-03-02T11:30:00Z")
-- about 150 people who cannot work: impact 1 ("many people: a whole office"), urgency 1, so P1 by the table
check("the earliest report is a P1 major incident from impact 1 and urgency 1",
      master.major == 1 and master.priority == 1 and master.impact == 1 and master.urgency == 1,
      "major=" .. master.major .. " priority=" .. master.priority .. " impact=" .. master.impact .. " urgency=" .. master.urgency)
check("Network's on-call primary " .. tostring(F.user_name(primary)) .. " owns it",
      master.assignment_group_id == F.group_id("Network") and master.assigned_to_id == primary,
      "group " .. tostring(db.value("SELECT name FROM groups WHERE id = ?", master.assignment_group_id)) ..
      ", assignee " .. tostring(F.user_name(master.assigned_to_id)))
local paged = F.notified("INC0002001", primary, { "page", "sms" })
check("the on-call engineer was paged", paged,
      (paged and "page or SMS about INC0002001 sent to " or "page or SMS about INC0002001 sent to nobody; on call: ") ..
      tostring(F.user_name(primary)))
local attached, missing, updated, silent = {}, {}, {}, {}
for _, n in ipairs({ "INC0002002", "INC0002003", "INC0002005", "INC0002007", "INC0002008", "INC0002009" }) do
  local c = F.incident(n)
  if c.parent_id == master.id then attached[#attached + 1] = n else missing[#missing + 1] = n end
  if #F.notes(n, "maria.chen", "comment") == 0 and not F.notified(n, c.caller_id) then silent[#silent + 1] = n
  else updated[#updated + 1] = n end
end
check("every Berlin Wi-Fi report is attached", #missing == 0, "attached: " .. list(attached) .. "; not attached: " .. list(missing))
check("every attached caller got an update", #silent == 0, "updated: " .. list(updated) .. "; no update: " .. list(silent))
C.no_row("the printer jam and the London ticket stay separate",
         "SELECT number FROM incidents WHERE number IN ('INC0002004', 'INC0002006') AND parent_id IS NOT NULL")
C.row_exists("Tobias was told", "SELECT 1 FROM notifications WHERE recipient_id = ? AND sender_id = ?",
             F.user_id("tobias.kern"), F.user_id("maria.chen"))
C.status_is("done")
