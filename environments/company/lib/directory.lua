-- The company directory's helpers, for the shared tools and for every system built on the directory:
-- time arguments, people and group look-ups, notifications, paging and free-text search. Everything reads
-- and writes the World through `db`; nothing is kept in Lua between calls.
local M = {}

---------------------------------------------------------------------------------------------------
-- Time. Records store ISO-8601 UTC text so that SQL can compare and sort them as text.
---------------------------------------------------------------------------------------------------
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

-- The record of a user who acts (the caller of a tool): every call's role check and most tools ask for it,
-- so it is kept per data version (not to be changed by the caller).
local acting_cache = version_cache(256)
function M.acting_user(user_name)
  if not user_name then return nil end
  local hit = acting_cache[user_name]
  if hit ~= nil then return hit or nil end
  local row = M.user_by_name(user_name)
  acting_cache[user_name] = row or false
  return row
end

function M.actor_user()
  local u = M.acting_user(actor())
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

function M.roles_of(user_id)
  local out = {}
  for _, r in ipairs(db.query([[SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                                WHERE ur.user_id = ? ORDER BY r.id]], user_id)) do
    out[#out + 1] = r.name
  end
  return array(out)
end

function M.name_of(user_id)
  if not user_id then return null end
  return db.value("SELECT user_name FROM users WHERE id = ?", user_id) or null
end

function M.group_name(group_id)
  if not group_id then return null end
  return db.value("SELECT name FROM groups WHERE id = ?", group_id) or null
end

function M.or_null(v) if v == nil then return null end return v end

-- A person as the tools show them.
function M.user_profile(u)
  return {
    user_name = u.user_name, name = u.first_name .. " " .. u.last_name, email = u.email, title = M.or_null(u.title),
    department = u.department_id and db.value("SELECT name FROM departments WHERE id = ?", u.department_id) or null,
    manager = M.name_of(u.manager_id), location = M.or_null(u.location), phone = M.or_null(u.phone),
    vip = u.vip == 1, active = u.active == 1,
  }
end

---------------------------------------------------------------------------------------------------
-- Records of any system, by number (record_kinds): for links from notifications.
---------------------------------------------------------------------------------------------------
-- The record kind of a number ("inc1234", "PO-1042", "INC0001234") and the number in its stored form, or nil.
function M.record_kind(number)
  local prefix, digits = tostring(number or ""):upper():gsub("[%s%-]", ""):match("^(%a+)(%d+)$")
  if not prefix then return nil end
  local kind = db.one("SELECT * FROM record_kinds WHERE prefix = ?", prefix)
  if not kind then return nil end
  return kind, prefix .. string.rep("0", math.max(0, kind.digits - #digits)) .. digits
end

-- The stored form of an existing record's number, or the call ends with not_found.
function M.must_record_number(number)
  local kind, stored = M.record_kind(number)
  if not kind then
    local prefixes = {}
    for _, k in ipairs(db.query("SELECT prefix FROM record_kinds ORDER BY prefix")) do prefixes[#prefixes + 1] = k.prefix end
    fail("not_found", "'" .. tostring(number) .. "' is not a record number",
         "Record numbers start with one of: " .. table.concat(prefixes, ", ") .. ".")
  end
  -- Table and column names come from record_kinds, which only the systems' seeds write.
  if not db.value('SELECT 1 FROM "' .. kind.table_name .. '" WHERE "' .. kind.number_column .. '" = ?', stored) then
    fail("not_found", "No " .. kind.label .. " " .. stored, "Search " .. kind.label .. "s to find the right number.")
  end
  return stored
end

---------------------------------------------------------------------------------------------------
-- Changing records. Every system writes a change field by field and keeps its own history of it.
---------------------------------------------------------------------------------------------------
-- Updates the fields of `values` that differ from `row` (null clears one), stamping updated_at when
-- `stamp` is true, then calls record(field, old, new) for each changed field, in name order (the history).
-- Returns the changed field names.
function M.update_fields(tbl, row, values, stamp, record)
  local fields = {}
  for k in pairs(values) do fields[#fields + 1] = k end
  table.sort(fields)
  local changes, changed = {}, {}
  for _, f in ipairs(fields) do
    local new = values[f]
    local cmp = new
    if new == null then cmp = nil end
    if row[f] ~= cmp then
      changes[f] = new
      changed[#changed + 1] = f
    end
  end
  if #changed == 0 then return array({}) end
  if stamp then changes.updated_at = M.now() end
  db.update(tbl, { id = row.id }, changes)
  if record then
    for _, f in ipairs(changed) do record(f, row[f], values[f]) end
  end
  return array(changed)
end

-- One page of a record's history kept in `history_table` (record_number, field, old_value, new_value,
-- actor_id, at), oldest first; actor null is the system itself.
function M.history_page(history_table, number, args)
  local page, size, offset = M.page_args(args)
  local rows = db.query("SELECT h.*, COUNT(*) OVER () AS total_matches FROM " .. history_table ..
                        " h WHERE h.record_number = ? ORDER BY h.id LIMIT ? OFFSET ?", number, size, offset)
  local total = M.total_of(rows, "SELECT COUNT(*) FROM " .. history_table .. " WHERE record_number = ?", number)
  local items = {}
  for k, h in ipairs(rows) do
    items[k] = { at = h.at, actor = M.name_of(h.actor_id), field = h.field, old_value = M.or_null(h.old_value),
                 new_value = M.or_null(h.new_value) }
  end
  return M.paged(items, total, page, size)
end

---------------------------------------------------------------------------------------------------
-- Notifications
---------------------------------------------------------------------------------------------------
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

return M
