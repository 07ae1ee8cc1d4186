-- SLA timers for incidents, driven by the simulated clock.
-- Each incident has a response timer (stops when work starts) and a resolution timer (pauses while the
-- incident is on hold, stops when it is resolved). When a timer is due, the `sla_due` event in
-- events.lua marks it breached and tells the assignment group's manager.
local I = require("itsm")
local M = {}

local function definition(kind, priority)
  return db.one("SELECT * FROM sla_definitions WHERE kind = ? AND priority = ?", kind, priority)
end

local function schedule(timer_id, due_at)
  clock.schedule(clock.parse(due_at), "sla_due", { timer_id = timer_id, due_at = due_at })
end

-- Starts the response and resolution timers of an incident from `started_at` (default: opened_at).
-- A timer whose due time has already passed starts breached.
function M.start(incident, started_at)
  started_at = started_at or incident.opened_at
  local now = I.now()
  for _, kind in ipairs({ "response", "resolution" }) do
    local def = definition(kind, incident.priority)
    if def then
      local due = I.plus(started_at, def.duration_minutes * 60)
      local breached = due <= now
      local id = db.insert("sla_timers", {
        incident_id = incident.id, definition_id = def.id,
        stage = breached and "breached" or "in_progress",
        started_at = started_at, due_at = due, breached_at = breached and due or nil,
      })
      if not breached then schedule(id, due) end
    end
  end
end

local function active(incident_id, kind)
  return db.query([[SELECT t.* FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
                    WHERE t.incident_id = ? AND d.kind = ? AND t.stage IN ('in_progress', 'paused')
                    ORDER BY t.id]], incident_id, kind)
end

local function stop(incident_id, kind, stage)
  for _, t in ipairs(active(incident_id, kind)) do
    db.update("sla_timers", { id = t.id }, { stage = stage, stopped_at = I.now(), paused_at = null })
  end
end

-- Work has started (state in_progress, or the incident was resolved at first touch).
function M.responded(incident_id) stop(incident_id, "response", "completed") end

function M.pause(incident_id)
  for _, t in ipairs(active(incident_id, "resolution")) do
    if t.stage == "in_progress" then
      db.update("sla_timers", { id = t.id }, { stage = "paused", paused_at = I.now() })
    end
  end
end

-- Resumes a paused resolution timer; its due time moves by the time spent paused.
function M.resume(incident_id)
  for _, t in ipairs(active(incident_id, "resolution")) do
    if t.stage == "paused" then
      local paused_for = clock.now() - clock.parse(t.paused_at)
      local due = I.plus(t.due_at, paused_for)
      db.update("sla_timers", { id = t.id }, { stage = "in_progress", paused_at = null, due_at = due })
      schedule(t.id, due)
    end
  end
end

function M.resolved(incident_id)
  stop(incident_id, "response", "completed")
  stop(incident_id, "resolution", "completed")
end

function M.canceled(incident_id)
  stop(incident_id, "response", "canceled")
  stop(incident_id, "resolution", "canceled")
end

-- A reopened incident gets a fresh resolution timer from now.
function M.reopened(incident)
  local def = definition("resolution", incident.priority)
  local due = I.plus(I.now(), def.duration_minutes * 60)
  local id = db.insert("sla_timers", {
    incident_id = incident.id, definition_id = def.id, stage = "in_progress", started_at = I.now(), due_at = due,
  })
  schedule(id, due)
end

-- Priority changed: running timers are replaced by timers of the new priority, measured from the
-- incident's opening (a raised priority can therefore breach at once).
function M.reprioritized(incident)
  local had_response = #active(incident.id, "response") > 0
  local had_resolution = #active(incident.id, "resolution") > 0
  stop(incident.id, "response", "canceled")
  stop(incident.id, "resolution", "canceled")
  local now = I.now()
  for _, kind in ipairs({ "response", "resolution" }) do
    if (kind == "response" and had_response) or (kind == "resolution" and had_resolution) then
      local def = definition(kind, incident.priority)
      local due = I.plus(incident.opened_at, def.duration_minutes * 60)
      local breached = due <= now
      local id = db.insert("sla_timers", {
        incident_id = incident.id, definition_id = def.id, stage = breached and "breached" or "in_progress",
        started_at = incident.opened_at, due_at = due, breached_at = breached and now or nil,
      })
      if not breached then schedule(id, due) end
    end
  end
end

-- Timers of an incident as shown to agents.
function M.view(incident_id)
  local now = clock.now()
  local out = {}
  for _, t in ipairs(db.query([[SELECT t.*, d.name, d.kind FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id
                                WHERE t.incident_id = ? ORDER BY t.id]], incident_id)) do
    local left = null
    if t.stage == "in_progress" then left = (clock.parse(t.due_at) - now) // 60 end
    out[#out + 1] = {
      sla = t.name, kind = t.kind, stage = t.stage, started_at = t.started_at, due_at = t.due_at,
      minutes_left = left, breached_at = I.or_null(t.breached_at),
    }
  end
  return array(out)
end

return M
