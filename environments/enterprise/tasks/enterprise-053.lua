-- ENT-R04: Kevin's laptop, bought on a purchase order, is received in procurement, recorded in the CMDB as his
-- (a CI owned by him naming the order) and only then is his request fulfilled. Nothing else changes; no rule
-- is broken (the engine checks it: fulfilling first records ENT-R04).
local C = require("checks")
local po = db.one([[SELECT po.* FROM purchase_orders po JOIN requisitions r ON r.id = po.requisition_id
                    WHERE r.title = 'Replacement laptop for Kevin Osei']]) or {}
local line = db.one("SELECT * FROM po_lines WHERE po_id = ? AND line_no = 1", po.id or -1) or {}
check("the laptop was received against its order", po.status == "received" and line.quantity_received == 1,
      tostring(po.number) .. " " .. tostring(po.status) .. ", received " .. tostring(line.quantity_received))
local ci = db.one("SELECT * FROM configuration_items WHERE name = 'LT-BER-0412'")
local kevin = db.value("SELECT id FROM users WHERE user_name = 'kevin.osei'")
check("LT-BER-0412 is Kevin's in the CMDB", ci.owner_id == kevin, "owner " .. tostring(ci.owner_id))
C.mentions("its description names the purchase order", ci.description or "", po.number or "PO")
check("it stays an operational laptop", ci.status == "operational" and ci.ci_class == "laptop", ci.status)
local req = db.one([[SELECT q.* FROM requests q JOIN catalog_items c ON c.id = q.catalog_item_id
                     WHERE c.name = 'Standard Laptop' AND q.requested_for_id = ? ORDER BY q.id DESC LIMIT 1]], kevin) or {}
check("Kevin's laptop request is fulfilled", req.state == "fulfilled", tostring(req.state))
C.mentions("its close notes name the laptop and the order", req.close_notes or "", "LT-BER-0412", po.number or "PO")
require("grc_facts").only_messaged("nobody was messaged beyond what the tools tell", {})
C.status_is("done")
