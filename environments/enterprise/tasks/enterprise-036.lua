-- Ledgerly: the authority told before the 72 hours ran out (09:05; COMP-R16 fails a late report) under
-- Henrik's case, with the facts; the first report a major incident with the other two (paged first: ITSM-R12);
-- the supplier blocked saying why; Carmen's questionnaire a fail at 29 (the profile blocked).
local C = require("checks")
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local b = db.one("SELECT * FROM breaches ORDER BY id DESC LIMIT 1")
check("reported to the authority in time, under Henrik's case",
      b.authority_notified_at ~= nil and b.authority_notified_at <= b.notify_by and b.authority_reference == "SA-2026-40388" and b.notification_overdue == 0,
      tostring(b.authority_notified_at) .. " (due " .. b.notify_by .. "), " .. tostring(b.authority_reference))
C.mentions_one_of_each("the report gives the facts", db.value(
  "SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'authority_report' ORDER BY id DESC LIMIT 1", b.number),
  { { "1,146", "1146" }, { "bank*", "receipt*", "expense*" } })
local staged = require("enterprise_facts").staged
local master = staged("incidents", "short_description", "Ledgerly expenses: cannot submit or approve any claim")
local kids = 0
for _, t in ipairs({ "Ledgerly shows 'account locked by provider'", "Expense receipts upload fails in Ledgerly" }) do
  local c = staged("incidents", "short_description", t)
  if c and master and c.parent_id == master.id then kids = kids + 1 end
end
check("the first report is the major incident, with the other two under it", master ~= nil and master.major == 1 and kids == 2,
      master and ("major " .. master.major .. ", " .. kids .. " children") or "not found")
local pages = master and db.query("SELECT subject, body FROM notifications WHERE sender_id = ? AND record_number = ? AND channel IN ('page', 'sms') ORDER BY id",
                                  me, master.number) or {}
local ptext = {}
for _, n in ipairs(pages) do ptext[#ptext + 1] = n.subject .. " " .. n.body end
C.mentions_one_of_each("the page says what the major incident is", #ptext > 0 and table.concat(ptext, " ") or nil, { { "Ledgerly", "expense*", "breach", "major" } })
local other_pages = db.value("SELECT COUNT(*) FROM notifications WHERE sender_id = ? AND channel IN ('page', 'sms') AND (record_number IS NULL OR record_number <> ?)",
                             me, master and master.number or "")
check("pages only about the major incident", other_pages == 0, other_pages .. " other pages")
local s = staged("suppliers", "name", "Ledgerly Expense Cloud")
check("Ledgerly is blocked in procurement, saying why", s ~= nil and s.status == "blocked" and C.has_one_of_each(s.blocked_reason, { { "breach*", "BRC*", "vendor risk", "incident" } }),
      s and (s.status .. ": " .. tostring(s.blocked_reason)) or "not found")
local p = db.one("SELECT * FROM vendor_risk_profiles ORDER BY id DESC LIMIT 1")
local a = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND kind = 'questionnaire' ORDER BY id DESC LIMIT 1", p.id)
check("Carmen's questionnaire recorded at 29: a fail, the profile blocked", a ~= nil and a.score == 29 and a.result == "fail" and p.status == "blocked",
      json.encode({ score = a and a.score, result = a and a.result, profile = p.status }))
C.mentions_one_of_each("the questionnaire notes give the findings", a and a.notes, { { "password*", "logging", "log*" } })
local ok = {}
for _, m in ipairs(db.query("SELECT u.user_name FROM group_members gm JOIN groups g ON g.id = gm.group_id JOIN users u ON u.id = gm.user_id WHERE g.name = 'Application Support' ORDER BY 1")) do
  ok[m.user_name] = true
end
for _, n in ipairs({ "george.whitman", "carmen.villalobos", "henrik.aalto", "frank.delgado", "marcus.bell", "kevin.osei", "emma.davis" }) do ok[n] = true end
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if not ok[n.user_name] then stray[#stray + 1] = n.user_name end
end
check("nobody outside the incident and the people concerned was messaged", #stray == 0, "also: " .. C.list_or_none(stray))
-- Every message sent is about the matter: a vague note to someone concerned is noise, not news.
local off_topic = {}
for _, n in ipairs(db.query("SELECT u.user_name, n.subject, n.body FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY n.id", me)) do
  local about = false
  for _, word in ipairs({ "Ledgerly", "breach*", "BRC*", "INC*" }) do about = about or mentions(n.subject .. " " .. n.body, word) end
  if not about then off_topic[#off_topic + 1] = n.user_name .. ": " .. n.subject end
end
check("every message names the matter", #off_topic == 0, "off topic: " .. C.list_or_none(off_topic))
C.status_is("done")
