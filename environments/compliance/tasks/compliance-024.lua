-- Every framework's side of one event. SOX and ISO 27001: the February leaver-removal test of PayCentral
-- fails and a high finding opens for David (a key control). Privacy: the export is recorded as a
-- personal-data breach on PayCentral, aware since 08:30 UTC (so the authority is due by 5 March 08:30),
-- with the people affected counted, and the DPO is told the deadline.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")
local c = F.find_by("grc_controls", "title", "PAYROLL leaver access removal")
local t = db.one("SELECT * FROM control_tests WHERE control_id = ? AND period = '2026-02'", c.id) or {}
local f = t.finding_id and db.one("SELECT * FROM findings WHERE id = ?", t.finding_id) or {}
check("SOX/ISO: the February test failed and the control is failing", t.status == "failed" and t.tester_id == noor and c.status == "failing",
      tostring(t.status) .. "; control " .. tostring(c.status))
check("SOX/ISO: a high finding is open for David Cohen", f.owner_id == F.user_id("david.cohen") and f.severity == "high" and f.status == "open",
      tostring(f.number) .. " " .. tostring(f.severity) .. " for " .. tostring(F.user_name(f.owner_id)))
C.mentions_one_of_each("the conclusion says what failed", t.conclusion,
                       { { "24 February", "25 days", "kept", "still had", "not removed", "late" }, { "export*", "leaver", "left" } })
local made = F.inserted("breaches")
local b = made[1] or {}
check("privacy: one personal-data breach recorded on PayCentral", #made == 1 and b.personal_data == 1 and
      b.system_id == db.value("SELECT id FROM business_systems WHERE code = 'PAYROLL'"),
      #made .. " breach(es); " .. tostring(b.number) .. " personal data " .. tostring(b.personal_data))
check("privacy: aware since 08:30 UTC today, so the authority is due by 5 March 08:30 UTC",
      b.aware_at == "2026-03-02T08:30:00Z" and b.notify_by == "2026-03-05T08:30:00Z",
      "aware " .. tostring(b.aware_at) .. ", notify by " .. tostring(b.notify_by))
check("privacy: 2,140 people affected, 860 in the EU", b.subjects_affected == 2140 and b.eu_subjects == 860,
      tostring(b.subjects_affected) .. " affected, " .. tostring(b.eu_subjects) .. " in the EU")
check("privacy: it happened on 20 February (if the time is given)", b.occurred_at == nil or tostring(b.occurred_at):sub(1, 10) == "2026-02-20",
      "occurred " .. tostring(b.occurred_at))
C.mentions_one_of_each("privacy: the breach record says what happened", (b.title or "") .. "\n" .. (b.description or ""),
                       { { "export*" }, { "payroll", "salar*", "bank details" } })
C.mentions_one_of_each("privacy: the DPO was told of the breach and its deadline", F.text_to("henrik.aalto"),
                       { b.number or "no breach", { "5 March", "March 5", "2026-03-05", "72 hours", "72h" } })
F.only_messaged("nobody but the DPO, the control owner and the CCO was messaged", { "henrik.aalto", "david.cohen", "beatrice.strand" }, false)
C.status_is("done")
