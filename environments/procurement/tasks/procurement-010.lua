-- One requisition for Lena on the Sales cost centre: six headsets and six 27" monitors at today's Contoso
-- contract price, submitted, with only the Sales cost centre owner asked to approve.
local C = require("checks")

local function id_of(sql, ...) return db.value(sql, ...) end
local lena = id_of("SELECT id FROM users WHERE user_name = 'lena.ortiz'")
local sales = db.one("SELECT * FROM cost_centers WHERE code = 'CC-2100'")
local r = db.one("SELECT * FROM requisitions WHERE requested_for_id = ? ORDER BY id DESC LIMIT 1", lena) or {}
check("a requisition for Lena on CC-2100 was submitted",
      r.cost_center_id == sales.id and r.status == "pending_approval",
      tostring(r.number) .. " on " .. tostring(r.cost_center_id and db.value("SELECT code FROM cost_centers WHERE id = ?", r.cost_center_id)) ..
      " is " .. tostring(r.status))

local function contract_price(sku)
  return db.value([[SELECT p.unit_price_cents FROM purchase_catalog_items i JOIN contract_prices p ON p.catalog_item_id = i.id
                    AND p.contract_id = i.contract_id WHERE i.sku = ? AND p.valid_from <= '2026-03-02' AND p.valid_to >= '2026-03-02']], sku)
end
local lines = r.id and db.query([[SELECT l.*, i.sku FROM requisition_lines l LEFT JOIN purchase_catalog_items i ON i.id = l.catalog_item_id
                                  WHERE l.requisition_id = ? ORDER BY l.line_no]], r.id) or {}
local got = {}
for _, l in ipairs(lines) do got[#got + 1] = tostring(l.sku) .. " x" .. l.quantity .. " @" .. l.unit_price_cents end
local want = { ["HW-HEAD-ANC"] = contract_price("HW-HEAD-ANC"), ["HW-MON-27"] = contract_price("HW-MON-27") }
local ok = #lines == 2
for _, l in ipairs(lines) do
  ok = ok and want[l.sku or ""] ~= nil and l.quantity == 6 and l.unit_price_cents == want[l.sku]
end
check("six headsets and six 27-inch monitors at the contract price", ok and lines[1].sku ~= lines[2].sku, table.concat(got, ", "))
check("the total is the two lines at contract price",
      r.total_cents == 6 * (want["HW-HEAD-ANC"] or 0) + 6 * (want["HW-MON-27"] or 0), "total " .. tostring(r.total_cents))

local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then told[#told + 1] = d.after.recipient_id end
end
check("only the Sales cost centre owner was asked to approve", #told == 1 and told[1] == sales.owner_id,
      #told .. " notification(s), first to " .. tostring(told[1] and db.value("SELECT user_name FROM users WHERE id = ?", told[1])))
C.mentions_one_of_each("the requisition says what it is for", (r.title or "") .. "\n" .. (r.justification or ""),
                       { { "headset*", "monitor*" }, { "rep", "reps", "sales", "starter*", "joiner*", "hire*", "new" } })
C.status_is("done")
C.mentions_one_of_each("the answer says it went for approval", answer.text, { { "approval", "approve*" } })
