-- One requisition for Rachel on CC-1200 with every item in the right quantity at today's contract price,
-- submitted into the two-step chain (HR owner, Finance Director).
local C = require("checks")

local rachel = db.value("SELECT id FROM users WHERE user_name = 'rachel.adams'")
local hr = db.one("SELECT * FROM cost_centers WHERE code = 'CC-1200'")
local frank = db.value("SELECT id FROM users WHERE user_name = 'frank.delgado'")
local made = {}
for _, d in ipairs(changes("requisitions")) do
  if d.op == "insert" then made[#made + 1] = d.after end
end
local r = made[1] and db.one("SELECT * FROM requisitions WHERE id = ?", made[1].id) or {}
check("one requisition for Rachel on CC-1200, submitted",
      #made == 1 and r.requested_for_id == rachel and r.cost_center_id == hr.id and r.status == "pending_approval",
      #made .. " requisition(s); " .. tostring(r.number) .. " is " .. tostring(r.status))

local WANT = { ["HW-LAP-14S"] = 5, ["HW-LAP-16W"] = 1, ["HW-MON-27"] = 6, ["HW-DOCK-TB4"] = 6, ["HW-KBM-SET"] = 6 }
local total, wrong, seen = 0, {}, 0
for _, l in ipairs(r.id and db.query([[SELECT l.*, i.sku, p.unit_price_cents AS contract_price FROM requisition_lines l
                                       LEFT JOIN purchase_catalog_items i ON i.id = l.catalog_item_id
                                       LEFT JOIN contract_prices p ON p.contract_id = i.contract_id AND p.catalog_item_id = i.id
                                         AND p.valid_from <= '2026-03-02' AND p.valid_to >= '2026-03-02'
                                       WHERE l.requisition_id = ? ORDER BY l.line_no]], r.id) or {}) do
  if WANT[l.sku or ""] == l.quantity and l.unit_price_cents == l.contract_price then
    WANT[l.sku] = nil  -- each item once
    seen = seen + 1
    total = total + l.quantity * l.contract_price
  else
    wrong[#wrong + 1] = tostring(l.sku) .. " x" .. l.quantity .. " @" .. l.unit_price_cents
  end
end
check("every item in the right quantity at the contract price", seen == 5 and #wrong == 0 and r.total_cents == total,
      seen .. " of 5 right" .. (#wrong > 0 and ("; wrong: " .. table.concat(wrong, ", ")) or ""))
local steps = r.id and db.query("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? ORDER BY step", r.id) or {}
check("the chain runs through the HR owner and the Finance Director",
      #steps == 2 and steps[1].approver_id == hr.owner_id and steps[2].approver_id == frank, #steps .. " step(s)")
C.mentions_one_of_each("the requisition says what it is for", (r.title or "") .. "\n" .. (r.justification or ""),
                       { { "hire*", "joiner*", "starter*", "new" }, { "hr", "shared services", "human resources" } })
C.status_is("done")
