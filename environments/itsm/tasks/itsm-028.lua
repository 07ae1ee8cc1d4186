-- On hold for the vendor pauses the resolution timer (the SLA clock stops while the bank works); the
-- caller - the Finance Marcus, not the Marketing one - gets a customer-visible message saying the bank is
-- fixing it and the ticket waits for them. Nothing is written on any other ticket; nobody else is told.
local C = require("checks")
local F = require("facts")


local inc = F.incident("INC0002001")
check("parked waiting for the vendor", inc.state == "on_hold" and inc.on_hold_reason == "awaiting_vendor",
      "INC0002001 is " .. inc.state .. " / " .. tostring(inc.on_hold_reason))
C.value_equals("the resolution SLA is paused", "paused",
  "SELECT t.stage FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id WHERE t.incident_id = ? AND d.kind = 'resolution' ORDER BY t.id DESC", inc.id)

-- Told by a comment on the ticket or a message to him: the bank is fixing it, and the ticket waits.
local told = F.note_text("INC0002001", nil, "comment") or F.notification_text("INC0002001", "marcus.bell")
  or F.notification_text(nil, "marcus.bell")
C.mentions_one_of_each("Marcus is told the bank is fixing it and his ticket waits for them", told,
                       { { "bank", "bank's", "vendor", "payment provider" },
                         { "tomorrow", "on hold", "paused", "pause", "wait", "waiting", "until" } })

F.only_noted("notes were written only on INC0002001", { "INC0002001" })
F.only_notified("nobody but Marcus was notified", { "marcus.bell" })
C.status_is("done")
