-- The payroll Marcus Bell (Finance), not the Brand Manager of the same name: one requisition for him on
-- CC-1100 with a 27" monitor and a Thunderbolt dock at contract prices, submitted to the Finance owner.
local C = require("checks")

local payroll = db.value("SELECT id FROM users WHERE user_name = 'marcus.bell'")
local finance = db.one("SELECT * FROM cost_centers WHERE code = 'CC-1100'")
local made = {}
for _, d in ipairs(changes("requisitions")) do
  if d.op == "insert" then made[#made + 1] = d.after end
end
local r = made[1] and db.one("SELECT * FROM requisitions WHERE id = ?", made[1].id) or {}
check("one requisition for the payroll Marcus Bell on CC-1100, submitted",
      #made == 1 and r.requested_for_id == payroll and r.cost_center_id == finance.id and r.status == "pending_approval",
      #made .. " requisition(s); for " .. tostring(r.requested_for_id and db.value("SELECT user_name FROM users WHERE id = ?", r.requested_for_id)) ..
      ", " .. tostring(r.status))
local function contract_price(sku)
  return db.value([[SELECT p.unit_price_cents FROM purchase_catalog_items i JOIN contract_prices p ON p.catalog_item_id = i.id
                    AND p.contract_id = i.contract_id WHERE i.sku = ? AND p.valid_from <= '2026-03-02' AND p.valid_to >= '2026-03-02']], sku)
end
local want = { ["HW-MON-27"] = contract_price("HW-MON-27"), ["HW-DOCK-TB4"] = contract_price("HW-DOCK-TB4") }
local lines = r.id and db.query([[SELECT l.*, i.sku FROM requisition_lines l LEFT JOIN purchase_catalog_items i ON i.id = l.catalog_item_id
                                  WHERE l.requisition_id = ? ORDER BY l.line_no]], r.id) or {}
local ok, got = #lines == 2, {}
for _, l in ipairs(lines) do
  ok = ok and want[l.sku or ""] == l.unit_price_cents and l.quantity == 1
  got[#got + 1] = tostring(l.sku) .. " x" .. l.quantity
end
check("one 27-inch monitor and one dock at contract price", ok and lines[1].sku ~= lines[2].sku, table.concat(got, ", "))
C.mentions_one_of_each("the requisition says what it is for", (r.title or "") .. "\n" .. (r.justification or ""),
                       { { "monitor*", "screen*" }, { "payroll", "marcus", "replac*", "failed", "died" } })
C.status_is("done")
