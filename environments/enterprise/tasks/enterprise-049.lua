-- ENT-R01: the new SaaS vendor is assessed and signed off before any money goes to it; then both approved
-- requisitions are ordered and the orders issued; the requester and Identity & Access are told (accounts may
-- follow now, ENT-R02). The look-alike vendor is untouched; no rule is broken (the engine checks it: an order
-- before the sign-off records ENT-R01).
local C = require("checks")
local F = require("grc_facts")
local p = db.one("SELECT * FROM vendor_risk_profiles WHERE supplier_number = (SELECT number FROM suppliers WHERE name = 'Brightwave Analytics')") or {}
local a = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? ORDER BY id DESC LIMIT 1", p.id or -1) or {}
check("Brightwave's questionnaire is completed with the agreed score", a.status == "completed" and a.score == 82 and a.result == "pass",
      tostring(a.status) .. " " .. tostring(a.score))
check("and Brightwave is signed off for the award today", p.status == "approved" and p.approved_for == "award" and p.approved_on == "2026-03-02"
      and p.approved_by_id == F.user_id("carmen.villalobos"), tostring(p.status) .. " " .. tostring(p.approved_for) .. " " .. tostring(p.approved_on))
C.mentions_one_of_each("the assessment notes say what was reviewed", a.notes or "", { { "SOC 2", "questionnaire", "Noor" } })
local note = db.value([[SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'approval_note'
                        ORDER BY id DESC LIMIT 1]], p.number or "")
C.mentions_one_of_each("the sign-off note gives its basis", note or "", { { "82", "assessment", "passed", "SOC 2" } })
local orders = db.query([[SELECT po.*, r.title FROM purchase_orders po JOIN requisitions r ON r.id = po.requisition_id
                          JOIN suppliers s ON s.id = po.supplier_id WHERE s.name = 'Brightwave Analytics' ORDER BY po.number]])
local issued = 0
for _, o in ipairs(orders) do if o.status == "issued" then issued = issued + 1 end end
check("both Brightwave requisitions are ordered and issued", #orders == 2 and issued == 2, issued .. " of " .. #orders .. " issued")
C.unchanged("the look-alike vendor is untouched", "vendor_risk_profiles", { vendor_name = "Brightwave Analytic Partners" })
F.only_messaged("the requester and Identity & Access were told (and the tools' notices)", { "hannah.weiss", "david.cohen" })
local to_david = F.text_to("david.cohen") or ""
C.mentions_one_of_each("Identity & Access hear that Brightwave is signed off and accounts may be set up", to_david,
  { { "Brightwave" }, { "signed off", "approved", "sign off" }, { "account", "accounts", "access" } })
local to_hannah = F.text_to("hannah.weiss") or ""
C.mentions_one_of_each("Hannah hears the vendor is signed off and both orders", to_hannah,
  { { "signed off", "sign off", "passed" }, { orders[1] and orders[1].number or "PO" }, { orders[2] and orders[2].number or "PO" } })
C.status_is("done")
