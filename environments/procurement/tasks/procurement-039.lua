-- HLS-88412 (21 Feb, 2/10 net 45) is scheduled on its discount date, 3 March, with the discount taken;
-- the freezer invoice on hold is left alone (expected_changes allows one invoice update).
local C = require("checks")
local inv = db.one("SELECT * FROM supplier_invoices WHERE supplier_invoice_no = 'HLS-88412'") or {}
local pays = db.query("SELECT * FROM payments WHERE invoice_id = ? AND status <> 'cancelled' ORDER BY id", inv.id or -1)
local pay = pays[1] or {}
check("one payment scheduled for HLS-88412", #pays == 1 and pay.status == "scheduled", #pays .. " payment(s), " .. tostring(pay.status))
check("on the last discount day, 3 March", pay.scheduled_for == "2026-03-03", "scheduled for " .. tostring(pay.scheduled_for))
check("with the discount taken", inv.discount_cents ~= nil and inv.discount_cents > 0 and pay.discount_taken_cents == inv.discount_cents
      and pay.amount_cents == inv.amount_cents - inv.discount_cents,
      "discount " .. tostring(pay.discount_taken_cents) .. " of " .. tostring(inv.discount_cents) .. ", amount " .. tostring(pay.amount_cents))
C.status_is("done")
C.mentions_one_of_each("the answer gives the date", answer.text, { { "3 march", "march 3", "2026-03-03", "3rd" } })
