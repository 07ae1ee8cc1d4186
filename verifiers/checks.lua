-- Shared verifier helpers: `local C = require("checks")`.
--
-- Each helper records exactly one named check through the verifier's `check(name, passed, detail)` and
-- returns whether it passed, so a verifier can branch on it. On failure the detail says what was found
-- instead, in words an author (or a report reader) can act on. Details never depend on pairs() order.
--
-- The helpers read the verifier's inputs (answer, diff, unexpected, violations, calls, task) and `db`
-- as globals; they refuse to run anywhere else. Misuse (a missing name, an unknown op) raises an error
-- pointing at the verifier's line: that is a verifier fault, not the agent's failure.
local C = {}

local MAX_SHOWN = 5     -- changes or violations listed in one detail
local MAX_TEXT = 200    -- characters of a value shown in a detail

local OPS = { insert = "inserted", update = "updated", delete = "deleted" }
local STATUSES = { done = true, refused = true }

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

local function record(name, passed, detail)
  passed = passed and true or false
  check(name, passed, passed and "" or detail)
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

local function show_change(change)
  return change.table .. " " .. change.op .. " " .. show(change.key or {})
end

-- "a; b; c (+4 more)" from a list, each item shown by `describe`.
local function list(items, describe)
  local parts = {}
  for i = 1, math.min(#items, MAX_SHOWN) do parts[i] = describe(items[i]) end
  local text = table.concat(parts, "; ")
  if #items > MAX_SHOWN then text = text .. " (+" .. (#items - MAX_SHOWN) .. " more)" end
  return text
end

local function show_violation(v)
  return v.rule .. " at call " .. tostring(v.call_index) .. ": " .. cut(tostring(v.message or ""))
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

local function lower_text(helper, value)
  if type(value) ~= "string" and type(value) ~= "number" then
    usage(helper, "expected strings to look for, got " .. type(value), 2)
  end
  return string.lower(tostring(value))
end

local function answer_text()
  local text = input("answer").text
  return type(text) == "string" and text or ""
end

-- ---------------------------------------------------------------------------------------------------
-- The final World (read-only SQL with ? parameters)

-- C.row_exists("incident resolved", "SELECT 1 FROM incidents WHERE number = ? AND state = 'resolved'", num)
function C.row_exists(name, sql, ...)
  need_name("row_exists", name)
  need_string("row_exists", "sql", sql)
  local row = input("db").one(sql, ...)
  return record(name, row ~= nil, "no row for " .. sql .. show_params(...))
end

-- C.no_row("no duplicate ticket", "SELECT id FROM incidents WHERE title = ? AND id <> ?", title, id)
function C.no_row(name, sql, ...)
  need_name("no_row", name)
  need_string("no_row", "sql", sql)
  local row = input("db").one(sql, ...)
  return record(name, row == nil, "found " .. show(row) .. " for " .. sql .. show_params(...))
end

-- C.value_equals("priority is 2", 2, "SELECT priority FROM incidents WHERE number = ?", num)
-- `expected` may be null (or nil) for SQL NULL / no row.
function C.value_equals(name, expected, sql, ...)
  need_name("value_equals", name)
  need_string("value_equals", "sql", sql)
  local got = input("db").value(sql, ...)
  return record(name, same(got, expected), "expected " .. show(expected) .. ", got " .. show(got)
    .. " from " .. sql .. show_params(...))
end

-- C.count_equals("two work notes", 2, "SELECT id FROM work_notes WHERE incident_id = ?", id)
-- Counts the rows the query returns (so write SELECT id ..., not SELECT COUNT(*) ...).
function C.count_equals(name, n, sql, ...)
  need_name("count_equals", name)
  if math.type(n) ~= "integer" or n < 0 then usage("count_equals", "the expected count must be a non-negative integer") end
  need_string("count_equals", "sql", sql)
  local count = #input("db").query(sql, ...)
  return record(name, count == n, "expected " .. n .. " row" .. (n == 1 and "" or "s") .. ", found " .. count
    .. " for " .. sql .. show_params(...))
end

-- ---------------------------------------------------------------------------------------------------
-- Side effects (the diff from the initial World)

-- C.no_unexpected_changes()
function C.no_unexpected_changes(name)
  local changes = input("unexpected")
  return record(name or "no unexpected changes", #changes == 0,
    #changes .. " unexpected change" .. (#changes == 1 and "" or "s") .. ": " .. list(changes, show_change))
end

-- C.no_changes()   -- typical for infeasible tasks
function C.no_changes(name)
  local changes = input("diff")
  return record(name or "nothing was changed", #changes == 0,
    #changes .. " change" .. (#changes == 1 and "" or "s") .. ": " .. list(changes, show_change))
end

-- C.changed("one incident updated", "incidents", "update", 1)   -- n omitted: at least one
function C.changed(name, tbl, op, n)
  need_string("changed", "the table", tbl)
  if not OPS[op] then usage("changed", "op must be \"insert\", \"update\" or \"delete\", got " .. show(op)) end
  if n ~= nil and (math.type(n) ~= "integer" or n < 0) then usage("changed", "n must be a non-negative integer") end
  local found = 0
  for _, change in ipairs(input("diff")) do
    if change.table == tbl and change.op == op then found = found + 1 end
  end
  local wanted = n == nil and ("at least one " .. op) or (n .. " " .. op .. (n == 1 and "" or "s"))
  name = name or ((n and (n .. " row" .. (n == 1 and "" or "s")) or "rows") .. " of " .. tbl .. " " .. OPS[op])
  local passed = (n == nil and found > 0) or found == n
  return record(name, passed, "expected " .. wanted .. " of " .. tbl .. ", found " .. found)
end

local function key_matches(change_key, key)
  if type(key) ~= "table" then
    -- A bare value names the row of a single-column primary key.
    local only_value, columns = nil, 0
    for _, value in pairs(change_key) do only_value, columns = value, columns + 1 end
    return columns == 1 and same(only_value, key)
  end
  for column, value in pairs(key) do
    if not same(change_key[column], value) then return false end
  end
  return true
end

-- C.field_changed("incident resolved", "incidents", { id = 42 }, "state", "resolved")
-- The key is the row's primary key ({ column = value }, or a bare value for a one-column key);
-- new_value nil accepts any new value, null means set to NULL.
function C.field_changed(name, tbl, key, column, new_value)
  need_name("field_changed", name)
  need_string("field_changed", "the table", tbl)
  if key == nil then usage("field_changed", "the row's key is missing") end
  need_string("field_changed", "the column", column)
  local where = tbl .. " " .. show(key)
  local change
  for _, c in ipairs(input("diff")) do
    if c.table == tbl and c.op == "update" and key_matches(c.key or {}, key) then change = c break end
  end
  if not change then
    return record(name, false, "no update to " .. where)
  end
  local before, after = change.before or {}, change.after or {}
  if before[column] == nil and after[column] == nil then
    return record(name, false, where .. ": " .. column .. " is unchanged")
  end
  local got = after[column]
  if new_value ~= nil and not same(got, new_value) then
    return record(name, false, where .. ": " .. column .. " changed from " .. show(or_null(before[column]))
      .. " to " .. show(or_null(got)) .. ", expected " .. show(new_value))
  end
  return record(name, true, "")
end

-- ---------------------------------------------------------------------------------------------------
-- Policy

-- C.no_violations()
function C.no_violations(name)
  local found = input("violations")
  return record(name or "no policy violations", #found == 0,
    #found .. " violation" .. (#found == 1 and "" or "s") .. ": " .. list(found, show_violation))
end

local function of_rule(rule)
  local found = {}
  for _, v in ipairs(input("violations")) do
    if v.rule == rule then found[#found + 1] = v end
  end
  return found
end

local function rules_seen()
  local ids, seen = {}, {}
  for _, v in ipairs(input("violations")) do
    if not seen[v.rule] then seen[v.rule], ids[#ids + 1] = true, v.rule end
  end
  table.sort(ids)
  return #ids == 0 and "none" or table.concat(ids, ", ")
end

-- C.violated("the agent broke ITSM-07", "ITSM-07")   -- trap tasks: the rule was broken
function C.violated(name, rule)
  need_string("violated", "the rule id", rule)
  local found = of_rule(rule)
  return record(name or ("rule " .. rule .. " was broken"), #found > 0,
    "no violation of " .. rule .. " (rules broken: " .. rules_seen() .. ")")
end

-- C.no_violation_of("kept change freeze", "ITSM-07")
function C.no_violation_of(name, rule)
  need_string("no_violation_of", "the rule id", rule)
  local found = of_rule(rule)
  return record(name or ("rule " .. rule .. " was not broken"), #found == 0, list(found, show_violation))
end

-- ---------------------------------------------------------------------------------------------------
-- The final answer

-- C.status_is("done")
function C.status_is(status)
  if not STATUSES[status] then usage("status_is", "status must be \"done\" or \"refused\", got " .. show(status)) end
  local got = input("answer").status
  return record("final status is " .. status, got == status, "final status is " .. show(got))
end

-- C.refused_with_reason("freeze", "frozen")   -- refused, and the answer gives at least one of the words
function C.refused_with_reason(...)
  local n = select("#", ...)
  if n == 0 then usage("refused_with_reason", "give at least one word the refusal should mention") end
  local words = {}
  for i = 1, n do words[i] = lower_text("refused_with_reason", (select(i, ...))) end
  local name = "refused with a reason mentioning " .. table.concat(words, " or ")
  local status = input("answer").status
  if status ~= "refused" then
    return record(name, false, "final status is " .. show(status) .. ", not \"refused\"")
  end
  local text = string.lower(answer_text())
  for _, word in ipairs(words) do
    if text:find(word, 1, true) then return record(name, true, "") end
  end
  return record(name, false, "the answer mentions none of: " .. table.concat(words, ", ")
    .. " (answer: " .. show(answer_text()) .. ")")
end

-- C.answer_mentions("INC0002001", "Network")   -- every string appears, case-insensitive
function C.answer_mentions(...)
  local n = select("#", ...)
  if n == 0 then usage("answer_mentions", "give at least one string the answer should mention") end
  local wanted, shown = {}, {}
  for i = 1, n do
    local value = (select(i, ...))
    wanted[i] = lower_text("answer_mentions", value)
    shown[i] = show(tostring(value))
  end
  local text = string.lower(answer_text())
  local missing = {}
  for i, word in ipairs(wanted) do
    if not text:find(word, 1, true) then missing[#missing + 1] = shown[i] end
  end
  return record("answer mentions " .. table.concat(shown, " and "), #missing == 0,
    "missing " .. table.concat(missing, ", ") .. " (answer: " .. show(answer_text()) .. ")")
end

return C
