-- Root cause on the problem, problem in fix_in_progress, a moderate-risk change linked to it with the
-- window and plans, assigned to Grace, and an approval requested from a manager who is neither its
-- requester nor its implementer (the policy's one-manager approval for moderate risk).
local C = require("checks")
local F = require("facts")

local prb = db.one("SELECT * FROM problems WHERE number = 'PRB0000061'")
check("the root cause is recorded", prb.root_cause ~= nil and prb.root_cause:lower():find("index", 1, true) ~= nil,
      tostring(prb.root_cause))
check("the problem is marked as being fixed", prb.state == "fix_in_progress", prb.state)
local created = F.inserted("change_requests")
check("one change was raised", #created == 1, #created .. " changes")
local chg = created[1] or { id = 0 }
check("the change is linked to the problem", chg.problem_id == prb.id, "problem_id " .. tostring(chg.problem_id))
check("moderate risk, Grace implements, 7 March 22:00-23:00", chg.risk == "moderate" and chg.assigned_to_id == F.user_id("grace.kim")
      and chg.planned_start == "2026-03-07T22:00:00Z" and chg.planned_end == "2026-03-07T23:00:00Z",
      tostring(chg.risk) .. ", " .. tostring(F.user_name(chg.assigned_to_id)) .. ", " .. tostring(chg.planned_start))
C.row_exists("approval requested from an independent manager", [[SELECT 1 FROM change_approvals a JOIN user_roles ur ON ur.user_id = a.approver_id
   JOIN roles r ON r.id = ur.role_id WHERE a.change_id = ? AND a.state = 'requested' AND r.name = 'manager'
   AND a.approver_id NOT IN (?, ?)]], chg.id, F.user_id("dmitri.volkov"), F.user_id("grace.kim"))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
