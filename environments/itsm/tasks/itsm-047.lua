-- Ten tickets caused by the billing provider's outage (three never say "invoice" in their title) go on
-- hold awaiting the vendor, which pauses their resolution timers, and each caller gets a visible comment
-- (or a message). The two unrelated Billing tickets stay as they were.
local C = require("checks")
local F = require("facts")

local not_held, not_paused, untold = {}, {}, {}
for k = 1, 10 do
  local n = string.format("INC00020%02d", k)
  local inc = F.incident(n)
  if inc.state ~= "on_hold" or inc.on_hold_reason ~= "awaiting_vendor" then not_held[#not_held + 1] = n end
  if db.value([[SELECT 1 FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
                WHERE t.incident_id = ? AND d.kind = 'resolution' AND t.stage = 'paused']], inc.id) == nil then
    not_paused[#not_paused + 1] = n
  end
  if #F.notes(n, "priya.shah", "comment") == 0 and not F.notified(n, inc.caller_id) then untold[#untold + 1] = n end
end
check("all ten outage tickets are on hold awaiting the vendor", #not_held == 0, "not on hold for the vendor: " .. table.concat(not_held, ", "))
check("their resolution timers are paused", #not_paused == 0, "not paused: " .. table.concat(not_paused, ", "))
check("each caller can see why", #untold == 0, "no comment or message on: " .. table.concat(untold, ", "))
C.no_row("the unrelated Billing tickets were left alone",
         "SELECT number FROM incidents WHERE number IN ('INC0002011', 'INC0002012') AND (state = 'on_hold' OR updated_at >= '2026-03-02T09:00:00Z')")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
