-- The invoice bucket, three frameworks: PRIV (medium risk: the authority told in time under the reference,
-- customers not written to), SOX ITGC-CM-01 / ISO A.12.1.2 (a high finding on CLOUD change management from
-- the breach, Priya's pipeline task by 31 March), SOX FR-03 (Bastien's change approval revoked, deploy kept).
local C = require("checks")
local F = require("privacy_facts")
local G = require("grc_facts")
local b = F.breach("Invoice archive bucket readable from the internet")
local control = db.one("SELECT * FROM grc_controls WHERE title = 'CLOUD change management'") or {}
check("assessed medium with the forensic numbers and the failed control",
      b.risk_level == "medium" and b.personal_data == 1 and b.subjects_affected == 5730 and b.eu_subjects == 3980 and b.control_id == control.id,
      tostring(b.risk_level) .. ", " .. tostring(b.subjects_affected) .. "/" .. tostring(b.eu_subjects) .. ", control " .. tostring(b.control_id))
C.mentions_one_of_each("the assessment says why medium", F.history(b.number, "assessment"), { { "no bank", "no card", "bank", "card", "address*" } })
check("the authority was told within 72 hours under SA-2026-32655",
      not F.isnull(b.authority_notified_at) and b.authority_notified_at <= b.notify_by and b.authority_reference == "SA-2026-32655",
      tostring(b.authority_notified_at) .. " / " .. tostring(b.authority_reference))
C.mentions_one_of_each("the report gives the facts", F.history(b.number, "authority_report"), { { "5,730", "5730" }, { "invoice*", "address*", "purchase*" } })
local function grant(code)
  return db.one([[SELECT g.* FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                  WHERE u.user_name = 'bastien.delacroix' AND e.code = ?]], code) or {}
end
local approve = grant("cloud_change_approve")
check("Bastien's change approval is revoked", approve.status == "revoked", tostring(approve.number) .. " " .. tostring(approve.status))
C.only_rows("his deploy right and every other grant stay", "access_grants", "update", { { id = approve.id or -1 } })
C.mentions_one_of_each("the revocation gives the conflict", approve.revoke_reason, { { "SOD-08", "SoD", "segregation", "own change*", "self approv*", "conflict" } })
local f = F.new_findings()[1] or {}
check("a high finding on CLOUD change management, from the breach", f.control_id == control.id and f.source == "breach" and (f.severity == "high" or f.severity == "critical"),
      tostring(f.number) .. ": control " .. tostring(f.control_id) .. ", " .. tostring(f.source) .. ", " .. tostring(f.severity))
C.mentions_one_of_each("the finding names the breach and the self-approved change", (f.title or "") .. "\n" .. (f.description or ""),
                       { { b.number or "BRC?", "breach", "bucket" }, { "approv*", "CAB" } })
local t = db.one("SELECT * FROM remediation_tasks WHERE finding_id = ?", f.id or -1) or {}
check("Priya Raman has the task, due by 31 March", t.assignee_id == G.user_id("priya.raman") and tostring(t.due_on) <= "2026-03-31",
      tostring(t.number) .. " for " .. tostring(G.user_name(t.assignee_id)) .. " due " .. tostring(t.due_on))
C.mentions_one_of_each("the task enforces CAB approval in the pipeline", t.title, { { "CAB", "approv*" }, { "pipeline", "deploy*" } })
G.only_messaged("only the people concerned were messaged", { "bastien.delacroix", "henrik.aalto", "nadia.karim", "priya.raman", "yolanda.pryce" }, false)
C.status_is("done")
