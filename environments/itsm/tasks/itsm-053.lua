-- One emergency change on tor-fw-01 for tonight's window with all three plans, implemented by Omar,
-- waiting for CAB approval from members other than Omar (its requester and implementer).
local C = require("checks")
local F = require("facts")

local made = F.inserted("change_requests")
check("one change was raised", #made == 1, #made .. " changes raised")
local c = db.one("SELECT * FROM change_requests WHERE id = ?", (made[1] or {}).id or 0) or { id = 0, state = "missing" }
check("it is an emergency change on tor-fw-01", c.type == "emergency"
      and c.ci_id == db.value("SELECT id FROM configuration_items WHERE name = 'tor-fw-01'"), tostring(c.type) .. ", ci " .. tostring(c.ci_id))
check("tonight 22:00-23:00 UTC", c.planned_start == "2026-03-02T22:00:00Z" and c.planned_end == "2026-03-02T23:00:00Z",
      tostring(c.planned_start) .. " - " .. tostring(c.planned_end))
check("with implementation, backout and test plans", c.implementation_plan ~= nil and c.backout_plan ~= nil and c.test_plan ~= nil, "a plan is missing")
check("Omar implements it in Network", c.assigned_to_id == F.user_id("omar.haddad") and c.assignment_group_id == F.group_id("Network"),
      "assigned to " .. tostring(F.user_name(c.assigned_to_id)))
C.row_exists("the CAB was asked to approve it",
             "SELECT 1 FROM change_approvals WHERE change_id = ? AND group_id = ? AND state = 'requested'", c.id, F.group_id("Change Advisory Board"))
check("it waits for authorization", c.state == "authorize", "state " .. c.state)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
