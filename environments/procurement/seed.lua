-- Seed data for the procurement environment: six months of procure-to-pay history (from 2025-09-01) up
-- to T0 (2026-03-02 09:00 UTC, env.yaml's clock_start, ITSM's too), on top of the company directory,
-- which is seeded first. Deterministic: every random choice comes from `rng`, lists are walked in order.
--
-- The mess is on purpose: look-alike and blocked suppliers, a sanctions hit and an unreviewed potential
-- match, an expired contract its catalog items still point at, a contract near its ceiling, invoices
-- with price and quantity variances, missing receipts and duplicates, bank-detail change requests (one
-- from a look-alike domain), a former buyer who still holds the role, a budget nearly spent.
--
-- Consistency is not: an order's total is the sum of its lines, received <= ordered, an invoice's
-- match_result is what its lines say against the order and the receipts, budgets' committed and actual
-- amounts are the open orders' and paid invoices' (README.md "Seed data" states each invariant; the
-- tests check them).
--
-- Quiet window: no seeded event falls due between T0 and T0 + 8 hours (approval escalations are moved
-- clear of it; discount lapses and due dates fall at midnight from 2026-03-03 on), so a task that starts
-- in that window sees only the changes its agent and its own setup cause.
local Tm = require("p2p_time")
local A = require("p2p_approvals")
local C = require("p2p_catalog")
local N = require("p2p_names")
local S = require("p2p_staff")
local Suppliers = require("p2p_seed_suppliers")
local Requisitions = require("p2p_seed_requisitions")
local Orders = require("p2p_seed_orders")
local Doc = require("p2p_documents")

local T0 = Tm.T0
local DAY, HOUR = Tm.DAY, 3600
local QUIET_END = T0 + 8 * HOUR
local iso, insert = clock.iso, db.insert

local ctx = { T0 = T0, QUIET_END = QUIET_END, HISTORY_START = clock.parse("2025-09-01T00:00:00Z"), TEXT = N.TEXT }

-- One history row: a record's field changed (or an action such as 'created'), by whom, when. Routine
-- steps (created, status, match result) are kept for the last HISTORY_DAYS only: the records' own
-- timestamps tell the older story, and the World stays small. Everything else is kept.
local HISTORY_DAYS = 14
local ROUTINE = { created = true, status = true, match_result = true }
function ctx.hist(number, field, old, new, actor_id, at)
  if ROUTINE[field] and at < T0 - HISTORY_DAYS * DAY then return end
  insert("procurement_history", {
    record_number = number, field = field, old_value = old ~= nil and tostring(old) or nil,
    new_value = new ~= nil and tostring(new) or nil, actor_id = actor_id, at = iso(at),
  })
end

---------------------------------------------------------------------------------------------------
-- The company directory: departments, cost centres, people. Procurement's own staff join it.
---------------------------------------------------------------------------------------------------
local DEPT = {}
for _, d in ipairs(db.query("SELECT id, name FROM departments ORDER BY id")) do DEPT[d.name] = d.id end
ctx.cc_by_department = {}
local CC_OF_DEPT = {}
for _, cc in ipairs(db.query([[SELECT cc.id, cc.code, cc.owner_id, d.name AS dept, cc.department_id FROM cost_centers cc
                               JOIN departments d ON d.id = cc.department_id ORDER BY cc.id]])) do
  ctx.cc_by_department[cc.dept] = { id = cc.id, code = cc.code, owner = cc.owner_id }
  CC_OF_DEPT[cc.department_id] = cc.id
end
local function user_id(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end

local procurement_head = ctx.cc_by_department["Procurement"].owner
local finance_director = user_id("frank.delgado")
for _, p in ipairs(S.PEOPLE) do
  local first, last = p[1]:match("^(%a+)%.(%a+)")
  first = p.first or (first:sub(1, 1):upper() .. first:sub(2))
  last = p.last or (last:sub(1, 1):upper() .. last:sub(2))
  if p[1] == "felix.brant" then last = "Brant" end
  insert("users", {
    user_name = p[1], first_name = first, last_name = last, email = p[1] .. "@example.com", title = p[3],
    department_id = DEPT[p[2]], manager_id = p[2] == "Procurement" and procurement_head or finance_director,
    location = p.location, phone = string.format("+1 555 02%02d", #p[1] * 7 % 100), vip = 0,
    active = p.inactive and 0 or 1, created_at = iso(T0 - (400 + #p[1] * 37) * DAY), seeded_by = "procurement",
  })
end

ctx.user, ctx.name_of, ctx.manager_of = {}, {}, {}
local PEOPLE = db.query([[SELECT id, user_name, department_id, manager_id, location, active, title FROM users
                          WHERE seeded_by IS NULL OR seeded_by = 'procurement' ORDER BY id]])
for _, u in ipairs(PEOPLE) do
  ctx.user[u.user_name] = u.id
  ctx.name_of[u.id] = u.user_name
  ctx.manager_of[u.id] = u.manager_id
end
local CFO = ctx.user["olivia.grant"]

-- Who raises requisitions: every active person with a cost centre, except the CFO.
ctx.requesters = {}
for _, u in ipairs(PEOPLE) do
  if u.active == 1 and u.id ~= CFO and CC_OF_DEPT[u.department_id] then
    ctx.requesters[#ctx.requesters + 1] = { id = u.id, cc = CC_OF_DEPT[u.department_id], location = u.location }
  end
end

---------------------------------------------------------------------------------------------------
-- Roles and who holds them; record numbers; policy settings
---------------------------------------------------------------------------------------------------
local ROLE = {}
for _, r in ipairs(S.ROLES) do ROLE[r[1]] = insert("roles", { name = r[1], system = "procurement", description = r[2] }) end
local granted = {}
local function grant(uid, role)
  local key = uid .. ":" .. role
  if granted[key] then return end
  granted[key] = true
  insert("user_roles", { user_id = uid, role_id = ROLE[role] })
end
for _, u in ipairs(PEOPLE) do if u.active == 1 then grant(u.id, "requisitioner") end end
for _, p in ipairs(S.PEOPLE) do for _, r in ipairs(p[4]) do grant(ctx.user[p[1]], r) end end
local PROC_DEPT, FIN_DEPT = DEPT["Procurement"], DEPT["Finance"]
for _, u in ipairs(PEOPLE) do
  if u.active == 1 and u.department_id == PROC_DEPT and u.title == "Buyer" then grant(u.id, "buyer") end
  if u.active == 1 and u.department_id == PROC_DEPT and u.title == "Procurement Analyst" then grant(u.id, "supplier_admin") end
  if u.active == 1 and u.department_id == FIN_DEPT and u.title == "Accountant" then grant(u.id, "ap_clerk") end
end
grant(procurement_head, "procurement_admin")
grant(procurement_head, "buyer")

-- Approvers: every cost centre's owner, the Finance Director, the CFO; their signing limits.
local approvers = {}
for _, cc in ipairs(db.query("SELECT DISTINCT owner_id FROM cost_centers WHERE owner_id IS NOT NULL ORDER BY owner_id")) do
  approvers[#approvers + 1] = cc.owner_id
end
approvers[#approvers + 1] = finance_director
approvers[#approvers + 1] = CFO
approvers[#approvers + 1] = ctx.user[S.FD_DELEGATE]
local limited = {}
for _, uid in ipairs(approvers) do
  grant(uid, "approver")
  if not limited[uid] then
    limited[uid] = true
    local limit = S.LIMITS.cost_center_owner
    if uid == finance_director or uid == ctx.user[S.FD_DELEGATE] then limit = S.LIMITS.finance_director end
    if uid == CFO then limit = nil end
    insert("approval_limits", { user_id = uid, limit_cents = limit, granted_by = CFO, granted_at = "2025-01-02T09:00:00Z" })
  end
end

-- People by role, for the seed's own choices
local function holders(role)
  local out = {}
  for _, r in ipairs(db.query([[SELECT ur.user_id FROM user_roles ur JOIN users u ON u.id = ur.user_id
                                WHERE ur.role_id = ? AND u.active = 1 ORDER BY ur.user_id]], ROLE[role])) do
    out[#out + 1] = r.user_id
  end
  return out
end
ctx.ap_clerks, ctx.treasury, ctx.supplier_admins, ctx.buyers_active = holders("ap_clerk"), holders("treasury"),
  holders("supplier_admin"), holders("buyer")
ctx.buyers = {}
for _, id in ipairs(ctx.buyers_active) do ctx.buyers[#ctx.buyers + 1] = { id = id } end
ctx.buyers[#ctx.buyers + 1] = { id = ctx.user["felix.brant"], left_at = clock.parse("2025-12-12T17:00:00Z") }

for _, k in ipairs({ { "PR", "requisition", "requisitions" }, { "PO", "purchase order", "purchase_orders" },
                     { "PCO", "change order", "po_change_orders" }, { "GR", "goods receipt", "goods_receipts" },
                     { "INV", "supplier invoice", "supplier_invoices" }, { "PAY", "payment", "payments" },
                     { "QT", "quote", "quotes" }, { "DOC", "inbox document", "ap_inbox_documents" },
                     { "SUP", "supplier", "suppliers" }, { "CTR", "contract", "contracts" } }) do
  insert("record_kinds", { prefix = k[1], label = k[2], table_name = k[3], number_column = "number", digits = 7 })
end

ctx.QUOTES_THRESHOLD = 1000000
for _, s in ipairs({
  { "currency", "USD", "The one currency: every *_cents amount is in US cents." },
  { "price_tolerance_pct", "2", "An invoice line's unit price may exceed the PO price by at most this percent." },
  { "quotes_threshold_cents", tostring(ctx.QUOTES_THRESHOLD), "A non-catalog requisition above this total needs quotes_required quotes, unless its supplier is preferred for the category or under an active contract." },
  { "quotes_required", "3", "How many quotes a requisition over the threshold needs." },
  { "approval_escalation_business_days", tostring(A.ESCALATION_BUSINESS_DAYS), "A pending approval step escalates to the approver's manager after this many business days." },
  { "split_purchase_window_days", "14", "Orders of one requester with one supplier within this many days count together against the approval bands." },
  { "bank_change_sod_days", "90", "Whoever entered or verified a supplier's bank details within this many days does not release payments to that supplier." },
  { "contract_warning_pct", "90", "A contract whose consumption passes this percent of its ceiling is reported as nearly exhausted." },
}) do
  insert("procurement_settings", { key = s[1], value = s[2], description = s[3] })
end

---------------------------------------------------------------------------------------------------
-- Reference data: chart of accounts, categories, budget periods, approval bands, delegations
---------------------------------------------------------------------------------------------------
local GL = {}
for _, g in ipairs(C.GL_ACCOUNTS) do
  GL[g[1]] = insert("gl_accounts", { code = g[1], name = g[2], kind = g[3], active = g.inactive and 0 or 1 })
end
ctx.category = {}
for _, c in ipairs(C.CATEGORIES) do
  local id = insert("spend_categories", { code = c[1], name = c[2], parent_id = c[4] and ctx.category[c[4]].id or nil,
                                          default_gl_account_id = GL[c[3]] })
  ctx.category[c[1]] = { id = id, gl = GL[c[3]] }
end

local PERIODS = { { "2025-Q3", "closed" }, { "2025-Q4", "closed" }, { "2026-Q1", "open" }, { "2026-Q2", "future" } }
for _, p in ipairs(PERIODS) do
  local starts, ends = Tm.quarter_bounds(p[1])
  insert("budget_periods", { code = p[1], starts_on = starts, ends_on = ends, status = p[2] })
end

for _, b in ipairs({ { 1, "Cost centre owner", 0, 500000, "cost_center_owner" },
                     { 2, "Finance Director", 500001, 2500000, "finance_director" },
                     { 3, "Chief Financial Officer", 2500001, nil, "cfo" } }) do
  insert("approval_bands", { step = b[1], name = b[2], min_amount_cents = b[3], max_amount_cents = b[4], approver_kind = b[5] })
end

-- Delegations: the Finance Director's holiday and his current leave (Nadine Fournier stands in), a
-- few cost centre owners' past absences, one ended early, the CFO's trip next month.
local delegate = ctx.user[S.FD_DELEGATE]
local function delegation(from, to, starts, ends, reason, revoked)
  insert("approval_delegations", { delegator_id = from, delegate_id = to, starts_at = starts, ends_at = ends, reason = reason,
                                   created_at = iso(clock.parse(starts) - 3 * DAY), revoked_at = revoked })
end
delegation(finance_director, delegate, "2025-12-22T00:00:00Z", "2026-01-05T00:00:00Z", "Holiday")
delegation(finance_director, delegate, "2026-02-27T00:00:00Z", "2026-03-13T00:00:00Z", "Annual leave")
delegation(CFO, finance_director, "2026-03-16T00:00:00Z", "2026-03-21T00:00:00Z", "Investor roadshow")
local owner_list = db.query([[SELECT cc.owner_id, cc.department_id FROM cost_centers cc WHERE cc.owner_id IS NOT NULL
                              AND cc.owner_id NOT IN (?, ?) ORDER BY cc.id]], finance_director, CFO)
for k = 1, 3 do
  local o = owner_list[(k * 4) % #owner_list + 1]
  local peer = db.value([[SELECT id FROM users WHERE department_id = ? AND id <> ? AND active = 1
                           AND (seeded_by IS NULL OR seeded_by = 'procurement') ORDER BY id LIMIT 1]],
                        o.department_id, o.owner_id)
  if peer then
    local starts = T0 - rng.int(20, 150) * DAY
    delegation(o.owner_id, peer, iso(starts), iso(starts + rng.int(5, 12) * DAY), rng.pick({ "Vacation", "Sick leave", "Conference" }),
               k == 3 and iso(starts + 2 * DAY) or nil)
  end
end

---------------------------------------------------------------------------------------------------
-- Suppliers, catalog, contracts
---------------------------------------------------------------------------------------------------
Suppliers.watch_lists(ctx)
Suppliers.suppliers(ctx)
Suppliers.preferred(ctx)
Suppliers.contracts(ctx)
Suppliers.catalog(ctx)
ctx.contract_on = Suppliers.contract_on

---------------------------------------------------------------------------------------------------
-- Approval steps still waiting at T0: escalated when their business days ran out before T0, and an
-- escalation event for the rest, kept out of the quiet window.
---------------------------------------------------------------------------------------------------
local function first_due_after_t0(t)
  local due = A.escalation_due(t)
  while due < T0 do due = A.escalation_due(due) end
  return due
end
local function settle(t)
  for _ = 1, 8 do
    local due = first_due_after_t0(t)
    if due > QUIET_END then break end
    t = t + (QUIET_END - due) + 1800
  end
  return math.min(t, T0 - HOUR)
end

function ctx.pending_step(row, t, approver)
  t = settle(t)
  row.requested_at = iso(t)
  local due = A.escalation_due(t)
  while due < T0 and ctx.manager_of[approver] do
    local manager = ctx.manager_of[approver]
    row.status, row.escalated_to_id, row.acted_at = "escalated", manager, iso(due)
    row.comment = "Pending " .. A.ESCALATION_BUSINESS_DAYS .. " business days; escalated."
    row.due_at = iso(due)
    insert("procurement_approvals", row)
    ctx.hist(row.record_number, "approval_escalated", ctx.name_of[approver], ctx.name_of[manager], nil, due)
    row = { object_type = row.object_type, object_id = row.object_id, record_number = row.record_number, step = row.step,
            amount_cents = row.amount_cents, requested_at = iso(due) }
    approver = manager
    due = A.escalation_due(due)
  end
  row.approver_id, row.status = approver, "pending"
  if ctx.manager_of[approver] then row.due_at = iso(due) end
  local id = insert("procurement_approvals", row)
  if row.due_at then clock.schedule(due, "approval_escalation", { approval_id = id, due_at = row.due_at }) end
end

---------------------------------------------------------------------------------------------------
-- Bank-detail change requests in the inbox: a genuine one being verified, a fake from a look-alike
-- domain not yet looked at, and one entered from a fake that still awaits its callback.
---------------------------------------------------------------------------------------------------
local function bank_request(name, opts)
  local sup = ctx.supplier_by_name[name]
  local contact = db.value("SELECT name FROM supplier_contacts WHERE supplier_id = ? AND is_primary = 1", sup.id)
  local on_file = db.value("SELECT phone FROM suppliers WHERE id = ?", sup.id)
  local account = string.format("%08d%04d", rng.int(10000000, 99999999), opts.last4)
  local routing = string.format("0%08d", rng.int(10000000, 99999999))
  local phone = opts.fake and string.format("+1 555 01%02d %04d", rng.int(10, 99), rng.int(0, 9999)) or on_file
  return {
    at = opts.at, seq = 0, kind = "bank_change_request", sender = opts.sender or ("accounts@" .. sup.domain), supplier_id = sup.id,
    subject = "Change of bank details - " .. sup.name, format = "text",
    body = Doc.bank_change_text({ supplier_name = sup.name, bank_name = opts.bank, holder = opts.holder or sup.name,
                                  account = account, routing = routing, phone = phone, contact = contact }),
    processed = opts.entered_by ~= nil, processed_by = opts.entered_by, linked = sup.number,
    bank = { supplier = sup, bank_name = opts.bank, holder = opts.holder or sup.name, last4 = opts.last4, routing = routing,
             on_file = on_file, phone = phone, entered_by = opts.entered_by, country = sup.country },
  }
end
ctx.extra_documents = {
  bank_request("Coho Facility Services", { at = T0 - 2 * DAY - 5 * HOUR, bank = "Lakeshore Savings", last4 = 4417,
                                           entered_by = ctx.user["ines.carvalho"] }),
  bank_request("Brightway Cleaning", { at = T0 - 19 * HOUR, bank = "Baltic Digital Bank", last4 = 9052, fake = true,
                                       sender = "accounts@brightway-cleaning.co", holder = "Brightway Clean Services Ltd" }),
  bank_request("Northwind Office Supplies", { at = T0 - 4 * DAY, bank = "Limassol Private Bank", last4 = 7730, fake = true,
                                              sender = "ar@northwind-officesupplies.com", entered_by = ctx.user["rohan.mehta"] }),
}

---------------------------------------------------------------------------------------------------
-- Requisitions, orders, receipts, invoices, payments
---------------------------------------------------------------------------------------------------
Requisitions.requisitions(ctx)
Orders.orders(ctx)
Suppliers.settle_contracts(ctx)

-- The bank accounts entered from the change requests, waiting for their callback
for _, d in ipairs(ctx.extra_documents) do  -- (the quotes among these documents have no account)
  local b = d.bank
  if b and b.entered_by then
    local at = d.at + 3 * HOUR
    insert("supplier_bank_accounts", {
      supplier_id = b.supplier.id, bank_name = b.bank_name, account_holder = b.holder,
      account_masked = string.format("****%04d", b.last4), routing_masked = "****" .. b.routing:sub(-4), country = b.country,
      status = "pending_verification", source_document_id = d.id, requested_by_id = b.entered_by, requested_at = iso(at),
      callback_phone_on_file = b.on_file, phone_in_request = b.phone,
    })
    ctx.hist(b.supplier.number, "bank_account_requested", nil, string.format("****%04d", b.last4), b.entered_by, at)
  end
end

---------------------------------------------------------------------------------------------------
-- Budgets per cost centre and quarter: committed = the open orders' value not yet paid, actual = the
-- paid invoices, both booked to the order's cost centre and quarter (a bill without an order: its own
-- cost centre and the quarter of its invoice date). Amounts leave room, except Marketing this quarter.
---------------------------------------------------------------------------------------------------
local spent = ctx.spent  -- "cost centre id|quarter" -> { committed, actual }, summed by the order step
local TIGHT = ctx.cc_by_department["Marketing"].id
for _, cc in ipairs(db.query("SELECT id, owner_id FROM cost_centers ORDER BY id")) do
  local previous
  for _, p in ipairs(PERIODS) do
    local s = spent[cc.id .. "|" .. p[1]] or { committed = 0, actual = 0 }
    local used = s.committed + s.actual
    local amount
    if p[2] == "closed" then
      amount = (used * rng.int(103, 125) // 100) // 100000 * 100000 + 100000
    elseif p[2] == "open" then
      amount = cc.id == TIGHT and ((used + 150000) // 10000 * 10000)
        or ((used * rng.int(130, 180) // 100) // 500000 * 500000 + 500000)
    else
      amount = (previous * rng.int(90, 110) // 100) // 500000 * 500000
    end
    previous = amount
    insert("budgets", { cost_center_id = cc.id, period = p[1], amount_cents = amount, committed_cents = s.committed,
                        actual_cents = s.actual, owner_id = cc.owner_id, updated_at = iso(T0 - rng.int(1, 48) * HOUR) })
  end
end

-- The quarter ends: budget rollover at midnight on 1 April.
clock.schedule(clock.parse("2026-04-01T00:00:00Z"), "budget_rollover", { closing = "2026-Q1", opening = "2026-Q2" })
