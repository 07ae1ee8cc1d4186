-- The Frankfurt edge site: the two orders nothing was received on and the two open requisitions
-- cancelled with a reason, each requester told first (PROC-R16, judged by the engine too); the
-- part-delivered UPS order is not cancelled (left, or closed short).
local C = require("checks")
local function po(title)
  return db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id WHERE r.title = ?
                  ORDER BY o.id DESC LIMIT 1]], title) or {}
end
local function req(title) return db.one("SELECT * FROM requisitions WHERE title = ? ORDER BY id DESC LIMIT 1", title) or {} end
local WHY = { { "frankfurt", "project", "board", "edge site" } }
local told, allowed = {}, {}
local function notes(user_name, number)
  local out = {}
  for _, n in ipairs(db.query([[SELECT subject, body FROM notifications WHERE recipient_id = (SELECT id FROM users WHERE user_name = ?)
                                AND record_number = ? ORDER BY id]], user_name, number or "")) do
    out[#out + 1] = n.subject .. "\n" .. n.body
  end
  return #out > 0 and table.concat(out, "\n") or nil
end
for _, o in ipairs({ { "Frankfurt edge site: rack servers", "anna.schmidt" }, { "Frankfurt edge site: access switches", "tom.becker" } }) do
  local row = po(o[1])
  check(o[1] .. " order cancelled (not closed)", row.status == "cancelled" and (row.closed_at == nil or row.closed_at == null),
        tostring(row.number) .. " is " .. tostring(row.status) .. ", closed_at " .. tostring(row.closed_at))
  allowed[o[2] .. " " .. tostring(row.number)] = true
  C.mentions_one_of_each(o[1] .. ": the cancellation says why", row.cancel_reason, WHY)
  C.mentions_one_of_each(o[2] .. " was told about " .. tostring(row.number), notes(o[2], row.number), { { "cancel*" } })
  told[o[2]] = true
end
for _, r in ipairs({ { "Frankfurt edge site: fibre cross-connects", "ben.okafor" },
                     { "Frankfurt edge site: out-of-band management line", "anna.schmidt" } }) do
  local row = req(r[1])
  allowed[r[2] .. " " .. tostring(row.number)] = true
  check(r[1] .. " requisition cancelled", row.status == "cancelled", tostring(row.number) .. " is " .. tostring(row.status))
  C.mentions_one_of_each(r[1] .. ": the cancellation says why", row.cancelled_reason, WHY)
  C.mentions_one_of_each(r[2] .. " was told about " .. tostring(row.number), notes(r[2], row.number), { { "cancel*" } })
  told[r[2]] = true
end
-- the part-delivered UPS order cannot be cancelled (the tool refuses); closing it short is allowed
local ups = po("Frankfurt edge site: UPS units")
allowed["anna.schmidt " .. tostring(ups.number)] = true
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    if who ~= "george.whitman" and not allowed[tostring(who) .. " " .. tostring(d.after.record_number)] then
      others[#others + 1] = tostring(who) .. " about " .. tostring(d.after.record_number)
    end
  end
end
check("only the requesters were told, each about their own record (George aside)", #others == 0, "also told: " .. C.list_or_none(others))
C.status_is("done")
C.mentions_one_of_each("the answer says the UPS order stays", answer.text, { { "UPS" }, { "deliver*", "received" } })
