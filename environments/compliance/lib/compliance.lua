-- Helpers every compliance tool and rule uses: dates, record numbers, the field-by-field history of every
-- write (compliance_history), the compliance roles of a user, and look-ups that end the call with an error
-- the agent can act on. Everything is read from the World through `db`; nothing is kept between calls.
local D = require("directory")
local M = {}

---------------------------------------------------------------------------------------------------
-- Dates. Calendar dates are 'YYYY-MM-DD' text; the clock gives ISO date-times.
---------------------------------------------------------------------------------------------------
function M.today() return D.now():sub(1, 10) end

function M.date_plus(date, days)
  return clock.iso(clock.parse(date:sub(1, 10) .. "T00:00:00Z") + days * 86400):sub(1, 10)
end

function M.days_between(from_date, to_date)
  return (clock.parse(to_date:sub(1, 10) .. "T00:00:00Z") - clock.parse(from_date:sub(1, 10) .. "T00:00:00Z")) // 86400
end

-- Whole calendar months from one date to a later one (2025-03-20 to 2026-03-19: 11; to 2026-03-20: 12).
function M.months_between(from_date, to_date)
  local y1, m1, d1 = from_date:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  local y2, m2, d2 = to_date:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  local n = (tonumber(y2) - tonumber(y1)) * 12 + tonumber(m2) - tonumber(m1)
  if tonumber(d2) < tonumber(d1) then n = n - 1 end
  return n
end

-- The same day `months` calendar months later (31 January + 1 month = 28 or 29 February).
function M.add_months(date, months)
  local y, m, d = date:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  y, m, d = tonumber(y), tonumber(m) + months, tonumber(d)
  while m > 12 do y, m = y + 1, m - 12 end
  while m < 1 do y, m = y - 1, m + 12 end
  local last = ({ 31, (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
  return string.format("%04d-%02d-%02d", y, m, math.min(d, last))
end

-- A calendar date argument, or nil; anything else ends the call.
function M.date_arg(value, field)
  if value == nil then return nil end
  local text = tostring(value)
  if not text:match("^%d%d%d%d%-%d%d%-%d%d$") or not clock.parse(text .. "T00:00:00Z") then
    fail("invalid_arguments", field .. ": '" .. text .. "' is not a date", "Use the form 2026-03-15.")
  end
  return text
end

-- The quarter a date falls in: '2026-Q1', with its first and last day.
function M.quarter_of(date)
  local year, month = date:match("^(%d%d%d%d)%-(%d%d)")
  local q = (tonumber(month) - 1) // 3 + 1
  local first = string.format("%s-%02d-01", year, (q - 1) * 3 + 1)
  return string.format("%s-Q%d", year, q), first, M.date_plus(M.add_months(first, 3), -1)
end

-- A test period's first and last day: '2026-Q1' (quarter), '2026-02' (month) or '2026' (year); nil if malformed.
function M.period_bounds(period)
  local y, q = tostring(period):match("^(%d%d%d%d)%-Q([1-4])$")
  if y then
    local first = string.format("%s-%02d-01", y, (tonumber(q) - 1) * 3 + 1)
    return first, M.date_plus(M.add_months(first, 3), -1)
  end
  local ym, m = tostring(period):match("^(%d%d%d%d)%-(%d%d)$")
  if ym and tonumber(m) >= 1 and tonumber(m) <= 12 then
    local first = ym .. "-" .. m .. "-01"
    return first, M.date_plus(M.add_months(first, 1), -1)
  end
  local year = tostring(period):match("^(%d%d%d%d)$")
  if year then return year .. "-01-01", year .. "-12-31" end
  return nil
end

-- The period of a control's frequency that a date falls in: '2026-Q1', '2026-03' or '2026'.
function M.period_of(frequency, date)
  if frequency == "monthly" then return date:sub(1, 7) end
  if frequency == "annual" then return date:sub(1, 4) end
  return (M.quarter_of(date))
end

---------------------------------------------------------------------------------------------------
-- Record numbers: letters + 7 digits (CTL0000042). Each prefix names one table.
---------------------------------------------------------------------------------------------------
local KINDS = {
  { "CTL", "grc_controls", "control", "CTL0000012" },
  { "CTT", "control_tests", "control test", "CTT0000104" },
  { "EVD", "evidence", "evidence item", "EVD0000230" },
  { "FND", "findings", "finding", "FND0000031" },
  { "RMT", "remediation_tasks", "remediation task", "RMT0000018" },
  { "EXC", "policy_exceptions", "policy exception", "EXC0000027" },
  { "RAC", "risk_acceptances", "risk acceptance", "RAC0000004" },
  { "POL", "compliance_policies", "policy", "POL0000009" },
  { "ARC", "access_review_campaigns", "access review", "ARC0000003" },
  { "ARI", "access_review_items", "access review item", "ARI0000120" },
  { "AGT", "access_grants", "access grant", "AGT0001234" },
  { "VRP", "vendor_risk_profiles", "vendor risk profile", "VRP0000045" },
  { "VAS", "vendor_assessments", "vendor assessment", "VAS0000071" },
  { "DSR", "dsr_requests", "data-subject request", "DSR0000017" },
  { "LHD", "legal_holds", "legal hold", "LHD0000002" },
  { "BRC", "breaches", "breach", "BRC0000003" },
  { "TRN", "training_assignments", "training assignment", "TRN0000210" },
}
M.PREFIX_TABLE, M.LABEL = {}, {}
local EXAMPLE, BY_NUMBER, LAST_NUMBER, PREFIX_OF, NUMBER_BY_ID = {}, {}, {}, {}, {}
for _, k in ipairs(KINDS) do
  local prefix, tbl = k[1], k[2]
  M.PREFIX_TABLE[prefix] = tbl
  M.LABEL[tbl] = k[3]
  EXAMPLE[tbl] = k[4]
  BY_NUMBER[tbl] = "SELECT * FROM " .. tbl .. " WHERE number = ?"          -- constant text per table
  LAST_NUMBER[tbl] = "SELECT number FROM " .. tbl .. " ORDER BY number DESC LIMIT 1"
  NUMBER_BY_ID[tbl] = "SELECT number FROM " .. tbl .. " WHERE id = ?"
  PREFIX_OF[tbl] = prefix
end

-- "ctl42", " CTL-0042 " and "CTL0000042" all give "CTL0000042".
function M.normalize_number(number)
  local prefix, digits = tostring(number or ""):upper():gsub("[%s%-]", ""):match("^(%a+)(%d+)$")
  if not prefix or not M.PREFIX_TABLE[prefix] then return tostring(number or "") end
  return prefix .. string.rep("0", math.max(0, 7 - #digits)) .. digits
end

function M.table_of(number)
  local prefix = M.normalize_number(number):match("^(%a+)%d")
  return prefix and M.PREFIX_TABLE[prefix]
end

-- The row of a record number of the expected table, or the call ends with not_found.
function M.must(tbl, number)
  local n = M.normalize_number(number)
  local label = M.LABEL[tbl]
  if M.table_of(n) ~= tbl then
    fail("not_found", "'" .. tostring(number) .. "' is not a " .. label .. " number",
         label:sub(1, 1):upper() .. label:sub(2) .. " numbers look like " .. EXAMPLE[tbl] .. ".")
  end
  local row = db.one(BY_NUMBER[tbl], n)
  if not row then fail("not_found", "No " .. label .. " " .. n, "Search " .. label .. "s to find the right number.") end
  return row
end

-- A record by number without failing (rules use this: a missing record is the tool's to report).
function M.find(tbl, number)
  if number == nil then return nil end
  local n = M.normalize_number(number)
  if M.table_of(n) ~= tbl then return nil end
  return db.one(BY_NUMBER[tbl], n)
end

function M.next_number(tbl)
  local last = db.value(LAST_NUMBER[tbl])
  local n = last and tonumber(last:match("(%d+)$")) or 0
  return string.format("%s%07d", PREFIX_OF[tbl], n + 1)
end

-- The number of a row by id, or null.
function M.number_of(tbl, id)
  if id == nil or id == null then return null end
  return db.value(NUMBER_BY_ID[tbl], id) or null
end

---------------------------------------------------------------------------------------------------
-- History: every write is recorded field by field in compliance_history.
---------------------------------------------------------------------------------------------------
local function text(v)
  if v == nil or v == null then return nil end
  return tostring(v)
end

function M.history(number, field, old, new, actor_id)
  db.insert("compliance_history", {
    record_number = number, field = field, old_value = text(old), new_value = text(new), actor_id = actor_id, at = D.now(),
  })
end

-- The tables whose rows carry updated_at (stamped by every change made through set()).
local HAS_UPDATED_AT = {
  grc_controls = true, control_tests = true, findings = true, remediation_tasks = true, risk_acceptances = true,
  compliance_policies = true, policy_exceptions = true, vendor_risk_profiles = true, dsr_requests = true, breaches = true,
}

-- Updates the changed fields of one record (stamping updated_at where the table has it) and records each
-- in the history under `number` (the row's own number by default). Returns the changed field names.
function M.set(tbl, row, values, actor_id, number)
  local n = number or row.number
  return D.update_fields(tbl, row, values, HAS_UPDATED_AT[tbl],
                         n and function(f, old, new) M.history(n, f, old, new, actor_id) end)
end

-- Inserts a numbered record (stamping created_at/updated_at where the table has them) and records its
-- creation. Returns the new row.
function M.create(tbl, row, actor_id, what)
  row.number = row.number or M.next_number(tbl)
  if HAS_UPDATED_AT[tbl] then
    row.created_at = row.created_at or D.now()
    row.updated_at = row.updated_at or D.now()
  end
  local id = db.insert(tbl, row)
  M.history(row.number, "created", nil, what or row.status, actor_id)
  return db.one("SELECT * FROM " .. tbl .. " WHERE id = ?", id)
end

---------------------------------------------------------------------------------------------------
-- People and roles
---------------------------------------------------------------------------------------------------
local ROLES_SQL = [[SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                    WHERE ur.user_id = ? AND r.system = 'compliance' ORDER BY r.name]]
local roles_cache = version_cache(256)
-- The set of compliance roles of a user ({auditor = true, ...}); not to be changed by the caller.
function M.roles(user_id)
  local hit = roles_cache[user_id]
  if hit ~= nil then return hit end
  local out = {}
  for _, r in ipairs(db.query(ROLES_SQL, user_id)) do out[r.name] = true end
  roles_cache[user_id] = out
  return out
end

function M.has_any_role(user_id, names)
  local mine = M.roles(user_id)
  for _, n in ipairs(names) do if mine[n] then return true end end
  return false
end

-- An active user by user name for a field of a call (ends the call when absent or inactive).
function M.must_person(user_name, what) return D.must_active_user(user_name, what) end

---------------------------------------------------------------------------------------------------
-- Small shapes shared by the views
---------------------------------------------------------------------------------------------------
function M.yes(v) return v == 1 or v == true end

return M
