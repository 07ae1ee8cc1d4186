-- Declan Varga's payroll-register export, three frameworks at once. PRIV: assessed high with the numbers and
-- the failed control, the authority told within 72 hours under the portal reference, the employees told.
-- SOX ITGC-AC-04 / ISO A.9.2.6: every grant of Declan's revoked and every leaver's PayCentral and PeopleCore grant, nothing
-- else; a finding on the PAYROLL leaver control (source breach) with David's remediation by 20 March. Legal:
-- a hold on Declan's data, nothing of his erased.
local C = require("checks")
local F = require("privacy_facts")
local G = require("grc_facts")
local b = F.breach("Payroll register exported by a leaver's account")
local control = db.one("SELECT * FROM grc_controls WHERE title = 'PAYROLL leaver access removal'") or {}
check("assessed high with the forensic numbers and the failed control",
      b.risk_level == "high" and b.subjects_affected == 412 and b.eu_subjects == 265 and b.control_id == control.id,
      tostring(b.risk_level) .. ", " .. tostring(b.subjects_affected) .. "/" .. tostring(b.eu_subjects) .. ", control " .. tostring(b.control_id))
C.mentions_one_of_each("the assessment says why", F.history(b.number, "assessment"), { { "leaver", "left", "former" }, { "bank*", "salar*", "tax" } })
check("the authority was told within 72 hours under SA-2026-32410",
      not F.isnull(b.authority_notified_at) and b.authority_notified_at <= b.notify_by and b.authority_reference == "SA-2026-32410",
      tostring(b.authority_notified_at) .. " / " .. tostring(b.authority_reference))
C.mentions_one_of_each("the report gives the facts", F.history(b.number, "authority_report"), { { "412" }, { "bank*", "salar*", "tax" } })
check("the employees were told", not F.isnull(b.subjects_notified_at), tostring(b.subjects_notified_at))
C.mentions_one_of_each("the employees' message says what to watch for", F.history(b.number, "subject_message"),
                       { { "bank*", "salar*", "pay" }, { "watch", "check", "wary", "careful", "monitor*", "phishing", "fraud" } })

-- Access: exactly Declan's five and the other leavers' nine PayCentral and PeopleCore grants.
local want, names = {}, {}
for _, g in ipairs(db.query([[SELECT g.* FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                              JOIN business_systems s ON s.id = e.system_id
                              WHERE (u.user_name = 'declan.varga' AND g.revoked_on >= '2026-03-02')
                                 OR (u.user_name IN ('anouk.verbeek', 'tadhg.brennan', 'ines.valdivieso') AND s.code IN ('PAYROLL', 'HRIS')) ORDER BY g.id]])) do
  want[#want + 1] = { id = g.id }
end
local left = db.value([[SELECT COUNT(*) FROM users u CROSS JOIN access_grants g ON g.user_id = u.id AND g.status = 'active'
                        WHERE (u.user_name = 'declan.varga' OR (u.active = 0 AND g.entitlement_id IN
                          (SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE s.code IN ('PAYROLL', 'HRIS'))))]])
check("Declan has no access left and no leaver holds PayCentral or PeopleCore access", left == 0 and #want == 14, left .. " still active; " .. #want .. " revoked today")
C.only_rows("only those fourteen grants were revoked (other systems' leavers are Desmond's review)", "access_grants", "update", want)
local bad = {}
for _, w in ipairs(want) do
  local g = db.one("SELECT * FROM access_grants WHERE id = ?", w.id)
  if not C.has_one_of_each(g.revoke_reason, { { "leaver", "left", "former employee", "no longer employed" } }) then bad[#bad + 1] = g.number end
end
check("every revocation says the person left", #bad == 0, "without a leaver reason: " .. C.list_or_none(bad))

-- The finding on the failed control, and its remediation.
local f = F.new_findings()[1] or {}
check("a high finding on the PAYROLL leaver control, from the breach",
      f.control_id == control.id and f.source == "breach" and (f.severity == "high" or f.severity == "critical"),
      tostring(f.number) .. ": control " .. tostring(f.control_id) .. ", " .. tostring(f.source) .. ", " .. tostring(f.severity))
C.mentions_one_of_each("the finding names the breach and the leaver", (f.title or "") .. "\n" .. (f.description or ""),
                       { { b.number or "BRC?", "breach" }, { "Declan", "Varga", "leaver" } })
local t = db.one("SELECT * FROM remediation_tasks WHERE finding_id = ?", f.id or -1) or {}
check("David Cohen has the remediation task, due by 20 March", t.assignee_id == G.user_id("david.cohen") and tostring(t.due_on) <= "2026-03-20",
      tostring(t.number) .. " for " .. tostring(G.user_name(t.assignee_id)) .. " due " .. tostring(t.due_on))
C.mentions_one_of_each("the task is the HR feed to PayCentral deprovisioning", t.title, { { "feed", "HR", "HRIS" }, { "deprovision*", "remov*", "revok*", "disabl*" } })

-- Legal: a hold on Declan's data, and nothing of his erased.
local subject = F.subject_id("declan.varga@example.com")
local hold = db.one("SELECT * FROM legal_holds WHERE subject_id = ? AND status = 'active'", subject or -1) or {}
check("a legal hold keeps Declan's data", hold.scope == "subject", tostring(hold.number))
C.mentions_one_of_each("the hold names the matter", hold.matter, { { "Declan", "Varga" }, { "legal", "claim", "action", "litigation", "proceed*", "breach", "export*" } })
G.only_messaged("only the people concerned were messaged (the control owner, the requester, the DPO, the access review lead)", { "david.cohen", "desmond.achebe", "henrik.aalto", "yolanda.pryce" }, false)
C.status_is("done")
