-- Yolanda approves the two requests policy allows, rejects the high-risk one whose compensating control is
-- retired (saying so), and leaves for Henrik the one on a control she owns and her own request, telling
-- him which.
local C = require("checks")
local F = require("grc_facts")
local me = F.user_id("yolanda.pryce")
local function exc(title) return F.find_by("policy_exceptions", "title", title) or {} end
local lab = exc("Three lab laptops without the endpoint agent during the GPU driver trial")
local gpu = exc("Two Kubernetes GPU nodes built from the vendor image")
local edi = exc("EDI gateway excluded from authenticated vulnerability scans")
local cloud = exc("Two platform engineers keep standing cloud admin rights during the Kubernetes migration")
local own = exc("Security team forensic laptops allowed USB storage")

for _, x in ipairs({ lab, gpu }) do
  check(x.number .. " approved by Yolanda", x.status == "approved" and x.approver_id == me,
        x.status .. " by " .. tostring(F.user_name(x.approver_id)))
  C.mentions_one_of_each(x.number .. ": the decision note says it is approved", x.decision_note, { { "approv*", "agreed", "accepted" } })
end
check(edi.number .. " (compensating control retired) rejected by Yolanda", edi.status == "rejected" and edi.approver_id == me,
      edi.status .. " by " .. tostring(F.user_name(edi.approver_id)))
C.mentions_one_of_each(edi.number .. ": the rejection says the compensating control is retired", edi.decision_note,
                       { { "retired", "no longer", "switched off", "decommissioned", "not in operation", "not operating" } })
C.only_rows("only these three requests were decided", "policy_exceptions", "update",
            { { number = lab.number }, { number = gpu.number }, { number = edi.number } })
check(cloud.number .. " (on a control Yolanda owns) left for another approver", cloud.status == "requested", cloud.status)
check(own.number .. " (Yolanda's own request) left for another approver", own.status == "requested", own.status)
C.mentions("Henrik was told which requests wait for him", F.text_to("henrik.aalto"), cloud.number, own.number)
F.only_messaged("only Henrik and the three requesters decided were messaged", { "henrik.aalto", "linda.park", "sofia.rossi", "victor.lang" })
C.status_is("done")
