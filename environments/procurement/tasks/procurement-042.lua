-- Maria's four orders: each delivery booked under its delivery note with exactly what arrived, the two
-- leaking toners returned as damaged under NW-RMA-2291; what remains outstanding is reported.
local C = require("checks")
local function po(title)
  return db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id WHERE r.title = ?
                  ORDER BY o.id DESC LIMIT 1]], title) or {}
end
local function received(o)
  local out = {}
  for _, l in ipairs(db.query("SELECT quantity_received FROM po_lines WHERE po_id = ? ORDER BY line_no", o.id or -1)) do
    out[#out + 1] = tostring(l.quantity_received)
  end
  return table.concat(out, "/")
end
local function notes(o, kind)
  local out = {}
  for _, g in ipairs(db.query("SELECT delivery_note FROM goods_receipts WHERE po_id = ? AND kind = ? ORDER BY id", o.id or -1, kind)) do
    out[#out + 1] = tostring(g.delivery_note)
  end
  return table.concat(out, ",")
end
local CASES = {
  { "Service desk spares: docks and keyboard sets", "5/10", "DN-81102", "partially_received" },
  { "Service desk consumables", "10/2", "DN-58811", "partially_received" },
  { "Loaner phones for the service desk", "2", "DN-81140", "partially_received" },
  { "Chairs for the service desk", "4", "DN-30992", "received" },
}
for _, c in ipairs(CASES) do
  local o = po(c[1])
  check(c[1] .. ": " .. c[2] .. " received", received(o) == c[2], tostring(o.number) .. " has " .. received(o))
  check(c[1] .. ": one receipt under " .. c[3], notes(o, "receipt") == c[3], "receipts: " .. notes(o, "receipt"))
  check(c[1] .. ": " .. c[4], o.status == c[4], tostring(o.status))
end
local nw = po("Service desk consumables")
local ret = db.query([[SELECT g.delivery_note, gl.quantity, gl.condition, gl.return_reason, pl.line_no FROM goods_receipts g
                       JOIN goods_receipt_lines gl ON gl.receipt_id = g.id JOIN po_lines pl ON pl.id = gl.po_line_id
                       WHERE g.po_id = ? AND g.kind = 'return' ORDER BY gl.id]], nw.id or -1)
local r = ret[1] or {}
check("the 2 leaking toners returned as damaged under NW-RMA-2291", #ret == 1 and r.delivery_note == "NW-RMA-2291" and r.line_no == 2
      and r.quantity == 2 and r.condition == "damaged", #ret .. " return line(s); " .. tostring(r.delivery_note) .. " line " ..
      tostring(r.line_no) .. " x " .. tostring(r.quantity) .. " " .. tostring(r.condition))
C.mentions_one_of_each("the return says why", r.return_reason, { { "leak*", "damag*", "unusable", "broken" } })
C.changed("no other returns", "goods_receipts", "insert", 5)
C.status_is("done")
C.mentions_one_of_each("the answer says what is outstanding", answer.text, { { "outstanding", "still to come", "still due", "remaining", "to follow" }, { "dock*" }, { "phone*" } })
