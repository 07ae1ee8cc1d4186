-- The Sales London refresh: the delivery booked in and the damaged laptop returned on the order; nine new
-- laptops owned, in service and naming the order (ENT-R04) before their requests close; the nine old ones
-- in maintenance; Isidro's damaged laptop retired, his old laptop and his request left open with a comment.
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
-- the refresh's order is the only one placed for Sales on 16 February
local po = db.one([[SELECT * FROM purchase_orders WHERE created_at = '2026-02-16T10:00:00Z'
                    AND cost_center_id = (SELECT id FROM cost_centers WHERE code = 'CC-2100')]])
  or db.one("SELECT * FROM purchase_orders WHERE number = 'none'") or { id = -1, number = "(the refresh order)", status = "missing" }
local line = db.one("SELECT * FROM po_lines WHERE po_id = ?", po.id) or { quantity_received = -1, quantity_ordered = 10 }

-- Procurement: one receipt of ten on DN-77310, one return of one damaged on CX-RMA-5521.
local rec = db.query([[SELECT g.kind, g.delivery_note, l.quantity, l.condition, l.return_reason FROM goods_receipts g
                       JOIN goods_receipt_lines l ON l.receipt_id = g.id WHERE g.po_id = ? ORDER BY g.id]], po.id)
local got = {}
for _, r in ipairs(rec) do got[#got + 1] = r.kind .. " " .. tostring(r.delivery_note) .. " x" .. r.quantity .. " " .. r.condition end
local shown = table.concat(got, "; ")
check("the delivery is received in full on DN-77310 and one laptop returned damaged on CX-RMA-5521",
      #rec == 2 and rec[1].kind == "receipt" and rec[1].delivery_note == "DN-77310" and rec[1].quantity == 10
        and rec[2].kind == "return" and rec[2].delivery_note == "CX-RMA-5521" and rec[2].quantity == 1 and rec[2].condition == "damaged"
        and C.has_one_of_each(rec[2].return_reason or "", { { "crack*", "screen", "broken" } }),
      shown)
check("the order shows nine received, one outstanding", line.quantity_received == 9 and po.status == "partially_received",
      po.number .. " " .. po.status .. ", received " .. line.quantity_received .. " of " .. line.quantity_ordered)

-- ITSM: the nine hand-overs.
local HANDED = {
  { "beatriz.oyelaran", "LT-40211", "LT-18401" }, { "cormac.delacroix", "LT-40212", "LT-18402" },
  { "dagny.marchetti", "LT-40213", "LT-18403" }, { "emeka.lindgren", "LT-40214", "LT-18404" },
  { "fenna.vasquez", "LT-40215", "LT-18405" }, { "gideon.albrecht", "LT-40216", "LT-18406" },
  { "harriet.okoro", "LT-40217", "LT-18407" }, { "jolene.takahashi", "LT-40219", "LT-18409" },
  { "kasimir.pellegrini", "LT-40220", "LT-18410" },
}
local ci_keys, req_keys, told = {}, {}, {}
local bad_new, bad_old, bad_req = {}, {}, {}
for _, h in ipairs(HANDED) do
  local who = uid(h[1])
  local new = db.one("SELECT * FROM configuration_items WHERE name = ?", h[2])
  local old = db.one("SELECT * FROM configuration_items WHERE name = ?", h[3])
  ci_keys[#ci_keys + 1] = { id = new.id }
  ci_keys[#ci_keys + 1] = { id = old.id }
  if not (new.owner_id == who and new.status == "operational" and mentions(new.description or "", po.number)) then
    bad_new[#bad_new + 1] = h[2]
  end
  if not (old.owner_id == who and old.status == "maintenance") then bad_old[#bad_old + 1] = h[3] .. " " .. old.status end
  local req = db.one([[SELECT q.* FROM requests q JOIN catalog_items c ON c.id = q.catalog_item_id
                       WHERE q.requested_for_id = ? AND c.name = 'Standard Laptop' ORDER BY q.id DESC LIMIT 1]], who)
    or { id = -1, number = "(no laptop request for " .. h[1] .. ")", state = "missing" }
  req_keys[#req_keys + 1] = { id = req.id }
  -- ENT-R04: the CI must have been recorded before the request was closed complete
  local ci_at = db.value([[SELECT MIN(at) FROM audit_log WHERE record_number = ? AND field = 'owner_id']], "CI:" .. h[2])
  if not (req.state == "fulfilled" and mentions(req.close_notes or "", h[2]) and ci_at and req.closed_at and ci_at <= req.closed_at) then
    bad_req[#bad_req + 1] = req.number .. " " .. req.state
  end
  told[who] = true
end
check("the nine new laptops belong to their people, are operational and name " .. po.number, #bad_new == 0,
      #bad_new == 0 and "all nine" or ("wrong: " .. table.concat(bad_new, ", ")))
check("the nine old laptops are in maintenance, still with their people", #bad_old == 0,
      #bad_old == 0 and "all nine" or ("wrong: " .. table.concat(bad_old, ", ")))
check("the nine requests are fulfilled, after their CI, naming the asset tag", #bad_req == 0,
      #bad_req == 0 and "all nine" or ("wrong: " .. table.concat(bad_req, ", ")))

-- The damaged laptop: out of use, not anyone's; Isidro's old laptop and request stay.
local isidro = uid("isidro.fairweather")
local damaged = db.one("SELECT * FROM configuration_items WHERE name = 'LT-40218'")
ci_keys[#ci_keys + 1] = { id = damaged.id }
check("LT-40218 is retired as returned, owned by nobody", damaged.status == "retired" and damaged.owner_id == nil
        and C.has_one_of_each(damaged.description or "", { { "CX-RMA-5521", "return*", "crack*", "damaged" } }),
      "LT-40218 " .. damaged.status .. ", owner " .. tostring(damaged.owner_id) .. ": " .. tostring(damaged.description))
C.unchanged("Isidro keeps his old laptop", "configuration_items", { name = "LT-18408" })
C.only_rows("only the nineteen laptops changed in the CMDB", "configuration_items", "update", ci_keys)
local ireq = db.one([[SELECT q.* FROM requests q WHERE q.requested_for_id = ? ORDER BY q.id DESC LIMIT 1]], isidro)
  or { id = -1, number = "(none)" }
C.unchanged("Isidro's request stays open", "requests", { id = ireq.id })
C.only_rows("only the nine requests were closed", "requests", "update", req_keys)
local comment = db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND visibility = 'comment'", ireq.number)
C.mentions_one_of_each("Isidro is told on his request why he waits", comment,
                       { { "CX-RMA-5521", "crack*", "damaged" }, { "replacement", "replace*" } })

-- Only the ten Sales people heard from IT.
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not told[d.after.recipient_id] and d.after.recipient_id ~= isidro then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id))
  end
end
check("nobody else was notified", #others == 0, #others == 0 and "only the refresh's people" or table.concat(others, ", "))
C.status_is("done")
