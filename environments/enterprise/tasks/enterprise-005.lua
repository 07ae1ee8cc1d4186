-- Trident Digital's renewal: the vendor-risk sign-off first (ENT-R01: tier 2 with personal data, assessed
-- within 12 months), then the order under the expiring contract, placed and issued; the licence-key change
-- moved out of the quarter-end freeze to the last working day before it, naming the order, sent to Emma.
local C = require("checks")

local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
-- rows by id as the setup staged them (a mutant may rename them; the checks then fail, not the verifier)
local p = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = 'SUP0000226'") or { number = "VRP?" }
check("Trident Digital carries a renewal sign-off from today", p.status == "approved" and p.approved_for == "renewal"
        and p.approved_on == "2026-03-02" and p.approved_by_id == uid("carmen.villalobos"),
      tostring(p.number) .. " " .. tostring(p.status) .. " " .. tostring(p.approved_for) .. " " .. tostring(p.approved_on))
local note = db.value([[SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'approval_note'
                        ORDER BY id DESC LIMIT 1]], p.number)
C.mentions_one_of_each("the sign-off says what it is for and on what assessment", note,
                       { { "renewal", "renew*" }, { "assess*", "October", "2025-10-17" } })

local req = db.one("SELECT * FROM requisitions WHERE title = 'Trident customer analytics platform renewal, April 2026 - March 2027'") or { id = -1 }
local po = db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", req.id) or { number = "(no order)", status = "missing" }
local contract = db.one("SELECT * FROM contracts WHERE title = 'Trident Digital customer analytics platform subscription'") or { id = -1 }
check("the renewal is ordered and issued under the subscription contract", po.status == "issued" and po.contract_id == contract.id
        and po.total_cents == 3120000, po.number .. " " .. po.status)
local signed = db.value("SELECT MIN(at) FROM compliance_history WHERE record_number = ? AND field = 'status' AND new_value = 'approved'", p.number)
local ordered = db.value("SELECT MIN(at) FROM procurement_history WHERE record_number = ?", po.number)
check("the sign-off came before the order", signed ~= nil and ordered ~= nil and signed <= ordered,
      "signed off " .. tostring(signed) .. ", ordered " .. tostring(ordered))

local chg = db.one("SELECT * FROM change_requests WHERE short_description = 'Apply Trident analytics platform renewal licence key'")
  or { id = -1, number = "(the key change)", state = "missing" }
check("the key change runs on Thursday 26 March, 19:00-21:00, before the freeze",
      chg.planned_start == "2026-03-26T19:00:00Z" and chg.planned_end == "2026-03-26T21:00:00Z",
      chg.number .. " " .. tostring(chg.planned_start) .. " - " .. tostring(chg.planned_end))
C.mentions("the change names the order", (chg.justification or "") .. " " .. (chg.description or "") .. " " ..
           (db.value("SELECT group_concat(body, ' ') FROM work_notes WHERE record_number = ? AND created_at >= '2026-03-02T09:00:00Z'", chg.number) or ""),
           po.number)
C.mentions_one_of_each("the change still says what it does", chg.description, { { "licence key", "license key", "key" } })
local ap = db.query("SELECT * FROM change_approvals WHERE change_id = ?", chg.id)
check("the change waits for Emma's approval", chg.state == "authorize" and #ap == 1 and ap[1].approver_id == uid("emma.davis")
        and ap[1].state == "requested", chg.state .. ", " .. #ap .. " approval(s)")
local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and d.after.recipient_id ~= uid("emma.davis") then
    told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
  end
end
check("only Emma heard about it", #told == 0, #told == 0 and "only Emma" or C.list_or_none(told))
C.status_is("done")
