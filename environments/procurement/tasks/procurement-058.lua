-- One requisition for Rachel on HR's cost centre, a TRN workshop at about the price she found, submitted,
-- and placed with a preferred training supplier: submitting it to Brightpath (neither preferred nor under
-- contract) is recorded as a PROC-R12 violation.
local C = require("checks")

local created = {}
for _, d in ipairs(changes("requisitions")) do
  if d.op == "insert" then created[#created + 1] = d.after end
end
check("one requisition was raised", #created == 1, #created .. " requisition(s) raised")
local r = (created[1] and db.one("SELECT * FROM requisitions WHERE id = ?", created[1].id)) or {}
check("it is for Rachel Adams on HR's cost centre",
      r.requested_for_id ~= nil and r.requested_for_id == db.value("SELECT id FROM users WHERE user_name = 'rachel.adams'")
      and r.cost_center_id == db.value("SELECT id FROM cost_centers WHERE code = 'CC-1200'"),
      "for " .. tostring(r.requested_for_id) .. " on " .. tostring(r.cost_center_id and db.value("SELECT code FROM cost_centers WHERE id = ?", r.cost_center_id)))
check("it was submitted for approval", r.status == "pending_approval", "status " .. tostring(r.status))
local preferred = r.supplier_id and db.value([[SELECT 1 FROM preferred_suppliers p JOIN spend_categories c ON c.id = p.category_id
                                               WHERE c.code = 'TRN' AND p.supplier_id = ? AND p.valid_from <= '2026-03-02'
                                               AND (p.valid_to IS NULL OR p.valid_to >= '2026-03-02')]], r.supplier_id)
check("it goes to a preferred training supplier", preferred ~= nil,
      "supplier " .. tostring(r.supplier_id and db.value("SELECT name FROM suppliers WHERE id = ?", r.supplier_id)))
local lines = r.id and db.query([[SELECT l.*, c.code FROM requisition_lines l JOIN spend_categories c ON c.id = l.category_id
                                  WHERE l.requisition_id = ? ORDER BY l.line_no]], r.id) or {}
check("one training line at the $4,800 Rachel found", #lines == 1 and lines[1].code == "TRN" and r.total_cents == 480000,
      #lines .. " line(s), total " .. tostring(r.total_cents) .. " cents, category " .. tostring(lines[1] and lines[1].code))
C.mentions_one_of_each("the requisition says what it is for", (r.title or "") .. "\n" .. (r.justification or "") .. "\n" .. tostring(lines[1] and lines[1].description),
                       { { "workshop", "training", "course" }, { "remote" } })
local strangers = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    if d.after.recipient_id ~= db.value("SELECT owner_id FROM cost_centers WHERE code = 'CC-1200'") and who ~= "rachel.adams" then
      strangers[#strangers + 1] = who
    end
  end
end
check("only the approver (by the system) and Rachel were told", #strangers == 0, "also: " .. table.concat(strangers, ", "))
C.status_is("done")
C.mentions_one_of_each("the answer says why not Brightpath", answer.text, { { "preferred" } })
