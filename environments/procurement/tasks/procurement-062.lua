-- Rohan unblocks Harrow with the review as the reason, then orders and issues exactly its three approved
-- requisitions; the one still pending approval stays unordered.
local C = require("checks")

local sup = db.one("SELECT * FROM suppliers WHERE name = 'Harrow Mechanical'") or {}
check("Harrow is active again", sup.status == "active" and sup.blocked_reason == nil, tostring(sup.status))
local reason = db.value([[SELECT new_value FROM procurement_history WHERE record_number = ? AND field = 'unblock_reason'
                          ORDER BY id DESC LIMIT 1]], sup.number or "")
C.mentions_one_of_each("the unblock reason cites the review", reason, { { "review", "improvement plan", "rota" } })

local function req(title) return db.one("SELECT * FROM requisitions WHERE title = ? AND supplier_id = ? ORDER BY id DESC LIMIT 1", title, sup.id or -1) or {} end
for _, title in ipairs({ "Quarterly boiler service, London office", "Replace two rooftop extract fans", "Annual fire damper inspection" }) do
  local r = req(title)
  local po = r.id and db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", r.id) or {}
  check("'" .. title .. "' is ordered and sent to Harrow", r.status == "ordered" and po.status == "issued" and po.supplier_id == sup.id
        and po.total_cents == r.total_cents, tostring(r.number) .. " " .. tostring(r.status) .. ", order " .. tostring(po.number) .. " " .. tostring(po.status))
end
local chiller = req("Chiller leak repair, server room")
check("the chiller repair, still pending approval, is not ordered", chiller.status == "pending_approval"
      and db.value("SELECT COUNT(*) FROM purchase_orders WHERE requisition_id = ?", chiller.id or -1) == 0, tostring(chiller.status))
local requesters, strangers = {}, {}
for _, title in ipairs({ "Quarterly boiler service, London office", "Replace two rooftop extract fans", "Annual fire damper inspection" }) do
  local r = req(title)
  if r.requester_id then requesters[r.requester_id] = true end
end
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not requesters[d.after.recipient_id] then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    if who ~= "frank.delgado" then strangers[#strangers + 1] = who end
  end
end
check("only the requesters (told by the system) and Frank were told", #strangers == 0, "also: " .. table.concat(strangers, ", "))
C.status_is("done")
C.mentions_one_of_each("the answer says why the chiller repair was not ordered", answer.text,
                       { { "chiller" }, { "approv*" } })
