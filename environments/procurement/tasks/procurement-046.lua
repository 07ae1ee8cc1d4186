-- One receipt under DN-58870 of what the order covers (10 cases, 40 packs); the 2 extra cases are
-- reported, not forced onto the order (no change order, nothing else changed).
local C = require("checks")
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                    WHERE r.title = 'Water and stationery for the support floor' ORDER BY o.id DESC LIMIT 1]]) or {}
local got = {}
for _, l in ipairs(db.query("SELECT quantity_received FROM po_lines WHERE po_id = ? ORDER BY line_no", po.id or -1)) do got[#got + 1] = tostring(l.quantity_received) end
check("10 cases and 40 packs received", table.concat(got, "/") == "10/40", "received " .. table.concat(got, "/"))
local grs = db.query("SELECT * FROM goods_receipts WHERE po_id = ? ORDER BY id", po.id or -1)
check("in one receipt under DN-58870", #grs == 1 and grs[1].delivery_note == "DN-58870" and grs[1].kind == "receipt",
      #grs .. " receipt(s), note " .. tostring(grs[1] and grs[1].delivery_note))
C.status_is("done")
C.mentions_one_of_each("the answer reports the 2 extra cases", answer.text, { { "2 extra", "two extra", "12", "over-deliver*", "overdeliver*", "more than" } })
