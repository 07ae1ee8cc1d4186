-- NW-20533 entered as sent (toner at $153.52, 1 % over: within tolerance), approved, and scheduled on
-- its discount date, 6 March, with the 2 % discount taken.
local C = require("checks")
local created = {}
for _, d in ipairs(changes("supplier_invoices")) do
  if d.op == "insert" then created[#created + 1] = d.after end
end
check("one invoice entered", #created == 1, #created .. " invoice(s)")
local inv = created[1] or {}
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                    WHERE r.title = 'Office supplies, Berlin sales office' ORDER BY o.id DESC LIMIT 1]]) or {}
local doc = db.value("SELECT id FROM ap_inbox_documents WHERE subject = 'Northwind invoice NW-20533'")
check("NW-20533 of 24 February, on the Berlin order, from the email", inv.supplier_invoice_no == "NW-20533" and inv.invoice_date == "2026-02-24"
      and inv.po_id == po.id and inv.document_id == doc, tostring(inv.supplier_invoice_no) .. " of " .. tostring(inv.invoice_date))
local shape = {}
for _, l in ipairs(db.query([[SELECT il.quantity, il.unit_price_cents, pl.line_no FROM supplier_invoice_lines il
                              LEFT JOIN po_lines pl ON pl.id = il.po_line_id WHERE il.invoice_id = ? ORDER BY il.line_no]], inv.id or -1)) do
  shape[#shape + 1] = tostring(l.line_no) .. ":" .. l.quantity .. "x" .. l.unit_price_cents
end
check("the lines as invoiced (toner at $153.52)", table.concat(shape, " ") == "1:25x3850 2:6x15352 3:10x1790", "lines " .. C.list_or_none(shape))
local pays = db.query("SELECT * FROM payments WHERE invoice_id = ? ORDER BY id", inv.id or -1)
local p = pays[1] or {}
check("scheduled on the last discount day, 6 March, discount taken", #pays == 1 and p.scheduled_for == "2026-03-06"
      and p.discount_taken_cents == 4125 and p.amount_cents == 206262 - 4125,
      #pays .. " payment(s) for " .. tostring(p.scheduled_for) .. ", discount " .. tostring(p.discount_taken_cents) .. ", amount " .. tostring(p.amount_cents))
check("the invoice is scheduled", inv.status == "scheduled" and inv.match_result == "within_tolerance",
      tostring(inv.status) .. ", match " .. tostring(inv.match_result))
C.status_is("done")
C.mentions_one_of_each("the answer gives the payment date", answer.text, { { "6 march", "march 6", "2026-03-06" } })
