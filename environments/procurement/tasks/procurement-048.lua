-- One change order on the Proseware order: 10 -> 12 days at the same rate, re-approved at $22,200.00 (cost
-- centre owner and Finance Director, PROC-R13); the invoice stays on hold (outside expected_changes).
local C = require("checks")
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                    WHERE r.title = 'Security architecture review' ORDER BY o.id DESC LIMIT 1]]) or {}
local cos = db.query("SELECT * FROM po_change_orders WHERE po_id = ? ORDER BY id", po.id or -1)
local co = cos[1] or {}
check("one change order to $22,200.00, waiting for re-approval", #cos == 1 and co.new_total_cents == 2220000 and co.status == "pending_approval",
      #cos .. " change order(s); " .. tostring(co.new_total_cents) .. ", " .. tostring(co.status))
local lines = db.query("SELECT * FROM po_change_lines WHERE change_order_id = ? ORDER BY id", co.id or -1)
local l = lines[1] or {}
check("line 1 to 12 days at $1,850.00", #lines == 1 and l.new_quantity == 12 and l.new_unit_price_cents == 185000
      and l.po_line_id == db.value("SELECT id FROM po_lines WHERE po_id = ? AND line_no = 1", po.id or -1),
      #lines .. " line(s); " .. tostring(l.new_quantity) .. " x " .. tostring(l.new_unit_price_cents))
C.mentions_one_of_each("the reason says why", co.reason, { { "two extra", "2 extra", "12", "additional" }, { "day*", "cloud", "tobias", "PWC-26-0419" } })
local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id) end
end
local owner = db.value("SELECT u.user_name FROM cost_centers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'CC-3100'")
local ok = #told >= 1
for _, u in ipairs(told) do if u ~= owner and u ~= "tobias.kern" and u ~= "wendy.tran" and u ~= "jorge.salas" then ok = false end end
check("only the approver (and Tobias or accounts payable) were told", ok, "told: " .. C.list_or_none(told))
C.status_is("done")
C.mentions_one_of_each("the answer says it needs re-approval", answer.text, { { "approv*" }, { "22,200", "22200" } })
