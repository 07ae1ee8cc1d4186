-- Core helpers shared by the ITSM tools, rules, events, seed and task setups.
-- Everything here reads and writes the World through `db`; nothing is kept in Lua between calls.
local M = {}
local D = require("directory")

-- The company directory's helpers, under the names the ITSM scripts have always used.
for _, name in ipairs({
  "now", "iso", "at", "time_arg", "plus", "user_by_name", "similar_users", "must_user", "must_active_user",
  "actor_user", "group_by_name", "must_group", "is_member", "roles_of", "name_of", "group_name", "or_null", "notify",
  "PAGE_SIZE", "page_args", "total_of", "paged", "like", "word_patterns", "where", "PAGE_PARAMS", "with_paging",
}) do
  M[name] = D[name]
end

---------------------------------------------------------------------------------------------------
-- Time. Records store ISO-8601 UTC text so that SQL can compare and sort them as text.
---------------------------------------------------------------------------------------------------
M.T0 = clock.parse("2026-03-02T09:00:00Z")  -- the seed's "now": env.yaml's clock_start
M.MINUTE, M.HOUR, M.DAY = 60, 3600, 86400
M.AUTO_CLOSE_AFTER = 72 * 3600                 -- resolved incidents close themselves after 72 hours

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

---------------------------------------------------------------------------------------------------
-- Look-ups. The `must_*` forms end the call with a structured error the agent can act on.
---------------------------------------------------------------------------------------------------
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

-- Returns the list of changed field names (sorted); each change goes to the audit log.
function M.set(tbl, row, values, actor_id)
  local number = row.number
  return D.update_fields(tbl, row, values, HAS_UPDATED_AT[tbl],
                         number and function(f, old, new) M.audit(number, f, old, new, actor_id) end)
end

-- `at` (ISO text) back-dates the note; used by the seed and scenarios.
function M.add_note(number, body, visibility, author_id, at)
  return db.insert("work_notes", {
    record_number = number, author_id = author_id, visibility = visibility or "work_note",
    body = body, created_at = at or M.now(),
  })
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

function M.ci_name(ci_id)
  if not ci_id then return null end
  return db.value("SELECT name FROM configuration_items WHERE id = ?", ci_id) or null
end

return M
