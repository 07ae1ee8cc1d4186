-- The emergency cloud capacity: one requisition to Atlas Cloud (signed off and assessed within 12 months,
-- so money may go to it: ENT-R01), marked emergency and naming its emergency change (ENT-R06), submitted
-- into the full chain; the change notes the requisition.
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local chg = db.one("SELECT * FROM change_requests WHERE short_description = 'Burst Customer Portal onto Atlas Cloud standby capacity'")
  or { number = "(the emergency change)" }
local made = {}
for _, d in ipairs(changes("requisitions")) do
  if d.op == "insert" then made[#made + 1] = d.after.id end
end
local r = made[1] and db.one("SELECT * FROM requisitions WHERE id = ?", made[1]) or {}
check("one requisition", #made == 1, #made .. " requisition(s) raised")
local atlas = db.value("SELECT id FROM suppliers WHERE number = 'SUP0000137'")
local cc = db.one("SELECT * FROM cost_centers WHERE code = 'CC-3200'")
check("for Nadia Karim on IT Operations, to Atlas Cloud, submitted",
      r.requested_for_id == uid("nadia.karim") and r.cost_center_id == cc.id and r.supplier_id == atlas and r.status == "pending_approval",
      tostring(r.number) .. " " .. tostring(r.status))
local cloud = db.value("SELECT id FROM spend_categories WHERE code = 'IT-CLD'")
local lines = r.id and db.query("SELECT * FROM requisition_lines WHERE requisition_id = ?", r.id) or {}
check("three reserved compute blocks for a month at $2,950.00, as cloud services",
      #lines == 1 and lines[1].quantity == 3 and lines[1].unit_price_cents == 295000 and lines[1].category_id == cloud and r.total_cents == 885000,
      #lines .. " line(s), total " .. tostring(r.total_cents))
C.mentions("the justification names the emergency change", r.justification, chg.number)
C.mentions_one_of_each("it is marked as an emergency purchase", (r.title or "") .. " " .. (r.justification or ""), { "emergency" })
local steps = r.id and db.query("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? ORDER BY step", r.id) or {}
check("it waits for the IT Operations owner and the Finance Director",
      #steps == 2 and steps[1].approver_id == cc.owner_id and steps[2].approver_id == uid("frank.delgado"), #steps .. " step(s)")
local now_chg = db.one("SELECT * FROM change_requests WHERE number = ?", chg.number) or {}
local note = (db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z'", chg.number) or "")
  .. " " .. (now_chg.description or "") .. " " .. (now_chg.justification or "")
C.mentions("the change notes the requisition", note, r.number or "the requisition")
C.status_is("done")
