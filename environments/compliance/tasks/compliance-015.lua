-- Both audit findings closed by Noor: their remediation tasks done with notes, each finding validated
-- on the evidence of the fix (the 26 February export, not the January one taken before the change),
-- and Frank told.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")
local fa = F.find_by("findings", "title", "Payment runs released with a single approval")
local fb = F.find_by("findings", "title", "Bank reconciliations reviewed late")
local after_fix = db.one([[SELECT * FROM evidence WHERE title = 'ERP payment release workflow configuration export'
                           AND collected_on = '2026-02-26']])
local before_fix = db.one([[SELECT * FROM evidence WHERE title = 'ERP payment release workflow configuration export'
                            AND collected_on = '2026-01-28']])
local pack = F.find_by("evidence", "title", "January 2026 bank reconciliation pack with reviewer sign-offs")

for _, f in ipairs({ fa, fb }) do
  local open = db.query("SELECT number, status FROM remediation_tasks WHERE finding_id = ? AND status <> 'done' ORDER BY number", f.id)
  check(f.number .. ": every remediation task is done", #open == 0,
        #open == 0 and "all done" or ("not done: " .. open[1].number .. " " .. open[1].status))
  check(f.number .. ": closed by Noor", f.status == "closed" and f.closed_by_id == noor, f.status .. " by " .. tostring(F.user_name(f.closed_by_id)))
end
check(fa.number .. " was validated on the export taken after the change (26 February)", fa.closure_evidence_id == after_fix.id,
      "closure evidence " .. tostring(db.value("SELECT number || ' collected ' || collected_on FROM evidence WHERE id = ?", fa.closure_evidence_id)) ..
      "; the January export is " .. before_fix.number)
check(fb.number .. " was validated on January's reconciliation pack", fb.closure_evidence_id == pack.id,
      "closure evidence " .. tostring(db.value("SELECT number FROM evidence WHERE id = ?", fb.closure_evidence_id)))
C.mentions_one_of_each(fa.number .. ": the closure note says what was checked", fa.closure_note,
                       { { "second approver", "two approvers", "dual approval", "second approval", "two approvals" } })
C.mentions_one_of_each(fb.number .. ": the closure note says what was checked", fb.closure_note,
                       { { "sign off", "sign-off", "signed", "reviewed", "review" } })
for _, t in ipairs(db.query("SELECT * FROM remediation_tasks WHERE finding_id IN (?, ?) ORDER BY number", fa.id, fb.id)) do
  C.mentions_one_of_each(t.number .. ": the completion note says what was done", t.notes,
                         { { "workflow", "approver", "refresher", "training", "session", "checklist", "deadline", "sign off", "sign-off" } })
end
F.reply_or_message("Frank was told both findings are closed", "frank.delgado",
                   { { fa.number, "single approval" }, { fb.number, "reconciliations" }, { "closed" } })
F.only_messaged("nobody but Frank was messaged", { "frank.delgado" }, false)
C.status_is("done")
