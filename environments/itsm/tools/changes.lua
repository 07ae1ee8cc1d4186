-- Change management: search, read, create, update, approvals, state transitions, tasks, calendar.
local I = require("itsm")
local V = require("views")
local P = require("policy")

local search_changes = {
  name = "search_changes",
  description = "Search change requests by text and filters (one page, with total and next page). Text matches " ..
    "when every word occurs in the change's number, short description or description, or in the name or " ..
    "description of its configuration item. assigned_to finds the changes someone implements.",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", description = "Words, any order, e.g. 'firewall portal' or 'lon-fw-01'" },
    state = { type = "string", enum = { "open", "new", "assess", "authorize", "scheduled", "implement", "review", "closed", "canceled" },
              description = "'open' means not closed or canceled" },
    type = { type = "string", enum = { "standard", "normal", "emergency" } },
    risk = { type = "string", enum = { "low", "moderate", "high" } },
    assignment_group = { type = "string" },
    requested_by = { type = "string" },
    assigned_to = { type = "string", description = "User name of the implementer (assignee)" },
    configuration_item = { type = "string" },
    planned_after = { type = "string", format = "date-time", description = "Planned start at or after" },
    planned_before = { type = "string", format = "date-time", description = "Planned start before" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local w = I.where()
      -- no trigram index: _change_text holds the change's own text, not its CI's (a few hundred rows to read)
      :text(args.query, "(c.short_description LIKE ? OR c.description LIKE ? OR c.number LIKE ? OR ci.name LIKE ? " ..
                        "OR ci.description LIKE ?)")
      :state(args.state, "c.state", "c.state NOT IN ('closed', 'canceled')")
      :add("c.type = ?", args.type)
      :add("c.risk = ?", args.risk)
      :add("c.assignment_group_id = ?", args.assignment_group and I.must_group(args.assignment_group).id)
      :add("c.requested_by_id = ?", args.requested_by and I.must_user(args.requested_by).id)
      :add("c.assigned_to_id = ?", args.assigned_to and I.must_user(args.assigned_to, "assignee").id)
      :add("c.ci_id = ?", args.configuration_item and I.must_ci(args.configuration_item).id)
      :add("c.planned_start >= ?", I.time_arg(args.planned_after, "planned_after"))
      :add("c.planned_start < ?", I.time_arg(args.planned_before, "planned_before"))
    -- requested_by_id is a required reference, so the join to users keeps every match and the count.
    local from = " FROM change_requests c LEFT JOIN configuration_items ci ON ci.id = c.ci_id"
    local rows = db.query([[SELECT c.number, c.type, c.short_description, c.risk, c.state, g.name AS assignment_group,
                                   u.user_name AS requested_by, a.user_name AS assigned_to, ci.name AS ci, c.planned_start,
                                   c.planned_end, COUNT(*) OVER () AS total_matches]] .. from ..
                          [[ LEFT JOIN groups g ON g.id = c.assignment_group_id JOIN users u ON u.id = c.requested_by_id
                             LEFT JOIN users a ON a.id = c.assigned_to_id]] .. w:sql() ..
                          " ORDER BY c.planned_start DESC, c.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = I.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, type = r.type, short_description = r.short_description, risk = r.risk, state = r.state,
                   assignment_group = I.or_null(r.assignment_group), assigned_to = I.or_null(r.assigned_to),
                   requested_by = r.requested_by, configuration_item = I.or_null(r.ci),
                   planned_start = I.or_null(r.planned_start), planned_end = I.or_null(r.planned_end) }
    end
    return I.paged(items, total, page, size)
  end,
}

local get_change = {
  name = "get_change",
  description = "Full details of a change: plans, window, approvals (with ids), tasks and notes, plus what approval " ..
    "it needs.",
  read_only = true,
  parameters = { number = { type = "string", required = true } },
  run = function(args)
    local c = I.must_change(args.number)
    local out = V.change(c)
    local n, req = P.valid_approvals(c)
    out.approval_needed = req.text
    out.valid_approvals = n
    return out
  end,
}

local PLAN_FIELDS = { "short_description", "description", "justification", "implementation_plan", "backout_plan", "test_plan" }

local function window_args(args)
  local start = I.time_arg(args.planned_start, "planned_start")
  local finish = I.time_arg(args.planned_end, "planned_end")
  return start, finish
end

local create_change = {
  name = "create_change",
  description = "Raise a change request (state new). Standard changes are pre-approved, low-risk and routine; normal " ..
    "changes need approval by risk; emergency changes need an emergency CAB approval.",
  parameters = {
    type = { type = "string", enum = { "standard", "normal", "emergency" }, required = true },
    short_description = { type = "string", minLength = 5, maxLength = 160, required = true },
    description = { type = "string", maxLength = 4000 },
    justification = { type = "string", maxLength = 2000 },
    implementation_plan = { type = "string", maxLength = 4000 },
    backout_plan = { type = "string", maxLength = 4000 },
    test_plan = { type = "string", maxLength = 4000 },
    risk = { type = "string", enum = { "low", "moderate", "high" }, required = true },
    impact = { type = "integer", minimum = 1, maximum = 3, default = 3 },
    assignment_group = { type = "string" },
    assigned_to = { type = "string" },
    configuration_item = { type = "string" },
    problem = { type = "string", description = "Problem this change fixes" },
    planned_start = { type = "string", format = "date-time" },
    planned_end = { type = "string", format = "date-time" },
  },
  run = function(args)
    local me = I.actor_user()
    if args.type == "standard" and args.risk ~= "low" then
      fail("invalid_arguments", "Standard changes are low risk by definition", "Raise a normal change for this risk.")
    end
    local start, finish = window_args(args)
    if start and finish and finish <= start then fail("invalid_arguments", "planned_end must be after planned_start") end
    local gid = args.assignment_group and I.must_group(args.assignment_group).id or nil
    local uid = args.assigned_to and I.must_active_user(args.assigned_to, "assigned").id or nil
    local number = I.next_number("change_requests")
    local now = I.now()
    local row = {
      number = number, type = args.type, risk = args.risk, impact = args.impact, state = "new",
      requested_by_id = me.id, assignment_group_id = gid, assigned_to_id = uid,
      ci_id = args.configuration_item and I.must_ci(args.configuration_item).id or nil,
      problem_id = args.problem and I.must_problem(args.problem).id or nil,
      planned_start = start, planned_end = finish, opened_at = now, updated_at = now,
    }
    for _, f in ipairs(PLAN_FIELDS) do row[f] = args[f] end
    local id = db.insert("change_requests", row)
    I.audit(number, "created", nil, "new", me.id)
    return V.change(db.one("SELECT * FROM change_requests WHERE id = ?", id))
  end,
}

local update_change = {
  name = "update_change",
  description = "Edit a change that is not yet implementing. Editing the risk, window, implementation plan or " ..
    "backout plan of a change in authorize or scheduled cancels its approvals and sends it back to assess for " ..
    "re-approval.",
  parameters = {
    number = { type = "string", required = true },
    short_description = { type = "string", minLength = 5, maxLength = 160 },
    description = { type = "string", maxLength = 4000 },
    justification = { type = "string", maxLength = 2000 },
    implementation_plan = { type = "string", maxLength = 4000 },
    backout_plan = { type = "string", maxLength = 4000 },
    test_plan = { type = "string", maxLength = 4000 },
    risk = { type = "string", enum = { "low", "moderate", "high" } },
    impact = { type = "integer", minimum = 1, maximum = 3 },
    assignment_group = { type = "string" },
    assigned_to = { type = "string" },
    configuration_item = { type = "string" },
    planned_start = { type = "string", format = "date-time" },
    planned_end = { type = "string", format = "date-time" },
  },
  run = function(args)
    local me = I.actor_user()
    local c = I.must_change(args.number)
    if c.state ~= "new" and c.state ~= "assess" and c.state ~= "authorize" and c.state ~= "scheduled" then
      fail("invalid_state", c.number .. " is " .. c.state .. " and can no longer be edited")
    end
    local values = {}
    for _, f in ipairs(PLAN_FIELDS) do if args[f] ~= nil then values[f] = args[f] end end
    if args.risk then values.risk = args.risk end
    if args.impact then values.impact = args.impact end
    if c.type == "standard" and args.risk and args.risk ~= "low" then
      fail("invalid_arguments", "Standard changes are low risk by definition", "Cancel it and raise a normal change.")
    end
    if args.assignment_group then values.assignment_group_id = I.must_group(args.assignment_group).id end
    if args.assigned_to then values.assigned_to_id = I.must_active_user(args.assigned_to, "assigned").id end
    if args.configuration_item then values.ci_id = I.must_ci(args.configuration_item).id end
    local start, finish = window_args(args)
    if start then values.planned_start = start end
    if finish then values.planned_end = finish end
    local s, f = values.planned_start or c.planned_start, values.planned_end or c.planned_end
    if s and f and f <= s then fail("invalid_arguments", "planned_end must be after planned_start") end
    local changed = I.set("change_requests", c, values, me.id)
    local reapproval = false
    if (c.state == "authorize" or c.state == "scheduled") then
      for _, f2 in ipairs(changed) do
        if f2 == "risk" or f2 == "planned_start" or f2 == "planned_end" or f2 == "implementation_plan" or f2 == "backout_plan" then
          reapproval = true
        end
      end
    end
    if reapproval then
      db.exec("UPDATE change_approvals SET state = 'canceled', decided_at = ? WHERE change_id = ? AND state IN ('requested', 'approved')",
              I.now(), c.id)
      I.set("change_requests", db.one("SELECT * FROM change_requests WHERE id = ?", c.id), { state = "assess" }, me.id)
    end
    return { number = c.number, changed = changed, sent_back_for_approval = reapproval,
             change = V.change(db.one("SELECT * FROM change_requests WHERE id = ?", c.id)) }
  end,
}

local request_change_approval = {
  name = "request_change_approval",
  description = "Submit a change for authorization: asks the named approvers and/or every active member of an " ..
    "approval group (e.g. the Change Advisory Board; its requester and implementer are left out), and moves the " ..
    "change to authorize. The change needs its " ..
    "plans, window and assignment group first.",
  parameters = {
    number = { type = "string", required = true },
    approvers = { type = "array", items = { type = "string" }, maxItems = 10, description = "User names" },
    group = { type = "string", description = "Approval group, e.g. Change Advisory Board" },
  },
  run = function(args)
    local me = I.actor_user()
    local c = I.must_change(args.number)
    if c.state ~= "new" and c.state ~= "assess" and c.state ~= "authorize" then
      fail("invalid_state", c.number .. " is " .. c.state .. "; approvals are requested in new, assess or authorize")
    end
    if c.type == "standard" then
      fail("invalid_state", c.number .. " is a standard change and is pre-approved", "Schedule it directly.")
    end
    local asked, seen = {}, {}
    local function ask(uid, gid)
      if seen[uid] then return end
      seen[uid] = true
      if db.value("SELECT 1 FROM change_approvals WHERE change_id = ? AND approver_id = ? AND state = 'requested'", c.id, uid) then return end
      db.insert("change_approvals", { change_id = c.id, approver_id = uid, group_id = gid, state = "requested", requested_at = I.now() })
      I.notify(uid, "Approval requested: " .. c.number, "Please review change " .. c.number .. " '" .. c.short_description ..
               "' planned " .. tostring(c.planned_start) .. ".", c.number, "email", me.id)
      asked[#asked + 1] = I.name_of(uid)
    end
    for _, n in ipairs(args.approvers or {}) do ask(I.must_active_user(n, "an approver").id, nil) end
    if args.group then
      local g = I.must_group(args.group)
      if g.kind ~= "approval" then fail("invalid_arguments", g.name .. " is not an approval group", "Use the Change Advisory Board.") end
      for _, m in ipairs(db.query([[SELECT u.id FROM group_members gm JOIN users u ON u.id = gm.user_id
                                    WHERE gm.group_id = ? AND u.active = 1 ORDER BY u.user_name]], g.id)) do
        -- the change's own requester and implementer are never asked (no self-approval)
        if m.id ~= c.requested_by_id and m.id ~= c.assigned_to_id then ask(m.id, g.id) end
      end
    end
    if not args.approvers and not args.group then fail("missing_field", "Name approvers or an approval group") end
    if c.state ~= "authorize" then I.set("change_requests", c, { state = "authorize" }, me.id) end
    return { number = c.number, state = "authorize", requested_from = array(asked) }
  end,
}

local decide_change_approval = {
  name = "decide_change_approval",
  description = "Approve or reject a change as the acting user, who must be one of its requested approvers. When the " ..
    "approvals its risk needs are complete, the change moves to scheduled; a rejection sends it back to assess.",
  parameters = {
    number = { type = "string", required = true },
    decision = { type = "string", enum = { "approved", "rejected" }, required = true },
    comments = { type = "string", maxLength = 2000 },
  },
  run = function(args)
    local me = I.actor_user()
    local c = I.must_change(args.number)
    if c.state ~= "authorize" then fail("invalid_state", c.number .. " is " .. c.state .. ", not awaiting approval") end
    local a = db.one("SELECT * FROM change_approvals WHERE change_id = ? AND approver_id = ? AND state = 'requested' ORDER BY id LIMIT 1",
                     c.id, me.id)
    if not a then
      fail("forbidden", me.user_name .. " has no pending approval on " .. c.number,
           "Only the requested approvers can decide; ask for approval first.")
    end
    db.update("change_approvals", { id = a.id }, { state = args.decision, comments = args.comments, decided_at = I.now() })
    I.audit(c.number, "approval", "requested", args.decision .. " by " .. me.user_name, me.id)
    local state = "authorize"
    if args.decision == "rejected" then
      db.exec("UPDATE change_approvals SET state = 'canceled', decided_at = ? WHERE change_id = ? AND state = 'requested'", I.now(), c.id)
      I.set("change_requests", c, { state = "assess" }, me.id)
      state = "assess"
    elseif not P.approval_gap(c) then
      db.exec("UPDATE change_approvals SET state = 'canceled', decided_at = ? WHERE change_id = ? AND state = 'requested'", I.now(), c.id)
      I.set("change_requests", c, { state = "scheduled" }, me.id)
      state = "scheduled"
    end
    return { number = c.number, decision = args.decision, state = state }
  end,
}

local set_change_state = {
  name = "set_change_state",
  description = "Move a change along its life cycle: assess, scheduled (standard changes, or once approved), " ..
    "implement (inside its window, never in a freeze unless an emergency), review, closed (with close code and " ..
    "notes) or canceled (with a reason). Use request_change_approval to move to authorize.",
  parameters = {
    number = { type = "string", required = true },
    state = { type = "string", enum = { "assess", "scheduled", "implement", "review", "closed", "canceled" }, required = true },
    close_code = { type = "string", enum = { "successful", "successful_with_issues", "unsuccessful" } },
    close_notes = { type = "string", maxLength = 4000 },
    reason = { type = "string", maxLength = 2000, description = "Why (needed to cancel)" },
  },
  run = function(args)
    local me = I.actor_user()
    local c = I.must_change(args.number)
    local to = args.state
    local ok = I.can_move(I.CHANGE_TRANSITIONS, c.state, to)
      or (c.type == "standard" and to == "scheduled" and (c.state == "new" or c.state == "assess"))
    if not ok then
      fail("invalid_state", "Cannot move " .. c.number .. " from " .. c.state .. " to " .. to,
           "Allowed from " .. c.state .. ": " .. I.allowed_list(I.CHANGE_TRANSITIONS, c.state))
    end
    local values = { state = to }
    if to == "implement" then values.actual_start = I.now() end
    if to == "review" then values.actual_end = I.now() end
    if to == "closed" then values.close_code, values.close_notes = args.close_code, args.close_notes end
    if to == "canceled" then
      values.close_code, values.close_notes = "canceled", args.reason
      db.exec("UPDATE change_approvals SET state = 'canceled', decided_at = ? WHERE change_id = ? AND state = 'requested'", I.now(), c.id)
    end
    I.set("change_requests", c, values, me.id)
    return { number = c.number, state = to, previous_state = c.state }
  end,
}

local create_change_task = {
  name = "create_change_task",
  description = "Add a task to a change (e.g. take a snapshot, post-change validation).",
  parameters = {
    number = { type = "string", description = "Change number", required = true },
    short_description = { type = "string", minLength = 5, maxLength = 160, required = true },
    assignment_group = { type = "string" },
    assigned_to = { type = "string" },
  },
  run = function(args)
    local me = I.actor_user()
    local c = I.must_change(args.number)
    if c.state == "closed" or c.state == "canceled" then fail("invalid_state", c.number .. " is " .. c.state) end
    local gid = args.assignment_group and I.must_group(args.assignment_group).id or c.assignment_group_id
    local uid = args.assigned_to and I.must_active_user(args.assigned_to, "assigned").id or nil
    local number = I.next_number("change_tasks")
    db.insert("change_tasks", { number = number, change_id = c.id, short_description = args.short_description, state = "open",
      assignment_group_id = gid, assigned_to_id = uid, opened_at = I.now() })
    I.audit(c.number, "task_added", nil, number, me.id)
    return { number = number, change = c.number, state = "open" }
  end,
}

local update_change_task = {
  name = "update_change_task",
  description = "Start, close or reassign a change task. Closing needs close notes; the assignee must be an " ..
    "active member of the task's group.",
  parameters = I.TASK_UPDATE_PARAMS("CTASK0000042"),
  run = function(args) return I.update_task("change_tasks", args) end,
}

local get_change_calendar = {
  name = "get_change_calendar",
  description = "Freeze windows and scheduled or implementing changes between two times (default: the next 14 days).",
  read_only = true,
  parameters = I.with_paging({
    from = { type = "string", format = "date-time" },
    to = { type = "string", format = "date-time" },
  }),
  run = function(args)
    local from = I.time_arg(args.from, "from") or I.now()
    local to = I.time_arg(args.to, "to") or I.plus(from, 14 * 86400)
    local page, size, offset = I.page_args(args)
    local freezes = db.query("SELECT name, starts_at, ends_at, reason FROM freeze_windows WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at", to, from)
    local where = " WHERE c.state IN ('scheduled', 'implement') AND c.planned_start < ? AND c.planned_end > ?"
    local rows = db.query([[SELECT c.number, c.short_description, c.state, c.risk, c.planned_start, c.planned_end,
                                   ci.name AS ci, COUNT(*) OVER () AS total_matches
                            FROM change_requests c LEFT JOIN configuration_items ci ON ci.id = c.ci_id]] ..
                          where .. " ORDER BY c.planned_start, c.number LIMIT ? OFFSET ?", to, from, size, offset)
    local total = I.total_of(rows, "SELECT COUNT(*) FROM change_requests c" .. where, to, from)
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, short_description = r.short_description, state = r.state, risk = r.risk,
                   planned_start = r.planned_start, planned_end = r.planned_end, configuration_item = I.or_null(r.ci) }
    end
    local out = I.paged(items, total, page, size)
    out.from, out.to, out.freeze_windows = from, to, freezes
    return out
  end,
}

return {
  search_changes, get_change, create_change, update_change, request_change_approval, decide_change_approval,
  set_change_state, create_change_task, update_change_task, get_change_calendar,
}
