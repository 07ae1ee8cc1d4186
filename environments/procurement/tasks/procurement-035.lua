-- The headset order: one receipt of 12 + 6 under DN-77120, one return of 2 damaged headsets under RMA-5521
-- with the reason; 10 and 6 received, partially received. The laptop order untouched (expected_changes).
local C = require("checks")
local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                    WHERE r.title = 'Headsets and docks for the support floor' ORDER BY o.id DESC LIMIT 1]]) or {}
local function docs(kind)
  return db.query("SELECT * FROM goods_receipts WHERE po_id = ? AND kind = ? ORDER BY id", po.id or -1, kind)
end
local function lines(gr)
  local out = {}
  for _, l in ipairs(db.query([[SELECT gl.*, pl.line_no FROM goods_receipt_lines gl JOIN po_lines pl ON pl.id = gl.po_line_id
                                WHERE gl.receipt_id = ? ORDER BY pl.line_no]], gr and gr.id or -1)) do
    out[#out + 1] = l
  end
  return out
end
local receipts, returns = docs("receipt"), docs("return")
local r, ret = receipts[1], returns[1]
local rl = lines(r)
check("one receipt of the whole delivery under DN-77120", #receipts == 1 and r.delivery_note == "DN-77120" and #rl == 2
      and rl[1].line_no == 1 and rl[1].quantity == 12 and rl[2].line_no == 2 and rl[2].quantity == 6,
      #receipts .. " receipt(s); note " .. tostring(r and r.delivery_note) .. ", " .. #rl .. " line(s)")
local tl = lines(ret)
check("one return of 2 damaged headsets under RMA-5521", #returns == 1 and ret.delivery_note == "RMA-5521" and #tl == 1
      and tl[1].line_no == 1 and tl[1].quantity == 2 and tl[1].condition == "damaged",
      #returns .. " return(s); RMA " .. tostring(ret and ret.delivery_note) .. ", " .. #tl .. " line(s)")
C.mentions_one_of_each("the return says why", tl[1] and tl[1].return_reason, { { "crack*", "damag*", "broken" } })
C.value_equals("10 headsets received net", 10, "SELECT quantity_received FROM po_lines WHERE po_id = ? AND line_no = 1", po.id or -1)
C.value_equals("the order waits for the replacements", "partially_received", "SELECT status FROM purchase_orders WHERE id = ?", po.id or -1)
C.status_is("done")
C.mentions_one_of_each("the answer says what is received", answer.text, { { "10" }, { "return*", "sent back" } })
