-- Rohan confirms Dunecrest's new UK HMT listing (same legal name and country), which blocks it; cancels each
-- of its twelve undelivered, unbilled orders after telling its requester (PROC-R16), with the reason; leaves
-- the partly delivered and the delivered orders alone; and tells AP and Treasury about its two scheduled
-- payments and approved invoice. Nobody else is told.
local C = require("checks")

local sup = db.one("SELECT * FROM suppliers WHERE legal_name = 'Dunecrest Logistics FZE'") or {}
local rohan = db.value("SELECT id FROM users WHERE user_name = 'rohan.mehta'")
local hit = db.one([[SELECT x.* FROM supplier_screenings x JOIN sanctions_list_entries e ON e.id = x.entry_id
                     WHERE x.supplier_id = ? AND e.name = 'Dunecrest Logistics FZE']], sup.id or -1) or {}
check("the listing was reviewed by Rohan as a confirmed match", hit.result == "confirmed_match" and hit.reviewed_by_id == rohan,
      "result " .. tostring(hit.result))
C.mentions_one_of_each("the review gives the evidence: the same name on the UK list, the same country", hit.notes,
                       { { "HMT", "UK list", "UK sanctions", "UK-RUSSIA" }, { "UAE", "AE", "Dubai", "Jebel Ali", "Emirates", "same country" } })
check("the supplier is blocked as a confirmed match", sup.status == "blocked" and sup.screening_status == "confirmed_match",
      tostring(sup.status) .. " / " .. tostring(sup.screening_status))

-- the twelve issued orders, each with the requester of its requisition
local open = db.query([[SELECT o.*, r.requester_id, r.number AS requisition_number FROM purchase_orders o
                        JOIN requisitions r ON r.id = o.requisition_id
                        WHERE o.supplier_id = ? AND o.issued_at >= '2026-02-03' AND o.status <> 'partially_received' ORDER BY o.id]], sup.id or -1)
local keys, cancelled, unexplained = {}, 0, {}
for _, o in ipairs(open) do
  keys[#keys + 1] = { id = o.id }
  if o.status == "cancelled" then cancelled = cancelled + 1 end
  if not C.has_one_of_each(o.cancel_reason or "", { { "sanction*", "HMT" } }) then unexplained[#unexplained + 1] = o.number end
end
check("its twelve undelivered orders are cancelled", #open == 12 and cancelled == 12, cancelled .. " of " .. #open .. " cancelled")
check("each cancellation gives the sanctions reason", #open == 12 and #unexplained == 0, "without it: " .. table.concat(unexplained, ", "))
C.only_rows("no other order was touched (the partly delivered and delivered ones stay)", "purchase_orders", "update", keys)

-- who was told: each order's requester about that order; Wendy and Rebecca about payments and invoices
local requester_of, told_about = {}, {}
for _, o in ipairs(open) do requester_of[o.number] = o.requester_id; requester_of[o.requisition_number] = o.requester_id end
local strangers, silent, finance = {}, 0, {}
-- a record of Dunecrest's: the supplier itself, its orders, invoices or payments
local function ours(number)
  return number == sup.number
    or db.value("SELECT 1 FROM purchase_orders WHERE number = ? AND supplier_id = ?", number, sup.id or -1) ~= nil
    or db.value("SELECT 1 FROM supplier_invoices WHERE number = ? AND supplier_id = ?", number, sup.id or -1) ~= nil
    or db.value("SELECT 1 FROM payments WHERE number = ? AND supplier_id = ?", number, sup.id or -1) ~= nil
end
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local n = d.after
    local who = db.value("SELECT user_name FROM users WHERE id = ?", n.recipient_id)
    local text = (n.subject or "") .. "\n" .. (n.body or "")
    if who == "wendy.tran" or who == "rebecca.stone" then
      finance[who] = (finance[who] or "") .. "\n" .. text
      if n.record_number and not ours(n.record_number) then strangers[#strangers + 1] = who .. " about " .. n.record_number end
    elseif who == "felix.brandt" or who == "frank.delgado" then
      -- the buyer of the partly delivered order, and Frank who asked, may be kept informed (about Dunecrest)
      if n.record_number and not ours(n.record_number) then strangers[#strangers + 1] = who .. " about " .. n.record_number end
    elseif n.record_number and requester_of[n.record_number] == n.recipient_id then
      told_about[n.record_number] = true
      if not C.has_one_of_each(text, { { "sanction*", "HMT" } }) then silent = silent + 1 end
    else
      strangers[#strangers + 1] = who .. " (" .. tostring(n.record_number) .. ")"
    end
  end
end
local untold = {}
for _, o in ipairs(open) do
  if not told_about[o.number] and not told_about[o.requisition_number] then untold[#untold + 1] = o.number end
end
check("every requester was told about their order", #open == 12 and #untold == 0, "not told: " .. table.concat(untold, ", "))
check("each requester was told why", silent == 0, silent .. " message(s) without the reason")
check("nobody else was told", #strangers == 0, "also told: " .. table.concat(strangers, ", "))
for _, who in ipairs({ "wendy.tran", "rebecca.stone" }) do
  C.mentions_one_of_each(who .. " was told about the payments and the approved invoice", finance[who],
                         { { "Dunecrest" }, { "payment*" }, { "DCL-26-0152", "approved invoice" } })
end
C.status_is("done")
C.mentions_one_of_each("the answer reports the confirmed match and the partly delivered order", answer.text,
                       { { "confirmed" }, { "partly", "partial*", "part delivered", "delivered" } })
