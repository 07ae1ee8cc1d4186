-- One change order lowering desks and pedestals to 4 each (chairs kept), applied at once since the total
-- falls (PROC-R13); no approval chain, nobody asked to approve.
local C = require("checks")
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                    WHERE r.title = 'Furniture for the new HR starters' ORDER BY o.id DESC LIMIT 1]]) or {}
local q = {}
for _, l in ipairs(db.query("SELECT quantity_ordered FROM po_lines WHERE po_id = ? ORDER BY line_no", po.id or -1)) do q[#q + 1] = tostring(l.quantity_ordered) end
check("desks 4, pedestals 4, chairs 6", table.concat(q, "/") == "4/4/6", "now " .. table.concat(q, "/"))
local cos = db.query("SELECT * FROM po_change_orders WHERE po_id = ? ORDER BY id", po.id or -1)
check("through one change order, applied", #cos == 1 and cos[1].status == "approved", #cos .. " change order(s), " .. tostring(cos[1] and cos[1].status))
C.mentions_one_of_each("the change order says why", cos[1] and cos[1].reason, { { "withdr*", "starter*", "no longer", "fewer", "two" } })
C.status_is("done")
