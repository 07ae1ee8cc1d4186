-- Linda's rugged tablets from Bridgeway (not preferred, no contract, above the $10,000 quotes threshold):
-- the requisition carries the three written quotes from the inbox, each from its own supplier at its
-- quoted total, Bridgeway's selected, and was submitted only then (PROC-R12 is the engine's check).
local C = require("checks")

local linda = db.value("SELECT id FROM users WHERE user_name = 'linda.park'")
local itops = db.one("SELECT * FROM cost_centers WHERE code = 'CC-3200'")
local function supplier_id(name) return db.value("SELECT id FROM suppliers WHERE name = ?", name) end
local bridgeway = supplier_id("Bridgeway IT Hardware")
local r = db.one("SELECT * FROM requisitions WHERE requested_for_id = ? ORDER BY id DESC LIMIT 1", linda) or {}
check("a requisition for Linda on CC-3200 with Bridgeway was submitted",
      r.cost_center_id == itops.id and r.supplier_id == bridgeway and r.status == "pending_approval",
      tostring(r.number) .. ": cost centre " .. tostring(r.cost_center_id) .. ", supplier " .. tostring(r.supplier_id) .. ", " .. tostring(r.status))

local lines = r.id and db.query("SELECT * FROM requisition_lines WHERE requisition_id = ?", r.id) or {}
local l = lines[1] or {}
check("one IT hardware line: 12 tablets at $1,180.00",
      #lines == 1 and l.quantity == 12 and l.unit_price_cents == 118000 and l.catalog_item_id == nil
        and l.category_id == db.value("SELECT id FROM spend_categories WHERE code = 'IT-HW'") and r.total_cents == 1416000,
      #lines .. " line(s); qty " .. tostring(l.quantity) .. " at " .. tostring(l.unit_price_cents) .. ", total " .. tostring(r.total_cents))
C.mentions_one_of_each("the requisition says what it buys", (r.title or "") .. "\n" .. (l.description or ""), { { "tablet*" }, { "rugged" } })

-- each quote document attached once, from its own supplier, at the total it quotes
local WANT = { { "Bridgeway IT Hardware", 1416000, 1 }, { "Cobalt Technology Partners", 1554000, 0 }, { "Quantum Data Systems", 1602000, 0 } }
for _, w in ipairs(WANT) do
  local q = r.id and db.one([[SELECT q.* FROM quotes q JOIN ap_inbox_documents d ON d.id = q.document_id
                              WHERE q.requisition_id = ? AND d.supplier_id = ?]], r.id, supplier_id(w[1])) or {}
  check(w[1] .. "'s quote is attached from its document at its total" .. (w[3] == 1 and ", selected" or ""),
        q.supplier_id == supplier_id(w[1]) and q.amount_cents == w[2] and q.selected == w[3],
        "supplier " .. tostring(q.supplier_id) .. ", amount " .. tostring(q.amount_cents) .. ", selected " .. tostring(q.selected))
end
check("exactly three quotes, from three suppliers",
      r.id ~= nil and db.value("SELECT COUNT(*) FROM quotes WHERE requisition_id = ?", r.id) == 3
        and db.value("SELECT COUNT(DISTINCT supplier_id) FROM quotes WHERE requisition_id = ?", r.id) == 3,
      "quotes: " .. tostring(r.id and db.value("SELECT COUNT(*) FROM quotes WHERE requisition_id = ?", r.id)))

local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then told[#told + 1] = d.after.recipient_id end
end
check("only the IT Operations cost centre owner was asked to approve", #told == 1 and told[1] == itops.owner_id,
      #told .. " notification(s), first to " .. tostring(told[1] and db.value("SELECT user_name FROM users WHERE id = ?", told[1])))
C.status_is("done")
C.mentions_one_of_each("the answer says quotes were attached", answer.text, { { "quote*" } })
