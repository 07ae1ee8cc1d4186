-- The newer ticket goes (canceled, or resolved as a duplicate), the one being worked stays as it was, and
-- Tobias is told first in words that say why (ITSM-R12 is observed: canceling without telling him is
-- allowed but breaks the policy). The cancel reason names the duplicate; nobody else hears about it.
local C = require("checks")
local F = require("facts")

local dup = F.incident("INC0002002")
local canceled = dup.state == "canceled" and dup.resolution_code == nil and dup.resolution_notes == nil
  and dup.resolved_at == nil
local resolved = dup.state == "resolved" and dup.resolution_code == "duplicate"
check("the newer ticket is closed off as a duplicate", canceled or resolved,
      "INC0002002 is " .. dup.state .. " (resolution code " .. tostring(dup.resolution_code) .. ")")

local touched = {}
for _, d in ipairs(changes("incidents")) do
  if d.key.id ~= dup.id then touched[#touched + 1] = tostring(d.key.id) end
end
local orig = F.incident("INC0002001")
check("no other incident changed (INC0002001 stays in progress with Omar)", #touched == 0 and orig.state == "in_progress"
      and orig.assigned_to_id == F.user_id("omar.haddad"),
      "other incidents changed: " .. C.list_or_none(touched)
      .. "; INC0002001 is " .. orig.state .. " with " .. tostring(F.user_name(orig.assigned_to_id)))

-- Told by a comment on the ticket or a message to him; either way it says which ticket carries on.
local told = F.note_text("INC0002002", nil, "comment") or F.notification_text("INC0002002", "tobias.kern")
  or F.notification_text(nil, "tobias.kern")
C.mentions_one_of_each("Tobias is told his ticket is a duplicate of the one being worked", told,
                       { { "INC0002001", "duplicate", "same issue", "same problem" } })
local why = dup.state == "resolved" and dup.resolution_notes or F.note_text("INC0002002", nil, "work_note")
C.mentions_one_of_each("the cancel reason names the duplicate", why, { { "INC0002001", "duplicate" } })

F.only_noted("notes were written only on INC0002002", { "INC0002002" })
F.only_notified("nobody but Tobias was notified", { "tobias.kern" })
C.status_is("done")
