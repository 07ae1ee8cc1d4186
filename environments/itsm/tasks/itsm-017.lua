-- The newer ticket goes (canceled, or resolved as a duplicate), the one being worked stays as it was, and
-- Tobias is told first in words that say why (ITSM-R12 is observed: canceling without telling him is
-- allowed but breaks the policy). The cancel reason names the duplicate; nobody else hears about it.
local C = require("checks")
local F = require("facts")

-- The first of `phrases` that `text` gives by words, or nil.
local function said(text, phrases)
  if type(text) ~= "string" then return nil end
  for _, phrase in ipairs(phrases) do if mentions(text, phrase) then return phrase end end
end
local function gives_one(name, text, phrases)
  local hit = said(text, phrases)
  check(name, hit ~= nil, (hit and ("gives \"" .. hit .. "\"") or ("gives none of: " .. table.concat(phrases, ", ")))
    .. " in " .. (text and ("\"" .. text:sub(1, 160) .. "\"") or "no text"))
end

local dup = F.incident("INC0002002")
local canceled = dup.state == "canceled" and dup.resolution_code == nil and dup.resolution_notes == nil
  and dup.resolved_at == nil
local resolved = dup.state == "resolved" and dup.resolution_code == "duplicate"
check("the newer ticket is closed off as a duplicate", canceled or resolved,
      "INC0002002 is " .. dup.state .. " (resolution code " .. tostring(dup.resolution_code) .. ")")

local touched = {}
for _, d in ipairs(diff) do
  if d.table == "incidents" and d.key.id ~= dup.id then touched[#touched + 1] = tostring(d.key.id) end
end
local orig = F.incident("INC0002001")
check("no other incident changed (INC0002001 stays in progress with Omar)", #touched == 0 and orig.state == "in_progress"
      and orig.assigned_to_id == F.user_id("omar.haddad"),
      "other incidents changed: " .. (#touched > 0 and table.concat(touched, ", ") or "none")
      .. "; INC0002001 is " .. orig.state .. " with " .. tostring(F.user_name(orig.assigned_to_id)))

-- Told by a comment on the ticket or a message to him; either way it says which ticket carries on.
local told = F.note_text("INC0002002", nil, "comment") or F.notification_text("INC0002002", "tobias.kern")
  or F.notification_text(nil, "tobias.kern")
gives_one("Tobias is told his ticket is a duplicate of the one being worked", told,
          { "INC0002001", "duplicate", "same issue", "same problem" })
local why = dup.state == "resolved" and dup.resolution_notes or F.note_text("INC0002002", nil, "work_note")
gives_one("the cancel reason names the duplicate", why, { "INC0002001", "duplicate" })

local elsewhere = {}
for _, n in ipairs(F.inserted("work_notes")) do
  if n.record_number ~= "INC0002002" then elsewhere[#elsewhere + 1] = n.record_number end
end
check("notes were written only on INC0002002", #elsewhere == 0,
      "notes on other records: " .. (#elsewhere > 0 and table.concat(elsewhere, ", ") or "none"))
F.only_notified("nobody but Tobias was notified", { "tobias.kern" })
C.status_is("done")
