-- The knowledge base, and the SLA queue view.
local I = require("itsm")
local V = require("views")

local search_knowledge = {
  name = "search_knowledge",
  description = "Search knowledge articles (published ones unless a state is given). Every word of the query must " ..
    "occur in the number, title or body, in any order.",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", required = true, description = "Words, any order ('KB' matches every article number)" },
    state = { type = "string", enum = { "draft", "review", "published", "retired" }, default = "published" },
    author = { type = "string", description = "User name of the author" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local w = I.where()
      :add("a.state = ?", args.state)
      :text(args.query, "(a.title LIKE ? OR a.body LIKE ? OR a.number LIKE ?)")
      :add("a.author_id = ?", args.author and I.must_user(args.author).id)
    local rows = db.query("SELECT *, COUNT(*) OVER () AS total_matches FROM kb_articles a" .. w:sql() ..
                          " ORDER BY a.views DESC, a.number LIMIT ? OFFSET ?", w:params(size, offset))
    local items = {}
    for k, a in ipairs(rows) do items[k] = V.article(a, false) end
    local total = I.total_of(rows, "SELECT COUNT(*) FROM kb_articles a" .. w:sql(), w:params())
    return I.paged(items, total, page, size)
  end,
}

local get_article = {
  name = "get_article",
  description = "Read a knowledge article.",
  read_only = true,
  parameters = { number = { type = "string", required = true } },
  run = function(args) return V.article(I.must_article(args.number), true) end,
}

local create_article = {
  name = "create_article",
  description = "Write a new knowledge article (as a draft).",
  parameters = {
    title = { type = "string", minLength = 5, maxLength = 200, required = true },
    body = { type = "string", minLength = 20, maxLength = 8000, required = true },
    category = { type = "string", enum = { "access", "network", "hardware", "software", "email", "database", "known_error" }, required = true },
    configuration_item = { type = "string" },
  },
  run = function(args)
    local me = I.actor_user()
    local number = I.next_number("kb_articles")
    local now = I.now()
    db.insert("kb_articles", { number = number, title = args.title, body = args.body, category = args.category, state = "draft",
      author_id = me.id, ci_id = args.configuration_item and I.must_ci(args.configuration_item).id or nil,
      created_at = now, updated_at = now })
    I.audit(number, "created", nil, "draft", me.id)
    return V.article(db.one("SELECT * FROM kb_articles WHERE number = ?", number), true)
  end,
}

local KB_TRANSITIONS = { draft = { "review", "retired" }, review = { "draft", "published", "retired" }, published = { "retired", "draft" }, retired = {} }

local set_article_state = {
  name = "set_article_state",
  description = "Move an article: draft -> review -> published, back to draft, or retire it. Publishing records you " ..
    "as the reviewer (policy: never publish an article you wrote).",
  parameters = {
    number = { type = "string", required = true },
    state = { type = "string", enum = { "draft", "review", "published", "retired" }, required = true },
  },
  run = function(args)
    local me = I.actor_user()
    local a = I.must_article(args.number)
    if not I.can_move(KB_TRANSITIONS, a.state, args.state) then
      fail("invalid_state", "Cannot move " .. a.number .. " from " .. a.state .. " to " .. args.state,
           "Allowed from " .. a.state .. ": " .. I.allowed_list(KB_TRANSITIONS, a.state))
    end
    local values = { state = args.state }
    if args.state == "published" then values.reviewer_id, values.published_at = me.id, I.now() end
    I.set("kb_articles", a, values, me.id)
    return { number = a.number, state = args.state }
  end,
}

local search_sla_timers = {
  name = "search_sla_timers",
  description = "The SLA queue: running or breached timers of open incidents, soonest due first, for one group or all.",
  read_only = true,
  parameters = I.with_paging({
    stage = { type = "string", enum = { "in_progress", "paused", "breached" }, default = "in_progress" },
    assignment_group = { type = "string" },
    due_within_minutes = { type = "integer", minimum = 1, maximum = 100000, description = "Only timers due this soon" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local gid = args.assignment_group and I.must_group(args.assignment_group).id or nil
    local limit_at = args.due_within_minutes and I.plus(I.now(), args.due_within_minutes * 60) or nil
    local where = [[ WHERE t.stage = ? AND i.state IN ('new', 'in_progress', 'on_hold')
      AND (? IS NULL OR i.assignment_group_id = ?) AND (? IS NULL OR t.due_at <= ?)]]
    local from = " FROM sla_timers t JOIN incidents i ON i.id = t.incident_id JOIN sla_definitions d ON d.id = t.definition_id"
    local now = clock.now()
    local rows = db.query([[SELECT i.number, i.short_description, i.priority, i.state, d.name AS sla, d.kind, t.stage,
                                   t.due_at, g.name AS assignment_group, u.user_name AS assigned_to,
                                   COUNT(*) OVER () AS total_matches]] .. from ..
                          [[ LEFT JOIN groups g ON g.id = i.assignment_group_id LEFT JOIN users u ON u.id = i.assigned_to_id]] ..
                          where .. " ORDER BY t.due_at, i.number LIMIT ? OFFSET ?", args.stage, gid, gid, limit_at, limit_at, size, offset)
    local total = I.total_of(rows, "SELECT COUNT(*)" .. from .. where, args.stage, gid, gid, limit_at, limit_at)
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { incident = r.number, short_description = r.short_description, priority = r.priority, state = r.state,
                   sla = r.sla, kind = r.kind, stage = r.stage, due_at = r.due_at,
                   minutes_left = (clock.parse(r.due_at) - now) // 60,
                   assignment_group = I.or_null(r.assignment_group), assigned_to = I.or_null(r.assigned_to) }
    end
    return I.paged(items, total, page, size)
  end,
}

return { search_knowledge, get_article, create_article, set_article_state, search_sla_timers }
