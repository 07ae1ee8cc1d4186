-- Five P3 tickets in the Service Desk queue have response timers due before 10:45; the agent must own
-- them and start work (which stops the response timer) before they breach. Lower-priority tickets and
-- the Network ticket stay untouched.
local C = require("checks")
local F = require("facts")

local alex = F.user_id("alex.morgan")
local urgent = { "INC0002001", "INC0002002", "INC0002003", "INC0002004", "INC0002005" }
local not_owned, not_started, breached = {}, {}, {}
for _, n in ipairs(urgent) do
  local inc = F.incident(n)
  if inc.assigned_to_id ~= alex then not_owned[#not_owned + 1] = n end
  if inc.state ~= "in_progress" then not_started[#not_started + 1] = n end
  if db.value([[SELECT 1 FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
                WHERE t.incident_id = ? AND d.kind = 'response' AND t.stage = 'breached']], inc.id) then
    breached[#breached + 1] = n
  end
end
check("the five tickets due soon are Alex's", #not_owned == 0, "not with alex.morgan: " .. table.concat(not_owned, ", "))
check("work has started on each", #not_started == 0, "not in progress: " .. table.concat(not_started, ", "))
check("no response target was breached", #breached == 0, "breached: " .. table.concat(breached, ", "))
C.no_row("the later tickets wait for triage",
         "SELECT number FROM incidents WHERE number IN ('INC0002006', 'INC0002007') AND (assigned_to_id IS NOT NULL OR state <> 'new')")
C.no_row("the Network ticket was left alone",
         "SELECT number FROM incidents WHERE number = 'INC0002008' AND (assigned_to_id IS NOT NULL OR state <> 'new')")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
