-- A P2 monitoring alert opened at 08:36 has a 30-minute response target (09:06). The DBA on-call primary
-- must be paged and own the ticket, and work must start before the target (the sla_due event marks the
-- timer breached otherwise).
local C = require("checks")
local F = require("facts")

local inc = F.incident("INC0002001")
local primary = F.on_call("Database Administration", "primary", "2026-03-02T09:00:00Z")
check("the ticket is with the DBA on-call primary " .. tostring(F.user_name(primary)), inc.assigned_to_id == primary,
      "assigned to " .. tostring(F.user_name(inc.assigned_to_id)))
check("work has started", inc.state == "in_progress", "state " .. inc.state)
C.no_row("the response target was not breached",
         [[SELECT t.id FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
           WHERE t.incident_id = ? AND d.kind = 'response' AND t.stage = 'breached']], inc.id)
C.row_exists("the on-call primary was paged",
             "SELECT 1 FROM notifications WHERE record_number = 'INC0002001' AND recipient_id = ? AND channel IN ('page', 'sms') AND sender_id IS NOT NULL", primary)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
