-- Three frameworks at once. Security and SOX: every active grant of the leaver is revoked (not his
-- look-alike's). Privacy: the breach is recorded with awareness at 08:15 (the 72-hour clock), personal
-- data, 4,200 people of whom 1,900 in the EU, assessed high with the failed control named. Controls: a
-- finding on the CRM leaver access removal control, owned by its owner, raised from the breach.
local C = require("checks")

local quentin = db.value("SELECT id FROM users WHERE user_name = 'quentin.harrow'")
local control = db.one("SELECT * FROM grc_controls WHERE title = 'CRM leaver access removal'")
local grants = db.query("SELECT * FROM access_grants WHERE user_id = ? ORDER BY number", quentin)
local revoked = {}
for _, g in ipairs(grants) do
  if g.revoked_on ~= "2024-01-08" then
    revoked[#revoked + 1] = { number = g.number }
    check("Quentin Harrow's grant " .. g.number .. " is revoked", g.status == "revoked", "status " .. g.status)
    C.mentions_one_of_each(g.number .. ": the reason says he left", g.revoke_reason, { { "left", "leaver", "inactive", "former employee", "no longer" } })
  end
end
C.only_rows("only Quentin Harrow's six grants were revoked (not Quentin Harlow's)", "access_grants", "update", revoked)

local b = nil
for _, d in ipairs(changes("breaches")) do
  if d.op == "insert" then b = db.one("SELECT * FROM breaches WHERE id = ?", d.after.id) end
end
b = b or {}
check("the breach runs from awareness at 08:15 today", b.aware_at == "2026-03-02T08:15:00Z" and b.notify_by == "2026-03-05T08:15:00Z",
      "aware_at " .. tostring(b.aware_at) .. ", notify_by " .. tostring(b.notify_by))
check("the breach is personal data of 4,200 people, 1,900 in the EU", b.personal_data == 1 and b.subjects_affected == 4200 and b.eu_subjects == 1900,
      "personal_data " .. tostring(b.personal_data) .. ", " .. tostring(b.subjects_affected) .. " / " .. tostring(b.eu_subjects))
check("the breach is assessed high with the failed control named", b.status == "assessed" and b.risk_level == "high" and b.control_id == control.id,
      "status " .. tostring(b.status) .. ", risk " .. tostring(b.risk_level) .. ", control " .. tostring(b.control_id))
check("the breach is in ClientHub CRM", b.system_id == control.system_id, "system " .. tostring(b.system_id))
check("the breach happened on Sunday night at 22:40", b.occurred_at == "2026-03-01T22:40:00Z", "occurred_at " .. tostring(b.occurred_at))
check("the breach was recorded as personal data from the start",
      b.number ~= nil and db.value("SELECT COUNT(*) FROM compliance_history WHERE record_number = ? AND field = 'personal_data'", b.number) == 0,
      "personal_data changes after recording: " .. tostring(b.number and db.value("SELECT COUNT(*) FROM compliance_history WHERE record_number = ? AND field = 'personal_data'", b.number)))
local note = b.number and db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'assessment' ORDER BY id DESC LIMIT 1", b.number)
C.mentions_one_of_each("the assessment says why the risk is high", note, { { "former employee", "leaver", "left", "Harrow" }, { "customer*", "contact*", "email*" } })
C.mentions_one_of_each("the breach description says what happened", b.description, { { "Harrow", "leaver", "former employee", "left" }, { "export*" } })

local f = nil
for _, d in ipairs(changes("findings")) do
  if d.op == "insert" then f = d.after end
end
f = f or {}
check("a finding from the breach on the CRM leaver access removal control, for its owner",
      f.control_id == control.id and f.owner_id == control.owner_id and f.source == "breach",
      "control " .. tostring(f.control_id) .. ", owner " .. tostring(f.owner_id) .. ", source " .. tostring(f.source))
check("the finding is at least high", f.severity == "high" or f.severity == "critical", "severity " .. tostring(f.severity))
C.mentions_one_of_each("the finding says whose access was not removed", (f.title or "") .. " " .. (f.description or ""), { { "Harrow" }, { "left", "leaver", "not removed" } })
local strays = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    if who ~= "david.cohen" and who ~= "yolanda.pryce" and who ~= "henrik.aalto" then strays[#strays + 1] = tostring(who) end
  end
end
check("only the control owner, Yolanda or the DPO were told", #strays == 0, #strays == 0 and "none else" or table.concat(strays, ", "))
C.status_is("done")
