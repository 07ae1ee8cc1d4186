-- Seed step: purchase orders from the approved requisitions (with change orders), then what happened
-- to each up to T0: deliveries and returns, supplier invoices (clean ones and the exceptions: price or
-- quantity variance, missing receipt, duplicates), and their payments. Everything about one order is
-- planned first, so its status, quantities and invoices agree; receipts, invoices and payments are then
-- inserted in time order, so their numbers run in the order they happened.
local R = require("p2p_seed_requisitions")
local I = require("p2p_seed_invoices")
local Tm = require("p2p_time")

local M = {}

local DAY, HOUR = Tm.DAY, 3600
local HOLD_AGE = I.HOLD_AGE
local clean_fate, exception_fate = I.clean_fate, I.exception_fate
local SERVICE_UNITS = { day = true, hour = true, month = true, week = true, visit = true, seat = true, quarter = true }

local function chance(p) return rng.float() < p end
local working_time = I.working_time

local function by_time(a, b)
  if a.at ~= b.at then return a.at < b.at end
  return a.seq < b.seq
end

---------------------------------------------------------------------------------------------------
-- Invoice plans and their fates
---------------------------------------------------------------------------------------------------

-- Adds a planned invoice to the list and to its order's.
local function add_invoice(ctx, inv)
  ctx.invoices[#ctx.invoices + 1] = inv
  local list = inv.po.invoices
  list[#list + 1] = inv
end

local function new_invoice(ctx, po, at, lines)
  ctx.invoice_seq = ctx.invoice_seq + 1
  return { seq = ctx.invoice_seq, at = at, po = po, supplier = po.supplier, lines = lines, match_type = po.three_way and "three_way" or "two_way" }
end

-- Invoice lines for delivered quantities at the PO's prices: { line, qty, price }.
local function lines_for(po, quantities)
  local out = {}
  for i, l in ipairs(po.lines) do
    if (quantities[i] or 0) > 0 then out[#out + 1] = { line = l, qty = quantities[i], price = l.price } end
  end
  return out
end

local function copy_lines(lines)
  local out = {}
  for i, l in ipairs(lines) do out[i] = { line = l.line, qty = l.qty, price = l.price } end
  return out
end

-- Plans the invoice(s) for one delivery (or service instalment) of `po`, arriving at `at`, for
-- `quantities` (by PO line index). `over` = quantities billed beyond delivery (full-bill on a partial).
local function plan_invoice(ctx, po, at, quantities, opts)
  local T0 = ctx.T0
  if at >= T0 then return end
  local inv = new_invoice(ctx, po, at, lines_for(po, opts.billed or quantities))
  if #inv.lines == 0 then return end
  local r = rng.float()
  if opts.kind then
    exception_fate(ctx, inv, opts.kind)
  elseif r < 0.07 then
    local l = rng.pick(inv.lines)
    l.price = l.price + math.max(2, l.price * rng.int(3, 12) // 100)
    exception_fate(ctx, inv, "price_variance")
  elseif r < 0.10 and opts.last then  -- more than was ordered (so more than can ever be received)
    local l = rng.pick(inv.lines)
    l.qty = l.line.qty + 1
    exception_fate(ctx, inv, "quantity_variance")
  elseif r < 0.15 and inv.lines[1].price >= 100 then  -- a small rounding-sized difference, within tolerance
    local l = inv.lines[1]
    l.price = l.price + math.max(1, l.price * rng.int(5, 15) // 1000)
    inv.match = "within_tolerance"
    clean_fate(ctx, inv)
  else
    inv.match = "matched"
    clean_fate(ctx, inv)
  end
  if inv.status == "received" then inv.match = "not_run" end
  -- The document may still sit unregistered in the inbox
  if T0 - at < 5 * DAY and inv.status == "received" and chance(0.5) then
    inv.unregistered = true
  end
  add_invoice(ctx, inv)
  -- A rejected exception comes back corrected: delivered quantities at the PO's prices.
  if inv.status == "rejected" then
    local fix_at = working_time(inv.rejected_at + rng.int(24, 200) * HOUR)
    if fix_at < T0 then
      local fixed = new_invoice(ctx, po, fix_at, lines_for(po, quantities))
      fixed.match, fixed.corrects = "matched", inv
      clean_fate(ctx, fixed)
      if fixed.status == "received" then fixed.match = "not_run" end
      add_invoice(ctx, fixed)
    end
  end
  -- Now and then the supplier sends the same invoice again.
  if inv.status ~= "rejected" and inv.status ~= "on_hold" and not inv.unregistered and chance(0.06) then
    local dup_at = working_time(at + rng.int(5, 25) * DAY)
    if dup_at < T0 then
      local dup = new_invoice(ctx, po, dup_at, copy_lines(inv.lines))
      dup.duplicate_of = inv
      local age = T0 - dup_at
      if age < 8 * DAY then
        dup.status, dup.match = "received", "not_run"  -- not yet noticed
      elseif age < HOLD_AGE + 4 * DAY then
        dup.status, dup.match, dup.hold, dup.matched_at = "on_hold", "duplicate", "duplicate_suspected", working_time(dup_at + 20 * HOUR)
      else
        dup.status, dup.match, dup.matched_at = "rejected", "duplicate", working_time(dup_at + 20 * HOUR)
        dup.rejected_at = working_time(dup.matched_at + rng.int(2, 30) * HOUR)
      end
      add_invoice(ctx, dup)
    end
  end
end

---------------------------------------------------------------------------------------------------
-- One purchase order
---------------------------------------------------------------------------------------------------

local function pick_buyer(ctx, at)
  local list = {}
  for _, b in ipairs(ctx.buyers) do
    if not b.left_at or at < b.left_at then list[#list + 1] = b.id end
  end
  return rng.pick(list)
end

-- Deliveries of a goods order: { at, quantities, returned = {i = n}, replacement = bool }, cut at T0.
local function plan_deliveries(ctx, po, from)
  local T0 = ctx.T0
  local out = {}
  local first = working_time(from + (chance(0.1) and rng.int(20, 45) or rng.int(2, 20)) * DAY)  -- some are back-ordered
  local partial = chance(0.5)
  local q1, rest = {}, {}
  local any = false
  for i, l in ipairs(po.lines) do
    local q = l.qty
    if partial then q = (l.qty >= 2) and l.qty // 2 or (chance(0.5) and l.qty or 0) end
    q1[i], rest[i] = q, l.qty - q
    any = any or q > 0
  end
  if not any then q1[1], rest[1] = po.lines[1].qty, 0 end
  local has_rest = false
  for i = 1, #po.lines do has_rest = has_rest or rest[i] > 0 end
  if first < T0 then
    out[#out + 1] = { at = first, quantities = q1 }
    if has_rest then
      local second = working_time(first + rng.int(5, 25) * DAY)
      if second < T0 then out[#out + 1] = { at = second, quantities = rest }; has_rest = false end
    end
  end
  -- A damaged unit sent back and replaced
  for _, d in ipairs(out) do
    if chance(0.05) then
      for i, q in ipairs(d.quantities) do
        if q >= 2 then
          local back = working_time(d.at + rng.int(20, 50) * HOUR)
          if back < T0 then
            d.returned = { index = i, qty = 1, at = back }
            local again = working_time(back + rng.int(5, 12) * DAY)
            if again < T0 then
              local qs = {}
              for k = 1, #po.lines do qs[k] = 0 end
              qs[i] = 1
              out[#out + 1] = { at = again, quantities = qs, replacement = true }
            else
              has_rest = true
            end
          end
          break
        end
      end
    end
  end
  return out, has_rest
end

local function net_of(d)
  local q = {}
  for i, v in ipairs(d.quantities) do q[i] = v end
  if d.returned then q[d.returned.index] = q[d.returned.index] - d.returned.qty end
  return q
end

local function plan_goods_invoices(ctx, po, deliveries, short_at_t0)
  local T0 = ctx.T0
  if #deliveries == 0 then
    -- Billed before anything arrived: on hold for the missing receipt.
    if T0 - po.issued_at > 12 * DAY and chance(0.6) then
      local at = working_time(math.max(po.issued_at + 10 * DAY, T0 - 17 * DAY) + rng.int(0, 5) * DAY)
      local all = {}
      for i, l in ipairs(po.lines) do all[i] = l.qty end
      plan_invoice(ctx, po, at, all, { kind = "missing_receipt" })
    end
    return
  end
  for k, d in ipairs(deliveries) do
    local at = working_time(d.at + rng.int(1, 8) * DAY)
    if d.returned then at = math.max(at, working_time(d.returned.at + DAY)) end
    local net = net_of(d)
    local opts = { last = (k == #deliveries) and not short_at_t0 }
    if k == 1 and short_at_t0 and #deliveries == 1 and not d.returned and chance(0.3) then
      local all = {}
      for i, l in ipairs(po.lines) do all[i] = l.qty end
      opts.billed, opts.kind = all, "quantity_variance"  -- billed the whole order, only part has come
    end
    plan_invoice(ctx, po, at, net, opts)
  end
end

-- Services: billed in one to three instalments against the ordered quantities (two-way match).
local function plan_service_invoices(ctx, po)
  local parts = chance(0.5) and 1 or rng.int(2, 3)
  local left = {}
  for i, l in ipairs(po.lines) do left[i] = l.qty end
  for k = 1, parts do
    local q = {}
    for i in ipairs(po.lines) do
      q[i] = (k == parts) and left[i] or (left[i] * k // parts - (left[i] * (k - 1) // parts))
    end
    if k < parts then
      for i in ipairs(po.lines) do q[i] = math.min(q[i], left[i]) end
    end
    for i in ipairs(po.lines) do left[i] = left[i] - q[i] end
    local at = working_time(po.issued_at + (k * rng.int(18, 32)) * DAY)
    plan_invoice(ctx, po, at, q, { last = k == parts })
  end
end

-- A change order on an issued order: one line's quantity or price changes, re-approved at the new
-- cumulative total. `pending` leaves it waiting for approval at T0 (the order keeps its lines).
local function change_order(ctx, po, at, pending)
  local l = rng.pick(po.lines)
  local old_qty, old_price = l.qty, l.price
  local new_qty, new_price = old_qty, old_price
  if chance(0.7) then new_qty = old_qty + math.max(1, old_qty * rng.int(10, 60) // 100)
  else new_price = old_price + math.max(100, old_price * rng.int(5, 45) // 100) end
  local old_total = po.total
  local new_total = old_total - old_qty * old_price + new_qty * new_price
  ctx.pco_n = ctx.pco_n + 1
  local number = string.format("PCO%07d", ctx.pco_n)
  local reason = rng.pick(ctx.TEXT.CHANGE_REASONS)
  local id = db.insert("po_change_orders", {
    number = number, po_id = po.id, revision = po.revision + 1, requested_by_id = po.buyer, reason = reason,
    old_total_cents = old_total, new_total_cents = new_total, status = "pending_approval", requested_at = clock.iso(at),
  })
  db.insert("po_change_lines", {
    change_order_id = id, po_line_id = l.id, description = l.description, old_quantity = old_qty, new_quantity = new_qty,
    old_unit_price_cents = old_price, new_unit_price_cents = new_price,
  })
  ctx.hist(number, "created", nil, "pending_approval", po.buyer, at)
  local doc = { object_type = "change_order", object_id = id, number = number, amount = new_total, requester = po.buyer,
                cost_center = po.cc }
  local ended, outcome = R.approve(ctx, doc, at, { stop = pending and "pending" or nil, pending_step = 1 })
  if outcome ~= "approved" then return end
  db.update("po_change_orders", { id = id }, { status = "approved", decided_at = clock.iso(ended) })
  ctx.hist(number, "status", "pending_approval", "approved", nil, ended)
  l.qty, l.price, l.amount = new_qty, new_price, new_qty * new_price
  db.update("po_lines", { id = l.id }, { quantity_ordered = new_qty, unit_price_cents = new_price, amount_cents = l.amount })
  po.total, po.revision = new_total, po.revision + 1
  db.update("purchase_orders", { id = po.id }, { total_cents = new_total, approved_total_cents = new_total, revision = po.revision })
  ctx.hist(po.number, "revision", po.revision - 1, po.revision, po.buyer, ended)
  ctx.hist(po.number, "total_cents", old_total, new_total, po.buyer, ended)
  return ended
end

local function make_po(ctx, n, plan)
  local T0 = ctx.T0
  local at = plan.at
  local po = { number = string.format("PO%07d", n), at = at, supplier = plan.supplier, requester = plan.requester,
               cc = plan.requester.cc, buyer = pick_buyer(ctx, at), revision = 0, lines = {}, total = 0, three_way = false,
               invoices = {} }
  for i, l in ipairs(plan.lines) do
    po.lines[i] = { req_line = l.id, item = l.item, description = l.description, category = l.category, unit = l.unit,
                    qty = l.quantity, price = l.price, amount = l.amount }
    po.total = po.total + l.amount
    if not SERVICE_UNITS[l.unit] then po.three_way = true end
  end
  local age = T0 - at
  local status
  local cancel_at = working_time(at + rng.int(4, 100) * HOUR)
  if cancel_at < T0 and chance(0.03) then
    status = "cancelled"
  elseif age < 36 * HOUR and chance(0.5) then
    status = chance(0.3) and "draft" or "approved"
  else
    po.issued_at = working_time(at + rng.int(1, 20) * HOUR)
    status = po.issued_at < T0 and "issued" or "approved"
    if status == "approved" then po.issued_at = nil end
  end
  po.id = db.insert("purchase_orders", {
    number = po.number, requisition_id = plan.requisition, supplier_id = po.supplier.id,
    contract_id = plan.contract and plan.contract.id or nil, buyer_id = po.buyer, cost_center_id = po.cc,
    budget_period = Tm.quarter_of(clock.iso(at)), status = status, revision = 0, total_cents = po.total,
    approved_total_cents = po.total, payment_terms_days = po.supplier.terms, ship_to = plan.requester.location,
    created_at = clock.iso(at), approved_at = status ~= "draft" and clock.iso(at) or nil,
    issued_at = po.issued_at and clock.iso(po.issued_at) or nil, updated_at = clock.iso(at),
  })
  for i, l in ipairs(po.lines) do
    l.id = db.insert("po_lines", {
      po_id = po.id, line_no = i, requisition_line_id = l.req_line, catalog_item_id = l.item and l.item.id or nil,
      description = l.description, category_id = ctx.category[l.category].id, gl_account_id = ctx.category[l.category].gl,
      unit = l.unit, quantity_ordered = l.qty, unit_price_cents = l.price, amount_cents = l.amount,
    })
  end
  ctx.hist(po.number, "created", nil, status == "draft" and "draft" or "approved", po.buyer, at)
  local values = { status = status }
  if status == "cancelled" then
    local when = cancel_at
    values.cancelled_at, values.updated_at = clock.iso(when), clock.iso(when)
    values.cancel_reason = rng.pick({ "Requester no longer needs it", "Supplier cannot deliver in time", "Duplicate order",
                                      "Bought under a different order" })
    ctx.hist(po.number, "status", "approved", "cancelled", po.buyer, when)
    db.update("purchase_orders", { id = po.id }, values)
    return
  end
  if not po.issued_at then  -- approved, not yet issued: it commits its total already (a draft does not)
    if status == "approved" then ctx.unissued[#ctx.unissued + 1] = po end
    return
  end
  ctx.hist(po.number, "status", "approved", "issued", po.buyer, po.issued_at)
  -- Change orders: a few approved long ago, a few still waiting
  local since_issue = T0 - po.issued_at
  local last_change = po.issued_at
  if since_issue > 10 * DAY and chance(0.05) then
    last_change = change_order(ctx, po, working_time(po.issued_at + rng.int(1, 6) * DAY), false) or last_change
  elseif since_issue > 12 * HOUR and since_issue < 6 * DAY and ctx.pending_changes < 10 and chance(0.15) then
    ctx.pending_changes = ctx.pending_changes + 1
    change_order(ctx, po, working_time(po.issued_at + rng.int(2, 20) * HOUR), true)
  end
  -- What arrived and what was billed
  local received = {}
  for i in ipairs(po.lines) do received[i] = 0 end
  if po.three_way then
    local deliveries, short = plan_deliveries(ctx, po, last_change)
    for _, d in ipairs(deliveries) do
      if d.at < T0 then
        ctx.receipt_seq = ctx.receipt_seq + 1
        ctx.receipts[#ctx.receipts + 1] = { seq = ctx.receipt_seq, at = d.at, po = po, quantities = d.quantities,
                                            kind = "receipt", replacement = d.replacement }
        for i, q in ipairs(d.quantities) do received[i] = received[i] + q end
        if d.returned then
          ctx.receipt_seq = ctx.receipt_seq + 1
          local qs = {}
          for k = 1, #po.lines do qs[k] = 0 end
          qs[d.returned.index] = d.returned.qty
          ctx.receipts[#ctx.receipts + 1] = { seq = ctx.receipt_seq, at = d.returned.at, po = po, quantities = qs, kind = "return" }
          received[d.returned.index] = received[d.returned.index] - d.returned.qty
        end
      end
    end
    local kept = {}
    for _, d in ipairs(deliveries) do if d.at < T0 then kept[#kept + 1] = d end end
    plan_goods_invoices(ctx, po, kept, short)
  else
    plan_service_invoices(ctx, po)
  end
  po.received = received
  ctx.open_pos[#ctx.open_pos + 1] = po
end

-- Each order at T0, from its plans: received and invoiced quantities on its lines, its status (closed
-- once everything was received, billed and paid a while ago), and what it leaves committed in its budget.
local ACCEPTED = { approved = true, scheduled = true, paid = true }
local OPEN_INVOICE = { received = true, matched = true, on_hold = true, approved = true, scheduled = true }

local function settle_po(ctx, po)
  local T0 = ctx.T0
  local invoiced, paid, last_paid, open_invoices = {}, 0, nil, false
  for i in ipairs(po.lines) do invoiced[i] = 0 end
  local index_of = {}
  for i, l in ipairs(po.lines) do index_of[l] = i end
  for _, inv in ipairs(po.invoices) do
    if not inv.unregistered then
      if ACCEPTED[inv.status] then
        for _, l in ipairs(inv.lines) do
          local i = index_of[l.line]
          invoiced[i] = invoiced[i] + l.qty
        end
      end
      if OPEN_INVOICE[inv.status] then open_invoices = true end
      if inv.status == "paid" then
        paid = paid + inv.subtotal
        if not last_paid or inv.payment.paid_at > last_paid then last_paid = inv.payment.paid_at end
      end
    end
  end
  local all, some, billed = true, false, true
  for i, l in ipairs(po.lines) do
    if po.received[i] < l.qty then all = false end
    if po.received[i] > 0 then some = true end
    if invoiced[i] < l.qty then billed = false end
    if po.received[i] > 0 or invoiced[i] > 0 then
      db.update("po_lines", { id = l.id }, { quantity_received = po.received[i], quantity_invoiced = invoiced[i] })
    end
  end
  local status = "issued"
  if po.three_way then status = all and "received" or (some and "partially_received" or "issued") end
  local values = {}
  if (all or not po.three_way) and billed and not open_invoices and last_paid then
    local close_at = working_time(last_paid + rng.int(2, 15) * DAY)
    if close_at < T0 then
      values.closed_at = clock.iso(close_at)
      ctx.hist(po.number, "status", status, "closed", po.buyer, close_at)
      status = "closed"
    end
  end
  values.status = status
  values.updated_at = values.closed_at or clock.iso(po.issued_at)
  db.update("purchase_orders", { id = po.id }, values)
  -- Budget: an open order commits what is not paid yet; paid invoices are actuals of the order's quarter
  local key = po.cc .. "|" .. Tm.quarter_of(clock.iso(po.at))
  local spent = ctx.spent[key] or { committed = 0, actual = 0 }
  ctx.spent[key] = spent
  spent.actual = spent.actual + paid
  if status ~= "closed" then spent.committed = spent.committed + math.max(0, po.total - paid) end
end

---------------------------------------------------------------------------------------------------
-- Inserting in time order
---------------------------------------------------------------------------------------------------

local function insert_receipts(ctx)
  table.sort(ctx.receipts, by_time)
  for n, r in ipairs(ctx.receipts) do
    local number = string.format("GR%07d", n)
    local id = db.insert("goods_receipts", {
      number = number, po_id = r.po.id, kind = r.kind, received_by_id = r.po.requester.id, received_at = clock.iso(r.at),
      delivery_note = (r.kind == "return" and "RMA-" or "DN-") .. rng.int(100000, 999999),
      notes = r.kind == "return" and "Returned damaged on arrival" or (r.replacement and "Replacement for a damaged unit" or nil),
    })
    for i, q in ipairs(r.quantities) do
      if q > 0 then
        db.insert("goods_receipt_lines", {
          receipt_id = id, po_line_id = r.po.lines[i].id, quantity = q, condition = r.kind == "return" and "damaged" or "good",
          return_reason = r.kind == "return" and "Damaged in transit" or nil,
        })
      end
    end
    ctx.hist(number, "created", nil, r.kind, r.po.requester.id, r.at)
  end
end

-- The AP inbox always holds a couple of duplicates nobody has noticed yet: an invoice that was
-- processed weeks ago, sent again in the last days.
local function fresh_duplicates(ctx, wanted)
  local T0 = ctx.T0
  local have = 0
  for _, inv in ipairs(ctx.invoices) do
    if inv.duplicate_of and inv.status == "received" then have = have + 1 end
  end
  for _, inv in ipairs(ctx.invoices) do
    if have >= wanted then return end
    local age = T0 - inv.at
    if not inv.duplicate_of and not inv.non_po and (inv.status == "scheduled" or inv.status == "approved")
       and age > 10 * DAY and age < 30 * DAY and chance(0.5) then
      local dup = new_invoice(ctx, inv.po, working_time(T0 - rng.int(2, 5) * DAY), copy_lines(inv.lines))
      dup.duplicate_of, dup.status, dup.match = inv, "received", "not_run"
      add_invoice(ctx, dup)
      have = have + 1
    end
  end
end

-- The supplier's own invoice number: its prefix and a running number.
local function supplier_invoice_no(sup)
  sup.inv_next = (sup.inv_next or (1000 + (sup.id * 7919) % 8000)) + 1
  return (sup.inv_prefix or "") .. sup.inv_next
end

function M.orders(ctx)
  local T0 = ctx.T0
  ctx.invoices, ctx.receipts, ctx.open_pos, ctx.unissued = {}, {}, {}, {}
  ctx.invoice_seq, ctx.receipt_seq, ctx.pco_n, ctx.pending_changes = 0, 0, 0, 0
  table.sort(ctx.po_plans, function(a, b)
    if a.at ~= b.at then return a.at < b.at end
    return a.requisition < b.requisition
  end)
  for n, plan in ipairs(ctx.po_plans) do make_po(ctx, n, plan) end
  insert_receipts(ctx)
  fresh_duplicates(ctx, 2)
  I.non_po_invoices(ctx)
  -- Invoices in the order they arrived; the supplier's number is given in that order too
  table.sort(ctx.invoices, by_time)
  local registered = {}
  for _, inv in ipairs(ctx.invoices) do
    if inv.duplicate_of then inv.supplier_no = inv.duplicate_of.supplier_no
    else inv.supplier_no = supplier_invoice_no(inv.supplier) end
    inv.invoice_date = Tm.date_of(inv.at - rng.int(0, 3) * DAY)
    inv.subtotal = 0
    for _, l in ipairs(inv.lines) do inv.subtotal = inv.subtotal + l.qty * l.price end
    if not inv.unregistered then
      registered[#registered + 1] = inv
      inv.number = string.format("INV%07d", #registered)
    end
  end
  ctx.registered_invoices = registered
  I.documents(ctx)  -- documents must exist before the invoices that point at them
  local payments = {}
  for _, inv in ipairs(registered) do
    I.insert_invoice(ctx, inv)
    if inv.payment then payments[#payments + 1] = inv.payment end
  end
  table.sort(payments, by_time)
  for n, p in ipairs(payments) do I.insert_payment(ctx, n, p) end
  -- Orders at T0, and what they commit and spent; bills without an order count for their own coding
  ctx.spent = {}
  for _, po in ipairs(ctx.open_pos) do settle_po(ctx, po) end
  for _, po in ipairs(ctx.unissued) do
    local key = po.cc .. "|" .. Tm.quarter_of(clock.iso(po.at))
    local spent = ctx.spent[key] or { committed = 0, actual = 0 }
    ctx.spent[key] = spent
    spent.committed = spent.committed + po.total
  end
  for _, inv in ipairs(registered) do
    if inv.non_po and inv.status == "paid" then
      local key = inv.cc .. "|" .. Tm.quarter_of(inv.invoice_date)
      local spent = ctx.spent[key] or { committed = 0, actual = 0 }
      ctx.spent[key] = spent
      spent.actual = spent.actual + inv.subtotal
    end
  end
end

return M
