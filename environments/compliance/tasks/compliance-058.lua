-- Ottoline Marchetti: PRIV erasure of what no duty keeps, HR and payroll records restricted (RET-HR, RET-PAY)
-- with the answer saying what is kept, why and until when; her three live grants revoked (ISO A.9.2.6, SOX
-- ITGC-AC-04) and a finding on each leaver control that missed her (CRM and PROCURE).
local C = require("checks")
local F = require("privacy_facts")
local G = require("grc_facts")
local EMAIL = "ottoline.marchetti@posteo.net"
local r = F.request(EMAIL)
F.check_verified("the request is tied to Ottoline Marchetti, verified by her address of record", r, EMAIL, "address_of_record", { { EMAIL, "posteo" } })
F.check_erased("her HR contact details, recruitment file and bank account are erased", { "HRIS-CON-188302", "HRIS-REC-188302", "PAY-BNK-188302" })
F.check_restricted("her employment record is restricted under the HR duty", { "HRIS-EMP-188302" },
                   { { "RET-HR", "employment", "retention", "2028" } })
F.check_restricted("her payroll history is restricted under the payroll duty", { "PAY-EMP-188302" }, { { "RET-PAY", "payroll", "tax", "retention", "2032" } })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says what was erased, what is kept until when, and that her accounts are closed", r.response_summary,
                       { { "erased", "deleted" }, { "employment record*", "HR record*", "employment" }, { "payroll" }, { "2028" }, { "2032" },
                         { "account*", "access" } })
local uid = db.value("SELECT id FROM users WHERE user_name = 'ottoline.marchetti'")
local revoked = {}
for _, g in ipairs(db.query("SELECT id FROM access_grants WHERE user_id = ? AND revoked_on >= '2026-03-02' ORDER BY id", uid)) do revoked[#revoked + 1] = { id = g.id } end
check("she has no access left", db.value("SELECT COUNT(*) FROM access_grants WHERE user_id = ? AND status = 'active'", uid) == 0 and #revoked == 3,
      #revoked .. " revoked today")
C.only_rows("only her three grants were revoked", "access_grants", "update", revoked)
local bad = {}
for _, g in ipairs(db.query("SELECT * FROM access_grants WHERE user_id = ? AND revoked_on >= '2026-03-02' ORDER BY id", uid)) do
  if not C.has_one_of_each(g.revoke_reason, { { "leaver", "left", "former employee", "no longer employed" } }) then bad[#bad + 1] = g.number end
end
check("every revocation says she left", #bad == 0, "without a leaver reason: " .. C.list_or_none(bad))
local found = {}
for _, f in ipairs(F.new_findings()) do
  local title = db.value("SELECT title FROM grc_controls WHERE id = ?", f.control_id or -1)
  local fits = (f.severity == "high" or f.severity == "critical") and (f.source == "self_identified" or f.source == "access_review")
  if title and fits and C.has_one_of_each(f.title .. "\n" .. f.description, { { "Ottoline", "Marchetti", "leaver", "left" } }) then found[title] = f end
end
check("a high finding (self-identified) on the CRM leaver access removal control", found["CRM leaver access removal"] ~= nil,
      "findings on: " .. C.list_or_none((function() local t = {} for _, f in ipairs(F.new_findings()) do t[#t + 1] = tostring(f.control_id) end return t end)()))
check("a high finding (self-identified) on the PROCURE leaver access removal control", found["PROCURE leaver access removal"] ~= nil,
      found["PROCURE leaver access removal"] and found["PROCURE leaver access removal"].number or "none")
G.only_messaged("only the people concerned were messaged (the control owner, the DPO, the access review lead)", { "david.cohen", "desmond.achebe", "henrik.aalto" }, false)
C.status_is("done")
