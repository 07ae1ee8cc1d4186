-- The newsletter breach: assessed high with the forensic numbers, the authority told within 72 hours of
-- awareness with the portal reference (COMP-R16: the engine fails a late report), the customers told, Nadia
-- and Hannah given the numbers; nobody else messaged.
local C = require("checks")
local F = require("privacy_facts")
local G = require("grc_facts")
local b = F.breach("Newsletter contact file exposed by a public link")
check("assessed high risk with the forensic numbers", b.risk_level == "high" and b.personal_data == 1 and b.subjects_affected == 2315 and b.eu_subjects == 1960,
      tostring(b.risk_level) .. ", " .. tostring(b.subjects_affected) .. " affected, " .. tostring(b.eu_subjects) .. " in the EU")
check("the authority was told within 72 hours, under the portal reference",
      not F.isnull(b.authority_notified_at) and b.authority_notified_at <= b.notify_by and b.authority_reference == "SA-2026-31877",
      "notified " .. tostring(b.authority_notified_at) .. " (due " .. tostring(b.notify_by) .. "), reference " .. tostring(b.authority_reference))
C.mentions_one_of_each("the assessment note says why the risk is high", F.history(b.number, "assessment"), { { "IBAN*", "bank" } })
C.mentions_one_of_each("the authority report gives the facts", F.history(b.number, "authority_report"),
                       { { "2,315", "2315" }, { "IBAN*", "bank" } })
check("the affected customers were told", not F.isnull(b.subjects_notified_at), "subjects_notified_at " .. tostring(b.subjects_notified_at))
C.mentions_one_of_each("the customers' message says what happened and what to do", F.history(b.number, "subject_message"),
                       { { "IBAN*", "bank" }, { "watch", "check", "wary", "careful", "monitor*", "phishing", "fraud" } })
G.only_messaged("only Nadia Karim, Hannah Weiss (and Yolanda) were messaged", { "hannah.weiss", "nadia.karim", "yolanda.pryce" }, false)
local stray = {}
for _, m in ipairs(G.messages()) do if m.record ~= b.number then stray[#stray + 1] = m.recipient .. " about " .. tostring(m.record) end end
check("the messages name the breach", #stray == 0, "not about " .. tostring(b.number) .. ": " .. C.list_or_none(stray))
C.mentions_one_of_each("Nadia have the final numbers", G.text_to("nadia.karim"), { { "2,315", "2315" }, { "1,960", "1960" } })
C.mentions_one_of_each("Hannah has the final numbers", G.text_to("hannah.weiss"), { { "2,315", "2315" }, { "1,960", "1960" } })
C.status_is("done")
