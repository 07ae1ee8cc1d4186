-- Shared verifier helpers: `local C = require("checks")`.
--
-- Each helper records exactly one named check through the verifier's `check(name, passed, detail)` and
-- returns whether it passed, so a verifier can branch on it. The detail always says what was found: on
-- success what satisfied the check, on failure what was found instead, in words an author (or a report
-- reader) can act on. Details never depend on pairs() order. The utilities at the end (C.list_or_none,
-- C.first_mentioned, C.has_one_of_each) are not checks: they record nothing.
--
-- The engine itself checks every task for policy violations and undeclared changes, and an infeasible
-- task's refusal reason; these helpers are for what only the task knows: the rows that must change (and
-- how), the rows that must not, and the facts free text must carry.
--
-- The helpers read the verifier's inputs (answer, changes) and `db` as globals, and match words with the
-- engine's `mentions(text, phrase)`; they refuse to run anywhere else. Misuse (a missing name, an unknown
-- op, a key that names no row) raises an error pointing at the verifier's line: that is a verifier fault,
-- not the agent's failure.
local C = {}

local MAX_SHOWN = 5     -- changes, keys or facts listed in one detail
local MAX_TEXT = 200    -- characters of a value shown in a detail

local OPS = { insert = "inserted", update = "updated", delete = "deleted" }
local STATUSES = { done = true, refused = true }
local IDENTIFIER = "^[%a_][%w_]*$"

-- ---------------------------------------------------------------------------------------------------
-- Inputs and argument checks

local function input(name)
  local value = _ENV[name]
  if value == nil then
    error("checks: the verifier input '" .. name .. "' is not available (require('checks') works only in a verifier)", 0)
  end
  return value
end

-- Raises a misuse error at the verifier's line: `level` counts the calls between it and the helper
-- (1: called by the helper itself, 2: by a function the helper called).
local function usage(helper, message, level)
  error("checks." .. helper .. ": " .. message, 2 + (level or 1))
end

local function need_name(helper, name)
  if type(name) ~= "string" or name == "" then
    usage(helper, "the first argument must be the check's name (a non-empty string)", 2)
  end
  return name
end

local function need_string(helper, what, value)
  if type(value) ~= "string" or value == "" then usage(helper, what .. " must be a non-empty string", 2) end
  return value
end

local function need_identifier(helper, what, value)
  if type(value) ~= "string" or not value:match(IDENTIFIER) then
    usage(helper, what .. " must be a table or column name, got " .. tostring(value), 2)
  end
  return value
end

local function need_op(helper, op)
  if not OPS[op] then
    usage(helper, "op must be \"insert\", \"update\" or \"delete\", got " .. (type(op) == "string" and ('"' .. op .. '"') or tostring(op)), 2)
  end
  return op
end

-- A row's key: { column = value, ... } (its primary key, or columns that name it such as
-- { number = "INC0001042" }), or a bare value for a one-column primary key.
local function need_key(helper, key)
  if key == nil or key == null then usage(helper, "the row's key is missing", 2) end
  local kind = type(key)
  if kind == "table" then
    local columns = 0
    for column, value in pairs(key) do
      if type(column) ~= "string" or not column:match(IDENTIFIER) then
        usage(helper, "a key names its columns: { id = 42 } or { number = \"INC0001042\" }", 2)
      end
      if type(value) == "table" and value ~= null then
        usage(helper, "the key's column " .. column .. " must hold a value, not a table", 2)
      end
      columns = columns + 1
    end
    if columns == 0 then usage(helper, "the row's key is empty", 2) end
  elseif kind ~= "string" and kind ~= "number" then
    usage(helper, "the row's key must be a table of columns or a value, got " .. kind, 2)
  end
  return key
end

-- Both outcomes' details are built by the helper: `found` says what satisfied the check, `instead`
-- what was found instead. Neither may be empty.
local function record(name, passed, found, instead)
  passed = passed and true or false
  check(name, passed, passed and found or instead)
  return passed
end

-- ---------------------------------------------------------------------------------------------------
-- Showing values in details

local function cut(text)
  if #text <= MAX_TEXT then return text end
  return text:sub(1, MAX_TEXT) .. "..."
end

local function show(value)
  if value == nil then return "nothing" end
  if value == null then return "null" end
  local kind = type(value)
  if kind == "string" then return '"' .. cut(value) .. '"' end
  if kind == "table" then
    local ok, text = pcall(json.encode, value)
    return ok and cut(text) or "a table"
  end
  return tostring(value)
end

-- SQL parameters as shown in details: (1, "INC0001042")
local function show_params(...)
  local n = select("#", ...)
  if n == 0 then return "" end
  local parts = {}
  for i = 1, n do parts[i] = show((select(i, ...))) end
  return " with (" .. table.concat(parts, ", ") .. ")"
end

-- "a; b; c (+4 more)" from a list, each item shown by `describe`.
local function list(items, describe, separator)
  local parts = {}
  for i = 1, math.min(#items, MAX_SHOWN) do parts[i] = describe(items[i]) end
  local text = table.concat(parts, separator or "; ")
  if #items > MAX_SHOWN then text = text .. " (+" .. (#items - MAX_SHOWN) .. " more)" end
  return text
end

local function plural(n, word)
  return n .. " " .. word .. (n == 1 and "" or "s")
end

-- An absent column of a diff row is SQL NULL: shown as null, not as "nothing".
local function or_null(value)
  if value == nil then return null end
  return value
end

-- SQL NULL reads as nil from db and as nil or null from diffs: one comparison for both.
local function same(a, b)
  if a == null then a = nil end
  if b == null then b = nil end
  return a == b
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

-- The columns an update changed, sorted. A column set to or from NULL is absent from one side.
local function changed_columns(change)
  local columns = {}
  for column in pairs(change.before or {}) do columns[column] = true end
  for column in pairs(change.after or {}) do columns[column] = true end
  return sorted_keys(columns)
end

-- "state "open" -> "resolved", owner "alex" -> null" for the columns an update changed.
local function show_columns(change, columns)
  local before, after = change.before or {}, change.after or {}
  return list(columns, function(column)
    return column .. " " .. show(or_null(before[column])) .. " -> " .. show(or_null(after[column]))
  end, ", ")
end

-- "tickets {"id":1} updated: state "open" -> "resolved"" (an update shows `columns`, default all it changed)
local function show_change(change, columns)
  local text = change.table .. " " .. show(change.key or {}) .. " " .. OPS[change.op]
  if change.op == "update" then text = text .. ": " .. show_columns(change, columns or changed_columns(change)) end
  return text
end

local function answer_text()
  local text = input("answer").text
  return type(text) == "string" and text or ""
end

-- ---------------------------------------------------------------------------------------------------
-- Rows named by a key

local function quote(identifier) return '"' .. identifier .. '"' end

-- The whole changed row, for matching a key on columns that are not its primary key: an insert's values,
-- a deleted row as it was, an updated row as it is now.
local function row_of(change)
  local row
  if change.op == "insert" then
    row = change.after or {}
  elseif change.op == "delete" then
    row = change.before or {}
  else
    local where, params = {}, {}
    for _, column in ipairs(sorted_keys(change.key or {})) do
      where[#where + 1] = quote(column) .. " = ?"
      params[#params + 1] = change.key[column]
    end
    row = #where > 0 and input("db").one("SELECT * FROM " .. quote(change.table) .. " WHERE "
      .. table.concat(where, " AND "), table.unpack(params)) or {}
  end
  return row
end

-- `rows` (optional) keeps the rows read for one helper's call: only_rows matches every key against every
-- change, and an updated row read once serves them all.
local function key_matches(change, key, rows)
  local change_key = change.key or {}
  if type(key) ~= "table" then
    -- A bare value names the row of a single-column primary key.
    local only_value, columns = nil, 0
    for _, value in pairs(change_key) do only_value, columns = value, columns + 1 end
    return columns == 1 and same(only_value, key)
  end
  for column, value in pairs(key) do
    local got = change_key[column]
    if got == nil then
      local row = rows and rows[change]
      if not row then
        row = row_of(change)
        if rows then rows[change] = row end
      end
      got = row[column]
    end
    if not same(got, value) then return false end
  end
  return true
end

-- The changes of the diff to the row `key` of `tbl` (op nil: of any op).
local function changes_of(tbl, key, op)
  local found = {}
  for _, change in ipairs(input("changes")(tbl)) do
    if (op == nil or change.op == op) and key_matches(change, key) then
      found[#found + 1] = change
    end
  end
  return found
end

-- A guard on a row that did not change must name exactly one row of the final World, or it guards
-- nothing (a typo in a key would pass forever).
local function need_one_row(helper, tbl, key)
  local count
  if type(key) == "table" then
    local where, params = {}, {}
    for _, column in ipairs(sorted_keys(key)) do
      if key[column] == null then
        where[#where + 1] = quote(column) .. " IS NULL"
      else
        where[#where + 1] = quote(column) .. " = ?"
        params[#params + 1] = key[column]
      end
    end
    count = #input("db").query("SELECT 1 FROM " .. quote(tbl) .. " WHERE " .. table.concat(where, " AND "),
      table.unpack(params))
  else
    local ok, columns = pcall(input("db").query, "SELECT name FROM pragma_table_info(?) WHERE pk > 0", tbl)
    if not ok then return end  -- the primary key's column cannot be read here: nothing to check it against
    if #columns ~= 1 then usage(helper, tbl .. " has no one-column primary key: name the row's columns, { id = 42 }", 2) end
    count = #input("db").query("SELECT 1 FROM " .. quote(tbl) .. " WHERE " .. quote(columns[1].name) .. " = ?", key)
  end
  if count ~= 1 then
    usage(helper, tbl .. " " .. show(key) .. " names " .. plural(count, "row") .. "; a key must name one row", 2)
  end
end

-- ---------------------------------------------------------------------------------------------------
-- Guards: rows that must not change, or change only so much

-- C.unchanged("the other VPN incident is untouched", "incidents", { number = "INC0002002" })
-- The row was neither inserted, updated nor deleted.
function C.unchanged(name, tbl, key)
  need_name("unchanged", name)
  need_identifier("unchanged", "the table", tbl)
  need_key("unchanged", key)
  local where = tbl .. " " .. show(key)
  local found = changes_of(tbl, key)
  if #found == 0 then need_one_row("unchanged", tbl, key) end
  return record(name, #found == 0, where .. ": not changed", list(found, show_change))
end

-- C.unchanged_except("only the state and notes of INC0002001 changed", "incidents", { id = 2001 },
--                    { "state", "resolution_code", "resolution_notes", "resolved_at" })
-- If the row changed, it was updated (not deleted) and only the listed columns changed.
function C.unchanged_except(name, tbl, key, columns)
  need_name("unchanged_except", name)
  need_identifier("unchanged_except", "the table", tbl)
  need_key("unchanged_except", key)
  if type(columns) ~= "table" or #columns == 0 then
    usage("unchanged_except", "give the columns that may change as a list, { \"state\" } (none: use C.unchanged)")
  end
  local allowed = {}
  for _, column in ipairs(columns) do allowed[need_identifier("unchanged_except", "each column", column)] = true end
  local may = table.concat(sorted_keys(allowed), ", ")
  local where = tbl .. " " .. show(key)
  local found = changes_of(tbl, key)
  if #found == 0 then
    need_one_row("unchanged_except", tbl, key)
    return record(name, true, where .. ": not changed", nil)
  end
  local wrong, right = {}, {}
  for _, change in ipairs(found) do
    if change.op ~= "update" then
      wrong[#wrong + 1] = show_change(change)
    else
      local other = {}
      for _, column in ipairs(changed_columns(change)) do
        if not allowed[column] then other[#other + 1] = column end
      end
      if #other > 0 then
        wrong[#wrong + 1] = show_change(change, other)
      else
        right[#right + 1] = show_change(change)
      end
    end
  end
  return record(name, #wrong == 0, list(right, tostring) .. " (may change only: " .. may .. ")",
    list(wrong, tostring) .. " (may change only: " .. may .. ")")
end

-- C.only_rows("only INC0002001 resolved", "incidents", "update", { { number = "INC0002001" } })
-- The diff's `op` changes to `tbl` are exactly the rows of these keys: each key names a changed row and
-- no other row of `tbl` changed that way ({}: none did).
function C.only_rows(name, tbl, op, keys)
  need_name("only_rows", name)
  need_identifier("only_rows", "the table", tbl)
  need_op("only_rows", op)
  if type(keys) ~= "table" or keys == null then
    usage("only_rows", "keys must be a list of row keys, { { id = 1 }, { id = 2 } } (none: {})")
  end
  for k in pairs(keys) do
    if math.type(k) ~= "integer" or k < 1 or k > #keys then
      usage("only_rows", "keys must be a list of row keys, { { id = 1 }, { id = 2 } }, not one key")
    end
  end
  for _, key in ipairs(keys) do need_key("only_rows", key) end
  local changes = {}
  for _, change in ipairs(input("changes")(tbl)) do
    if change.op == op then changes[#changes + 1] = change end
  end
  local matched, missing, rows = {}, {}, {}
  for _, key in ipairs(keys) do
    local hit = false
    for i, change in ipairs(changes) do
      if key_matches(change, key, rows) then hit, matched[i] = true, true end
    end
    if not hit then missing[#missing + 1] = key end
  end
  local extra = {}
  for i, change in ipairs(changes) do
    if not matched[i] then extra[#extra + 1] = change end
  end
  local seen = #changes == 0 and "none" or list(changes, function(c) return show(c.key or {}) end, ", ")
  local problems = {}
  if #extra > 0 then problems[#problems + 1] = "not expected: " .. list(extra, function(c) return show(c.key or {}) end, ", ") end
  if #missing > 0 then problems[#problems + 1] = "missing: " .. list(missing, show, ", ") end
  return record(name, #extra == 0 and #missing == 0, tbl .. " " .. OPS[op] .. ": " .. seen,
    tbl .. " " .. OPS[op] .. ": " .. seen .. "; " .. table.concat(problems, "; "))
end

-- ---------------------------------------------------------------------------------------------------
-- Exact changes (the diff from the initial World)

-- C.changed("one incident updated", "incidents", "update", 1)   -- n omitted: at least one
function C.changed(name, tbl, op, n)
  need_string("changed", "the table", tbl)
  need_op("changed", op)
  if n ~= nil and (math.type(n) ~= "integer" or n < 0) then usage("changed", "n must be a non-negative integer") end
  local found = 0
  for _, change in ipairs(input("changes")(tbl)) do
    if change.op == op then found = found + 1 end
  end
  local wanted = n == nil and ("at least one " .. op) or plural(n, op)
  name = name or ((n and plural(n, "row") or "rows") .. " of " .. tbl .. " " .. OPS[op])
  local passed = (n == nil and found > 0) or found == n
  return record(name, passed, "found " .. plural(found, op) .. " of " .. tbl,
    "expected " .. wanted .. " of " .. tbl .. ", found " .. found)
end

-- C.field_changed("incident resolved", "incidents", { id = 42 }, "state", "resolved")
-- The key is the row's primary key or columns naming it ({ number = "INC0000042" }), or a bare value for a
-- one-column key; new_value nil accepts any new value, null means set to NULL.
function C.field_changed(name, tbl, key, column, new_value)
  need_name("field_changed", name)
  need_string("field_changed", "the table", tbl)
  need_key("field_changed", key)
  need_string("field_changed", "the column", column)
  local where = tbl .. " " .. show(key)
  local change = changes_of(tbl, key, "update")[1]
  if not change then
    return record(name, false, nil, "no update to " .. where)
  end
  local before, after = change.before or {}, change.after or {}
  if before[column] == nil and after[column] == nil then
    return record(name, false, nil, where .. ": " .. column .. " is unchanged")
  end
  local got = after[column]
  local found = where .. ": " .. column .. " changed from " .. show(or_null(before[column])) .. " to " .. show(or_null(got))
  return record(name, new_value == nil or same(got, new_value), found, found .. ", expected " .. show(new_value))
end

-- ---------------------------------------------------------------------------------------------------
-- The final World (read-only SQL with ? parameters)

-- C.row_exists("incident resolved", "SELECT id FROM incidents WHERE number = ? AND state = 'resolved'", num)
function C.row_exists(name, sql, ...)
  need_name("row_exists", name)
  need_string("row_exists", "sql", sql)
  local row = input("db").one(sql, ...)
  return record(name, row ~= nil, "found " .. show(row) .. " for " .. sql .. show_params(...),
    "no row for " .. sql .. show_params(...))
end

-- C.no_row("no duplicate ticket", "SELECT id FROM incidents WHERE title = ? AND id <> ?", title, id)
function C.no_row(name, sql, ...)
  need_name("no_row", name)
  need_string("no_row", "sql", sql)
  local row = input("db").one(sql, ...)
  return record(name, row == nil, "no row for " .. sql .. show_params(...),
    "found " .. show(row) .. " for " .. sql .. show_params(...))
end

-- C.value_equals("priority is 2", 2, "SELECT priority FROM incidents WHERE number = ?", num)
-- `expected` may be null (or nil) for SQL NULL / no row.
function C.value_equals(name, expected, sql, ...)
  need_name("value_equals", name)
  need_string("value_equals", "sql", sql)
  local got = input("db").value(sql, ...)
  local from = " from " .. sql .. show_params(...)
  return record(name, same(got, expected), "got " .. show(got) .. from,
    "expected " .. show(expected) .. ", got " .. show(got) .. from)
end

-- C.count_equals("two work notes", 2, "SELECT id FROM work_notes WHERE record_number = ?", num)
-- Counts the rows the query returns (so write SELECT id ..., not SELECT COUNT(*) ...).
function C.count_equals(name, n, sql, ...)
  need_name("count_equals", name)
  if math.type(n) ~= "integer" or n < 0 then usage("count_equals", "the expected count must be a non-negative integer") end
  need_string("count_equals", "sql", sql)
  local count = #input("db").query(sql, ...)
  local from = " for " .. sql .. show_params(...)
  return record(name, count == n, "found " .. plural(count, "row") .. from,
    "expected " .. plural(n, "row") .. ", found " .. count .. from)
end

-- ---------------------------------------------------------------------------------------------------
-- Words in free text (the engine's mentions(text, phrase): words split on every character that is not
-- a letter or digit, lower-case, consecutive; a trailing * matches the start of a word)

-- A fact as the text to look for: strings as they are, whole numbers without a decimal point (2.0: "2").
-- With `allow_nil`, nil or null (a fact read from a record the agent never made) is `false`: a fact that
-- cannot be found, so the check fails rather than faults.
local function fact_text(helper, what, value, level, allow_nil)
  local text
  if allow_nil and (value == nil or value == null) then
    return false
  elseif type(value) == "string" then
    text = value
  elseif math.type(value) == "integer" then
    text = tostring(value)
  elseif math.type(value) == "float" then
    text = (value == math.floor(value) and math.abs(value) < 2^53) and string.format("%d", value) or tostring(value)
  else
    usage(helper, "each " .. what .. " must be a string or a number, got " .. (value == null and "null" or type(value)), level + 1)
  end
  if not mentions(text, text) then
    usage(helper, show(text) .. " has no word to look for (words are letters and digits)", level + 1)
  end
  return text
end

local function need_facts(helper, what, allow_nil, ...)
  local n = select("#", ...)
  if n == 0 then usage(helper, "give at least one " .. what, 2) end
  local facts = {}
  for i = 1, n do facts[i] = fact_text(helper, what, (select(i, ...)), 2, allow_nil) end
  return facts
end

-- The text to search: a string, a number, or nil/null for no text at all (a note that was never written).
local function need_text(helper, text)
  if text == nil or text == null then return nil end
  if type(text) == "number" then return tostring(text) end
  if type(text) ~= "string" then usage(helper, "the text must be a string (or nil for none), got " .. type(text), 2) end
  return text
end

local function show_fact(fact)
  return fact and show(fact) or "(nil)"
end

local function show_facts(facts)
  return list(facts, show_fact, ", ")
end

-- Records whether every fact occurs in `text` (nil: there is no text, which fails).
local function mentions_all(name, text, facts)
  if text == nil then
    return record(name, false, nil, "no text to look in for " .. show_facts(facts))
  end
  local missing = {}
  for _, fact in ipairs(facts) do
    if not (fact and mentions(text, fact)) then missing[#missing + 1] = fact end
  end
  return record(name, #missing == 0, "found " .. show_facts(facts) .. " in " .. show(text),
    "missing " .. show_facts(missing) .. " in " .. show(text))
end

-- C.mentions("the note says why", F.note_text("INC0002001"), "VPN", "INC0002001", 2)
-- Every fact (a string or a number: a name, a record id, an amount) occurs in `text` by words.
-- `text` nil (no such text) fails, and so does a fact that is nil (read from a record that is not there).
function C.mentions(name, text, ...)
  need_name("mentions", name)
  text = need_text("mentions", text)
  return mentions_all(name, text, need_facts("mentions", "fact to look for", true, ...))
end

-- C.omits("no internal detail in the comment", comment, "root cause", "CHG0000301")
-- None of the phrases occurs in `text` by words. `text` nil (no such text) passes.
function C.omits(name, text, ...)
  need_name("omits", name)
  text = need_text("omits", text)
  local phrases = need_facts("omits", "phrase to look for", false, ...)
  if text == nil then
    return record(name, true, "no text, so none of " .. show_facts(phrases), nil)
  end
  local found = {}
  for _, phrase in ipairs(phrases) do
    if mentions(text, phrase) then found[#found + 1] = phrase end
  end
  return record(name, #found == 0, "none of " .. show_facts(phrases) .. " in " .. show(text),
    "found " .. show_facts(found) .. " in " .. show(text))
end

-- The groups of C.mentions_one_of_each / C.has_one_of_each: each a phrase or a list of alternative
-- phrases, as lists of phrases.
local function need_groups(helper, groups)
  if type(groups) ~= "table" or groups == null or #groups == 0 then
    usage(helper, "give the groups as a list, each a phrase or a list of alternative phrases: { \"vpn\", { \"reboot*\", \"restart*\" } }", 2)
  end
  local out = {}
  for i, group in ipairs(groups) do
    local phrases = type(group) == "table" and group ~= null and group or { group }
    if #phrases == 0 then usage(helper, "group " .. i .. " has no phrase", 2) end
    local texts = {}
    for j, phrase in ipairs(phrases) do texts[j] = fact_text(helper, "phrase to look for", phrase, 2) end
    out[i] = texts
  end
  return out
end

-- The first phrase of `phrases` that occurs in `text` (nil: none does, or there is no text).
local function first_of(text, phrases)
  if text == nil then return nil end
  for _, phrase in ipairs(phrases) do
    if mentions(text, phrase) then return phrase end
  end
  return nil
end

local function show_group(phrases)
  return list(phrases, show, " or ")
end

-- C.mentions_one_of_each("the backout plan restores the image", plan, { { "restor*", "roll* back" }, "image" })
-- For each group (a phrase, or a list of alternative phrases) at least one of its phrases occurs in
-- `text` by words. `text` nil (no such text) fails.
function C.mentions_one_of_each(name, text, groups)
  need_name("mentions_one_of_each", name)
  text = need_text("mentions_one_of_each", text)
  groups = need_groups("mentions_one_of_each", groups)
  if text == nil then
    return record(name, false, nil, "no text to look in for " .. list(groups, show_group, ", "))
  end
  local found, missing = {}, {}
  for _, phrases in ipairs(groups) do
    local hit = first_of(text, phrases)
    if hit then found[#found + 1] = hit else missing[#missing + 1] = phrases end
  end
  local gives = #found > 0 and ("found " .. show_facts(found) .. "; ") or ""
  return record(name, #missing == 0, "found " .. show_facts(found) .. " in " .. show(text),
    gives .. "missing " .. list(missing, show_group, ", ") .. " in " .. show(text))
end

-- ---------------------------------------------------------------------------------------------------
-- Utilities: they record no check (for a verifier that builds its own check or detail)

-- C.list_or_none({ "INC0002001", "INC0002002" }) -> "INC0002001, INC0002002"; C.list_or_none({}) -> "none"
-- Every item is shown (strings and numbers, as they are), separated by ", ".
function C.list_or_none(items)
  if type(items) ~= "table" or items == null then
    usage("list_or_none", "give a list of strings or numbers, got " .. (items == null and "null" or type(items)))
  end
  for i, item in ipairs(items) do
    if type(item) ~= "string" and type(item) ~= "number" then
      usage("list_or_none", "item " .. i .. " must be a string or a number, got " .. (item == null and "null" or type(item)))
    end
  end
  return #items == 0 and "none" or table.concat(items, ", ")
end

-- C.first_mentioned(note, { "left", "leaver", "no longer" }) -> "leaver", or nil
-- The first of the phrases (in the list's order) that occurs in `text` by words, as given; nil when none
-- does or there is no text (nil or null).
function C.first_mentioned(text, phrases)
  text = need_text("first_mentioned", text)
  if type(phrases) ~= "table" or phrases == null or #phrases == 0 then
    usage("first_mentioned", "give the phrases as a non-empty list: { \"left\", \"leaver\" }")
  end
  local words = {}
  for i, phrase in ipairs(phrases) do words[i] = fact_text("first_mentioned", "phrase to look for", phrase, 1) end
  if text == nil then return nil end
  for i, phrase in ipairs(phrases) do
    if mentions(text, words[i]) then return phrase end
  end
  return nil
end

-- C.has_one_of_each(plan, { { "backup", "back* up" }, "image" }) -> true or false
-- Whether, for each group (a phrase, or a list of alternative phrases), at least one of its phrases
-- occurs in `text` by words: C.mentions_one_of_each without recording a check. No text (nil or null): false.
function C.has_one_of_each(text, groups)
  text = need_text("has_one_of_each", text)
  groups = need_groups("has_one_of_each", groups)
  if text == nil then return false end
  for _, phrases in ipairs(groups) do
    if not first_of(text, phrases) then return false end
  end
  return true
end

-- ---------------------------------------------------------------------------------------------------
-- The final answer

-- C.status_is("done")
function C.status_is(status)
  if not STATUSES[status] then usage("status_is", "status must be \"done\" or \"refused\", got " .. show(status)) end
  local got = input("answer").status
  return record("final status is " .. status, got == status, "final status is " .. show(got), "final status is " .. show(got))
end

-- C.judged("the reply is courteous", "Is this reply to a customer courteous and free of blame?", comment)
-- Records a judged check through the engine's judge(name, rubric, text): a judge model may decide it
-- later; it never decides success. `text` nil (no such text) is judged as empty text.
function C.judged(name, rubric, text)
  need_name("judged", name)
  need_string("judged", "the rubric", rubric)
  text = need_text("judged", text)
  judge(name, rubric, text or "")
end

-- C.answer_mentions("INC0002001", "Network")   -- every fact occurs in the answer by words
function C.answer_mentions(...)
  local facts = need_facts("answer_mentions", "fact the answer should mention", true, ...)
  local shown = {}
  for i, fact in ipairs(facts) do shown[i] = show_fact(fact) end
  return mentions_all("answer mentions " .. table.concat(shown, " and "), answer_text(), facts)
end

return C
