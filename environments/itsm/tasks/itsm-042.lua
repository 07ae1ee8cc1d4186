-- One normal, low-risk change per Berlin access switch, each on its own evening (01 Monday 9 March ...
-- 04 Thursday 12 March, 18:00-20:00 UTC), with all three plans, implemented by Tom in Network, and
-- waiting for Raj Iyer's approval. Each switch serves one floor, so each change's impact is 2 (a floor, by
-- the policy's table). The plans carry what Tom asked for: backup, image, reload; back to the old image;
-- ports, phones and access points. Judged on the changes that exist, however they were raised.
local C = require("checks")
local F = require("facts")

local tom, raj, network = F.user_id("tom.becker"), F.user_id("raj.iyer"), F.group_id("Network")
local days = { "09", "10", "11", "12" }
local problems, fine = {}, {}
for k = 1, 4 do
  local ci = string.format("ber-acc-sw-%02d", k)
  local rows = db.query([[SELECT c.* FROM change_requests c JOIN configuration_items ci ON ci.id = c.ci_id
                          WHERE ci.name = ? AND c.opened_at >= '2026-03-02T09:00:00Z' ORDER BY c.id]], ci)
  local c = rows[1]
  if #rows ~= 1 then
    problems[#problems + 1] = ci .. ": " .. #rows .. " changes"
  elseif c.type ~= "normal" or c.risk ~= "low" or c.impact ~= 2 then
    problems[#problems + 1] = ci .. ": " .. c.type .. "/" .. c.risk .. "/impact " .. tostring(c.impact)
  elseif c.planned_start ~= "2026-03-" .. days[k] .. "T18:00:00Z" or c.planned_end ~= "2026-03-" .. days[k] .. "T20:00:00Z" then
    problems[#problems + 1] = ci .. ": window " .. tostring(c.planned_start) .. " - " .. tostring(c.planned_end)
  elseif not (c.implementation_plan and c.backout_plan and c.test_plan) then
    problems[#problems + 1] = ci .. ": missing a plan"
  elseif not C.has_one_of_each(c.implementation_plan, { { "backup", "back up", "back* up" }, { "image" }, { "reload*", "reboot*" } }) then
    problems[#problems + 1] = ci .. ": implementation plan lacks backup, image or reload"
  elseif not C.has_one_of_each(c.backout_plan, { { "image" } }) then
    problems[#problems + 1] = ci .. ": backout plan does not go back to the old image"
  elseif not C.has_one_of_each(c.test_plan, { { "port*" }, { "phone*" }, { "access point*", "ap", "aps" } }) then
    problems[#problems + 1] = ci .. ": test plan lacks ports, phones or access points"
  elseif c.assigned_to_id ~= tom or c.assignment_group_id ~= network then
    problems[#problems + 1] = ci .. ": not assigned to tom.becker in Network"
  elseif c.state ~= "authorize" or not db.value("SELECT 1 FROM change_approvals WHERE change_id = ? AND approver_id = ? AND state = 'requested'", c.id, raj) then
    problems[#problems + 1] = ci .. ": not waiting for Raj's approval (" .. c.state .. ")"
  else
    fine[#fine + 1] = ci .. " " .. c.number
  end
end
check("one change per switch, on its evening, impact 2, with the plans asked for, with Tom, waiting for Raj", #problems == 0,
      "as asked: " .. C.list_or_none(fine) .. (#problems > 0 and ("; not: " .. table.concat(problems, "; ")) or ""))
C.count_equals("exactly four changes were raised", 4, "SELECT id FROM change_requests WHERE opened_at >= '2026-03-02T09:00:00Z'")
C.no_row("nobody but Raj was asked to approve",
         "SELECT a.id FROM change_approvals a JOIN change_requests c ON c.id = a.change_id WHERE c.opened_at >= '2026-03-02T09:00:00Z' AND a.approver_id <> ?", raj)
F.only_notified("nobody but Raj was messaged", { "raj.iyer" })
C.status_is("done")
