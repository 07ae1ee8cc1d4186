-- One high audit finding on the CLOUD audit logging control, owned by its owner Victor Lang and due in
-- 30 days, with the two remediation tasks Malcolm named, each for the right engineer by the right date.
local C = require("checks")
local F = require("grc_facts")
local made = F.inserted("findings")
local f = made[1] or {}
check("one finding was raised on the CLOUD audit logging control", #made == 1 and f.control_id == F.control_id("CLOUD audit logging"),
      #made .. " finding(s); control id " .. tostring(f.control_id))
check("it is a high audit finding for Victor Lang, due 1 April 2026",
      f.severity == "high" and f.source == "audit" and f.owner_id == F.user_id("victor.lang") and f.due_on == "2026-04-01",
      tostring(f.severity) .. " " .. tostring(f.source) .. " for " .. tostring(F.user_name(f.owner_id)) .. " due " .. tostring(f.due_on))
C.mentions_one_of_each("the finding says what happened", (f.title or "") .. "\n" .. (f.description or ""),
                       { { "audit log*", "audit trail*", "logging" }, { "9 days", "nine days", "switched off", "disabled", "turned off" } })
local tasks = f.id and db.query("SELECT * FROM remediation_tasks WHERE finding_id = ? ORDER BY number", f.id) or {}
local by = {}
for _, t in ipairs(tasks) do by[F.user_name(t.assignee_id)] = t end
local leo, ethan = by["leo.fischer"] or {}, by["ethan.wright"] or {}
check("two remediation tasks were planned", #tasks == 2, #tasks .. " task(s)")
check("Leo Fischer: alerting on audit trail changes, by 20 March", leo.due_on == "2026-03-20", "due " .. tostring(leo.due_on))
C.mentions_one_of_each("Leo's task says what to do", leo.title, { { "alert*" } })
check("Ethan Wright: audit-log admin rights out of the deploy role, by 27 March", ethan.due_on == "2026-03-27", "due " .. tostring(ethan.due_on))
C.mentions_one_of_each("Ethan's task says what to do", ethan.title, { { "deploy*" }, { "remov*", "revok*", "take out", "strip*", "drop*" } })
F.only_messaged("nobody but Victor and the two engineers was messaged (and Malcolm, if told)",
                { "victor.lang", "leo.fischer", "ethan.wright", "malcolm.ferris" }, false)
C.status_is("done")
