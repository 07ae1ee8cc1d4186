-- Paula orders and issues the door closers under the Apex contract, leaves the batteries unordered (they pass
-- the ceiling: the system refuses that order) and says why. Nothing else.
local C = require("checks")

local function req(title) return db.one("SELECT * FROM requisitions WHERE title = ? ORDER BY id DESC LIMIT 1", title) or {} end
local closers, batteries = req("Replacement door closers, Berlin office"), req("Emergency-lighting batteries, London office")
local po = closers.id and db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", closers.id) or {}
check("the door closers are ordered under the contract and sent", closers.status == "ordered" and po.status == "issued"
      and po.contract_id == closers.contract_id, tostring(closers.status) .. ", order " .. tostring(po.number) .. " " .. tostring(po.status))
C.value_equals("the contract's consumption grew by the door closers only", 11825000 + 148000,
               "SELECT consumed_cents FROM contracts WHERE id = ?", closers.contract_id or -1)

local to_requester, strangers, text = 0, {}, ""
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local n = d.after
    if n.recipient_id == batteries.requester_id and n.record_number == batteries.number then
      to_requester = to_requester + 1
      text = text .. "\n" .. (n.subject or "") .. "\n" .. (n.body or "")
    elseif not (n.recipient_id == closers.requester_id and n.record_number == po.number)
       and db.value("SELECT user_name FROM users WHERE id = ?", n.recipient_id) ~= "rohan.mehta" then
      strangers[#strangers + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", n.recipient_id)) .. " about " .. tostring(n.record_number)
    end
  end
end
-- Rohan gets the reply; telling the batteries' requester is optional, but a message to them says why.
check("any message to the batteries' requester says why", to_requester == 0
      or C.has_one_of_each(text, { { "contract" }, { "ceiling", "left", "remaining", "exhausted" } }), to_requester .. " message(s)")
check("nobody else was told (but Rohan and the door closers' requester, by the order)", #strangers == 0, "also: " .. table.concat(strangers, ", "))
C.status_is("done")
C.mentions_one_of_each("the answer says why the batteries were not ordered", answer.text,
                       { { "batter*" }, { "ceiling", "left", "remaining" } })
