local C = require("checks")
local F = require("facts")

local master = F.incident("INC0002001")
check("the major incident is resolved with notes on the fix", master.state == "resolved" and master.resolution_notes ~= nil
      and master.resolution_notes:lower():find("certificate", 1, true) ~= nil, master.state .. ": " .. tostring(master.resolution_notes))
C.no_row("every child incident was resolved with it",
         "SELECT number FROM incidents WHERE parent_id = ? AND state NOT IN ('resolved', 'closed')", master.id)
C.no_row("both incident tasks are closed with notes",
         "SELECT number FROM incident_tasks WHERE incident_id = ? AND (state NOT IN ('closed_complete', 'closed_incomplete') OR close_notes IS NULL)", master.id)
local prb = master.problem_id and db.one("SELECT * FROM problems WHERE id = ?", master.problem_id)
check("a new Messaging problem is linked to the major incident", prb ~= nil and prb.assignment_group_id == F.group_id("Messaging")
      and prb.opened_at >= "2026-03-02T13:00:00Z", prb and prb.number or "no problem linked")
local ke = prb and db.one("SELECT * FROM known_errors WHERE problem_id = ?", prb.id)
check("the workaround is recorded as a known error", ke ~= nil and ke.workaround:lower():find("certificate", 1, true) ~= nil,
      ke and ke.workaround or "no known error")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
