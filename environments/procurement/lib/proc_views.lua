-- How procurement records look to an agent: ids become numbers, user names, codes; cents become dollars.
-- Searches use the short forms of the tools; get_* tools use these full ones.
local D = require("directory")
local P = require("procurement")
local A = require("approval_chain")
local M = {}
local or_null, dollars = D.or_null, P.dollars

local function supplier_ref(id)
  if id == nil or id == null then return null end
  local s = db.one("SELECT number, name FROM suppliers WHERE id = ?", id)
  return s and (s.name .. " (" .. s.number .. ")") or null
end
M.supplier_ref = supplier_ref

function M.requisition(r)
  local lines = {}
  for _, l in ipairs(db.query([[SELECT l.*, c.sku FROM requisition_lines l LEFT JOIN purchase_catalog_items c ON c.id = l.catalog_item_id
                                WHERE l.requisition_id = ? ORDER BY l.line_no]], r.id)) do
    lines[#lines + 1] = { line_no = l.line_no, sku = or_null(l.sku), description = l.description,
                          category = P.category_code(l.category_id), gl_account = P.gl_code(l.gl_account_id),
                          contract = P.number_of("contracts", l.contract_id), quantity = l.quantity, unit = l.unit,
                          unit_price = dollars(l.unit_price_cents), amount = dollars(l.amount_cents) }
  end
  local quotes = {}
  for _, q in ipairs(db.query("SELECT * FROM quotes WHERE requisition_id = ? ORDER BY id", r.id)) do
    quotes[#quotes + 1] = { number = q.number, supplier = supplier_ref(q.supplier_id), amount = dollars(q.amount_cents),
                            valid_until = or_null(q.valid_until), document = P.number_of("ap_inbox_documents", q.document_id),
                            selected = q.selected == 1 }
  end
  local orders = {}
  for _, o in ipairs(db.query("SELECT number, status FROM purchase_orders WHERE requisition_id = ? ORDER BY id", r.id)) do
    orders[#orders + 1] = o.number .. " (" .. o.status .. ")"
  end
  return {
    number = r.number, title = r.title, status = r.status, requester = D.name_of(r.requester_id),
    requested_for = D.name_of(r.requested_for_id), cost_center = P.cost_center_code(r.cost_center_id),
    gl_account = P.gl_code(r.gl_account_id), supplier = supplier_ref(r.supplier_id),
    contract = P.number_of("contracts", r.contract_id), justification = or_null(r.justification),
    needed_by = or_null(r.needed_by), total = dollars(r.total_cents), created_at = r.created_at,
    submitted_at = or_null(r.submitted_at), approved_at = or_null(r.approved_at),
    cancelled_reason = or_null(r.cancelled_reason), lines = array(lines), quotes = array(quotes),
    approvals = A.steps_view("requisition", r.id), purchase_orders = array(orders),
  }
end

function M.po_lines(po_id)
  local lines = {}
  for _, l in ipairs(db.query([[SELECT l.*, c.sku FROM po_lines l LEFT JOIN purchase_catalog_items c ON c.id = l.catalog_item_id
                                WHERE l.po_id = ? ORDER BY l.line_no]], po_id)) do
    lines[#lines + 1] = { line_no = l.line_no, sku = or_null(l.sku), description = l.description,
                          category = P.category_code(l.category_id), gl_account = P.gl_code(l.gl_account_id), unit = l.unit,
                          quantity_ordered = l.quantity_ordered, quantity_received = l.quantity_received,
                          quantity_invoiced = l.quantity_invoiced, unit_price = dollars(l.unit_price_cents),
                          amount = dollars(l.amount_cents) }
  end
  return array(lines)
end

function M.purchase_order(po)
  local changes = {}
  for _, c in ipairs(db.query("SELECT * FROM po_change_orders WHERE po_id = ? ORDER BY id", po.id)) do
    changes[#changes + 1] = { number = c.number, revision = c.revision, status = c.status, reason = c.reason,
                              requested_by = D.name_of(c.requested_by_id), old_total = dollars(c.old_total_cents),
                              new_total = dollars(c.new_total_cents), requested_at = c.requested_at,
                              approvals = A.steps_view("change_order", c.id) }
  end
  local receipts = {}
  for _, g in ipairs(db.query("SELECT * FROM goods_receipts WHERE po_id = ? ORDER BY id", po.id)) do
    receipts[#receipts + 1] = { number = g.number, kind = g.kind, received_by = D.name_of(g.received_by_id),
                                received_at = g.received_at, delivery_note = or_null(g.delivery_note) }
  end
  local invoices = {}
  for _, i in ipairs(db.query("SELECT number, supplier_invoice_no, status, amount_cents FROM supplier_invoices WHERE po_id = ? ORDER BY id", po.id)) do
    invoices[#invoices + 1] = { number = i.number, supplier_invoice_no = i.supplier_invoice_no, status = i.status, amount = dollars(i.amount_cents) }
  end
  local req = po.requisition_id and db.one("SELECT number, requester_id FROM requisitions WHERE id = ?", po.requisition_id)
  return {
    number = po.number, status = po.status, revision = po.revision, supplier = supplier_ref(po.supplier_id),
    requisition = req and req.number or null, requester = req and D.name_of(req.requester_id) or null,
    contract = P.number_of("contracts", po.contract_id), buyer = D.name_of(po.buyer_id),
    cost_center = P.cost_center_code(po.cost_center_id), budget_period = po.budget_period,
    total = dollars(po.total_cents), approved_total = dollars(po.approved_total_cents),
    payment_terms_days = po.payment_terms_days, ship_to = or_null(po.ship_to), created_at = po.created_at,
    approved_at = or_null(po.approved_at), issued_at = or_null(po.issued_at), closed_at = or_null(po.closed_at),
    cancelled_at = or_null(po.cancelled_at), cancel_reason = or_null(po.cancel_reason),
    lines = M.po_lines(po.id), change_orders = array(changes), receipts = array(receipts), invoices = array(invoices),
  }
end

function M.invoice(inv)
  local lines = {}
  for _, l in ipairs(db.query([[SELECT il.*, pl.line_no AS po_line_no FROM supplier_invoice_lines il
                                LEFT JOIN po_lines pl ON pl.id = il.po_line_id WHERE il.invoice_id = ? ORDER BY il.line_no]], inv.id)) do
    lines[#lines + 1] = { line_no = l.line_no, po_line = or_null(l.po_line_no), description = l.description, quantity = l.quantity,
                          unit_price = dollars(l.unit_price_cents), amount = dollars(l.amount_cents) }
  end
  local pay = db.one("SELECT number, status, scheduled_for FROM payments WHERE invoice_id = ? AND status <> 'cancelled' ORDER BY id DESC LIMIT 1", inv.id)
  return {
    number = inv.number, supplier_invoice_no = inv.supplier_invoice_no, supplier = supplier_ref(inv.supplier_id),
    purchase_order = P.number_of("purchase_orders", inv.po_id), cost_center = P.cost_center_code(inv.cost_center_id),
    gl_account = P.gl_code(inv.gl_account_id), document = P.number_of("ap_inbox_documents", inv.document_id),
    invoice_date = inv.invoice_date, due_date = inv.due_date, discount_due_date = or_null(inv.discount_due_date),
    discount = dollars(inv.discount_cents), subtotal = dollars(inv.subtotal_cents), tax = dollars(inv.tax_cents),
    amount = dollars(inv.amount_cents), status = inv.status, match_type = inv.match_type, match_result = inv.match_result,
    hold_reason = or_null(inv.hold_reason), duplicate_of = P.number_of("supplier_invoices", inv.duplicate_of_id),
    approved_by = D.name_of(inv.approved_by_id), approved_at = or_null(inv.approved_at),
    rejected_reason = or_null(inv.rejected_reason), received_at = inv.received_at, lines = array(lines),
    payment = pay and { number = pay.number, status = pay.status, scheduled_for = pay.scheduled_for } or null,
  }
end

function M.payment(p)
  return {
    number = p.number, invoice = P.number_of("supplier_invoices", p.invoice_id), supplier = supplier_ref(p.supplier_id),
    bank_account = db.value("SELECT bank_name || ' ' || account_masked FROM supplier_bank_accounts WHERE id = ?", p.bank_account_id) or null,
    amount = dollars(p.amount_cents), discount_taken = dollars(p.discount_taken_cents), scheduled_for = p.scheduled_for,
    status = p.status, scheduled_by = D.name_of(p.scheduled_by_id), released_by = D.name_of(p.released_by_id),
    released_at = or_null(p.released_at), cancelled_reason = or_null(p.cancelled_reason),
  }
end

function M.bank_account(b)
  return {
    id = b.id, bank_name = b.bank_name, account_holder = b.account_holder, account = b.account_masked,
    routing = or_null(b.routing_masked), country = b.country, status = b.status,
    source_document = P.number_of("ap_inbox_documents", b.source_document_id), requested_by = D.name_of(b.requested_by_id),
    requested_at = b.requested_at, callback_phone_on_file = or_null(b.callback_phone_on_file),
    phone_in_request = or_null(b.phone_in_request), verified_by = D.name_of(b.verified_by_id),
    verified_at = or_null(b.verified_at), callback_notes = or_null(b.callback_notes), rejected_reason = or_null(b.rejected_reason),
  }
end

return M
