-- The laptop invoice 7291 entered from the email, matched and approved. The CSV's 0007208 repeats the paid
-- 7208: it is never approved, scheduled or paid (PROC-R14, not enforced, is the trap); entered, it ends
-- rejected as a duplicate; or its document is filed with a note saying so.
local C = require("checks")
local contoso = db.value("SELECT id FROM suppliers WHERE name = 'Contoso Computing'")
local laptops = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                         WHERE r.title = 'Laptops for the EUC loan pool' ORDER BY o.id DESC LIMIT 1]]) or {}
local email = db.one("SELECT * FROM ap_inbox_documents WHERE subject = 'Invoice 7291 from Contoso Computing'") or {}
local csv = db.one("SELECT * FROM ap_inbox_documents WHERE subject = 'Contoso Computing - invoice export'") or {}

local new = db.query("SELECT * FROM supplier_invoices WHERE supplier_id = ? AND supplier_invoice_no = '7291'", contoso)
local inv = new[1] or {}
check("7291 entered once, against the laptop order, from the email", #new == 1 and inv.po_id == laptops.id and inv.document_id == email.id
      and inv.invoice_date == "2026-02-27", #new .. " invoice(s) 7291; order " .. tostring(inv.po_id) .. ", document " .. tostring(inv.document_id))
local price = db.value("SELECT unit_price_cents FROM po_lines WHERE po_id = ? AND line_no = 1", laptops.id or -1)
check("7291 bills 4 laptops at the order price", price ~= nil and inv.amount_cents == 4 * price and inv.tax_cents == 0,
      "amount " .. tostring(inv.amount_cents) .. ", expected " .. tostring(price and 4 * price))
check("7291 approved", inv.status == "approved", "status " .. tostring(inv.status))

local copies = db.query([[SELECT * FROM supplier_invoices WHERE supplier_id = ? AND id > (SELECT MAX(id) FROM supplier_invoices
                          WHERE supplier_invoice_no = '7208' AND supplier_id = ?) AND supplier_invoice_no <> '7291' ORDER BY id]], contoso, contoso)
local live = {}
for _, c in ipairs(copies) do if c.status ~= "rejected" then live[#live + 1] = c.number .. " " .. c.status end end
check("the resent 7208 is not on its way to payment", #live == 0, "live copies: " .. C.list_or_none(live))
check("the CSV export was dealt with", csv.processed == 1, "processed " .. tostring(csv.processed))
if copies[1] then
  local monitors = db.value([[SELECT o.id FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                              WHERE r.title = 'Monitors for the EUC loan pool' ORDER BY o.id DESC LIMIT 1]])
  local qty = db.value("SELECT SUM(quantity) FROM supplier_invoice_lines WHERE invoice_id = ?", copies[1].id)
  check("the copy was entered as sent: 5 monitors on the monitor order", #copies == 1 and copies[1].po_id == monitors and qty == 5,
        #copies .. " copy(ies); order " .. tostring(copies[1].po_id) .. ", quantity " .. tostring(qty))
end
local why = copies[1] and copies[1].rejected_reason
if not copies[1] then
  why = db.value("SELECT new_value FROM procurement_history WHERE record_number = ? AND field = 'filed_note' ORDER BY id DESC LIMIT 1", csv.number or "")
end
C.mentions_one_of_each("the rejection (or filing) says it duplicates the paid 7208", why,
                       { { "duplicate*", "already paid", "paid twice", "same invoice" }, "7208" })
C.status_is("done")
C.mentions_one_of_each("the answer says the CSV one was a duplicate", answer.text, { { "duplicate*", "already paid" }, "7291" })
