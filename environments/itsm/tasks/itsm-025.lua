-- Root cause on the problem, problem in fix_in_progress, one normal (not emergency) moderate-risk change
-- on the Data Warehouse Service linked to it, with the window and the plans Dmitri gave, assigned to
-- Grace, and one approval requested from an IT manager who is neither its requester nor its implementer
-- (the policy's one-manager approval for moderate risk). Only that approver hears about it.
local C = require("checks")
local F = require("facts")


local prb = db.one("SELECT * FROM problems WHERE number = 'PRB0000061'")
C.mentions_one_of_each("the root cause is recorded", prb.root_cause, { { "index*" }, { "load_batch_id", "load batch id", "ETL" } })
check("the problem is marked as being fixed", prb.state == "fix_in_progress", "PRB0000061 is " .. prb.state)

local created = F.inserted("change_requests")
check("one change was raised", #created == 1, #created .. " change(s) raised")
local chg = created[1] and db.one("SELECT * FROM change_requests WHERE id = ?", created[1].id) or { id = 0 }
check("a normal change linked to the problem, on the Data Warehouse Service", chg.type == "normal" and chg.problem_id == prb.id
      and chg.ci_id == F.ci_id("Data Warehouse Service"),
      tostring(chg.type) .. " change, problem " .. tostring(chg.problem_id and db.value("SELECT number FROM problems WHERE id = ?", chg.problem_id))
      .. ", CI " .. tostring(F.ci_name(chg.ci_id)))
check("moderate risk, Grace in Database Administration implements, 7 March 22:00-23:00", chg.risk == "moderate"
      and chg.assigned_to_id == F.user_id("grace.kim") and chg.assignment_group_id == F.group_id("Database Administration")
      and chg.planned_start == "2026-03-07T22:00:00Z" and chg.planned_end == "2026-03-07T23:00:00Z",
      tostring(chg.risk) .. ", " .. tostring(F.user_name(chg.assigned_to_id)) .. ", " .. tostring(chg.planned_start)
      .. " - " .. tostring(chg.planned_end))
-- The prompt gives no impact: one service's index build on a Saturday night is 2 (a team) or 3, not 1.
check("the change's impact is not company-wide", chg.impact == 2 or chg.impact == 3, "impact " .. tostring(chg.impact))
C.mentions_one_of_each("the change says it adds the index", chg.short_description, { { "index*" } })
C.mentions_one_of_each("the implementation plan creates the index concurrently", chg.implementation_plan, { { "index*" }, { "concurrent*", "online" } })
C.mentions_one_of_each("the backout plan drops the index", chg.backout_plan, { { "drop*", "remove*" }, { "index*" } })
C.mentions_one_of_each("the test plan compares replica lag before and after the load", chg.test_plan, { { "lag" }, { "before" }, { "after" } })

local approvals = db.query([[SELECT a.*, u.user_name, d.name AS department FROM change_approvals a JOIN users u ON u.id = a.approver_id
                             LEFT JOIN departments d ON d.id = u.department_id WHERE a.change_id = ? ORDER BY a.id]], chg.id)
local a = approvals[1]
local is_manager = a and db.value([[SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                                    WHERE ur.user_id = ? AND r.name = 'manager']], a.approver_id) ~= nil
check("one approval requested from an independent IT manager", #approvals == 1 and a.state == "requested" and is_manager
      and a.department == "IT Operations" and a.user_name ~= "dmitri.volkov" and a.user_name ~= "grace.kim",
      #approvals .. " approval(s)" .. (a and (": " .. a.user_name .. " (" .. tostring(a.department) .. ", "
        .. (is_manager and "manager" or "not a manager") .. ", " .. a.state .. ")") or ""))
F.only_notified("nobody but the approver was notified", a and { a.user_name } or {})
C.status_is("done")
