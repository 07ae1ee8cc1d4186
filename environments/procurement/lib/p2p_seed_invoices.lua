-- Seed step: the fates of supplier invoices, their insertion with lines, discounts and payments, the
-- recurring bills that come without a purchase order, and the inbox documents they arrived as.
-- Called from p2p_seed_orders with seed.lua's context `ctx`.
local Doc = require("p2p_documents")
local Tm = require("p2p_time")

local M = {}

local DAY, HOUR = Tm.DAY, 3600
M.HOLD_AGE = 18 * DAY  -- an exception younger than this is still on hold at T0; older ones were rejected
local DOCUMENT_DAYS = 14  -- invoices that arrived in the last 14 days keep their inbox document

local function chance(p) return rng.float() < p end

local function working_time(t)
  local day = t - t % DAY
  if t > day + 18 * HOUR then day = day + DAY end
  while not Tm.is_business_day(day) do day = day + DAY end
  return math.max(t, day + 8 * HOUR)
end
M.working_time = working_time

-- A clean invoice's path from arrival: matched, approved, payment scheduled (then paid); cut at T0.
function M.clean_fate(ctx, inv)
  local T0 = ctx.T0
  local match_at = working_time(inv.at + rng.int(2, 40) * HOUR)
  if match_at >= T0 then inv.status, inv.match = "received", "not_run"; return end
  inv.matched_at = match_at
  local approve_at = working_time(match_at + rng.int(1, 60) * HOUR)
  if approve_at >= T0 then inv.status = "matched"; return end
  inv.approved_at = approve_at
  local sched_at = working_time(approve_at + rng.int(0, 20) * HOUR)
  if sched_at >= T0 then inv.status = "approved"; return end
  inv.scheduled_at = sched_at
  inv.status = "scheduled"  -- insert_invoice decides whether it has been paid by T0
end

-- An exception (price_variance, quantity_variance, missing_receipt, no_po): on hold while young,
-- rejected once old.
function M.exception_fate(ctx, inv, kind, hold_age)
  local T0 = ctx.T0
  inv.match = kind
  local match_at = working_time(inv.at + rng.int(2, 40) * HOUR)
  if match_at >= T0 then inv.status, inv.match = "received", "not_run"; return end
  inv.matched_at = match_at
  local reject_at = working_time(match_at + rng.int(20, 120) * HOUR)
  if T0 - inv.at > (hold_age or M.HOLD_AGE) and reject_at < T0 then
    inv.status, inv.rejected_at = "rejected", reject_at
    inv.rejected_reason = ctx.TEXT.REJECT_REASONS[kind]
  else
    inv.status, inv.hold = "on_hold", kind
  end
end

---------------------------------------------------------------------------------------------------
-- Bills without a purchase order: monthly telecom, legal, cleaning, cloud and courier accounts,
-- coded to the cost centre that uses them. Old ones were approved by the cost centre's owner and
-- paid; recent ones wait on hold ('no_po') for that approval.
---------------------------------------------------------------------------------------------------
local RECURRING = {
  { "IT-TEL", "IT Operations", "Mobile and fixed-line services", 180000, 420000 },
  { "IT-TEL", "Sales", "Sales team mobile plans", 60000, 140000 },
  { "SVC-LEGAL", "Legal", "Legal advice, retainer", 300000, 900000 },
  { "FAC-CLN", "Facilities", "Office cleaning", 250000, 600000 },
  { "FAC-SEC", "Facilities", "Night security patrols", 300000, 520000 },
  { "FAC-MNT", "Facilities", "Building maintenance call-outs", 80000, 300000 },
  { "IT-CLD", "IT Operations", "Cloud usage (pay as you go)", 350000, 1500000 },
  { "IT-CLD", "Engineering", "Build and test cloud usage", 200000, 900000 },
  { "LOG", "Facilities", "Courier account", 40000, 160000 },
  { "EVT", "Human Resources", "Staff canteen catering", 500000, 900000 },
  { "TRN", "Human Resources", "E-learning platform seats", 90000, 160000 },
  { "MKT", "Marketing", "Social media advertising", 250000, 800000 },
  { "IT-SW", "Engineering", "Code hosting subscription", 120000, 240000 },
  { "IT-SW", "Sales", "CRM seats", 300000, 650000 },
  { "SVC-LEGAL", "Human Resources", "Employment law hotline", 80000, 150000 },
  { "FAC-CLN", "Research", "Laboratory waste collection", 90000, 260000 },
  { "IT-TEL", "Customer Support", "Contact centre telephony", 220000, 480000 },
  { "SVC-TEMP", "Customer Support", "Seasonal support agents", 600000, 1400000 },
  { "LOG", "Research", "Sample shipping account", 30000, 110000 },
  { "IT-CLD", "Research", "Research computing cluster usage", 400000, 1200000 },
}

function M.non_po_invoices(ctx)
  local T0 = ctx.T0
  for k, r in ipairs(RECURRING) do
    local code = r[1]
    local list = ctx.active_by_category[code]
    local sup = list[(k * 5) % #list + 1]
    local cc = ctx.cc_by_department[r[2]]
    local month = clock.parse("2025-09-01T00:00:00Z")
    while month < T0 do
      local at = working_time(Tm.add_business_days(month, 2) + rng.int(0, 8) * HOUR)
      if at < T0 then
        ctx.invoice_seq = ctx.invoice_seq + 1
        local label = clock.iso(month):sub(1, 7)
        local price = rng.int(r[4] // 1000, r[5] // 1000) * 1000
        local inv = { seq = ctx.invoice_seq, at = at, supplier = sup, cc = cc.id, cc_owner = cc.owner, gl = ctx.category[code].gl,
                      match_type = "two_way", non_po = true,
                      lines = { { description = r[3] .. ", " .. label, qty = 1, price = price, unit = "month" } } }
        if T0 - at > 30 * DAY then  -- last month's bills still wait for their cost centre owner
          inv.match = "no_po"
          M.clean_fate(ctx, inv)
          inv.match = "no_po"
        else
          M.exception_fate(ctx, inv, "no_po", 30 * DAY)
        end
        ctx.invoices[#ctx.invoices + 1] = inv
      end
      month = Tm.date_start(Tm.add_days(Tm.date_of(month), 32):sub(1, 8) .. "01")
    end
  end
end

---------------------------------------------------------------------------------------------------
-- Inbox documents: recent invoices as they arrived (text or CSV), unregistered ones still waiting,
-- payment reminders for overdue invoices.
---------------------------------------------------------------------------------------------------
local function contact_of(sup)
  return db.value("SELECT name FROM supplier_contacts WHERE supplier_id = ? AND is_primary = 1", sup.id)
end

local function render(inv, sup)
  local lines = {}
  for i, l in ipairs(inv.lines) do
    lines[i] = { description = l.line and l.line.description or l.description, qty = l.qty,
                 unit = l.line and l.line.unit or l.unit, price = l.price }
  end
  local data = {
    supplier_name = sup.name, supplier_no = inv.supplier_no, invoice_date = inv.invoice_date,
    due_date = Tm.add_days(inv.invoice_date, sup.terms), po_number = inv.po and inv.po.number or nil, lines = lines,
    subtotal = inv.subtotal, terms_days = sup.terms, discount_pct = sup.discount_pct, discount_days = sup.discount_days,
    contact = contact_of(sup), style = sup.id % 3 + 1,
  }
  if sup.id % 4 == 0 then return "csv", Doc.invoice_csv(data) end
  return "text", Doc.invoice_text(data)
end

function M.documents(ctx)
  local T0 = ctx.T0
  local docs = {}
  for _, inv in ipairs(ctx.invoices) do
    if inv.unregistered or T0 - inv.at < DOCUMENT_DAYS * DAY then
      local sup = inv.supplier
      local format, body = render(inv, sup)
      docs[#docs + 1] = {
        at = inv.at, seq = inv.seq, invoice = inv, kind = "invoice", sender = "billing@" .. sup.domain, supplier_id = sup.id,
        subject = (format == "csv" and "Invoice export " or "Invoice ") .. inv.supplier_no .. " from " .. sup.name,
        format = format, body = body, processed = not inv.unregistered, linked = inv.number,
      }
    end
  end
  for _, d in ipairs(ctx.extra_documents or {}) do docs[#docs + 1] = d end
  table.sort(docs, function(a, b)
    if a.at ~= b.at then return a.at < b.at end
    return a.seq < b.seq
  end)
  for n, d in ipairs(docs) do
    d.id = db.insert("ap_inbox_documents", {
      number = string.format("DOC%07d", n), kind = d.kind, sender = d.sender, supplier_id = d.supplier_id, subject = d.subject,
      received_at = clock.iso(d.at), format = d.format, body = d.body, processed = d.processed and 1 or 0,
      processed_by_id = d.processed and (d.processed_by or rng.pick(ctx.ap_clerks)) or nil,
      processed_at = d.processed and clock.iso(working_time(d.at + rng.int(1, 6) * HOUR)) or nil,
      linked_record_number = d.processed and d.linked or nil,
    })
    if d.invoice then d.invoice.doc_id = d.id end
    d.number = string.format("DOC%07d", n)
  end
  ctx.documents = docs
end

---------------------------------------------------------------------------------------------------
-- Inserting one invoice: due and discount dates, lines, history, and its payment plan.
---------------------------------------------------------------------------------------------------
function M.insert_invoice(ctx, inv)
  local T0 = ctx.T0
  local today = Tm.date_of(T0)
  local sup = inv.supplier
  local due_date = Tm.add_days(inv.invoice_date, sup.terms)
  local discount_due, discount = nil, 0
  if sup.discount_pct > 0 then
    discount_due = Tm.add_days(inv.invoice_date, sup.discount_days)
    discount = math.floor(inv.subtotal * sup.discount_pct / 100 + 0.5)
  end
  local clerk = rng.pick(ctx.ap_clerks)
  local status = inv.status
  local payment
  if status == "scheduled" then
    local sched_date = Tm.date_of(inv.scheduled_at)
    local for_date
    if discount_due and discount_due > sched_date then
      for_date = discount_due
    else
      for_date = Tm.add_days(due_date, -rng.int(0, 3))
      if for_date <= sched_date then for_date = Tm.add_days(sched_date, 1) end
    end
    local taken = (discount_due and for_date <= discount_due) and discount or 0
    payment = { at = inv.scheduled_at, seq = inv.seq, inv = inv, supplier = sup, amount = inv.subtotal - taken, discount = taken,
                scheduled_for = for_date, scheduled_by = clerk, status = "scheduled" }
    if for_date < today then
      status = "paid"
      payment.status = "paid"
      payment.released_at = Tm.date_start(for_date) + rng.int(9, 12) * HOUR
      payment.paid_at = payment.released_at + 4 * HOUR
      payment.released_by = rng.pick(ctx.treasury)
    end
    inv.payment = payment
  end
  -- What is left of the early-payment discount at T0
  local discount_cents, lapse_event = 0, nil
  if discount_due and status ~= "rejected" then
    if status ~= "paid" and discount_due >= today then  -- still offered (a payment may be scheduled to take it)
      discount_cents = discount
      lapse_event = Tm.date_start(Tm.add_days(discount_due, 1))
    elseif payment and payment.discount > 0 then  -- taken
      discount_cents = discount
    else
      local lapsed = Tm.date_start(Tm.add_days(discount_due, 1))
      if lapsed > inv.at and lapsed < T0 then ctx.hist(inv.number, "discount_cents", discount, 0, nil, lapsed) end
    end
  end
  inv.status = status
  local first = inv.lines[1]
  inv.id = db.insert("supplier_invoices", {
    number = inv.number, supplier_invoice_no = inv.supplier_no, supplier_id = sup.id, po_id = inv.po and inv.po.id or nil,
    cost_center_id = inv.po and inv.po.cc or inv.cc,
    gl_account_id = first.line and ctx.category[first.line.category].gl or inv.gl,
    document_id = inv.doc_id, invoice_date = inv.invoice_date, due_date = due_date, discount_due_date = discount_due,
    discount_cents = discount_cents, subtotal_cents = inv.subtotal, tax_cents = 0, amount_cents = inv.subtotal,
    status = status, match_type = inv.match_type, match_result = inv.match, hold_reason = inv.hold,
    duplicate_of_id = inv.duplicate_of and inv.status ~= "received" and inv.duplicate_of.id or nil,
    approved_by_id = inv.approved_at and (inv.non_po and inv.cc_owner or clerk) or nil,
    approved_at = inv.approved_at and clock.iso(inv.approved_at) or nil,
    rejected_reason = inv.status == "rejected" and (inv.rejected_reason or
      ("Duplicate of " .. inv.duplicate_of.number .. " (supplier invoice " .. inv.supplier_no .. "), already processed.")) or nil,
    received_at = clock.iso(inv.at), updated_at = clock.iso(inv.rejected_at or (payment and (payment.paid_at or payment.at))
      or inv.approved_at or inv.matched_at or inv.at),
  })
  for i, l in ipairs(inv.lines) do
    db.insert("supplier_invoice_lines", {
      invoice_id = inv.id, line_no = i, po_line_id = l.line and l.line.id or nil,
      description = l.line and l.line.description or l.description, quantity = l.qty, unit_price_cents = l.price,
      amount_cents = l.qty * l.price,
    })
  end
  if lapse_event then clock.schedule(lapse_event, "discount_lapse", { invoice_id = inv.id, discount_due_date = discount_due }) end
  local h = ctx.hist
  h(inv.number, "created", nil, "received", clerk, inv.at)
  if inv.matched_at then
    h(inv.number, "match_result", "not_run", inv.match, clerk, inv.matched_at)
    if inv.status == "on_hold" or inv.status == "rejected" then
      h(inv.number, "status", "received", "on_hold", clerk, inv.matched_at)
    else
      h(inv.number, "status", "received", "matched", clerk, inv.matched_at)
    end
    if inv.rejected_at then h(inv.number, "status", "on_hold", "rejected", clerk, inv.rejected_at) end
  end
  if inv.approved_at then h(inv.number, "status", "matched", "approved", clerk, inv.approved_at) end
  if payment then h(inv.number, "status", "approved", "scheduled", clerk, payment.at) end
  if payment and payment.paid_at then h(inv.number, "status", "scheduled", "paid", nil, payment.paid_at) end
  -- Due-date bookkeeping: overdue now, or an event when it falls due
  if status ~= "paid" and status ~= "rejected" and not (payment and payment.scheduled_for <= due_date) then
    local overdue_at = Tm.date_start(Tm.add_days(due_date, 1))
    if overdue_at >= T0 then
      clock.schedule(overdue_at, "invoice_due", { invoice_id = inv.id, due_date = due_date })
    elseif overdue_at > inv.at then
      h(inv.number, "overdue", nil, due_date, nil, overdue_at)
    end
  end
end

function M.insert_payment(ctx, n, p)
  local number = string.format("PAY%07d", n)
  db.insert("payments", {
    number = number, invoice_id = p.inv.id, supplier_id = p.supplier.id, bank_account_id = p.supplier.bank_account_id,
    amount_cents = p.amount, discount_taken_cents = p.discount, scheduled_for = p.scheduled_for, status = p.status,
    scheduled_by_id = p.scheduled_by, scheduled_at = clock.iso(p.at), released_by_id = p.released_by,
    released_at = p.released_at and clock.iso(p.released_at) or nil, paid_at = p.paid_at and clock.iso(p.paid_at) or nil,
  })
  ctx.hist(number, "created", nil, "scheduled", p.scheduled_by, p.at)
  if p.paid_at then
    ctx.hist(number, "status", "scheduled", "released", p.released_by, p.released_at)
    ctx.hist(number, "status", "released", "paid", nil, p.paid_at)
  end
end

return M
