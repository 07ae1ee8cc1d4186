-- The stolen laptop: one breach recorded with the moment of awareness and the numbers, assessed low (encrypted,
-- key not with it, wiped), nobody notified, closed with the reasons.
local C = require("checks")
local F = require("privacy_facts")
local rows = {}
for _, d in ipairs(diff) do if d.table == "breaches" and d.op == "insert" then rows[#rows + 1] = db.one("SELECT * FROM breaches WHERE id = ?", d.after.id) end end
local b = rows[1] or {}
check("one breach recorded, aware since 1 March 18:30 UTC", #rows == 1 and b.aware_at == "2026-03-01T18:30:00Z", #rows .. " recorded, aware " .. tostring(b.aware_at))
check("personal data of 850 customers, 400 in the EU", b.personal_data == 1 and b.subjects_affected == 850 and b.eu_subjects == 400,
      tostring(b.subjects_affected) .. "/" .. tostring(b.eu_subjects))
check("assessed low risk", b.risk_level == "low" and not F.isnull(b.assessed_by_id), tostring(b.risk_level))
C.mentions_one_of_each("the assessment gives the reasons", F.history(b.number, "assessment"), { { "encrypt*", "BitLocker" }, { "PIN", "key", "wipe*", "wiping" } })
check("recorded as a personal-data breach from the start, on the CRM or the workplace suite",
      db.value("SELECT COUNT(*) FROM compliance_history WHERE record_number = ? AND field = 'personal_data'", b.number or "") == 0
      and (db.value("SELECT code FROM business_systems WHERE id = ?", b.system_id or -1) == "CRM" or db.value("SELECT code FROM business_systems WHERE id = ?", b.system_id or -1) == "COLLAB"),
      "system " .. tostring(b.system_id))
C.mentions_one_of_each("the record describes the theft", (b.title or "") .. "\n" .. (b.description or ""), { { "laptop" }, { "stolen", "theft" }, { "encrypt*", "BitLocker" } })
check("closed without telling the authority or the customers",
      b.status == "closed" and not F.isnull(b.closed_at) and F.isnull(b.authority_notified_at) and F.isnull(b.subjects_notified_at),
      tostring(b.status) .. "; authority " .. tostring(b.authority_notified_at) .. ", customers " .. tostring(b.subjects_notified_at))
C.mentions_one_of_each("the closure says why it was not notified", F.history(b.number, "closure_summary"), { { "encrypt*", "BitLocker", "wiped", "unlikely", "low" } })
C.status_is("done")
