-- One risk acceptance for the shared-admin finding, until 30 September, asked of the CCO or the CFO (the
-- finding is high and Yolanda owns it and its control, so she may not accept it); Yolanda is told why.
local C = require("checks")
local F = require("grc_facts")
local f = F.find_by("findings", "title", "ERP administrators share one generic admin account") or {}
local made = F.inserted("risk_acceptances")
local r = made[1] or {}
local senior = { [F.user_id("beatrice.strand")] = true, [F.user_id("olivia.grant")] = true }
check("one risk acceptance was requested for the finding", #made == 1 and r.finding_id == f.id and r.status == "requested",
      #made .. " new; " .. tostring(r.number) .. " " .. tostring(r.status))
check("it is asked of the CCO or the CFO, not the finding's owner", senior[r.approver_id] == true,
      "approver " .. tostring(F.user_name(r.approver_id)))
check("it runs until 30 September 2026", r.expires_on == "2026-09-30", "expires " .. tostring(r.expires_on))
C.mentions_one_of_each("the rationale says why it cannot be fixed sooner", r.rationale, { { "upgrade" }, { "Q3", "third quarter", "September", "named" } })
F.reply_or_message("Yolanda was told where it went and why", "yolanda.pryce",
                   { { "Beatrice", "Strand", "Olivia", "Grant", "CCO", "CFO", "Chief Compliance Officer" }, { "own*", "independen*" } })
local others = {}
for _, u in ipairs(F.recipients()) do
  if u ~= "yolanda.pryce" and u ~= F.user_name(r.approver_id) then others[#others + 1] = u end
end
check("nobody but Yolanda and the approver was messaged", #others == 0, "also: " .. C.list_or_none(others))
C.status_is("done")
