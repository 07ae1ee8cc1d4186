-- Mercury Hosting: the questionnaire assessment completed with Yolanda's score (a pass), the award sign-off
-- given after it, and only then the microsite hosting order placed and issued (ENT-R01: personal data),
-- noted on the launch change.
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local p = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = 'SUP0000047'") or { id = -1, number = "(Mercury's profile)" }
local a = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND started_on = '2026-02-10'", p.id) or { number = "(the assessment)" }
check("the questionnaire assessment is completed today with 76, a pass", a.status == "completed" and a.score == 76 and a.result == "pass"
        and a.completed_on == "2026-03-02", a.number .. " " .. tostring(a.status) .. " " .. tostring(a.score))
C.mentions_one_of_each("its notes keep the open points", a.notes, { { "log retention", "retention", "log*" }, { "June" } })
check("Mercury is signed off for the award", p.status == "approved" and p.approved_for == "award" and p.approved_on == "2026-03-02"
        and p.last_assessed_on == "2026-03-02", tostring(p.number) .. " " .. tostring(p.status) .. " " .. tostring(p.approved_for))
local sign_note = db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'approval_note' ORDER BY id DESC LIMIT 1", p.number or "")
C.mentions_one_of_each("the sign-off says what it is for and on what assessment", sign_note, { { "microsite", "hosting", "award" }, { a.number, "76", "assess*" } })
local req = db.one("SELECT * FROM requisitions WHERE title = 'Spring campaign microsite hosting, 12 months'") or { id = -1 }
local po = db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", req.id) or { number = "(no order)", status = "missing" }
check("the hosting is ordered and issued", po.status == "issued" and po.total_cents == 780000, po.number .. " " .. po.status)
local signed = db.value("SELECT MIN(at) FROM compliance_history WHERE record_number = ? AND field = 'approval_note'", p.number or "")
local ordered = db.value("SELECT MIN(at) FROM procurement_history WHERE record_number = ?", po.number)
check("the sign-off came before the order", signed ~= nil and ordered ~= nil and signed <= ordered,
      "signed off " .. tostring(signed) .. ", ordered " .. tostring(ordered))
local chg = db.one("SELECT * FROM change_requests WHERE short_description = 'Launch spring campaign microsite on Mercury Hosting'") or { number = "(the change)" }
local note = (db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z'", chg.number) or "")
  .. " " .. (chg.description or "") .. " " .. (chg.justification or "")
C.mentions("Leo's launch change names the order", note, po.number)
local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then told[#told + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)) end
end
check("only the requester is told of the order", #told == 1 and told[1] == "marcus.bell2", C.list_or_none(told))
C.status_is("done")
