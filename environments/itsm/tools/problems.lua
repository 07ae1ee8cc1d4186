-- Problem management: search, read, create, update, state transitions, known errors.
local I = require("itsm")
local V = require("views")

local search_problems = {
  name = "search_problems",
  description = "Search problems (root causes behind incidents) by text and filters, e.g. everything someone is " ..
    "assigned (assigned_to).",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", description = "Words, any order, in the number, descriptions, root cause or CI name" },
    state = { type = "string", enum = { "open", "new", "assess", "root_cause_analysis", "fix_in_progress", "resolved", "closed" },
              description = "'open' means not resolved or closed" },
    assignment_group = { type = "string" },
    assigned_to = { type = "string", description = "User name of the assignee" },
    configuration_item = { type = "string" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local w = I.where()
      :text(args.query, "(p.short_description LIKE ? OR p.description LIKE ? OR p.number LIKE ? OR p.root_cause LIKE ? " ..
                        "OR ci.name LIKE ?)")
      :state(args.state, "p.state", "p.state NOT IN ('resolved', 'closed')")
      :add("p.assignment_group_id = ?", args.assignment_group and I.must_group(args.assignment_group).id)
      :add("p.assigned_to_id = ?", args.assigned_to and I.must_user(args.assigned_to, "assignee").id)
      :add("p.ci_id = ?", args.configuration_item and I.must_ci(args.configuration_item).id)
    local from = " FROM problems p LEFT JOIN configuration_items ci ON ci.id = p.ci_id"
    local rows = db.query([[SELECT p.number, p.short_description, p.state, p.priority, g.name AS assignment_group,
                                   a.user_name AS assigned_to, ci.name AS ci, p.opened_at,
                                   (SELECT COUNT(*) FROM incidents i WHERE i.problem_id = p.id) AS incident_count,
                                   COUNT(*) OVER () AS total_matches]] .. from ..
                          " LEFT JOIN groups g ON g.id = p.assignment_group_id LEFT JOIN users a ON a.id = p.assigned_to_id" ..
                          w:sql() ..
                          " ORDER BY p.opened_at DESC, p.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = I.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, short_description = r.short_description, state = r.state, priority = r.priority,
                   assignment_group = I.or_null(r.assignment_group), assigned_to = I.or_null(r.assigned_to),
                   configuration_item = I.or_null(r.ci),
                   opened_at = r.opened_at, incident_count = r.incident_count }
    end
    return I.paged(items, total, page, size)
  end,
}

local get_problem = {
  name = "get_problem",
  description = "Full details of a problem: root cause, workaround, linked incidents, known errors and changes.",
  read_only = true,
  parameters = { number = { type = "string", required = true } },
  run = function(args) return V.problem(I.must_problem(args.number)) end,
}

local create_problem = {
  name = "create_problem",
  description = "Open a problem to find the root cause of one or more incidents; the incidents given are linked to it.",
  parameters = {
    short_description = { type = "string", minLength = 5, maxLength = 160, required = true },
    description = { type = "string", maxLength = 4000 },
    impact = { type = "integer", minimum = 1, maximum = 3, default = 2 },
    urgency = { type = "integer", minimum = 1, maximum = 3, default = 2 },
    assignment_group = { type = "string", required = true },
    assigned_to = { type = "string" },
    configuration_item = { type = "string" },
    incidents = { type = "array", items = { type = "string" }, maxItems = 50, description = "Incident numbers to link" },
  },
  run = function(args)
    local me = I.actor_user()
    local g = I.must_group(args.assignment_group)
    local uid = args.assigned_to and I.must_active_user(args.assigned_to, "assigned").id or nil
    local number = I.next_number("problems")
    local now = I.now()
    local id = db.insert("problems", {
      number = number, short_description = args.short_description, description = args.description, state = "new",
      impact = args.impact, urgency = args.urgency, priority = I.priority(args.impact, args.urgency),
      assignment_group_id = g.id, assigned_to_id = uid,
      ci_id = args.configuration_item and I.must_ci(args.configuration_item).id or nil,
      opened_by_id = me.id, opened_at = now, updated_at = now,
    })
    I.audit(number, "created", nil, "new", me.id)
    for _, n in ipairs(args.incidents or {}) do
      local inc = I.must_incident(n)
      I.set("incidents", inc, { problem_id = id }, me.id)
    end
    return V.problem(db.one("SELECT * FROM problems WHERE id = ?", id))
  end,
}

local update_problem = {
  name = "update_problem",
  description = "Record findings on a problem (root cause, workaround, fix notes), reassign it, or move it along " ..
    "its life cycle: new -> assess -> root_cause_analysis -> fix_in_progress -> resolved -> closed (closed early " ..
    "from new, assess or root_cause_analysis). Resolving needs its root cause recorded.",
  parameters = {
    number = { type = "string", required = true },
    state = { type = "string", enum = { "assess", "root_cause_analysis", "fix_in_progress", "resolved", "closed" } },
    root_cause = { type = "string", maxLength = 4000 },
    workaround = { type = "string", maxLength = 4000 },
    fix_notes = { type = "string", maxLength = 4000 },
    assignment_group = { type = "string" },
    assigned_to = { type = "string" },
  },
  run = function(args)
    local me = I.actor_user()
    local p = I.must_problem(args.number)
    if p.state == "closed" then fail("invalid_state", p.number .. " is closed") end
    local values = {}
    for _, f in ipairs({ "root_cause", "workaround", "fix_notes" }) do if args[f] then values[f] = args[f] end end
    if args.assignment_group then values.assignment_group_id = I.must_group(args.assignment_group).id end
    if args.assigned_to then values.assigned_to_id = I.must_active_user(args.assigned_to, "assigned").id end
    if args.state and args.state ~= p.state then
      if not I.can_move(I.PROBLEM_TRANSITIONS, p.state, args.state) then
        fail("invalid_state", "Cannot move " .. p.number .. " from " .. p.state .. " to " .. args.state,
             "Allowed from " .. p.state .. ": " .. I.allowed_list(I.PROBLEM_TRANSITIONS, p.state))
      end
      values.state = args.state
      if args.state == "resolved" then values.resolved_at = I.now() end
      if args.state == "closed" then values.closed_at = I.now() end
    end
    local changed = I.set("problems", p, values, me.id)
    return { number = p.number, changed = changed, problem = V.problem(db.one("SELECT * FROM problems WHERE id = ?", p.id)) }
  end,
}

local create_known_error = {
  name = "create_known_error",
  description = "Record a known error for a problem whose root cause or workaround is known, and publish its " ..
    "workaround as a knowledge article so the service desk can use it. Policy (ITSM-R13): knowledge is published " ..
    "only after someone other than its author reviewed it, so name the colleague who reviewed the workaround.",
  parameters = {
    problem = { type = "string", required = true },
    title = { type = "string", minLength = 5, maxLength = 160, required = true },
    symptoms = { type = "string", minLength = 5, maxLength = 2000, required = true },
    workaround = { type = "string", minLength = 5, maxLength = 4000, required = true },
    reviewer = { type = "string", description = "User name of the colleague (not you) who reviewed the workaround; " ..
                                                "recorded as the article's reviewer" },
  },
  run = function(args)
    local me = I.actor_user()
    local p = I.must_problem(args.problem)
    if p.state == "new" or p.state == "closed" then
      fail("invalid_state", p.number .. " is " .. p.state, "Known errors are raised once a problem is being analysed.")
    end
    local reviewer = args.reviewer and I.must_active_user(args.reviewer, "a reviewer") or nil
    local now = I.now()
    local kb = I.next_number("kb_articles")
    local kb_id = db.insert("kb_articles", { number = kb, title = "Known error: " .. args.title,
      body = "Symptoms: " .. args.symptoms .. "\nWorkaround: " .. args.workaround, category = "known_error", state = "published",
      author_id = me.id, reviewer_id = reviewer and reviewer.id or nil, ci_id = p.ci_id, created_at = now, updated_at = now,
      published_at = now })
    local number = I.next_number("known_errors")
    db.insert("known_errors", { number = number, problem_id = p.id, title = args.title, symptoms = args.symptoms,
      workaround = args.workaround, status = "open", kb_article_id = kb_id, created_by_id = me.id, created_at = now })
    I.set("problems", p, { workaround = args.workaround }, me.id)
    I.audit(p.number, "known_error", nil, number, me.id)
    return { number = number, problem = p.number, article = kb, reviewer = reviewer and reviewer.user_name or null }
  end,
}

return { search_problems, get_problem, create_problem, update_problem, create_known_error }
