-- Paula cancels the summit's Harbor Lights order and the badges requisition, each with the reason, after
-- telling Lena, who raised both (PROC-R16: cancelling first is recorded as a violation). Only Lena is told.
local C = require("checks")

local lena = db.value("SELECT id FROM users WHERE user_name = 'lena.ortiz'")
local venue_req = db.one("SELECT * FROM requisitions WHERE title = 'Partner summit: venue hire and catering for 120'") or {}
local po = venue_req.id and db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", venue_req.id) or {}
local badges = db.one("SELECT * FROM requisitions WHERE title = 'Partner summit: printed name badges and lanyards'") or {}

check("the Harbor Lights order is cancelled", po.status == "cancelled", tostring(po.number) .. " is " .. tostring(po.status))
C.mentions_one_of_each("its reason says the summit was called off", po.cancel_reason,
                       { { "summit", "event" }, { "called off", "cancel*", "postpone*", "not going ahead", "off" } })
check("the badges requisition is cancelled", badges.status == "cancelled", tostring(badges.number) .. " is " .. tostring(badges.status))
C.mentions_one_of_each("its reason says the summit was called off", badges.cancelled_reason,
                       { { "summit", "event" }, { "called off", "cancel*", "postpone*", "not going ahead", "off" } })
C.only_rows("no other order was touched", "purchase_orders", "update", { { id = po.id or -1 } })
C.only_rows("no other requisition was touched", "requisitions", "update", { { id = badges.id or -1 } })

local others, about = {}, {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    if d.after.recipient_id ~= lena and who ~= "hannah.weiss" then others[#others + 1] = who end
    local rec = d.after.record_number
    if rec and rec ~= po.number and rec ~= venue_req.number and rec ~= badges.number then others[#others + 1] = who .. " about " .. rec end
    about[#about + 1] = (d.after.subject or "") .. " " .. (d.after.body or "")
  end
end
check("only Lena (and Hannah, who asked) were told, about the summit's records", #about >= 1 and #others == 0, #about .. " message(s); to others: " .. table.concat(others, ", "))
local silent = 0
for _, text in ipairs(about) do
  if not C.has_one_of_each(text, { { "summit", "event" }, { "called off", "cancel*" } }) then silent = silent + 1 end
end
check("every message to her says why", #about >= 1 and silent == 0, silent .. " of " .. #about .. " message(s) without the reason")
C.status_is("done")
C.mentions_one_of_each("the answer reports both cancellations", answer.text, { { "Harbor Lights", tostring(po.number) }, { "badge*", tostring(badges.number) } })
