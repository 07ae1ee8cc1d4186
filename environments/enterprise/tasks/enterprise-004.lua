-- Two servers booked in; the install raised as a moderate normal change for Karl on Thursday night, sent
-- to Sofia for approval; the two production CIs note the order and the change but stay in maintenance:
-- a high-criticality production CI changes status only under a scheduled or implementing change (ITSM-R14).
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local po = db.one([[SELECT * FROM purchase_orders WHERE created_at = '2026-02-20T10:00:00Z'
                    AND cost_center_id = (SELECT id FROM cost_centers WHERE code = 'CC-3200')]])
  or { id = -1, number = "(the server order)", status = "missing" }
local rec = db.query([[SELECT g.kind, g.delivery_note, l.quantity FROM goods_receipts g JOIN goods_receipt_lines l ON l.receipt_id = g.id
                       WHERE g.po_id = ? ORDER BY g.id]], po.id)
check("both servers received on DN-78112", #rec == 1 and rec[1].kind == "receipt" and rec[1].delivery_note == "DN-78112"
        and rec[1].quantity == 2 and po.status == "received",
      po.number .. " " .. po.status .. ", " .. #rec .. " receipt line(s)")

local made = {}
for _, d in ipairs(changes("change_requests")) do
  if d.op == "insert" then made[#made + 1] = d.after.id end
end
local c = made[1] and db.one("SELECT * FROM change_requests WHERE id = ?", made[1]) or {}
check("one install change", #made == 1, #made .. " change(s) raised")
check("a moderate-risk normal change for Karl in Linux Server, Thursday 20:00-23:00",
      c.type == "normal" and c.risk == "moderate" and c.assignment_group_id == db.value("SELECT id FROM groups WHERE name = 'Linux Server'")
        and c.assigned_to_id == uid("karl.jensen") and c.planned_start == "2026-03-05T20:00:00Z" and c.planned_end == "2026-03-05T23:00:00Z",
      tostring(c.number) .. ": " .. tostring(c.type) .. " " .. tostring(c.risk) .. " " .. tostring(c.planned_start) .. "-" .. tostring(c.planned_end))
local mon3 = db.one("SELECT * FROM configuration_items WHERE name = 'lnx-mon-03'")
local mon4 = db.one("SELECT * FROM configuration_items WHERE name = 'lnx-mon-04'")
check("the change is on one of the two servers", c.ci_id == mon3.id or c.ci_id == mon4.id, "ci " .. tostring(c.ci_id))
C.mentions("the change names both servers and the order", (c.description or "") .. " " .. (c.justification or "") .. " " .. (c.short_description or ""),
           "lnx-mon-03", "lnx-mon-04", po.number)
local ap = c.id and db.query("SELECT * FROM change_approvals WHERE change_id = ?", c.id) or {}
check("it waits for Sofia Rossi's approval", c.state == "authorize" and #ap == 1 and ap[1].approver_id == uid("sofia.rossi")
        and ap[1].state == "requested", tostring(c.state) .. ", " .. #ap .. " approval(s)")
check("both servers stay in maintenance until the change runs", mon3.status == "maintenance" and mon4.status == "maintenance",
      "lnx-mon-03 is " .. mon3.status .. ", lnx-mon-04 is " .. mon4.status)
for _, ci in ipairs({ mon3, mon4 }) do
  C.mentions(ci.name .. " names the order it came on", ci.description, po.number)
end
C.omits("lnx-mon-03's record describes node 3", mon3.description, "node 4")
C.omits("lnx-mon-04's record describes node 4", mon4.description, "node 3")
local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id) end
end
check("only Sofia is asked (for her approval)", #told == 1 and told[1] == "sofia.rossi", C.list_or_none(told))
C.status_is("done")
