-- Scheduled events of the ITSM environment. Each handler runs once the simulated clock passes its due
-- time, in its own savepoint, as the system (no acting user).
local I = require("itsm")

return {
  -- An SLA timer falls due. Payload: { timer_id, due_at }. A timer that was stopped, paused or moved
  -- since (its due_at differs) is left alone: the event that matches its current due time decides.
  sla_due = function(payload)
    local t = db.one("SELECT * FROM sla_timers WHERE id = ?", payload.timer_id)
    if not t or t.stage ~= "in_progress" or t.due_at ~= payload.due_at then return end
    db.update("sla_timers", { id = t.id }, { stage = "breached", breached_at = I.now() })
    local inc = db.one("SELECT * FROM incidents WHERE id = ?", t.incident_id)
    local def = db.one("SELECT * FROM sla_definitions WHERE id = ?", t.definition_id)
    I.audit(inc.number, "sla_breached", nil, def.name, nil)
    local manager = inc.assignment_group_id and db.value("SELECT manager_id FROM groups WHERE id = ?", inc.assignment_group_id)
      or db.value("SELECT manager_id FROM groups WHERE name = 'Service Desk'")
    if manager then
      I.notify(manager, "SLA breached: " .. inc.number, def.name .. " breached for " .. inc.number .. " '" ..
               inc.short_description .. "' (priority " .. inc.priority .. ").", inc.number)
    end
  end,

  -- 72 hours after resolution an incident closes itself unless it was reopened (or resolved again
  -- later, which schedules its own auto-close). Payload: { incident_id, resolved_at }.
  auto_close = function(payload)
    local inc = db.one("SELECT * FROM incidents WHERE id = ?", payload.incident_id)
    if not inc or inc.state ~= "resolved" or inc.resolved_at ~= payload.resolved_at then return end
    I.set("incidents", inc, { state = "closed", closed_at = I.now() }, nil)
  end,
}
