-- One emergency requisition for the controller and the disks together (not two under the $5,000 band),
-- naming the emergency change in its justification (ENT-R06), submitted into the full chain; the change
-- notes the requisition for its implementer. Nothing else raised.
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local chg = db.one("SELECT * FROM change_requests WHERE short_description = 'Replace failed RAID controller and disks on fs-prod-03'")
local made = {}
for _, d in ipairs(changes("requisitions")) do
  if d.op == "insert" then made[#made + 1] = d.after.id end
end
local r = made[1] and db.one("SELECT * FROM requisitions WHERE id = ?", made[1]) or {}
check("one requisition, not two", #made == 1, #made .. " requisition(s) raised")
local contoso = db.value("SELECT id FROM suppliers WHERE name = 'Contoso Computing'")
local cc = db.one("SELECT * FROM cost_centers WHERE code = 'CC-3200'")
check("it is for Peter Hall on IT Operations, to Contoso Computing, submitted",
      r.requested_for_id == uid("peter.hall") and r.cost_center_id == cc.id and r.supplier_id == contoso and r.status == "pending_approval",
      tostring(r.number) .. " " .. tostring(r.status))
local lines = r.id and db.query("SELECT * FROM requisition_lines WHERE requisition_id = ? ORDER BY line_no", r.id) or {}
local controller, disks = false, false
local hw = db.value("SELECT id FROM spend_categories WHERE code = 'IT-HW'")
for _, l in ipairs(lines) do
  local t = l.category_id == hw and l.description or ""
  if l.quantity == 1 and l.unit_price_cents == 428000 and C.has_one_of_each(t, { { "controller", "RC-9460" } }) then controller = true end
  if l.quantity == 4 and l.unit_price_cents == 98500 and C.has_one_of_each(t, { { "disk*", "drive*", "SAS-2T4" } }) then disks = true end
end
check("both the controller and the four disks as IT hardware at the quoted prices, $8,220.00 in all",
      #lines == 2 and controller and disks and r.total_cents == 822000, #lines .. " line(s), total " .. tostring(r.total_cents))
C.mentions("the justification names the emergency change", r.justification, chg.number)
C.mentions_one_of_each("it is marked as an emergency purchase", (r.title or "") .. " " .. (r.justification or ""), { "emergency" })
local steps = r.id and db.query("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? ORDER BY step", r.id) or {}
check("it waits for the IT Operations owner and then the Finance Director",
      #steps == 2 and steps[1].approver_id == cc.owner_id and steps[2].approver_id == uid("frank.delgado"), #steps .. " step(s)")
local now_chg = db.one("SELECT * FROM change_requests WHERE number = ?", chg.number) or {}
local note = (db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z'", chg.number) or "")
  .. " " .. (now_chg.description or "") .. " " .. (now_chg.justification or "")
C.mentions("the change notes the requisition", note, r.number or "the requisition")
C.status_is("done")
