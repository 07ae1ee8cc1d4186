-- Goods receipts and returns against issued purchase orders.
local D = require("directory")
local P = require("procurement")
local B = require("purchasing")

local RECEIPT_LINE = {
  type = "object",
  properties = {
    line_no = { type = "integer", minimum = 1, description = "PO line number" },
    quantity = { type = "integer", minimum = 1, maximum = 100000 },
    condition = { type = "string", enum = { "good", "damaged", "wrong_item" }, description = "Default good" },
    reason = { type = "string", maxLength = 500, description = "Returns: why it goes back" },
  },
}

-- Validates the lines against the PO and returns { {pl, qty, condition, reason} }.
local function receipt_lines(po, lines, kind)
  local out = {}
  for i, l in ipairs(lines) do
    if not l.line_no or not l.quantity then fail("missing_field", "lines[" .. i .. "] needs line_no and quantity") end
    local pl = db.one("SELECT * FROM po_lines WHERE po_id = ? AND line_no = ?", po.id, l.line_no)
    if not pl then fail("not_found", po.number .. " has no line " .. l.line_no, "get_purchase_order lists its lines.") end
    if kind == "receipt" and pl.quantity_received + l.quantity > pl.quantity_ordered then
      fail("conflict", "Line " .. pl.line_no .. " (" .. pl.description .. "): " .. pl.quantity_received .. " of " .. pl.quantity_ordered ..
           " already received; " .. l.quantity .. " more would exceed the order", "Receive only what the order covers; a change order adds more.")
    end
    if kind == "return" and l.quantity > pl.quantity_received then
      fail("conflict", "Line " .. pl.line_no .. " has only " .. pl.quantity_received .. " received; cannot return " .. l.quantity)
    end
    if kind == "return" and (l.reason == nil or l.reason:match("^%s*$")) then
      fail("missing_field", "A return needs a reason on every line")
    end
    out[i] = { pl = pl, quantity = l.quantity, condition = l.condition or "good", reason = l.reason }
  end
  return out
end

local function record(kind, args)
  local me = D.actor_user()
  local po = P.must("purchase_orders", args.purchase_order)
  if po.status ~= "issued" and po.status ~= "partially_received" and po.status ~= "received" then
    fail("invalid_state", po.number .. " is " .. po.status .. "; goods are " .. (kind == "receipt" and "received" or "returned") ..
         " only on an issued order", po.status == "approved" and "Issue the order first." or nil)
  end
  local lines = receipt_lines(po, args.lines, kind)
  local gr = P.create("goods_receipts", { po_id = po.id, kind = kind, received_by_id = me.id, received_at = D.now(),
                                          delivery_note = args.delivery_note, notes = args.notes }, me.id, kind)
  for _, l in ipairs(lines) do
    db.insert("goods_receipt_lines", { receipt_id = gr.id, po_line_id = l.pl.id, quantity = l.quantity, condition = l.condition,
                                       return_reason = l.reason })
    local got = l.pl.quantity_received + (kind == "receipt" and l.quantity or -l.quantity)
    db.update("po_lines", { id = l.pl.id }, { quantity_received = got })
    P.history(po.number, "line " .. l.pl.line_no .. " received", l.pl.quantity_received, got, me.id)
  end
  local status = B.receipt_status(db.one("SELECT * FROM purchase_orders WHERE id = ?", po.id))
  if status ~= po.status then P.set("purchase_orders", po, { status = status }, me.id) end
  return { number = gr.number, kind = kind, purchase_order = po.number, po_status = status,
           lines = array((function()
             local out = {}
             for i, l in ipairs(lines) do out[i] = { line_no = l.pl.line_no, quantity = l.quantity, condition = l.condition } end
             return out
           end)()) }
end

local record_goods_receipt = {
  name = "record_goods_receipt",
  description = "Record goods (or a service) received against an issued purchase order, line by line (GR…). " ..
    "Received quantities never exceed what was ordered; the order becomes partially_received or received.",
  parameters = {
    purchase_order = { type = "string", required = true },
    lines = { type = "array", items = RECEIPT_LINE, minItems = 1, maxItems = 20, required = true },
    delivery_note = { type = "string", maxLength = 100, description = "Supplier's delivery note number" },
    notes = { type = "string", maxLength = 1000 },
  },
  run = function(args) return record("receipt", args) end,
}

local record_goods_return = {
  name = "record_goods_return",
  description = "Return received goods to the supplier (damaged, wrong item), line by line with a reason; the received " ..
    "quantity goes down by what is returned.",
  parameters = {
    purchase_order = { type = "string", required = true },
    lines = { type = "array", items = RECEIPT_LINE, minItems = 1, maxItems = 20, required = true },
    delivery_note = { type = "string", maxLength = 100, description = "Supplier's return authorisation (RMA) number" },
    notes = { type = "string", maxLength = 1000 },
  },
  run = function(args) return record("return", args) end,
}

local list_goods_receipts = {
  name = "list_goods_receipts",
  description = "Receipts and returns of a purchase order, with their lines.",
  read_only = true,
  parameters = { purchase_order = { type = "string", required = true } },
  run = function(args)
    local po = P.must("purchase_orders", args.purchase_order)
    local items = {}
    for _, g in ipairs(db.query("SELECT * FROM goods_receipts WHERE po_id = ? ORDER BY id", po.id)) do
      local lines = {}
      for _, l in ipairs(db.query([[SELECT gl.*, pl.line_no, pl.description FROM goods_receipt_lines gl JOIN po_lines pl ON pl.id = gl.po_line_id
                                    WHERE gl.receipt_id = ? ORDER BY gl.id]], g.id)) do
        lines[#lines + 1] = { line_no = l.line_no, description = l.description, quantity = l.quantity, condition = l.condition,
                              return_reason = D.or_null(l.return_reason) }
      end
      items[#items + 1] = { number = g.number, kind = g.kind, received_by = D.name_of(g.received_by_id), received_at = g.received_at,
                            delivery_note = D.or_null(g.delivery_note), notes = D.or_null(g.notes), lines = array(lines) }
    end
    return { purchase_order = po.number, items = array(items), total = #items }
  end,
}

return { record_goods_receipt, record_goods_return, list_goods_receipts }
