-- A high-risk normal change with complete plans and the requested window, awaiting CAB approval (not a
-- single manager's approval, which only suits moderate risk).
local C = require("checks")
local F = require("facts")

local created = F.inserted("change_requests")
check("one change was raised", #created == 1, #created .. " changes raised")
local chg = created[1] or { id = 0, type = "(none)", risk = "(none)" }
local function filled(v) return v ~= nil and v ~= null and tostring(v):match("%S") ~= nil end
check("it is for lon-core-sw-01", chg.ci_id == db.value("SELECT id FROM configuration_items WHERE name = 'lon-core-sw-01'"),
      "ci " .. tostring(chg.ci_id))
check("normal change, high risk", chg.type == "normal" and chg.risk == "high", chg.type .. " / " .. chg.risk)
check("window is 10 March 21:00-23:00 UTC", chg.planned_start == "2026-03-10T21:00:00Z" and chg.planned_end == "2026-03-10T23:00:00Z",
      tostring(chg.planned_start) .. " - " .. tostring(chg.planned_end))
check("Tom implements it for Network", chg.assigned_to_id == F.user_id("tom.becker") and chg.assignment_group_id == F.group_id("Network"),
      "assignee " .. tostring(F.user_name(chg.assigned_to_id)))
check("implementation, backout and test plans recorded", filled(chg.implementation_plan) and filled(chg.backout_plan) and filled(chg.test_plan),
      "a plan is missing")
local number = db.value("SELECT number FROM change_requests WHERE id = ?", chg.id)
C.value_equals("awaiting authorization", "authorize", "SELECT state FROM change_requests WHERE id = ?", chg.id)
local cab = db.value([[SELECT COUNT(*) FROM change_approvals a JOIN groups g ON g.id = a.group_id
                       WHERE a.change_id = ? AND g.name = 'Change Advisory Board' AND a.state = 'requested']], chg.id)
check("CAB approval requested from at least two members", cab >= 2, cab .. " CAB approvals requested")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
if number then C.answer_mentions(number) else check("answer names the new change", false, "no change was raised") end
