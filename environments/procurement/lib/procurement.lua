-- Core helpers of the procurement tools and rules: record numbers, money, settings, history and the
-- look-ups every tool needs. Everything reads and writes the World through `db`; nothing is kept in Lua.
local D = require("directory")
local M = {}

---------------------------------------------------------------------------------------------------
-- Money. The World keeps INTEGER cents; agents read and write dollars (a number with two decimals).
---------------------------------------------------------------------------------------------------
function M.dollars(cents)
  if cents == nil or cents == null then return null end
  return cents / 100
end

-- Dollars given by the agent as whole cents; a negative amount or more than two decimals ends the call.
function M.cents_arg(value, field)
  if value == nil then return nil end
  local cents = value * 100
  local rounded = math.floor(cents + 0.5)
  if value < 0 or math.abs(cents - rounded) > 1e-6 then
    fail("invalid_arguments", field .. ": " .. tostring(value) .. " is not an amount in dollars and cents",
         "Give a non-negative amount with at most two decimals, e.g. 1249.50.")
  end
  return math.tointeger(rounded)
end

-- "$12,345.67" for messages.
function M.money(cents)
  local sign = cents < 0 and "-" or ""
  local whole = tostring(math.abs(cents) // 100):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return string.format("%s$%s.%02d", sign, whole, math.abs(cents) % 100)
end

---------------------------------------------------------------------------------------------------
-- Settings: the policy numbers (procurement_settings), so policy.md, tools and rules agree.
---------------------------------------------------------------------------------------------------
local settings_cache = version_cache(256)
function M.setting(key)
  local hit = settings_cache[key]
  if hit ~= nil then return hit end
  local v = db.value("SELECT value FROM procurement_settings WHERE key = ?", key)
  if v == nil then error("procurement_settings has no '" .. key .. "'") end
  local n = tonumber(v) or v
  settings_cache[key] = n
  return n
end

---------------------------------------------------------------------------------------------------
-- Dates. Calendar dates are 'YYYY-MM-DD' text; the clock gives ISO date-times.
---------------------------------------------------------------------------------------------------
function M.today() return D.now():sub(1, 10) end

function M.date_plus(date, days)
  return clock.iso(clock.parse(date .. "T00:00:00Z") + days * 86400):sub(1, 10)
end

function M.days_between(from_date, to_date)
  return (clock.parse(to_date .. "T00:00:00Z") - clock.parse(from_date .. "T00:00:00Z")) // 86400
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

-- The budget quarter a date falls in: '2026-Q1'.
function M.period_of(date)
  local year, month = date:match("^(%d%d%d%d)%-(%d%d)")
  return string.format("%s-Q%d", year, (tonumber(month) - 1) // 3 + 1)
end

---------------------------------------------------------------------------------------------------
-- Record numbers: letters + 7 digits (PO0001042). Each prefix names one table.
---------------------------------------------------------------------------------------------------
M.PREFIX_TABLE = {
  PR = "requisitions", PO = "purchase_orders", PCO = "po_change_orders", GR = "goods_receipts",
  INV = "supplier_invoices", PAY = "payments", QT = "quotes", DOC = "ap_inbox_documents",
  SUP = "suppliers", CTR = "contracts",
}
local LABEL = {
  requisitions = "requisition", purchase_orders = "purchase order", po_change_orders = "change order",
  goods_receipts = "goods receipt", supplier_invoices = "invoice", payments = "payment", quotes = "quote",
  ap_inbox_documents = "inbox document", suppliers = "supplier", contracts = "contract",
}
local EXAMPLE = {
  requisitions = "PR0001042", purchase_orders = "PO0000817", po_change_orders = "PCO0000012",
  goods_receipts = "GR0000345", supplier_invoices = "INV0001203", payments = "PAY0000456", quotes = "QT0000078",
  ap_inbox_documents = "DOC0000021", suppliers = "SUP0000042", contracts = "CTR0000007",
}
local BY_NUMBER, LAST_NUMBER, PREFIX_OF = {}, {}, {}
for _, prefix in ipairs({ "PR", "PO", "PCO", "GR", "INV", "PAY", "QT", "DOC", "SUP", "CTR" }) do
  local tbl = M.PREFIX_TABLE[prefix]
  BY_NUMBER[tbl] = "SELECT * FROM " .. tbl .. " WHERE number = ?"          -- constant text per table
  LAST_NUMBER[tbl] = "SELECT number FROM " .. tbl .. " ORDER BY number DESC LIMIT 1"
  PREFIX_OF[tbl] = prefix
end

-- "po1042", " PO-1042 " and "PO0001042" all give "PO0001042".
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
  if M.table_of(n) ~= tbl then
    fail("not_found", "'" .. tostring(number) .. "' is not a " .. LABEL[tbl] .. " number",
         LABEL[tbl]:sub(1, 1):upper() .. LABEL[tbl]:sub(2) .. " numbers look like " .. EXAMPLE[tbl] .. ".")
  end
  local row = db.one(BY_NUMBER[tbl], n)
  if not row then fail("not_found", "No " .. LABEL[tbl] .. " " .. n, "Search " .. LABEL[tbl] .. "s to find the right number.") end
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

function M.number_of(tbl, id)
  if id == nil or id == null then return null end
  return db.value("SELECT number FROM " .. tbl .. " WHERE id = ?", id) or null
end

---------------------------------------------------------------------------------------------------
-- History: every write is recorded field by field in procurement_history.
---------------------------------------------------------------------------------------------------
local HAS_UPDATED_AT = {
  requisitions = true, purchase_orders = true, supplier_invoices = true, suppliers = true, contracts = true, budgets = true,
}

local function text(v)
  if v == nil or v == null then return nil end
  return tostring(v)
end

function M.history(number, field, old, new, actor_id)
  db.insert("procurement_history", {
    record_number = number, field = field, old_value = text(old), new_value = text(new), actor_id = actor_id, at = D.now(),
  })
end

-- Updates the changed fields of one record (stamping updated_at where the table has it) and records each
-- in the history under `number` (the row's own number by default). Returns the changed field names.
function M.set(tbl, row, values, actor_id, number)
  local n = number or row.number
  return D.update_fields(tbl, row, values, HAS_UPDATED_AT[tbl],
                         n and function(f, old, new) M.history(n, f, old, new, actor_id) end)
end

-- Inserts a numbered record and records its creation. Returns the new row.
function M.create(tbl, row, actor_id, what)
  row.number = row.number or M.next_number(tbl)
  local id = db.insert(tbl, row)
  M.history(row.number, "created", nil, what or row.status, actor_id)
  return db.one("SELECT * FROM " .. tbl .. " WHERE id = ?", id)
end

---------------------------------------------------------------------------------------------------
-- People and roles
---------------------------------------------------------------------------------------------------
M.FINANCE_DIRECTOR = "frank.delgado"
M.CFO = "olivia.grant"
M.PROCUREMENT_CC = "CC-1500"

local ROLES_SQL = [[SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                    WHERE ur.user_id = ? AND r.system = 'procurement' ORDER BY r.name]]
local roles_cache = version_cache(256)
-- The set of procurement roles of a user ({buyer = true, ...}); not to be changed by the caller.
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

function M.cost_center_code(id)
  if id == nil or id == null then return null end
  return db.value("SELECT code FROM cost_centers WHERE id = ?", id) or null
end

function M.must_cost_center(code)
  local cc = db.one("SELECT * FROM cost_centers WHERE code = ? COLLATE NOCASE", tostring(code):upper())
  if not cc then
    cc = db.one("SELECT * FROM cost_centers WHERE name = ? COLLATE NOCASE", code)
  end
  if not cc then fail("not_found", "No cost centre '" .. tostring(code) .. "'", "Cost centres look like CC-3100; list budgets to see them.") end
  return cc
end

function M.must_gl(code)
  local gl = db.one("SELECT * FROM gl_accounts WHERE code = ?", tostring(code))
  if not gl then fail("not_found", "No GL account '" .. tostring(code) .. "'", "GL accounts are 4-digit codes such as 6200; see get_budget or search_purchase_catalog.") end
  if gl.active ~= 1 then fail("invalid_state", "GL account " .. gl.code .. " (" .. gl.name .. ") is closed for posting", "Use the category's current GL account.") end
  return gl
end

function M.must_category(code)
  local c = db.one("SELECT * FROM spend_categories WHERE code = ? COLLATE NOCASE OR name = ? COLLATE NOCASE", code, code)
  if not c then
    fail("not_found", "No spend category '" .. tostring(code) .. "'", "Categories are codes such as IT-HW, SVC-CONS, FAC-MNT (list_spend_categories).")
  end
  return c
end

function M.category_code(id)
  if id == nil or id == null then return null end
  return db.value("SELECT code FROM spend_categories WHERE id = ?", id) or null
end

function M.gl_code(id)
  if id == nil or id == null then return null end
  return db.value("SELECT code FROM gl_accounts WHERE id = ?", id) or null
end

---------------------------------------------------------------------------------------------------
-- Suppliers
---------------------------------------------------------------------------------------------------
-- A supplier by number (SUP0000042) or exact name; a near name lists the look-alikes to choose from.
function M.must_supplier(ref)
  local s = M.find("suppliers", ref)
  if s then return s end
  local rows = db.query("SELECT * FROM suppliers WHERE name = ? COLLATE NOCASE ORDER BY number", tostring(ref))
  if #rows == 1 then return rows[1] end
  if #rows > 1 then
    local names = {}
    for i, r in ipairs(rows) do names[i] = r.number .. " (" .. r.legal_name .. ", " .. r.status .. ")" end
    fail("ambiguous", #rows .. " suppliers are called '" .. tostring(ref) .. "'", "Give the number of one: " .. table.concat(names, "; "))
  end
  local similar = db.query("SELECT number, name FROM suppliers WHERE name LIKE ? ORDER BY name LIMIT 5", D.like(ref) or "%")
  local hint = "Search suppliers by name to find the supplier number."
  if #similar > 0 then
    local names = {}
    for i, r in ipairs(similar) do names[i] = r.name .. " (" .. r.number .. ")" end
    hint = "Similar suppliers: " .. table.concat(names, ", ") .. ". " .. hint
  end
  fail("not_found", "No supplier '" .. tostring(ref) .. "'", hint)
end

-- The supplier's verified bank account, or nil.
function M.verified_account(supplier_id)
  return db.one("SELECT * FROM supplier_bank_accounts WHERE supplier_id = ? AND status = 'verified' ORDER BY id DESC LIMIT 1", supplier_id)
end

-- Whether a supplier may receive orders: active and screened clear (PROC-R06). nil when it may, else why not.
function M.supplier_order_problem(s)
  if s.status ~= "active" then
    return s.number .. " " .. s.name .. " is " .. s.status .. (s.blocked_reason and (" (" .. s.blocked_reason .. ")") or "")
  end
  if s.screening_status ~= "clear" then
    return s.number .. " " .. s.name .. " has screening status " .. s.screening_status .. " (orders need a clear screening)"
  end
  return nil
end

-- The active contract of a supplier covering a date (and a category, when given), or nil.
function M.active_contract(supplier_id, date, category_id)
  if category_id then
    return db.one([[SELECT * FROM contracts WHERE supplier_id = ? AND status = 'active' AND starts_on <= ? AND ends_on >= ?
                    AND (category_id IS NULL OR category_id = ?) ORDER BY ends_on DESC LIMIT 1]], supplier_id, date, date, category_id)
  end
  return db.one([[SELECT * FROM contracts WHERE supplier_id = ? AND status = 'active' AND starts_on <= ? AND ends_on >= ?
                  ORDER BY ends_on DESC LIMIT 1]], supplier_id, date, date)
end

-- Whether a contract can take an order of `amount` today: nil when it can, else why not (PROC-R17).
function M.contract_problem(c, amount)
  local today = M.today()
  if c.status ~= "active" or c.ends_on < today or c.starts_on > today then
    return c.number .. " '" .. c.title .. "' is " .. (c.ends_on < today and "expired" or c.status) .. " (runs " .. c.starts_on .. " to " .. c.ends_on .. ")"
  end
  if c.consumed_cents + amount > c.ceiling_cents then
    return c.number .. " '" .. c.title .. "' has " .. M.money(c.ceiling_cents - c.consumed_cents) .. " left of its ceiling " ..
      M.money(c.ceiling_cents) .. "; this needs " .. M.money(amount)
  end
  return nil
end

function M.is_preferred(supplier_id, category_id, date)
  return db.value([[SELECT 1 FROM preferred_suppliers WHERE supplier_id = ? AND category_id = ? AND valid_from <= ?
                    AND (valid_to IS NULL OR valid_to >= ?)]], supplier_id, category_id, date, date) ~= nil
end

---------------------------------------------------------------------------------------------------
-- Budgets
---------------------------------------------------------------------------------------------------
function M.budget(cost_center_id, period)
  return db.one("SELECT * FROM budgets WHERE cost_center_id = ? AND period = ?", cost_center_id, period)
end

function M.available(b) return b.amount_cents - b.committed_cents - b.actual_cents end

-- nil when the cost centre's budget for the period covers `amount` more, else why not (PROC-R05).
function M.budget_problem(cost_center_id, period, amount)
  local b = M.budget(cost_center_id, period)
  local cc = M.cost_center_code(cost_center_id)
  if not b then return "No budget for " .. cc .. " in " .. period end
  local status = db.value("SELECT status FROM budget_periods WHERE code = ?", period)
  if status == "closed" then return "The budget period " .. period .. " is closed" end
  if M.available(b) < amount then
    return "Budget " .. cc .. " " .. period .. " has " .. M.money(M.available(b)) .. " available; this commits " .. M.money(amount)
  end
  return nil
end

-- A budget's name in the history: "CC-1500 2026-Q1".
function M.budget_ref(b) return M.cost_center_code(b.cost_center_id) .. " " .. b.period end

-- Moves a budget's commitment by `delta` cents (an order placed, changed, cancelled or closed), recorded.
function M.commit(cost_center_id, period, delta, actor_id)
  local b = M.budget(cost_center_id, period)
  if not b or delta == 0 then return end
  db.update("budgets", { id = b.id }, { committed_cents = b.committed_cents + delta, updated_at = D.now() })
  M.history(M.budget_ref(b), "committed_cents", b.committed_cents, b.committed_cents + delta, actor_id)
end

return M
