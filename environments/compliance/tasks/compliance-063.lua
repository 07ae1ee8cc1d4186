-- The salary diversion, three frameworks: PRIV (high risk: authority told in time under the reference, the
-- three employees told), SOX PAY-01 (a high finding on the call-back control from the breach, Rachel's task by
-- 13 March), SOX FR-03 / ISO A.9.2.2 (Marcus's payroll release revoked, his bank-detail editing kept).
local C = require("checks")
local F = require("privacy_facts")
local G = require("grc_facts")
local b = F.breach("Salary bank details changed on forged emails")
local control = db.one("SELECT * FROM grc_controls WHERE title = 'Employee bank detail change verification'") or {}
check("assessed high, three EU employees, the call-back control failed",
      b.risk_level == "high" and b.personal_data == 1 and b.subjects_affected == 3 and b.eu_subjects == 3 and b.control_id == control.id,
      tostring(b.risk_level) .. ", " .. tostring(b.subjects_affected) .. "/" .. tostring(b.eu_subjects) .. ", control " .. tostring(b.control_id))
C.mentions_one_of_each("the assessment says why", F.history(b.number, "assessment"), { { "salar*", "loss", "14,300", "14300", "divert*" } })
check("the authority was told within 72 hours under SA-2026-32702",
      not F.isnull(b.authority_notified_at) and b.authority_notified_at <= b.notify_by and b.authority_reference == "SA-2026-32702",
      tostring(b.authority_notified_at) .. " / " .. tostring(b.authority_reference))
C.mentions_one_of_each("the report gives the facts", F.history(b.number, "authority_report"), { { "three", "3" }, { "bank*", "salar*" } })
check("the three employees were told", not F.isnull(b.subjects_notified_at), tostring(b.subjects_notified_at))
C.mentions_one_of_each("the employees' message says what happened", F.history(b.number, "subject_message"), { { "bank*" }, { "salar*", "pay" } })
local function grant(code)
  return db.one([[SELECT g.* FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                  WHERE u.user_name = 'marcus.bell' AND e.code = ?]], code) or {}
end
local release = grant("payroll_run_release")
check("Marcus's payroll release is revoked", release.status == "revoked", tostring(release.number) .. " " .. tostring(release.status))
C.only_rows("his bank-detail editing and every other grant stay", "access_grants", "update", { { id = release.id or -1 } })
C.mentions_one_of_each("the revocation gives the conflict", release.revoke_reason, { { "SOD-05", "SoD", "segregation", "conflict", "incompatible" } })
local f = F.new_findings()[1] or {}
check("a high finding on the call-back control, from the breach", f.control_id == control.id and f.source == "breach" and (f.severity == "high" or f.severity == "critical"),
      tostring(f.number) .. ": control " .. tostring(f.control_id) .. ", " .. tostring(f.source) .. ", " .. tostring(f.severity))
C.mentions_one_of_each("the finding names the breach and the missing call-back", (f.title or "") .. "\n" .. (f.description or ""),
                       { { b.number or "BRC?", "breach", "forged", "fraud*" }, { "call back", "call-back", "callback", "verif*" } })
local t = db.one("SELECT * FROM remediation_tasks WHERE finding_id = ?", f.id or -1) or {}
check("Rachel Adams has the re-verification task, due by 13 March", t.assignee_id == G.user_id("rachel.adams") and tostring(t.due_on) <= "2026-03-13",
      tostring(t.number) .. " for " .. tostring(G.user_name(t.assignee_id)) .. " due " .. tostring(t.due_on))
C.mentions_one_of_each("the task is the call-back re-verification since 1 January", t.title, { { "call back", "call-back", "callback", "re verif*", "verif*" }, { "January", "since" } })
G.only_messaged("only the people concerned were messaged", { "henrik.aalto", "marcus.bell", "rachel.adams", G.user_name(control.owner_id) or "?", "yolanda.pryce" }, false)
C.status_is("done")
