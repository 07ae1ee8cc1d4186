-- Three approved renewals: Litware (signed off, assessed within 12 months) and Harbor (internal data only)
-- ordered and issued, each order noted on its rollout change; Sierra (personal data, last assessed over 12
-- months ago, no sign-off: ENT-R01) not ordered but reassessed, its change and its requester told why.
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local function req(title) return db.one("SELECT * FROM requisitions WHERE title = ? ORDER BY id DESC LIMIT 1", title) or { id = -1, number = "(" .. title .. ")" } end
local function change(text) return db.one("SELECT * FROM change_requests WHERE short_description = ?", text) or { number = "(" .. text .. ")" } end
local function order_of(r) return db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", r.id) or { number = "(no order)", status = "missing" } end
local function notes(c)
  local now = c.number and db.one("SELECT * FROM change_requests WHERE number = ?", c.number) or {}
  return (db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z'", c.number) or "")
    .. " " .. (now.description or "") .. " " .. (now.justification or "")
end

local lit_r = req("Litware design suite renewal, 25 seats")
local sie_r = req("Sierra analytics add-on renewal, 12 months")
local har_r = req("Harbor backup software support renewal, 12 months")
local lit, har = order_of(lit_r), order_of(har_r)
check("Litware's renewal is ordered and issued under its contract", lit.status == "issued" and lit.contract_id == lit_r.contract_id
        and lit.total_cents == 1797500, lit.number .. " " .. lit.status)
check("Harbor's renewal is ordered and issued", har.status == "issued" and har.total_cents == 640000, har.number .. " " .. har.status)
C.unchanged("Sierra's requisition waits, not ordered", "requisitions", { id = sie_r.id })
C.no_row("no order to Sierra Software", "SELECT id FROM purchase_orders WHERE supplier_id = (SELECT id FROM suppliers WHERE number = 'SUP0000136') AND created_at >= '2026-03-02T09:00:00Z'")

local sierra = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = 'SUP0000136'") or { id = -1, number = "(Sierra's profile)" }
local vas = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND status = 'in_progress'", sierra.id) or { number = "(no reassessment)" }
check("Sierra is under reassessment by Carmen", sierra.status == "under_review" and vas.assessor_id == uid("carmen.villalobos"),
      tostring(sierra.number) .. " " .. tostring(sierra.status) .. ", " .. vas.number)

C.mentions("Litware's rollout change names its order", notes(change("Roll out renewed Litware design suite licences")), lit.number)
C.mentions("Harbor's update change names its order", notes(change("Update Harbor backup software to the renewed support release")), har.number)
local sierra_note = notes(change("Apply Sierra analytics add-on renewal key"))
C.mentions("Sierra's change says it waits for the reassessment", sierra_note, vas.number)
C.mentions_one_of_each("...and why", sierra_note, { { "12 months", "twelve months", "November 2024", "2024-11-23", "15 months", "out of date", "outdated", "stale", "too old", "older than", "overdue" } })
local emma = uid("emma.davis")
local msg = db.one("SELECT * FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id DESC LIMIT 1", emma, uid("carmen.villalobos"))
C.mentions("Emma is told her renewal waits for the reassessment", msg and (msg.subject .. " " .. msg.body), sie_r.number, vas.number)
check("the message is filed on her requisition or the reassessment, if on a record", msg ~= nil and (msg.record_number == nil
        or msg.record_number == sie_r.number or msg.record_number == vas.number), msg and tostring(msg.record_number) or "no message")
local others = {}
local may = { [emma] = true, [uid("linda.park")] = true, [uid("peter.hall")] = true }
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not may[d.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id))
  end
end
check("only the three requesters heard about it", #others == 0, #others == 0 and "only the requesters" or table.concat(others, ", "))
C.status_is("done")
