-- Five P3 tickets in the Service Desk queue have response timers due before 10:45; the agent must own
-- them and start work (which stops the response timer) before they breach. Lower-priority tickets and
-- the Network ticket stay untouched.
local C = require("checks")
local F = require("facts")

local alex = F.user_id("alex.morgan")
local urgent = { "INC0002001", "INC0002002", "INC0002003", "INC0002004", "INC0002005" }
local owned, not_owned, started, not_started, met, not_met = {}, {}, {}, {}, {}, {}
for _, n in ipairs(urgent) do
  local inc = F.incident(n)
  if inc.assigned_to_id == alex then owned[#owned + 1] = n else not_owned[#not_owned + 1] = n end
  if inc.state == "in_progress" then started[#started + 1] = n else not_started[#not_started + 1] = n end
  if db.value([[SELECT 1 FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
                WHERE t.incident_id = ? AND d.kind = 'response' AND t.stage = 'completed']], inc.id) then
    met[#met + 1] = n
  else
    not_met[#not_met + 1] = n
  end
end
check("the five tickets due soon are Alex's", #not_owned == 0,
      "with alex.morgan: " .. C.list_or_none(owned) .. "; not with alex.morgan: " .. C.list_or_none(not_owned))
check("work has started on each", #not_started == 0,
      "in progress: " .. C.list_or_none(started) .. "; not in progress: " .. C.list_or_none(not_started))
check("each response target was met", #not_met == 0,
      "response timer completed: " .. C.list_or_none(met) .. "; not completed: " .. C.list_or_none(not_met))

-- the tickets that wait for triage (INC0002006, INC0002007) and the Network ticket (INC0002008)
local others = {}
for _, d in ipairs(changes("incidents")) do
  if d.key.id >= 2006 and d.key.id <= 2008 then others[#others + 1] = db.value("SELECT number FROM incidents WHERE id = ?", d.key.id) end
end
check("the later tickets and the Network ticket were left alone", #others == 0,
      "changed among INC0002006-INC0002008: " .. C.list_or_none(others))
C.status_is("done")
