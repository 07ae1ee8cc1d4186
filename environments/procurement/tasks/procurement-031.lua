-- One change order on the Harbor Lights order: line 1 from 40 to 56 guests at the same price, re-approved
-- at the cumulative $28,000.00 (so the CFO's band too, PROC-R13); no second order or requisition.
local C = require("checks")
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
                    WHERE s.name = 'Harbor Lights Events' AND o.total_cents = 2000000 ORDER BY o.id DESC LIMIT 1]]) or {}
local cos = db.query("SELECT * FROM po_change_orders WHERE po_id = ? ORDER BY id", po.id or -1)
local co = cos[1] or {}
check("one change order on the catering order", #cos == 1, #cos .. " change order(s) on " .. tostring(po.number))
check("re-approval at the cumulative $28,000.00", co.new_total_cents == 2800000 and co.status == "pending_approval",
      "new total " .. tostring(co.new_total_cents) .. ", status " .. tostring(co.status))
local lines = db.query("SELECT * FROM po_change_lines WHERE change_order_id = ? ORDER BY id", co.id or -1)
local l = lines[1] or {}
check("line 1 goes to 56 guests at $500.00", #lines == 1 and l.new_quantity == 56 and l.new_unit_price_cents == 50000
      and l.po_line_id == db.value("SELECT id FROM po_lines WHERE po_id = ? AND line_no = 1", po.id or -1),
      #lines .. " line(s); " .. tostring(l.new_quantity) .. " x " .. tostring(l.new_unit_price_cents))
C.mentions_one_of_each("the reason says why", co.reason, { { "56" }, { "40", "headcount", "guests", "people" } })
local cfo = db.value("SELECT id FROM users WHERE user_name = 'olivia.grant'")
C.row_exists("the CFO's band is in the re-approval", [[SELECT id FROM procurement_approvals WHERE object_type = 'change_order'
             AND object_id = ? AND step = 3 AND approver_id = ?]], co.id or -1, cfo)
-- the order itself, requisitions and new orders are outside expected_changes: the engine fails any change
local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
  end
end
local ok = #told >= 1
for _, u in ipairs(told) do if u ~= "hannah.weiss" and u ~= "lena.ortiz" then ok = false end end
check("only the first approver (and Lena) were told", ok, "told: " .. C.list_or_none(told))
C.status_is("done")
C.mentions_one_of_each("the answer says the CFO must approve it too", answer.text,
                       { { "cfo", "olivia", "chief financial officer" }, { "28,000", "28000" } })
