-- Beatrice approves the vendor-master risk acceptance (she is independent of it and may accept a high
-- finding's risk), and does not approve the one on the legal hold process, which she owns: she rejects
-- it so it can be asked of the CFO.
local C = require("checks")
local F = require("grc_facts")
local me = F.user_id("beatrice.strand")
local f1 = F.find_by("findings", "title", "Overseas supplier bank changes confirmed through the portal instead of a call-back")
local f2 = F.find_by("findings", "title", "Two legal holds not released after their matters closed")
local r1 = F.find_by("risk_acceptances", "risk_title", f1.title) or {}
local r2 = F.find_by("risk_acceptances", "risk_title", f2.title) or {}
check(tostring(r1.number) .. " (vendor master) approved by Beatrice", r1.status == "approved" and r1.approver_id == me and f1.status == "risk_accepted",
      tostring(r1.status) .. "; finding " .. tostring(f1.status))
check(tostring(r2.number) .. " (legal hold process, Beatrice's own control) not approved", r2.status == "rejected" and f2.status == "open",
      tostring(r2.status) .. "; finding " .. tostring(f2.status))
local function comment(r)
  return db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'decision_comment' ORDER BY id DESC LIMIT 1", r.number)
end
C.mentions_one_of_each("the rejection says why and who can decide it", comment(r2),
                       { { "own", "owner", "owns", "independen*" }, { "Olivia", "Grant", "CFO" } })
C.mentions_one_of_each("the approval says on what terms", comment(r1), { { "July", "call-back", "call back", "second buyer", "approv*", "accept*" } })
F.only_messaged("nobody but the two requesters was messaged", { "noor.qureshi", F.user_name(f1.owner_id) })
C.status_is("done")
