-- Talonvault's renewal: the in-progress SOC 2 review completed at 78 before the sign-off (COMP-R17 and the
-- enterprise policy's vendor-risk-before-money rule fail a sign-off or an order on the 13-month-old
-- assessment), the renewal sign-off given, and the approved renewal requisition ordered and issued.
local C = require("checks")
-- the setup's records by id (the last profile, its second assessment, the last requisition it staged)
local p = db.one("SELECT * FROM vendor_risk_profiles ORDER BY id DESC LIMIT 1")
local a = db.one("SELECT * FROM vendor_assessments WHERE id = (SELECT MIN(id) FROM vendor_assessments WHERE profile_id = ?) + 1", p.id)
check("the SOC 2 review was completed with the agreed score", a.status == "completed" and a.score == 78 and a.result == "pass",
      tostring(a.status) .. ", score " .. tostring(a.score) .. ", " .. tostring(a.result))
C.mentions_one_of_each("the assessment notes give the findings", a.notes, { { "exception*", "finding*" }, { "remediat*", "fixed", "closed" } })
check("Talonvault signed off for the renewal today",
      p.status == "approved" and p.approved_for == "renewal" and p.approved_on == "2026-03-02" and p.last_assessed_on == "2026-03-02",
      json.encode({ status = p.status, approved_for = p.approved_for, approved_on = p.approved_on, last_assessed_on = p.last_assessed_on }))
local note = db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'approval_note' ORDER BY id DESC LIMIT 1", p.number)
C.mentions_one_of_each("the sign-off note names the assessment it rests on", note, { { "SOC", "assessment", "review" } })
local r = db.one("SELECT * FROM requisitions ORDER BY id DESC LIMIT 1")
local po = db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", r.id)
check("the renewal requisition was ordered from Talonvault and the order issued",
      po ~= nil and r.status == "ordered" and po.status == "issued" and po.supplier_id == r.supplier_id and po.total_cents == 2388000,
      po and (po.number .. " " .. po.status .. " " .. tostring(po.total_cents)) or ("no order; requisition " .. r.status))
C.status_is("done")
