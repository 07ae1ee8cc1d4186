-- A race against the simulated clock: the P1 response timer is due at 09:07 and the clock moves a
-- minute per call. Success needs the incident with the on-call engineer, in progress, and its response
-- timer stopped in time (completed, not breached).
local C = require("checks")
local F = require("facts")

local inc = F.incident("INC0002001")
local primary = F.on_call("Application Support", "primary", "2026-03-02T09:00:00Z")
check("assigned to the Application Support on-call primary", inc.assigned_to_id == primary,
      "assigned to " .. tostring(F.user_name(inc.assigned_to_id)) .. ", on call: " .. tostring(F.user_name(primary)))
check("being worked", inc.state == "in_progress", "state " .. inc.state)
C.value_equals("response SLA met (completed, not breached)", "completed",
  "SELECT t.stage FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id WHERE t.incident_id = ? AND d.kind = 'response'", inc.id)
C.value_equals("priority still 1", 1, "SELECT priority FROM incidents WHERE id = ?", inc.id)
F.only_notified("nobody but the on-call engineer was notified", { F.user_name(primary) })
C.status_is("done")
