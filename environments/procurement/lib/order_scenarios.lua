-- Staging helpers for task setups about orders, receiving, invoices and payments: each builds the records a
-- scenario needs the way the tools would have left them (a requisition ordered into a purchase order, its
-- receipts, invoices with their terms, payments), so a task does not depend on what the seed generated.
-- Amounts are cents; dates 'YYYY-MM-DD'; times ISO-8601 UTC.
local P = require("procurement")
local M = {}

function M.user_id(user_name)
  local id = db.value("SELECT id FROM users WHERE user_name = ?", user_name)
  if not id then error("order_scenarios: no user " .. tostring(user_name)) end
  return id
end

function M.supplier(name)
  local s = db.one("SELECT * FROM suppliers WHERE name = ?", name)
  if not s then error("order_scenarios: no supplier " .. tostring(name)) end
  return s
end

local function gl_of(category_id)
  return db.value("SELECT default_gl_account_id FROM spend_categories WHERE id = ?", category_id)
end

-- A line of an order: { sku = ..., quantity, price = cents (default the contract price, else list),
-- received = n } or, without a sku, { description, category = code, unit, quantity, price, received }.
local function order_line(l, contract_id, date)
  if l.sku then
    local item = db.one("SELECT * FROM purchase_catalog_items WHERE sku = ?", l.sku)
    if not item then error("order_scenarios: no catalog item " .. l.sku) end
    local price = l.price or (contract_id and db.value([[SELECT unit_price_cents FROM contract_prices WHERE contract_id = ?
                    AND catalog_item_id = ? AND valid_from <= ? AND valid_to >= ? ORDER BY valid_from DESC LIMIT 1]],
                    contract_id, item.id, date, date)) or item.list_price_cents
    return { catalog_item_id = item.id, description = l.description or item.name, category_id = item.category_id,
             gl_account_id = gl_of(item.category_id), unit = item.unit, quantity = l.quantity, price = price }
  end
  local cat = db.one("SELECT * FROM spend_categories WHERE code = ?", l.category)
  if not cat then error("order_scenarios: no category " .. tostring(l.category)) end
  return { description = l.description, category_id = cat.id, gl_account_id = cat.default_gl_account_id, unit = l.unit,
           quantity = l.quantity, price = l.price }
end

-- An approved requisition ordered into a purchase order, with its goods received so far.
-- spec: title, supplier (name), cost_center (code), requester (user name), buyer (default paula.reyes),
-- under_contract (true: the supplier's contract), status (issued by default; received quantities move it
-- to partially_received / received; 'closed' and 'approved' as given), ordered_at (ISO time),
-- received_at, delivery_note, lines. Returns { id, number, requisition, total, lines = {po line ids} }.
function M.order(spec)
  local s = M.supplier(spec.supplier)
  local cc = db.one("SELECT * FROM cost_centers WHERE code = ?", spec.cost_center)
  local requester = M.user_id(spec.requester)
  local buyer = M.user_id(spec.buyer or "paula.reyes")
  local at = spec.ordered_at
  local date = at:sub(1, 10)
  local contract_id = spec.under_contract and db.value("SELECT id FROM contracts WHERE supplier_id = ? ORDER BY id LIMIT 1", s.id) or nil
  local lines, total, got, want = {}, 0, 0, 0
  for i, l in ipairs(spec.lines) do
    lines[i] = order_line(l, contract_id, date)
    lines[i].received = l.received or 0
    total = total + l.quantity * lines[i].price
    got, want = got + lines[i].received, want + l.quantity
  end
  local status = spec.status or "issued"
  if status == "issued" and got > 0 then status = got >= want and "received" or "partially_received" end
  local req_no = P.next_number("requisitions")
  local req = db.insert("requisitions", {
    number = req_no, title = spec.title, requester_id = requester, requested_for_id = requester, cost_center_id = cc.id,
    gl_account_id = lines[1].gl_account_id, supplier_id = s.id, contract_id = contract_id, justification = spec.justification,
    total_cents = total, status = "ordered", created_at = at, submitted_at = at, approved_at = at, updated_at = at })
  local po_no = P.next_number("purchase_orders")
  local period = P.period_of(date)
  local po = db.insert("purchase_orders", {
    number = po_no, requisition_id = req, supplier_id = s.id, contract_id = contract_id, buyer_id = buyer, cost_center_id = cc.id,
    budget_period = period, status = status, total_cents = total, approved_total_cents = total,
    payment_terms_days = s.payment_terms_days, ship_to = db.value("SELECT location FROM users WHERE id = ?", requester),
    created_at = at, approved_at = at, issued_at = status ~= "approved" and at or nil,
    closed_at = status == "closed" and (spec.closed_at or at) or nil, updated_at = spec.received_at or at })
  local gr = got > 0 and db.insert("goods_receipts", {
    number = P.next_number("goods_receipts"), po_id = po, kind = "receipt", received_by_id = requester,
    received_at = spec.received_at or at, delivery_note = spec.delivery_note }) or nil
  local po_lines = {}
  for i, l in ipairs(lines) do
    local amount = l.quantity * l.price
    local rl = db.insert("requisition_lines", { requisition_id = req, line_no = i, catalog_item_id = l.catalog_item_id,
      contract_id = contract_id, description = l.description, category_id = l.category_id, gl_account_id = l.gl_account_id,
      quantity = l.quantity, unit = l.unit, unit_price_cents = l.price, amount_cents = amount })
    po_lines[i] = db.insert("po_lines", { po_id = po, line_no = i, requisition_line_id = rl, catalog_item_id = l.catalog_item_id,
      description = l.description, category_id = l.category_id, gl_account_id = l.gl_account_id, unit = l.unit,
      quantity_ordered = l.quantity, quantity_received = l.received, unit_price_cents = l.price, amount_cents = amount })
    if gr and l.received > 0 then
      db.insert("goods_receipt_lines", { receipt_id = gr, po_line_id = po_lines[i], quantity = l.received })
    end
  end
  if status ~= "closed" and status ~= "cancelled" then P.commit(cc.id, period, total, nil) end
  if contract_id then db.exec("UPDATE contracts SET consumed_cents = consumed_cents + ? WHERE id = ?", total, contract_id) end
  return { id = po, number = po_no, requisition = req_no, total = total, lines = po_lines, supplier = s, cost_center_id = cc.id }
end

-- An inbox document as it arrived. spec: kind, sender, supplier (name, optional), subject, body, format
-- (default text), received_at. Returns { id, number }.
function M.document(spec)
  local number = P.next_number("ap_inbox_documents")
  local id = db.insert("ap_inbox_documents", {
    number = number, kind = spec.kind or "invoice", sender = spec.sender, supplier_id = spec.supplier and M.supplier(spec.supplier).id or nil,
    subject = spec.subject, received_at = spec.received_at, format = spec.format or "text", body = spec.body,
    processed = spec.processed and 1 or 0 })
  return { id = id, number = number }
end

-- A supplier invoice against an order. spec: order (from M.order), no (the supplier's number), date,
-- lines = { { line = PO line no, quantity, price = cents (default the PO price) } }, tax (cents), status
-- (default received), match_result, hold_reason, received_at, document (from M.document), approved_by.
-- Approved, scheduled and paid invoices count as invoiced on their PO lines. Returns { id, number, amount }.
function M.invoice(spec)
  local o = spec.order
  local s = o.supplier
  local subtotal, rows = 0, {}
  for i, l in ipairs(spec.lines) do
    local pl = db.one("SELECT * FROM po_lines WHERE id = ?", o.lines[l.line])
    local price = l.price or pl.unit_price_cents
    rows[i] = { line_no = i, po_line_id = pl.id, description = pl.description, quantity = l.quantity, unit_price_cents = price,
                amount_cents = l.quantity * price }
    subtotal = subtotal + rows[i].amount_cents
  end
  local tax = spec.tax or 0
  local amount = subtotal + tax
  local discount_date, discount = nil, 0
  if s.early_discount_pct > 0 and s.early_discount_days > 0 then
    discount_date = P.date_plus(spec.date, s.early_discount_days)
    discount = math.floor(amount * s.early_discount_pct / 100 + 0.5)
  end
  local status = spec.status or "received"
  local number = P.next_number("supplier_invoices")
  local received_at = spec.received_at or (spec.date .. "T15:00:00Z")
  local id = db.insert("supplier_invoices", {
    number = number, supplier_invoice_no = spec.no, supplier_id = s.id, po_id = o.id, cost_center_id = o.cost_center_id,
    gl_account_id = db.value("SELECT gl_account_id FROM po_lines WHERE id = ?", o.lines[1]), document_id = spec.document and spec.document.id,
    invoice_date = spec.date, due_date = P.date_plus(spec.date, s.payment_terms_days), discount_due_date = discount_date,
    discount_cents = discount, subtotal_cents = subtotal, tax_cents = tax, amount_cents = amount, status = status,
    match_type = spec.match_type or "three_way", match_result = spec.match_result or (status == "received" and "not_run" or "matched"),
    hold_reason = spec.hold_reason, approved_by_id = spec.approved_by and M.user_id(spec.approved_by),
    approved_at = spec.approved_by and received_at, received_at = received_at, updated_at = received_at })
  for _, r in ipairs(rows) do
    r.invoice_id = id
    db.insert("supplier_invoice_lines", r)
    if status == "approved" or status == "scheduled" or status == "paid" then
      db.exec("UPDATE po_lines SET quantity_invoiced = quantity_invoiced + ? WHERE id = ?", r.quantity, r.po_line_id)
    end
  end
  if spec.document then
    db.update("ap_inbox_documents", { id = spec.document.id }, { processed = 1, processed_by_id = M.user_id(spec.registered_by or "jorge.salas"),
                                                                  processed_at = received_at, linked_record_number = number })
  end
  return { id = id, number = number, amount = amount }
end

-- A payment of an invoice to the supplier's verified account, released and paid (status paid) or only
-- scheduled. spec: invoice (from M.invoice), order, on (date), status (default paid), by (user name).
function M.payment(spec)
  local inv = db.one("SELECT * FROM supplier_invoices WHERE id = ?", spec.invoice.id)
  local account = P.verified_account(inv.supplier_id)
  local status = spec.status or "paid"
  local at = spec.on .. "T10:00:00Z"
  db.insert("payments", {
    number = P.next_number("payments"), invoice_id = inv.id, supplier_id = inv.supplier_id, bank_account_id = account.id,
    amount_cents = inv.amount_cents, scheduled_for = spec.on, status = status, scheduled_by_id = M.user_id("jorge.salas"),
    scheduled_at = at, released_by_id = status == "paid" and M.user_id("rebecca.stone") or nil,
    released_at = status == "paid" and at or nil, paid_at = status == "paid" and at or nil })
  db.update("supplier_invoices", { id = inv.id }, { status = status == "paid" and "paid" or "scheduled" })
  if status == "paid" then
    local po = db.one("SELECT * FROM purchase_orders WHERE id = ?", inv.po_id)
    local b = P.budget(po.cost_center_id, po.budget_period)
    if b then
      local open = po.status ~= "closed" and po.status ~= "cancelled"
      db.update("budgets", { id = b.id }, { committed_cents = b.committed_cents - (open and inv.amount_cents or 0),
                                            actual_cents = b.actual_cents + inv.amount_cents })
    end
  end
end

return M
