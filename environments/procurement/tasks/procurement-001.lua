-- A catalog buy for someone else: one requisition for Rachel Adams on HR's cost centre, two HW-LAP-14S
-- at the price of the item's active contract (not the list price), submitted into its approval chain;
-- nobody told but the approver the system notifies.
local C = require("checks")

local created = {}
for _, d in ipairs(changes("requisitions")) do
  if d.op == "insert" then created[#created + 1] = d.after end
end
check("one requisition was raised", #created == 1, #created .. " requisition(s) raised")
local r = created[1] or {}
local function id_of(sql, ...) return db.value(sql, ...) end
check("it is for Rachel Adams", r.requested_for_id ~= nil and r.requested_for_id == id_of("SELECT id FROM users WHERE user_name = 'rachel.adams'"),
      "requested for " .. tostring(r.requested_for_id and db.value("SELECT user_name FROM users WHERE id = ?", r.requested_for_id)))
check("it is booked to HR's cost centre", r.cost_center_id ~= nil and r.cost_center_id == id_of("SELECT id FROM cost_centers WHERE code = 'CC-1200'"),
      "cost centre " .. tostring(r.cost_center_id and db.value("SELECT code FROM cost_centers WHERE id = ?", r.cost_center_id)))
check("it was submitted for approval", r.status == "pending_approval", "status " .. tostring(r.status))

local lines = r.id and db.query([[SELECT l.*, i.sku FROM requisition_lines l LEFT JOIN purchase_catalog_items i ON i.id = l.catalog_item_id
                                  WHERE l.requisition_id = ? ORDER BY l.line_no]], r.id) or {}
local line = lines[1] or {}
check("one line: two standard 14-inch laptops from the catalog", #lines == 1 and line.sku == "HW-LAP-14S" and line.quantity == 2,
      #lines .. " line(s); first " .. tostring(line.sku) .. " x " .. tostring(line.quantity))
local contract_price = db.value([[SELECT p.unit_price_cents FROM purchase_catalog_items i JOIN contract_prices p ON p.catalog_item_id = i.id
                                  AND p.contract_id = i.contract_id WHERE i.sku = 'HW-LAP-14S' AND p.valid_from <= '2026-03-02'
                                  AND p.valid_to >= '2026-03-02' ORDER BY p.valid_from DESC LIMIT 1]])
check("priced at the contract price", contract_price ~= nil and line.unit_price_cents == contract_price and r.total_cents == 2 * contract_price,
      "unit price " .. tostring(line.unit_price_cents) .. " cents, contract price " .. tostring(contract_price) .. ", total " .. tostring(r.total_cents))
C.mentions_one_of_each("the requisition says what it is for", (r.title or "") .. "\n" .. (r.justification or ""),
                       { { "laptop*", "notebook*" }, { "recruiter*", "starter*", "joiner*", "hire*", "16 march", "16th" } })

local owner = id_of("SELECT owner_id FROM cost_centers WHERE code = 'CC-1200'")
local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then told[#told + 1] = d.after.recipient_id end
end
check("only the HR cost centre owner was notified (to approve)", #told == 1 and told[1] == owner,
      #told .. " notification(s); first to " .. tostring(told[1] and db.value("SELECT user_name FROM users WHERE id = ?", told[1])))
C.status_is("done")
C.mentions_one_of_each("the answer says it went for approval", answer.text, { { "approval", "approve*" } })
