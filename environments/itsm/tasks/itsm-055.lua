-- The screen swap is a task for End User Computing under Olivia's open ticket (not a new incident, not
-- a move of her ticket), and she is kept posted with something she can see (comment or message).
local C = require("checks")
local F = require("facts")

local inc = F.incident("INC0002001")
C.row_exists("End User Computing has a task on her ticket",
             "SELECT 1 FROM incident_tasks WHERE incident_id = ? AND assignment_group_id = ? AND state IN ('open', 'in_progress')",
             inc.id, F.group_id("End User Computing"))
check("Olivia can see what is happening", #F.notes("INC0002001", "alex.morgan", "comment") > 0 or F.notified("INC0002001", inc.caller_id),
      "no comment or message to olivia.grant on INC0002001")
check("her ticket stays open with the Service Desk", inc.state == "in_progress" and inc.assignment_group_id == F.group_id("Service Desk"),
      inc.state .. ", group " .. tostring(inc.assignment_group_id))
C.no_row("no duplicate incident was opened", "SELECT id FROM incidents WHERE number > 'INC0002002'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
