-- Coho's emailed invoice registered as sent (number, date, lines, no tax) against the maintenance order,
-- linked to its inbox document, matched two-way and approved; nothing else invoiced.
local C = require("checks")
local created = {}
for _, d in ipairs(changes("supplier_invoices")) do
  if d.op == "insert" then created[#created + 1] = d.after end
end
check("one invoice registered", #created == 1, #created .. " invoice(s) registered")
local inv = created[1] or {}
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                    WHERE r.title = 'HVAC maintenance, first quarter' ORDER BY o.id DESC LIMIT 1]]) or {}
local doc = db.value("SELECT id FROM ap_inbox_documents WHERE subject LIKE 'Invoice CFS-2026-0318%'")
check("Coho's number and date as printed", inv.supplier_invoice_no == "CFS-2026-0318" and inv.invoice_date == "2026-02-27",
      tostring(inv.supplier_invoice_no) .. " of " .. tostring(inv.invoice_date))
check("against the maintenance order, from the emailed document", inv.po_id == po.id and inv.document_id == doc,
      "order " .. tostring(inv.po_id and db.value("SELECT number FROM purchase_orders WHERE id = ?", inv.po_id)) ..
      ", document " .. tostring(inv.document_id))
check("$6,190.00 with no tax", inv.amount_cents == 619000 and inv.tax_cents == 0,
      "amount " .. tostring(inv.amount_cents) .. ", tax " .. tostring(inv.tax_cents))
local lines = db.query([[SELECT il.quantity, il.unit_price_cents, pl.line_no FROM supplier_invoice_lines il
                         LEFT JOIN po_lines pl ON pl.id = il.po_line_id WHERE il.invoice_id = ? ORDER BY il.line_no]], inv.id or -1)
local shape = {}
for _, l in ipairs(lines) do shape[#shape + 1] = tostring(l.line_no) .. ":" .. l.quantity .. "x" .. l.unit_price_cents end
check("3 visits and 1 call-out on their order lines", table.concat(shape, " ") == "1:3x185000 2:1x64000", "lines " .. C.list_or_none(shape))
check("matched and approved", inv.status == "approved" and inv.match_result == "matched",
      "status " .. tostring(inv.status) .. ", match " .. tostring(inv.match_result))
C.status_is("done")
C.mentions_one_of_each("the answer gives the invoice and its amount", answer.text, { "CFS-2026-0318", { "6,190", "6190" } })
