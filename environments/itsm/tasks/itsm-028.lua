-- On hold for the vendor pauses the resolution timer (the SLA clock stops while the bank works); the
-- caller - the Finance Marcus, not the Marketing one - gets a customer-visible message.
local C = require("checks")
local F = require("facts")
local inc = F.incident("INC0002001")
check("parked waiting for the vendor", inc.state == "on_hold" and inc.on_hold_reason == "awaiting_vendor",
      inc.state .. " / " .. tostring(inc.on_hold_reason))
C.value_equals("the resolution SLA is paused", "paused",
  "SELECT t.stage FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id WHERE t.incident_id = ? AND d.kind = 'resolution' ORDER BY t.id DESC", inc.id)
check("Marcus was told", #F.notes("INC0002001", "alex.morgan", "comment") > 0 or F.notified("INC0002001", inc.caller_id),
      "no comment or message to marcus.bell")
C.value_equals("the other Marcus's ticket is untouched", "in_progress", "SELECT state FROM incidents WHERE number = 'INC0002002'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
