-- Incident management: search, read, create, update, assign, state transitions, major incidents, tasks.
local I = require("itsm")
local V = require("views")
local SLA = require("sla")

local SORTS = {  -- constant ORDER BY clauses, chosen by name
  newest = " ORDER BY i.opened_at DESC, i.number DESC",
  oldest = " ORDER BY i.opened_at ASC, i.number ASC",
  priority = " ORDER BY i.priority ASC, i.opened_at ASC, i.number ASC",
  updated = " ORDER BY i.updated_at DESC, i.number DESC",
}

local function resolve_optional_user(name, what)
  if name == nil then return nil end
  return I.must_user(name, what).id
end

local search_incidents = {
  name = "search_incidents",
  description = "Search incidents by text and filters. Returns one page of summaries (newest first by default) " ..
    "with the total count and the next page number, or null on the last page.",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", description = "Words to find in the number, short description or description" },
    state = { type = "string", enum = { "open", "new", "in_progress", "on_hold", "resolved", "closed", "canceled" },
              description = "'open' means new, in_progress or on_hold" },
    priority = { type = "integer", minimum = 1, maximum = 5 },
    assignment_group = { type = "string", description = "Group name, e.g. Network" },
    assigned_to = { type = "string", description = "User name of the assignee" },
    unassigned = { type = "boolean", default = false, description = "Only incidents with no assignee" },
    caller = { type = "string", description = "User name of the caller" },
    category = { type = "string", enum = { "hardware", "software", "network", "database", "access", "email", "inquiry" } },
    configuration_item = { type = "string", description = "CI name" },
    opened_after = { type = "string", format = "date-time" },
    opened_before = { type = "string", format = "date-time" },
    major_only = { type = "boolean", default = false },
    sort = { type = "string", enum = { "newest", "oldest", "priority", "updated" }, default = "newest" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local w = I.where()
      :text(args.query, "(i.short_description LIKE ? OR i.description LIKE ? OR i.number LIKE ?)", "_incident_text", "i.id")
      :state(args.state, "i.state", "i.state IN ('new', 'in_progress', 'on_hold')")
      :add("i.priority = ?", args.priority)
      :add("i.assignment_group_id = ?", args.assignment_group and I.must_group(args.assignment_group).id)
      :add("i.assigned_to_id = ?", resolve_optional_user(args.assigned_to, "assignee"))
      :add_if(args.unassigned, "i.assigned_to_id IS NULL")
      :add("i.caller_id = ?", resolve_optional_user(args.caller, "caller"))
      :add("i.category = ?", args.category)
      :add("i.ci_id = ?", args.configuration_item and I.must_ci(args.configuration_item).id)
      :add("i.opened_at >= ?", I.time_arg(args.opened_after, "opened_after"))
      :add("i.opened_at < ?", I.time_arg(args.opened_before, "opened_before"))
      :add_if(args.major_only, "i.major = 1")
    -- The page's ids (and the match count) first, then the joins for those rows alone, not for every match.
    local rows = db.query("SELECT " .. V.INCIDENT_COLUMNS .. ", p.total_matches FROM (SELECT i.id, COUNT(*) OVER () AS " ..
                          "total_matches FROM incidents i" .. w:sql() .. SORTS[args.sort] .. " LIMIT ? OFFSET ?) p " ..
                          "JOIN incidents i ON i.id = p.id " .. V.INCIDENT_JOINS .. SORTS[args.sort], w:params(size, offset))
    local items = {}
    for k, r in ipairs(rows) do items[k] = V.incident_summary(r) end
    return I.paged(items, I.total_of(rows, "SELECT COUNT(*) FROM incidents i" .. w:sql(), w:params()), page, size)
  end,
}

local get_incident = {
  name = "get_incident",
  description = "Full details of one incident: fields, SLA timers, work notes and comments, tasks, child incidents.",
  read_only = true,
  parameters = { number = { type = "string", description = "Incident number, e.g. INC0001042", required = true } },
  run = function(args) return V.incident(I.must_incident(args.number)) end,
}

local CATEGORY = { "hardware", "software", "network", "database", "access", "email", "inquiry" }

local create_incident = {
  name = "create_incident",
  description = "Open a new incident for a caller. Priority is derived from impact and urgency (1 = high, 3 = low). " ..
    "SLA timers start at once.",
  parameters = {
    caller = { type = "string", description = "User name of the person affected", required = true },
    short_description = { type = "string", minLength = 5, maxLength = 160, required = true },
    description = { type = "string", maxLength = 4000 },
    category = { type = "string", enum = CATEGORY, required = true },
    subcategory = { type = "string", maxLength = 60 },
    impact = { type = "integer", minimum = 1, maximum = 3, default = 3, description = "1 = widespread, 3 = one person" },
    urgency = { type = "integer", minimum = 1, maximum = 3, default = 3, description = "1 = work stopped, 3 = can wait" },
    priority = { type = "integer", minimum = 1, maximum = 5,
                 description = "Hand override of the derived priority; policy ITSM-R04 forbids it (set impact and urgency instead)" },
    configuration_item = { type = "string", description = "Affected CI name" },
    assignment_group = { type = "string" },
    assigned_to = { type = "string", description = "User name; must be an active member of the group" },
    contact_type = { type = "string", enum = { "phone", "email", "self_service", "walk_in", "monitoring" }, default = "phone" },
  },
  run = function(args)
    local me = I.actor_user()
    local caller = I.must_active_user(args.caller, "the caller")
    local gid = args.assignment_group and I.must_group(args.assignment_group).id or nil
    local uid = args.assigned_to and I.must_active_user(args.assigned_to, "assigned").id or nil
    if uid and not gid then fail("missing_field", "assigned_to needs assignment_group", "Give the assignee's group too.") end
    local ci = args.configuration_item and I.must_ci(args.configuration_item).id or nil
    local number = I.next_number("incidents")
    local now = I.now()
    local id = db.insert("incidents", {
      number = number, short_description = args.short_description, description = args.description,
      caller_id = caller.id, opened_by_id = me.id, contact_type = args.contact_type, category = args.category,
      subcategory = args.subcategory, impact = args.impact, urgency = args.urgency,
      priority = args.priority or I.priority(args.impact, args.urgency), state = "new",
      assignment_group_id = gid, assigned_to_id = uid, ci_id = ci, opened_at = now, updated_at = now,
    })
    I.audit(number, "created", nil, "new", me.id)
    local row = db.one("SELECT * FROM incidents WHERE id = ?", id)
    SLA.start(row)
    return V.incident(row)
  end,
}

local update_incident = {
  name = "update_incident",
  description = "Change fields of an incident that is not closed or canceled. Changing impact or urgency recomputes " ..
    "the priority (and the SLA timers of an open incident). Use assign_incident to assign and the state tools to " ..
    "move it through its life cycle.",
  parameters = {
    number = { type = "string", required = true },
    short_description = { type = "string", minLength = 5, maxLength = 160 },
    description = { type = "string", maxLength = 4000 },
    category = { type = "string", enum = CATEGORY },
    subcategory = { type = "string", maxLength = 60 },
    impact = { type = "integer", minimum = 1, maximum = 3 },
    urgency = { type = "integer", minimum = 1, maximum = 3 },
    priority = { type = "integer", minimum = 1, maximum = 5,
                 description = "Hand override of the derived priority; policy ITSM-R04 forbids it (set impact and urgency instead)" },
    configuration_item = { type = "string" },
    caller = { type = "string", description = "Correct the caller (user name)" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if inc.state == "closed" or inc.state == "canceled" then
      fail("invalid_state", inc.number .. " is " .. inc.state .. " and can no longer be changed",
           "Open a new incident if the issue is back.")
    end
    local values = {}
    for _, f in ipairs({ "short_description", "description", "category", "subcategory", "impact", "urgency" }) do
      if args[f] ~= nil then values[f] = args[f] end
    end
    if args.configuration_item then values.ci_id = I.must_ci(args.configuration_item).id end
    if args.caller then values.caller_id = I.must_active_user(args.caller, "the caller").id end
    local impact, urgency = args.impact or inc.impact, args.urgency or inc.urgency
    if args.priority then values.priority = args.priority
    elseif args.impact or args.urgency then values.priority = I.priority(impact, urgency) end
    local changed = I.set("incidents", inc, values, me.id)
    if values.priority and values.priority ~= inc.priority and (inc.state == "new" or inc.state == "in_progress" or inc.state == "on_hold") then
      SLA.reprioritized(db.one("SELECT * FROM incidents WHERE id = ?", inc.id))
    end
    return { number = inc.number, changed = changed, incident = V.incident(db.one("SELECT * FROM incidents WHERE id = ?", inc.id)) }
  end,
}

local assign_incident = {
  name = "assign_incident",
  description = "Assign an incident to a group and, optionally, one of the group's active members. A note, when " ..
    "given, is added as a work note (policy: say why when you move a ticket to another group).",
  parameters = {
    number = { type = "string", required = true },
    assignment_group = { type = "string", description = "Group name", required = true },
    assigned_to = { type = "string", description = "User name of an active member of the group" },
    note = { type = "string", maxLength = 2000, description = "Work note explaining the assignment" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if inc.state == "closed" or inc.state == "canceled" then
      fail("invalid_state", inc.number .. " is " .. inc.state, "Closed and canceled incidents cannot be reassigned.")
    end
    local g = I.must_group(args.assignment_group)
    local uid = null
    if args.assigned_to then uid = I.must_user(args.assigned_to).id end
    local changed = I.set("incidents", inc, { assignment_group_id = g.id, assigned_to_id = uid }, me.id)
    if args.note then I.add_note(inc.number, args.note, "work_note", me.id) end
    return { number = inc.number, assignment_group = g.name, assigned_to = args.assigned_to or null, changed = changed }
  end,
}

-- Moves an incident to `to` with the side effects on timestamps, SLA timers and auto-close.
local function transition(inc, to, values, me)
  values.state = to
  local now = I.now()
  if to == "in_progress" then
    if inc.state == "resolved" then
      values.reopen_count = inc.reopen_count + 1
      values.resolved_at, values.resolution_code, values.resolution_notes = null, null, null
    end
    values.on_hold_reason = null
  elseif to == "resolved" then
    values.resolved_at = now
    values.on_hold_reason = null
  elseif to == "closed" or to == "canceled" then
    values.closed_at = now
    if to == "canceled" then values.on_hold_reason = null end
  end
  I.set("incidents", inc, values, me and me.id)
  if to == "in_progress" then
    if inc.state == "on_hold" then SLA.resume(inc.id) end
    if inc.state == "resolved" then SLA.reopened(db.one("SELECT * FROM incidents WHERE id = ?", inc.id)) end
    SLA.responded(inc.id)
  elseif to == "on_hold" then
    SLA.responded(inc.id)
    SLA.pause(inc.id)
  elseif to == "resolved" then
    SLA.resolved(inc.id)
    clock.schedule(clock.now() + I.AUTO_CLOSE_AFTER, "auto_close", { incident_id = inc.id, resolved_at = now })
  elseif to == "canceled" then
    SLA.canceled(inc.id)
  end
end

local set_incident_state = {
  name = "set_incident_state",
  description = "Move an incident to in_progress (work started, or back from on hold), on_hold (with a reason), " ..
    "canceled (with a reason; raised in error or a duplicate that needs no resolution; policy: tell the caller " ..
    "first) or closed (from resolved, once the caller confirms). To resolve use resolve_incident; to reopen use " ..
    "reopen_incident.",
  parameters = {
    number = { type = "string", required = true },
    state = { type = "string", enum = { "in_progress", "on_hold", "canceled", "closed" }, required = true },
    on_hold_reason = { type = "string", enum = { "awaiting_caller", "awaiting_change", "awaiting_problem", "awaiting_vendor" } },
    reason = { type = "string", maxLength = 2000, description = "Why (needed to cancel); kept as an internal work note" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if not I.can_move(I.INCIDENT_TRANSITIONS, inc.state, args.state) then
      fail("invalid_state", "Cannot move " .. inc.number .. " from " .. inc.state .. " to " .. args.state,
           "Allowed from " .. inc.state .. ": " .. I.allowed_list(I.INCIDENT_TRANSITIONS, inc.state))
    end
    local values = {}
    if args.state == "on_hold" then values.on_hold_reason = args.on_hold_reason end
    transition(inc, args.state, values, me)
    if args.reason then I.add_note(inc.number, args.reason, "work_note", me.id) end
    return { number = inc.number, state = args.state, previous_state = inc.state }
  end,
}

local resolve_incident = {
  name = "resolve_incident",
  description = "Resolve an incident with a resolution code and notes. The caller is emailed; the incident closes " ..
    "itself 72 hours later unless reopened. Resolving a major incident also resolves its open child incidents.",
  parameters = {
    number = { type = "string", required = true },
    resolution_code = { type = "string", enum = { "solved_permanently", "solved_workaround", "not_reproducible",
                                                  "duplicate", "user_error", "resolved_by_change" } },
    resolution_notes = { type = "string", maxLength = 4000, description = "What was done (the caller sees it)" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if not I.can_move(I.INCIDENT_TRANSITIONS, inc.state, "resolved") then
      fail("invalid_state", "Cannot resolve " .. inc.number .. " from " .. inc.state,
           "Allowed from " .. inc.state .. ": " .. I.allowed_list(I.INCIDENT_TRANSITIONS, inc.state))
    end
    if not args.resolution_code or not args.resolution_notes then
      fail("missing_field", "Resolving needs resolution_code and resolution_notes", "Give both and try again.")
    end
    local values = { resolution_code = args.resolution_code, resolution_notes = args.resolution_notes }
    transition(inc, "resolved", values, me)
    I.notify(inc.caller_id, inc.number .. " has been resolved", "Your incident '" .. inc.short_description ..
             "' was resolved: " .. args.resolution_notes .. " Reply within 72 hours if it is not fixed.", inc.number)
    local children = array({})
    if inc.major == 1 then
      for _, c in ipairs(db.query([[SELECT * FROM incidents WHERE parent_id = ? AND state IN ('new', 'in_progress', 'on_hold')
                                    ORDER BY id]], inc.id)) do
        transition(c, "resolved", { resolution_code = args.resolution_code,
                                    resolution_notes = "Resolved with major incident " .. inc.number .. ": " .. args.resolution_notes }, me)
        I.notify(c.caller_id, c.number .. " has been resolved", "Resolved with major incident " .. inc.number .. ".", c.number)
        children[#children + 1] = c.number
      end
    end
    return { number = inc.number, state = "resolved", resolved_children = children }
  end,
}

local reopen_incident = {
  name = "reopen_incident",
  description = "Reopen a resolved incident (the caller says it is not fixed). It returns to in_progress with a new " ..
    "resolution SLA; the reason is added as a comment the caller can see.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 5, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if inc.state ~= "resolved" then
      fail("invalid_state", inc.number .. " is " .. inc.state .. "; only resolved incidents can be reopened",
           inc.state == "closed" and "Closed incidents stay closed: open a new incident and mention this one." or nil)
    end
    transition(inc, "in_progress", {}, me)
    I.add_note(inc.number, "Reopened: " .. args.reason, "comment", me.id)
    return { number = inc.number, state = "in_progress", reopen_count = inc.reopen_count + 1 }
  end,
}

local declare_major_incident = {
  name = "declare_major_incident",
  description = "Declare a priority-1 incident a major incident (managers only) and optionally attach related " ..
    "incidents as its children; children are resolved together with it. Policy: page the on-call primary of its " ..
    "assignment group first.",
  parameters = {
    number = { type = "string", required = true },
    children = { type = "array", items = { type = "string" }, maxItems = 50, description = "Related incident numbers" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if inc.priority ~= 1 then
      fail("invalid_state", inc.number .. " is priority " .. inc.priority .. "; only priority 1 incidents can be major",
           "Set impact and urgency first if the business impact justifies priority 1.")
    end
    if inc.state ~= "new" and inc.state ~= "in_progress" and inc.state ~= "on_hold" then
      fail("invalid_state", inc.number .. " is " .. inc.state)
    end
    I.set("incidents", inc, { major = 1 }, me.id)
    local attached = {}
    for _, n in ipairs(args.children or {}) do
      local c = I.must_incident(n)
      if c.id == inc.id then fail("invalid_arguments", "An incident cannot be its own child") end
      if c.state == "closed" or c.state == "canceled" then fail("invalid_state", c.number .. " is " .. c.state) end
      I.set("incidents", c, { parent_id = inc.id }, me.id)
      attached[#attached + 1] = c.number
    end
    return { number = inc.number, major_incident = true, children = array(attached) }
  end,
}

local link_incidents = {
  name = "link_incidents",
  description = "Attach an incident as a child of a major incident, or link it to a problem.",
  parameters = {
    number = { type = "string", description = "The incident to link", required = true },
    parent_incident = { type = "string", description = "A major incident number" },
    problem = { type = "string", description = "A problem number, e.g. PRB0000042" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if not args.parent_incident and not args.problem then
      fail("missing_field", "Give parent_incident or problem", "Say what to link the incident to.")
    end
    local values = {}
    if args.parent_incident then
      local p = I.must_incident(args.parent_incident)
      if p.major ~= 1 then fail("invalid_state", p.number .. " is not a major incident", "Declare it major first (managers).") end
      if p.id == inc.id then fail("invalid_arguments", "An incident cannot be its own parent") end
      values.parent_id = p.id
    end
    if args.problem then values.problem_id = I.must_problem(args.problem).id end
    local changed = I.set("incidents", inc, values, me.id)
    return { number = inc.number, parent_incident = args.parent_incident or null, problem = args.problem or null, changed = changed }
  end,
}

local create_incident_task = {
  name = "create_incident_task",
  description = "Create a task under an open incident for another team (e.g. replace hardware on site).",
  parameters = {
    number = { type = "string", description = "Incident number", required = true },
    short_description = { type = "string", minLength = 5, maxLength = 160, required = true },
    assignment_group = { type = "string", required = true },
    assigned_to = { type = "string" },
  },
  run = function(args)
    local me = I.actor_user()
    local inc = I.must_incident(args.number)
    if inc.state == "closed" or inc.state == "canceled" or inc.state == "resolved" then
      fail("invalid_state", inc.number .. " is " .. inc.state, "Tasks can only be added to open incidents.")
    end
    local g = I.must_group(args.assignment_group)
    local uid = args.assigned_to and I.must_user(args.assigned_to).id or nil
    local number = I.next_number("incident_tasks")
    db.insert("incident_tasks", { number = number, incident_id = inc.id, short_description = args.short_description,
      state = "open", assignment_group_id = g.id, assigned_to_id = uid, opened_at = I.now() })
    I.audit(inc.number, "task_added", nil, number, me.id)
    return { number = number, incident = inc.number, state = "open", assignment_group = g.name, assigned_to = args.assigned_to or null }
  end,
}

local update_incident_task = {
  name = "update_incident_task",
  description = "Start, close or reassign an incident task. Closing needs close notes; the assignee must be an " ..
    "active member of the task's group.",
  parameters = I.TASK_UPDATE_PARAMS("ITASK0000012"),
  run = function(args) return I.update_task("incident_tasks", args) end,
}

return {
  search_incidents, get_incident, create_incident, update_incident, assign_incident, set_incident_state,
  resolve_incident, reopen_incident, declare_major_incident, link_incidents, create_incident_task, update_incident_task,
}
