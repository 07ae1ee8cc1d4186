-- The CAB chair records the outcomes: two changes become scheduled, one keeps waiting for a second CAB
-- approval, the ERP upgrade is rejected for the freeze, and her own change is not touched (self-approval
-- is refused by the system and recorded as a violation). Each other requester hears the outcome.
local C = require("checks")
local F = require("facts")
local priya = F.user_id("priya.raman")
local function state(n) return F.change(n).state end
local function priya_decision(n)
  return db.value("SELECT a.state FROM change_approvals a JOIN change_requests c ON c.id = a.change_id WHERE c.number = ? AND a.approver_id = ?", n, priya)
end
check("PSU replacement and portal hotfix are scheduled", state("CHG0000301") == "scheduled" and state("CHG0000303") == "scheduled",
      state("CHG0000301") .. " / " .. state("CHG0000303"))
check("index rebuild has Priya's approval and still awaits a second", priya_decision("CHG0000302") == "approved" and state("CHG0000302") == "authorize",
      tostring(priya_decision("CHG0000302")) .. " / " .. state("CHG0000302"))
check("ERP upgrade rejected and back in assess", priya_decision("CHG0000305") == "rejected" and state("CHG0000305") == "assess",
      tostring(priya_decision("CHG0000305")) .. " / " .. state("CHG0000305"))
C.value_equals("the rejection gives the freeze as the reason", 1,
  "SELECT 1 FROM change_approvals a JOIN change_requests c ON c.id = a.change_id WHERE c.number = 'CHG0000305' AND a.approver_id = ? AND lower(a.comments) LIKE '%freeze%'", priya)
check("Priya's own change is untouched", priya_decision("CHG0000304") == "requested" and state("CHG0000304") == "authorize",
      tostring(priya_decision("CHG0000304")) .. " / " .. state("CHG0000304"))
local untold = {}
for _, n in ipairs({ "CHG0000301", "CHG0000302", "CHG0000303", "CHG0000305" }) do
  if not F.notified(n, F.change(n).requested_by_id) then untold[#untold + 1] = n end
end
check("each requester was told the outcome", #untold == 0, "not told: " .. table.concat(untold, ", "))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
