-- Elena Petrov's move from Sales to Marketing: the 3 requisitions waiting for her escalated to Hannah Weiss
-- (her manager in the directory); CRM edit revoked, bulk export granted, read kept; her Mobile Phone request
-- canceled with a reason after telling her (ITSM-R12, which the engine's violation check names); Adobe
-- Acrobat ordered for her; data protection essentials due 16 March.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local elena, hannah, david = uid("elena.petrov"), uid("hannah.weiss"), uid("david.cohen")
local MOVED = { { "move", "moves", "moved", "moving", "mover", "Marketing", "transfer*", "new role" } }

local steps = db.query([[SELECT a.*, r.number AS pr FROM procurement_approvals a JOIN requisitions r ON r.id = a.object_id
                         WHERE a.object_type = 'requisition' AND a.approver_id = ? AND r.title IN ('Catering for the Q2 customer kick-off',
                           'Courier for the trade-show stand', 'Brochure binders for the roadshow') ORDER BY a.id]], elena)
local esc = 0
for _, a in ipairs(steps) do
  local nxt = db.one("SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND status = 'pending'", a.object_id) or {}
  if a.status == "escalated" and a.escalated_to_id == hannah and nxt.approver_id == hannah then esc = esc + 1 end
  C.mentions_one_of_each(a.pr .. ": the escalation says why", a.comment, MOVED)
end
check("the 3 requisitions waiting for her now wait for Hannah", #steps == 3 and esc == 3, esc .. " of " .. #steps)

local function held(code)
  return db.value([[SELECT COUNT(*) FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id JOIN business_systems s ON s.id = e.system_id
                    WHERE g.user_id = ? AND g.status = 'active' AND s.code || '.' || e.code = ?]], elena, code)
end
check("CRM: edit gone, bulk export granted", held("CRM.crm_edit") == 0 and held("CRM.crm_export") == 1,
      "edit " .. held("CRM.crm_edit") .. ", export " .. held("CRM.crm_export"))
local revoked = db.query("SELECT * FROM access_grants WHERE user_id = ? AND revoked_on = '2026-03-02' ORDER BY number", elena)
local gkeys = {}
for _, g in ipairs(revoked) do
  gkeys[#gkeys + 1] = { id = g.id }
end
C.mentions_one_of_each("the revocation says why", revoked[1] and revoked[1].revoke_reason, MOVED)
C.only_rows("only her CRM edit grant was revoked", "access_grants", "update", gkeys)
local new = {}
for _, d in ipairs(diff) do if d.table == "access_grants" and d.op == "insert" then new[#new + 1] = d.after end end
check("exactly one grant was made, to Elena", #new == 1 and new[1].user_id == elena, #new .. " grant(s)")

local phone = db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id WHERE c.name = 'Mobile Phone' AND r.requested_for_id = ?]], elena) or {}
check("her Mobile Phone request is canceled", phone.state == "canceled", tostring(phone.number) .. " " .. tostring(phone.state))
C.mentions_one_of_each("the cancellation says why", phone.close_notes, MOVED)
C.only_rows("only her phone request changed", "requests", "update", { { id = phone.id or 0 } })
local msg = db.value([[SELECT subject || ' ' || body FROM notifications WHERE recipient_id = ? AND sender_id = ? AND sent_at >= '2026-03-02T09:00:00Z'
                       ORDER BY id LIMIT 1]], elena, david)
C.mentions_one_of_each("Elena was told her phone request is canceled", msg, { { "cancel*", "withdraw*" }, { "phone" } })

local ordered = {}
for _, d in ipairs(changes("requests")) do
  if d.op == "insert" then
    ordered[#ordered + 1] = db.value("SELECT name FROM catalog_items WHERE id = ?", d.after.catalog_item_id) .. " for " ..
                            tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.requested_for_id))
  end
end
check("Adobe Acrobat ordered for Elena, nothing else", #ordered == 1 and ordered[1] == "Software Install: Adobe Acrobat for elena.petrov", table.concat(ordered, ", "))

local tr = {}
for _, d in ipairs(changes("training_assignments")) do
  if d.op == "insert" then
    tr[#tr + 1] = tostring(db.value("SELECT code FROM training_courses WHERE id = ?", d.after.course_id)) .. "/" .. tostring(d.after.due_on) ..
                  "/" .. tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.user_id))
  end
end
check("data protection essentials assigned to Elena, due 16 March", #tr == 1 and tr[1] == "PRIV-101/2026-03-16/elena.petrov", table.concat(tr, ", "))

local mine = { [phone.number or "-"] = true }
for _, a in ipairs(steps) do mine[a.pr] = true end
for _, d in ipairs(diff) do
  if (d.table == "requests" or d.table == "training_assignments" or d.table == "access_grants") and d.op == "insert" then mine[d.after.number] = true end
end
local stray = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and d.after.sender_id == david and d.after.record_number and not mine[d.after.record_number] then
    stray[#stray + 1] = d.after.record_number
  end
end
check("David's messages name only this move's records", #stray == 0, "other records: " .. table.concat(stray, ", "))
local allowed = { [elena] = true, [hannah] = true, [david] = true, [uid("aisha.brown") or 0] = true }
local others = {}
for _, x in ipairs(changes("notifications")) do
  if x.op == "insert" and not allowed[x.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", x.after.recipient_id))
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
