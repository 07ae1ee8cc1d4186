-- A high-risk normal change with complete plans and the requested window, awaiting CAB approval (not a
-- single manager's approval, which only suits moderate risk).
local C = require("checks")
local F = require("facts")

local PSU = { "psu", "psus", "power supply", "power supplies", "power unit" }

local created = F.inserted("change_requests")
check("one change was raised", #created == 1, #created .. " changes raised")
local chg = created[1] or { id = 0, type = "(none)", risk = "(none)" }
check("it is for lon-core-sw-01", chg.ci_id == F.ci_id("lon-core-sw-01"),
      "ci " .. tostring(chg.ci_id))
check("normal change, high risk", chg.type == "normal" and chg.risk == "high", chg.type .. " / " .. chg.risk)
check("impact is the whole London office", chg.impact == 1, "impact " .. tostring(chg.impact))
check("it says the power supply is replaced", C.has_one_of_each(chg.short_description, { PSU }), "short description: " .. tostring(chg.short_description))
check("window is 10 March 21:00-23:00 UTC", chg.planned_start == "2026-03-10T21:00:00Z" and chg.planned_end == "2026-03-10T23:00:00Z",
      tostring(chg.planned_start) .. " - " .. tostring(chg.planned_end))
check("Tom implements it for Network", chg.assigned_to_id == F.user_id("tom.becker") and chg.assignment_group_id == F.group_id("Network"),
      "assignee " .. tostring(F.user_name(chg.assigned_to_id)))
check("the implementation plan fails over, swaps the PSU and brings it back",
      C.has_one_of_each(chg.implementation_plan, { { "fail over", "failover", "redundant" }, { "swap", "replace", "remove" } }),
      "implementation plan: " .. tostring(chg.implementation_plan))
check("the backout plan reinstalls the old PSU and restores the config",
      C.has_one_of_each(chg.backout_plan, { { "reinstall", "re install", "put back", "refit", "re fit", "old psu", "original psu", "old unit", "original unit" }, { "config", "configuration" } }),
      "backout plan: " .. tostring(chg.backout_plan))
check("the test plan checks the PSUs and pings the gateways",
      C.has_one_of_each(chg.test_plan, { { "green", "status", "healthy" }, { "ping", "pings", "answer", "respond", "reachable" } }),
      "test plan: " .. tostring(chg.test_plan))
local number = db.value("SELECT number FROM change_requests WHERE id = ?", chg.id)
C.value_equals("awaiting authorization", "authorize", "SELECT state FROM change_requests WHERE id = ?", chg.id)
local cab = db.value([[SELECT COUNT(*) FROM change_approvals a JOIN groups g ON g.id = a.group_id
                       WHERE a.change_id = ? AND g.name = 'Change Advisory Board' AND a.state = 'requested']], chg.id)
check("CAB approval requested from at least two members", cab >= 2, cab .. " CAB approvals requested")
F.only_notified("nobody but the CAB was notified", F.members("Change Advisory Board"))
C.status_is("done")
check("the answer names the new change", number ~= nil and mentions(answer.text or "", number),
      "new change " .. tostring(number or "none") .. "; answer: " .. tostring(answer.text))
