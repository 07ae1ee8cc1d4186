-- The four halves are cancelled with a reason that names the split, Kevin and Tobias were told about each
-- (PROC-R16, the engine's check, is the trap), and each purchase is raised again as one requisition for
-- them on their cost centre, submitted into the full chain.
local C = require("checks")

local frank = db.value("SELECT id FROM users WHERE user_name = 'frank.delgado'")
local halves = db.query([[SELECT * FROM requisitions WHERE title IN ('Headset refresh, first floor', 'Headset refresh, second floor',
                          'Secure-coding workshop, cohort A', 'Secure-coding workshop, cohort B') ORDER BY id]])
local keys, bad = {}, {}
for _, r in ipairs(halves) do
  keys[#keys + 1] = { id = r.id }
  local why = r.cancelled_reason or ""
  local told = false
  for _, n in ipairs(db.query("SELECT * FROM notifications WHERE recipient_id = ? AND record_number = ? AND sent_at >= '2026-03-02'",
                              r.requester_id, r.number)) do
    local text = (n.subject or "") .. "\n" .. (n.body or "")
    if mentions(text, "split*") or mentions(text, "one requisition") or mentions(text, "one purchase") then told = true end
  end
  if not (r.status == "cancelled" and told and (mentions(why, "split*") or mentions(why, "one requisition") or mentions(why, "one purchase"))) then
    bad[#bad + 1] = r.number .. " (" .. r.status .. ", told " .. tostring(told) .. ", reason " .. tostring(r.cancelled_reason) .. ")"
  end
end
check("all four halves cancelled as a split, each requester told why", #halves == 4 and #bad == 0,
      #bad == 0 and "all four" or table.concat(bad, "; "))

local function replacement(user, cc_code, what)
  local who = db.value("SELECT id FROM users WHERE user_name = ?", user)
  local cc = db.one("SELECT * FROM cost_centers WHERE code = ?", cc_code)
  local made = {}
  for _, d in ipairs(changes("requisitions")) do
    if d.op == "insert" and d.after.requested_for_id == who then made[#made + 1] = d.after.id end
  end
  local r = made[1] and db.one("SELECT * FROM requisitions WHERE id = ?", made[1]) or {}
  local steps = r.id and db.query("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? ORDER BY step", r.id) or {}
  return r, steps, cc, #made
end

local kr, ksteps, kcc, kn = replacement("kevin.osei", "CC-2300")
local kline = kr.id and db.one([[SELECT l.*, i.sku FROM requisition_lines l LEFT JOIN purchase_catalog_items i ON i.id = l.catalog_item_id
                                 WHERE l.requisition_id = ?]], kr.id) or {}
local hprice = db.value([[SELECT p.unit_price_cents FROM purchase_catalog_items i JOIN contract_prices p ON p.catalog_item_id = i.id
                          AND p.contract_id = i.contract_id WHERE i.sku = 'HW-HEAD-ANC' AND p.valid_from <= '2026-03-02' AND p.valid_to >= '2026-03-02']])
check("one requisition for Kevin: 40 headsets at the contract price on CC-2300, submitted to his owner and the Finance Director",
      kn == 1 and kr.cost_center_id == kcc.id and kr.status == "pending_approval" and kline.sku == "HW-HEAD-ANC" and kline.quantity == 40
        and kline.unit_price_cents == hprice and kr.total_cents == 40 * hprice
        and #ksteps == 2 and ksteps[1].approver_id == kcc.owner_id and ksteps[2].approver_id == frank,
      kn .. " new requisition(s) for Kevin; " .. tostring(kline.sku) .. " x" .. tostring(kline.quantity) .. ", " .. tostring(kr.status))

C.mentions_one_of_each("Kevin's requisition says what it is for", (kr.title or "") .. "\n" .. (kr.justification or ""),
                       { { "headset*" }, { "refresh", "support", "floor*", "40", "replac*" } })

local tr, tsteps, tcc, tn = replacement("tobias.kern", "CC-3100")
local tlines = tr.id and db.query("SELECT * FROM requisition_lines WHERE requisition_id = ?", tr.id) or {}
local summit = db.value("SELECT id FROM suppliers WHERE name = 'Summit Learning'")
check("one requisition for Tobias: both cohorts with Summit Learning on CC-3100 ($9,600), submitted to his owner and the Finance Director",
      tn == 1 and tr.cost_center_id == tcc.id and tr.status == "pending_approval" and tr.supplier_id == summit and tr.total_cents == 960000
        and #tsteps == 2 and tsteps[1].approver_id == tcc.owner_id and tsteps[2].approver_id == frank,
      tn .. " new requisition(s) for Tobias; total " .. tostring(tr.total_cents) .. ", " .. tostring(tr.status))
local tl = tlines[1] or {}
check("the workshop line says what it is", #tlines == 1 and tl.category_id == db.value("SELECT id FROM spend_categories WHERE code = 'TRN'")
        and mentions(tl.description or "", "workshop") and tl.amount_cents == 960000,
      #tlines .. " line(s): " .. tostring(tl.description))
C.only_rows("only the four halves were changed", "requisitions", "update", keys)
C.status_is("done")
