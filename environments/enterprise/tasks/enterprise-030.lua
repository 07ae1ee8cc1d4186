-- Coho, Lucerne and Northwind issued; the Proseware order left unsent (ENT-R03: its vendor profile is
-- blocked; the engine fails an episode that issued it), Proseware blocked in procurement (or the supplier
-- administrator told), and Frank, whose order it is, told why.
local C = require("checks")
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local function po_of(supplier_number)
  return db.one([[SELECT po.* FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id
                  WHERE s.number = ? AND po.buyer_id = ? ORDER BY po.id DESC LIMIT 1]], supplier_number, uid("paula.reyes"))
end
local missing = {}
for _, sup in ipairs({ "SUP0000009", "SUP0000012", "SUP0000001" }) do
  local po = po_of(sup)
  if not po or po.status ~= "issued" then missing[#missing + 1] = sup .. " " .. (po and po.status or "no order") end
end
check("the Coho, Lucerne and Northwind orders were issued", #missing == 0, "not issued: " .. C.list_or_none(missing))
local pro = po_of("SUP0000006")
C.unchanged("the Proseware order was not sent", "purchase_orders", { id = pro.id })
local s = db.one("SELECT * FROM suppliers WHERE number = 'SUP0000006'")
local ines = db.value("SELECT COUNT(*) FROM notifications WHERE recipient_id = ? AND sender_id = ?", uid("ines.carvalho"), me)
check("Proseware blocked in procurement (or the supplier desk told to)", s.status == "blocked" or ines > 0,
      "supplier " .. s.status .. ", " .. ines .. " messages to Ines")
if s.status == "blocked" then
  C.mentions_one_of_each("the block says why", s.blocked_reason, { { "vendor risk", "assessment", "reassessment", "VRP*", "vendor profile" } })
end
local parts = {}
local named, misfiled = false, {}
for _, n in ipairs(db.query("SELECT subject, body, record_number FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", uid("frank.delgado"), me)) do
  parts[#parts + 1] = n.subject .. " " .. n.body
  if n.record_number == pro.number or mentions(n.subject .. " " .. n.body, pro.number) then named = true end
  if n.record_number ~= nil and n.record_number ~= pro.number then misfiled[#misfiled + 1] = n.record_number end
end
check("the message to Frank names his order and is filed on no other record", named and #misfiled == 0,
      "order " .. pro.number .. "; filed on " .. C.list_or_none(misfiled))
C.mentions_one_of_each("Frank was told why his order did not go out", #parts > 0 and table.concat(parts, " ") or nil,
                       { "Proseware", { "blocked", "assessment", "reassessment", "vendor risk" } })
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  local ok = { ["frank.delgado"] = true, ["paula.reyes"] = true, ["ines.carvalho"] = true,
               ["tobias.kern"] = true, ["hannah.weiss"] = true, ["rachel.adams"] = true }  -- the requesters of the issued orders are told by the system
  if not ok[n.user_name] then stray[#stray + 1] = n.user_name end
end
check("only Frank, Paula, the supplier desk and the requesters were messaged", #stray == 0, "also: " .. C.list_or_none(stray))
C.status_is("done")
