-- Core helpers shared by the ITSM tools, rules, events, seed and task setups.
-- Everything here reads and writes the World through `db`; nothing is kept in Lua between calls.
local M = {}

---------------------------------------------------------------------------------------------------
-- Time. Records store ISO-8601 UTC text so that SQL can compare and sort them as text.
---------------------------------------------------------------------------------------------------
M.T0 = clock.parse("2026-03-02T09:00:00Z")  -- the seed's "now": env.yaml's clock_start
M.MINUTE, M.HOUR, M.DAY = 60, 3600, 86400
M.AUTO_CLOSE_AFTER = 72 * 3600                 -- resolved incidents close themselves after 72 hours

function M.now() return clock.iso(clock.now()) end
function M.iso(t) return clock.iso(t) end
function M.at(text) return clock.parse(text) end
-- A date-time argument in the stored form, or nil; a value the clock cannot read ends the call.
function M.time_arg(value, field)
  if value == nil then return nil end
  local t = clock.parse(value)  -- nil when the text is not a UTC date-time
  if not t then
    fail("invalid_arguments", field .. ": '" .. tostring(value) .. "' is not a UTC date-time", "Use the form 2026-03-02T09:00:00Z.")
  end
  return clock.iso(t)
end

-- "2026-03-02T09:00:00Z" + seconds, as text
function M.plus(text, seconds) return clock.iso(clock.parse(text) + seconds) end

---------------------------------------------------------------------------------------------------
-- Priority = impact x urgency (policy ITSM-R04). 1 = high, 3 = low for both inputs.
---------------------------------------------------------------------------------------------------
M.PRIORITY = { { 1, 2, 3 }, { 2, 3, 4 }, { 3, 4, 5 } }
function M.priority(impact, urgency) return M.PRIORITY[impact][urgency] end
M.PRIORITY_LABEL = { "1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning" }

---------------------------------------------------------------------------------------------------
-- State machines (policy ITSM-R02). A state maps to the states it may move to.
---------------------------------------------------------------------------------------------------
M.INCIDENT_TRANSITIONS = {
  new         = { "in_progress", "on_hold", "resolved", "canceled" },
  in_progress = { "on_hold", "resolved", "canceled" },
  on_hold     = { "in_progress", "resolved", "canceled" },
  resolved    = { "in_progress", "closed" },
  closed      = {},
  canceled    = {},
}
M.PROBLEM_TRANSITIONS = {
  new                 = { "assess", "closed" },
  assess              = { "root_cause_analysis", "closed" },
  root_cause_analysis = { "fix_in_progress", "resolved", "closed" },
  fix_in_progress     = { "resolved" },
  resolved            = { "closed", "fix_in_progress" },
  closed              = {},
}
M.CHANGE_TRANSITIONS = {
  new       = { "assess", "canceled" },
  assess    = { "authorize", "canceled" },
  authorize = { "scheduled", "assess", "canceled" },
  scheduled = { "implement", "canceled" },
  implement = { "review" },
  review    = { "closed" },
  closed    = {},
  canceled  = {},
}
M.REQUEST_TRANSITIONS = {
  pending_approval = { "approved", "rejected", "canceled" },
  approved         = { "in_progress", "canceled" },
  in_progress      = { "fulfilled", "canceled" },
  fulfilled        = {},
  rejected         = {},
  canceled         = {},
}

function M.can_move(transitions, from, to)
  for _, s in ipairs(transitions[from] or {}) do if s == to then return true end end
  return false
end

function M.allowed_list(transitions, from)
  local list = transitions[from] or {}
  if #list == 0 then return "none (" .. from .. " is final)" end
  return table.concat(list, ", ")
end

---------------------------------------------------------------------------------------------------
-- Roles (policy ITSM-R01). Each role includes the ones below it.
---------------------------------------------------------------------------------------------------
M.ROLE_LEVEL = { reporter = 1, agent = 2, manager = 3, admin = 4 }

-- The highest role level of the user whose id is `user_id` (an SQL expression: a column or '?').
local function level_sql(user_id)
  return [[(SELECT MAX(CASE r.name WHEN 'reporter' THEN 1 WHEN 'agent' THEN 2 WHEN 'manager' THEN 3
                                   WHEN 'admin' THEN 4 ELSE 0 END)
            FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ]] .. user_id .. ")"
end
local ROLE_LEVEL_SQL = "SELECT " .. level_sql("?")
local ACCESS_SQL = "SELECT u.id, u.user_name, u.active, " .. level_sql("u.id") ..
  " AS level FROM users u WHERE u.user_name = ? COLLATE NOCASE"

function M.role_level(user_id) return db.value(ROLE_LEVEL_SQL, user_id) or 0 end

-- {id, user_name, active, level} of a user name (level as role_level gives it), or nil: what every call's
-- role check needs, in one query. Every call asks for the same actor, and the answer changes only with
-- the data, so it is kept in a version_cache: an answer is seen only at the data version it was read at,
-- so the episodes that take turns on this runtime (dozens on a busy server thread) each find their own.
-- It keeps 256 versions, then starts empty (versions of dead Worlds never come back). Callers must not
-- change the row.
local access_cache = version_cache(256)
function M.access_of(user_name)
  if not user_name then return nil end
  local hit = access_cache[user_name]
  if hit ~= nil then return hit or nil end
  local row = db.one(ACCESS_SQL, user_name)
  access_cache[user_name] = row or false
  return row
end

function M.has_role(user_id, role) return M.role_level(user_id) >= M.ROLE_LEVEL[role] end

function M.roles_of(user_id)
  local out = {}
  for _, r in ipairs(db.query([[SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                                WHERE ur.user_id = ? ORDER BY r.id]], user_id)) do
    out[#out + 1] = r.name
  end
  return array(out)
end

---------------------------------------------------------------------------------------------------
-- Look-ups. The `must_*` forms end the call with a structured error the agent can act on.
---------------------------------------------------------------------------------------------------
function M.user_by_name(user_name)
  if not user_name then return nil end
  return db.one("SELECT * FROM users WHERE user_name = ? COLLATE NOCASE", user_name)
end

-- Users whose user name or full name resembles `text` (for "did you mean" hints).
function M.similar_users(text, limit)
  local like = "%" .. tostring(text):gsub("[%s%.]+", "%%") .. "%"
  local last = tostring(text):match("[%.%s]([%a%-']+)%d*$") or tostring(text)
  return db.query([[SELECT user_name, first_name || ' ' || last_name AS name, active FROM users
                    WHERE user_name LIKE ? OR (first_name || ' ' || last_name) LIKE ? OR last_name = ? COLLATE NOCASE
                    ORDER BY user_name LIMIT ?]], like, like, last, limit or 5)
end

function M.must_user(user_name, what)
  local u = M.user_by_name(user_name)
  if not u then
    local hint = "Search users by name to find the exact user name."
    local similar = M.similar_users(user_name, 4)
    if #similar > 0 then
      local names = {}
      for i, s in ipairs(similar) do names[i] = s.user_name end
      hint = "Similar user names: " .. table.concat(names, ", ") .. ". " .. hint
    end
    fail("not_found", "No user '" .. tostring(user_name) .. "'" .. (what and (" (" .. what .. ")") or ""), hint)
  end
  return u
end

function M.must_active_user(user_name, what)
  local u = M.must_user(user_name, what)
  if u.active ~= 1 then
    fail("inactive_user", "User " .. u.user_name .. " is inactive" .. (what and (" and cannot be " .. what) or ""),
         "Check for a current account of the same person (search users by name).")
  end
  return u
end

function M.actor_user()
  local u = M.user_by_name(actor())
  if not u then fail("forbidden", "The acting user " .. tostring(actor()) .. " has no account") end
  return u
end

function M.group_by_name(name)
  if not name then return nil end
  return db.one("SELECT * FROM groups WHERE name = ? COLLATE NOCASE", name)
end

function M.must_group(name)
  local g = M.group_by_name(name)
  if not g then
    local similar = db.query("SELECT name FROM groups WHERE name LIKE ? ORDER BY name LIMIT 5", "%" .. tostring(name) .. "%")
    local hint = "List groups to see their exact names."
    if #similar > 0 then
      local names = {}
      for i, s in ipairs(similar) do names[i] = s.name end
      hint = "Did you mean: " .. table.concat(names, ", ") .. "?"
    end
    fail("not_found", "No group '" .. tostring(name) .. "'", hint)
  end
  return g
end

function M.is_member(group_id, user_id)
  return db.value("SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?", group_id, user_id) ~= nil
end

function M.must_ci(name)
  local ci = db.one("SELECT * FROM configuration_items WHERE name = ? COLLATE NOCASE", name)
  if not ci then
    fail("not_found", "No configuration item '" .. tostring(name) .. "'", "Search configuration items by name first.")
  end
  return ci
end

-- The table holding records with a number prefix, for work notes, links and notifications.
M.PREFIX_TABLE = {
  INC = "incidents", ITASK = "incident_tasks", PRB = "problems", KE = "known_errors",
  CHG = "change_requests", CTASK = "change_tasks", REQ = "requests", KB = "kb_articles",
}
local BY_NUMBER = {  -- constant SQL per table (no SQL is built from input)
  incidents = "SELECT * FROM incidents WHERE number = ?",
  incident_tasks = "SELECT * FROM incident_tasks WHERE number = ?",
  problems = "SELECT * FROM problems WHERE number = ?",
  known_errors = "SELECT * FROM known_errors WHERE number = ?",
  change_requests = "SELECT * FROM change_requests WHERE number = ?",
  change_tasks = "SELECT * FROM change_tasks WHERE number = ?",
  requests = "SELECT * FROM requests WHERE number = ?",
  kb_articles = "SELECT * FROM kb_articles WHERE number = ?",
}
local LABEL = {
  incidents = "incident", incident_tasks = "incident task", problems = "problem", known_errors = "known error",
  change_requests = "change request", change_tasks = "change task", requests = "request", kb_articles = "knowledge article",
}

-- Normalises "inc1234" / "INC0001234" to the stored form "INC0001234".
function M.normalize_number(number)
  local prefix, digits = tostring(number or ""):upper():match("^%s*(%a+)(%d+)%s*$")
  if not prefix or not M.PREFIX_TABLE[prefix] then return tostring(number or "") end
  return prefix .. string.rep("0", math.max(0, 7 - #digits)) .. digits
end

function M.table_of(number)
  local prefix = tostring(number or ""):upper():match("^%s*(%a+)%d")
  return prefix and M.PREFIX_TABLE[prefix]
end

-- Returns (table name, row) for any record number, or ends the call with not_found.
function M.must_record(number, expected_table)
  local n = M.normalize_number(number)
  local tbl = M.table_of(n)
  if not tbl or (expected_table and tbl ~= expected_table) then
    local want = expected_table and LABEL[expected_table] or "record"
    fail("not_found", "'" .. tostring(number) .. "' is not a valid " .. want .. " number",
         "Numbers look like INC0001234, PRB0000042, CHG0000123, REQ0000456, KB0000078.")
  end
  local row = db.one(BY_NUMBER[tbl], n)
  if not row then
    fail("not_found", "No " .. LABEL[tbl] .. " " .. n, "Search " .. LABEL[tbl] .. "s to find the right number.")
  end
  return tbl, row
end

function M.must_incident(number) local _, r = M.must_record(number, "incidents") return r end
function M.must_problem(number) local _, r = M.must_record(number, "problems") return r end
function M.must_change(number) local _, r = M.must_record(number, "change_requests") return r end
function M.must_request(number) local _, r = M.must_record(number, "requests") return r end
function M.must_article(number) local _, r = M.must_record(number, "kb_articles") return r end

local LAST_NUMBER = {
  incidents = "SELECT number FROM incidents ORDER BY number DESC LIMIT 1",
  incident_tasks = "SELECT number FROM incident_tasks ORDER BY number DESC LIMIT 1",
  problems = "SELECT number FROM problems ORDER BY number DESC LIMIT 1",
  known_errors = "SELECT number FROM known_errors ORDER BY number DESC LIMIT 1",
  change_requests = "SELECT number FROM change_requests ORDER BY number DESC LIMIT 1",
  change_tasks = "SELECT number FROM change_tasks ORDER BY number DESC LIMIT 1",
  requests = "SELECT number FROM requests ORDER BY number DESC LIMIT 1",
  kb_articles = "SELECT number FROM kb_articles ORDER BY number DESC LIMIT 1",
}
local PREFIX_OF = {}
for _, p in ipairs({ "INC", "ITASK", "PRB", "KE", "CHG", "CTASK", "REQ", "KB" }) do PREFIX_OF[M.PREFIX_TABLE[p]] = p end

-- The next free number of a table: INC0002001 after INC0002000.
function M.next_number(tbl)
  local last = db.value(LAST_NUMBER[tbl])
  local n = last and tonumber(last:match("(%d+)$")) or 0
  return string.format("%s%07d", PREFIX_OF[tbl], n + 1)
end

function M.format_number(tbl, n) return string.format("%s%07d", PREFIX_OF[tbl], n) end

---------------------------------------------------------------------------------------------------
-- Writes with an audit trail. `set` updates the changed fields of one record, stamps updated_at
-- where the table has it, and writes one audit_log row per changed field.
---------------------------------------------------------------------------------------------------
local HAS_UPDATED_AT = { incidents = true, problems = true, change_requests = true, requests = true, kb_articles = true }

function M.audit(number, field, old, new, actor_id)
  local function text(v)
    if v == nil or v == null then return nil end
    return tostring(v)
  end
  db.insert("audit_log", {
    at = M.now(), actor_id = actor_id, record_number = number, field = field,
    old_value = text(old), new_value = text(new),
  })
end

-- Returns the list of changed field names (sorted).
function M.set(tbl, row, values, actor_id)
  local fields = {}
  for k in pairs(values) do fields[#fields + 1] = k end
  table.sort(fields)
  local changes, changed = {}, {}
  for _, f in ipairs(fields) do
    local new = values[f]
    local old = row[f]
    local new_cmp = new
    if new == null then new_cmp = nil end
    if old ~= new_cmp then
      changes[f] = new
      changed[#changed + 1] = f
    end
  end
  if #changed == 0 then return array({}) end
  if HAS_UPDATED_AT[tbl] then changes.updated_at = M.now() end
  db.update(tbl, { id = row.id }, changes)
  if row.number then
    for _, f in ipairs(changed) do M.audit(row.number, f, row[f], values[f], actor_id) end
  end
  return array(changed)
end

-- `at` (ISO text) back-dates the note; used by the seed and scenarios.
function M.add_note(number, body, visibility, author_id, at)
  return db.insert("work_notes", {
    record_number = number, author_id = author_id, visibility = visibility or "work_note",
    body = body, created_at = at or M.now(),
  })
end

function M.notify(recipient_id, subject, body, number, channel, sender_id)
  return db.insert("notifications", {
    recipient_id = recipient_id, sender_id = sender_id, channel = channel or "email",
    subject = subject, body = body, record_number = number, sent_at = M.now(),
  })
end

---------------------------------------------------------------------------------------------------
-- Paging. Searches return at most PAGE_SIZE items plus the total and the next page (or null).
---------------------------------------------------------------------------------------------------
M.PAGE_SIZE = 15

function M.page_args(args)
  local page = args.page or 1
  local size = args.page_size or M.PAGE_SIZE
  return page, size, (page - 1) * size
end

-- The match count of a search's page: the page's rows carry it as `total_matches` (COUNT(*) OVER () in
-- their SELECT: one pass over the matches, not a second query for the count), except that a page past
-- the end has no row to carry it, and then `count_sql` counts.
function M.total_of(rows, count_sql, ...)
  if rows[1] then return rows[1].total_matches end
  return db.value(count_sql, ...)
end

function M.paged(items, total, page, size)
  return {
    items = array(items),
    total = total,
    page = page,
    page_size = size,
    next_page = (page * size < total) and (page + 1) or null,
  }
end

-- A LIKE pattern for free-text search, or nil when no text was given. Several words must all match, in order.
function M.like(text)
  if text == nil or text == "" then return nil end
  return "%" .. tostring(text):gsub("[%%_]", ""):gsub("%s+", "%%") .. "%"
end

-- The LIKE patterns of a free-text search, one per word ("%word%"), or nil when it has no word. A search
-- matches a record when every word occurs in one of its searched fields, in any order and in any field:
-- the way people type ("firewall portal" finds "Open 443 ... Customer Portal ..." on a firewall CI).
function M.word_patterns(text)
  if text == nil then return nil end
  local out = {}
  for word in tostring(text):gsub("[%%_]", ""):gmatch("%S+") do out[#out + 1] = "%" .. word .. "%" end
  return #out > 0 and out or nil
end

-- The trigram-index query (FTS5 MATCH) for the words of a free-text search: the first and the last
-- three-letter piece of each word, at most four pieces in all, or nil when no word has three letters.
-- Any pieces narrow soundly, since the LIKE decides; few of them narrow cheaply. Each piece costs an
-- index lookup of about 3 µs, and on ITSM's data the ends of each word leave about the rows every piece
-- did (search_incidents "cannot connect": 9 pieces, 2.01M instructions a step; these 4, 1.71M).
-- Non-ASCII words are left to the LIKE (its case rules differ from the index's).
local MAX_TRIGRAMS = 4
local function trigram_query(text)
  local terms, seen = {}, {}
  local function add(trigram)
    if not seen[trigram] and #terms < MAX_TRIGRAMS then
      seen[trigram] = true
      terms[#terms + 1] = '"' .. trigram:gsub('"', '""') .. '"'
    end
  end
  for word in tostring(text):gsub("[%%_]", ""):gmatch("%S+") do
    if #word >= 3 and not word:find("[\128-\255]") then
      word = word:lower()
      add(word:sub(1, 3))
      add(word:sub(-3))
    end
  end
  return #terms > 0 and table.concat(terms, " AND ") or nil
end

-- A WHERE clause made of the filters a search was given, and only those, so SQLite can use the table's
-- indexes (a "? IS NULL OR col = ?" guard for an absent filter hides every index from the planner).
-- w:sql() goes right after the FROM list: it starts with the joins of its text filters (one per index).
--   local w = M.where():add("i.state = ?", args.state)   -- skipped when args.state is nil
--   db.query("SELECT ... FROM incidents i" .. w:sql() .. " LIMIT ?", w:params(size))
local Where = {}
Where.__index = Where

function M.where() return setmetatable({ clauses = {}, values = {}, n = 0 }, Where) end

-- add: `clause` with its `?` values, unless the first value is nil (the filter was not given).
-- add_if: `clause` with its values when `when` is neither nil nor false.
function Where:add(clause, ...)
  return self:add_if(select(1, ...), clause, ...)
end

function Where:add_if(when, clause, ...)
  if when == nil or when == false then return self end
  self.clauses[#self.clauses + 1] = clause
  for k = 1, select("#", ...) do
    self.n = self.n + 1
    self.values[self.n] = select(k, ...)
  end
  return self
end

-- Free text: every word of `text` must appear in one of the fields of `like_clause` (its `?`s all take
-- the word's LIKE pattern; one clause per word). A trigram index of indexes.sql (`index`, whose rowids are
-- `key`s; optional) first narrows the rows to those holding pieces of the words; the LIKEs still decide,
-- so no matching row is ever dropped, provided the index holds every field the clause searches. The index
-- is joined rather than asked through `key IN (SELECT rowid ...)`, which SQLite copies into a temporary
-- table first (search_users: 239k instructions for its query that way, 207k joined).
function Where:text(text, like_clause, index, key)
  local words = M.word_patterns(text)
  if words == nil then return self end
  local _, holes = like_clause:gsub("%?", "")
  for _, pattern in ipairs(words) do
    local likes = {}
    for k = 1, holes do likes[k] = pattern end
    self:add_if(true, like_clause, table.unpack(likes, 1, holes))
  end
  if not index then return self end
  local match = trigram_query(text)
  if match then self.joins = (self.joins or "") .. " JOIN " .. index .. " ON " .. index .. ".rowid = " .. key end
  return self:add_if(match, index .. " MATCH ?", match)
end

-- A state filter where "open" stands for several states (`open_clause`), any other value for itself.
function Where:state(value, column, open_clause)
  if value == "open" then return self:add_if(true, open_clause) end
  return self:add(column .. " = ?", value)
end

function Where:sql()
  return (self.joins or "") .. (#self.clauses == 0 and "" or (" WHERE " .. table.concat(self.clauses, " AND ")))
end

-- The clause's values followed by `...` (e.g. LIMIT and OFFSET), ready for db.query.
function Where:params(...)
  local out = table.move(self.values, 1, self.n, 1, {})
  for k = 1, select("#", ...) do out[self.n + k] = select(k, ...) end
  return table.unpack(out, 1, self.n + select("#", ...))
end

-- Common parameter schemas, so every search offers paging the same way.
M.PAGE_PARAMS = {
  page = { type = "integer", minimum = 1, default = 1, description = "Page number, from 1" },
  page_size = { type = "integer", minimum = 1, maximum = 20, default = 15, description = "Items per page (at most 20)" },
}

function M.with_paging(params)
  params.page = M.PAGE_PARAMS.page
  params.page_size = M.PAGE_PARAMS.page_size
  return params
end

-- Incident and change tasks are updated alike (update_incident_task, update_change_task): start, close
-- (with close notes) or reassign within the task's group. `example` is a task number for the description.
function M.TASK_UPDATE_PARAMS(example)
  return {
    number = { type = "string", description = "Task number, e.g. " .. example, required = true },
    state = { type = "string", enum = { "in_progress", "closed_complete", "closed_incomplete" } },
    close_notes = { type = "string", maxLength = 2000, description = "What was done (needed to close)" },
    assigned_to = { type = "string", description = "User name of an active member of the task's group" },
  }
end

function M.update_task(tbl, args)
  local me = M.actor_user()
  local _, t = M.must_record(args.number, tbl)
  if t.state == "closed_complete" or t.state == "closed_incomplete" then fail("invalid_state", t.number .. " is already closed") end
  if not args.state and not args.assigned_to then fail("missing_field", "Nothing to change", "Give state and/or assigned_to.") end
  local values = {}
  if args.state then
    values.state = args.state
    if args.state ~= "in_progress" then
      if not args.close_notes then fail("missing_field", "Closing a task needs close_notes") end
      values.close_notes, values.closed_at = args.close_notes, M.now()
    end
  end
  if args.assigned_to then values.assigned_to_id = M.must_active_user(args.assigned_to, "assigned").id end
  local changed = M.set(tbl, t, values, me.id)
  return { number = t.number, state = args.state or t.state, assigned_to = M.name_of(values.assigned_to_id or t.assigned_to_id),
           changed = changed }
end

function M.name_of(user_id)
  if not user_id then return null end
  return db.value("SELECT user_name FROM users WHERE id = ?", user_id) or null
end

function M.group_name(group_id)
  if not group_id then return null end
  return db.value("SELECT name FROM groups WHERE id = ?", group_id) or null
end

function M.ci_name(ci_id)
  if not ci_id then return null end
  return db.value("SELECT name FROM configuration_items WHERE id = ?", ci_id) or null
end

function M.or_null(v) if v == nil then return null end return v end

return M
