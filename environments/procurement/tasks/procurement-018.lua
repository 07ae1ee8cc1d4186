-- Both of Kevin's requisitions are escalated from the absent owner to his manager (the CFO), with a reason
-- that says why, and Kevin is told; no other approval moves.
local C = require("checks")

local kevin = db.value("SELECT id FROM users WHERE user_name = 'kevin.osei'")
local olivia = db.value("SELECT id FROM users WHERE user_name = 'olivia.grant'")
local cc = db.one("SELECT * FROM cost_centers WHERE code = 'CC-2300'")
local mine = db.query([[SELECT * FROM requisitions WHERE requester_id = ? AND status = 'pending_approval' AND created_at >= '2026-02-26' ORDER BY id]], kevin)
local moved = {}
for _, r in ipairs(mine) do
  local old = db.one([[SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND approver_id = ?
                       ORDER BY id LIMIT 1]], r.id, cc.owner_id) or {}
  local new = db.one([[SELECT * FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND approver_id = ?
                       AND status = 'pending' AND step = 1]], r.id, olivia)
  check(r.title .. ": escalated to Olivia Grant", old.status == "escalated" and old.escalated_to_id == olivia and new ~= nil,
        r.number .. ": owner's step " .. tostring(old.status) .. ", escalated to " .. tostring(old.escalated_to_id) .. (new and ", new step pending" or ", no new step"))
  check(r.title .. ": the escalation says the approver is away", old.comment ~= nil and (mentions(old.comment, "leave") or mentions(old.comment, "away")
          or mentions(old.comment, "absent") or mentions(old.comment, "out of office")),
        "reason: " .. tostring(old.comment))
  moved[#moved + 1] = { id = old.id or -1 }
end
C.only_rows("only Kevin's two approval steps were escalated", "procurement_approvals", "update", moved)

local to_kevin = db.query("SELECT * FROM notifications WHERE recipient_id = ? AND sent_at >= '2026-03-02'", kevin)
local text = ""
for _, n in ipairs(to_kevin) do text = text .. "\n" .. (n.subject or "") .. "\n" .. (n.body or "") end
local numbers = {}
for _, r in ipairs(mine) do numbers[r.number] = true end
local linked = #to_kevin >= 1
for _, n in ipairs(to_kevin) do linked = linked and (n.record_number == nil or numbers[n.record_number] == true) end
check("Kevin was told (a message linked, if at all, to one of his requisitions)", linked,
      #to_kevin .. " notification(s) to Kevin; record " .. tostring(to_kevin[1] and to_kevin[1].record_number))
C.mentions_one_of_each("the message to Kevin says they were escalated to Olivia", text,
                       { { "escalat*" }, { "olivia", "cfo", "his manager", "manager" } })
C.status_is("done")
