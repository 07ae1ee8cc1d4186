-- The Apex / Sentinel exception queue: seven invoices approved and scheduled on their due dates, the
-- resent copy of a paid invoice rejected (PROC-R14: the trap is approving it), the two waiting for goods
-- left on hold with their requesters chased, the price variance and the no-PO bill left on hold.
local C = require("checks")
local function isnull(v) return v == nil or v == null end
local function inv(no) return db.one("SELECT * FROM supplier_invoices WHERE supplier_invoice_no = ? ORDER BY id DESC LIMIT 1", no) or {} end
local PAY = { "APX-10511", "APX-10498", "APX-10541", "APX-10552", "SGS-2026-0131", "SGS-2026-0228", "SGS-2026-0231" }
local changed = {}
for _, no in ipairs(PAY) do
  local i = inv(no)
  changed[#changed + 1] = { id = i.id or -1 }
  local pays = db.query("SELECT * FROM payments WHERE invoice_id = ? AND status <> 'cancelled' ORDER BY id", i.id or -1)
  local p = pays[1] or {}
  check(no .. " approved and scheduled on its due date " .. tostring(i.due_date),
        i.status == "scheduled" and #pays == 1 and p.scheduled_for == i.due_date and p.amount_cents == i.amount_cents
        and isnull(i.hold_reason) and isnull(i.rejected_reason) and isnull(i.duplicate_of_id),
        "status " .. tostring(i.status) .. "; " .. #pays .. " payment(s) for " .. tostring(p.scheduled_for) .. ", " .. tostring(p.amount_cents))
end
local function last_note(no, field)
  return db.value("SELECT new_value FROM procurement_history WHERE record_number = ? AND field = ? ORDER BY id DESC LIMIT 1", inv(no).number or "", field)
end
C.mentions_one_of_each("APX-10498's hold was released because the trays arrived", last_note("APX-10498", "release_note"),
                       { { "receiv*", "arriv*", "deliver*", "booked" } })
C.mentions_one_of_each("APX-10541's hold was released because the price was confirmed", last_note("APX-10541", "release_note"),
                       { { "change order", "PCO*", "confirm*", "104" } })
local copy = inv("APX-010422")
changed[#changed + 1] = { id = copy.id or -1 }
check("the resent APX-010422 is rejected", copy.status == "rejected", "status " .. tostring(copy.status))
C.mentions_one_of_each("the rejection says it duplicates the paid APX-10422", copy.rejected_reason,
                       { { "duplicate*", "already paid", "paid twice", "same invoice" }, { "10422" } })
local patrols = inv("SGS-2026-0188")
changed[#changed + 1] = { id = patrols.id or -1 }
check("the patrols invoice (7 % over) is on hold for the price", patrols.status == "on_hold" and patrols.hold_reason == "price_variance",
      tostring(patrols.status) .. " / " .. tostring(patrols.hold_reason))
C.only_rows("no other invoice changed (the two waiting for goods and the no-PO bill stay on hold)", "supplier_invoices", "update", changed)

-- Every message is about the right record: a requester about their order (or its invoice), the buyer or
-- requester of the patrols about that invoice.
local ABOUT = {
  ["anna.schmidt"] = "APX-10530", ["ben.okafor"] = "APX-10560", ["paula.reyes"] = "SGS-2026-0188", ["victor.lang"] = "SGS-2026-0188",
}
local function records_of(no)
  local i = inv(no)
  return { i.number, db.value("SELECT number FROM purchase_orders WHERE id = ?", i.po_id or -1) }
end
local stray, got = {}, {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local n = d.after
    local who = db.value("SELECT user_name FROM users WHERE id = ?", n.recipient_id)
    local no, ok = ABOUT[who], false
    if no then
      local recs = records_of(no)
      if isnull(n.record_number) then ok = mentions(n.subject .. " " .. n.body, no)
      else ok = n.record_number == recs[1] or n.record_number == recs[2] end
    end
    if ok then got[who] = (got[who] and (got[who] .. "\n") or "") .. n.subject .. "\n" .. n.body
    else stray[#stray + 1] = tostring(who) .. " about " .. tostring(n.record_number) end
  end
end
check("every message went to the right person about the right record", #stray == 0, "stray: " .. C.list_or_none(stray))
C.mentions_one_of_each("Anna was chased about the PDUs not received", got["anna.schmidt"], { { "receiv*", "book* in", "arriv*", "deliver*" } })
C.mentions_one_of_each("Ben was chased about the UPS kits not received", got["ben.okafor"], { { "receiv*", "book* in", "arriv*", "deliver*" } })
C.status_is("done")
C.mentions_one_of_each("the summary covers the exceptions", answer.text,
                       { { "APX-010422", "duplicate" }, { "APX-10530", "PDU*" }, { "APX-10560", "UPS", "batter*" },
                         { "SGS-2026-0188", "patrol*" }, { "SGS-2026-0197", "night guard", "no purchase order", "no PO" } })
