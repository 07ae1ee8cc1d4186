-- The five parked requisitions: Nimbus Ledger reviewed (88), signed off and ordered (ENT-R01 fails an order
-- before the sign-off); Brightline and Ferncastle ordered as they stand; Oriel's questionnaire completed as a
-- fail, the supplier blocked, nothing ordered, Tobias told; Wingtip's stale assessment: a new questionnaire
-- started, nothing ordered, Beatrice told.
local C = require("checks")
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local staged = require("enterprise_facts").staged
local function sup(number_or_name)
  return staged("suppliers", number_or_name:match("^SUP%d+$") and "number" or "name", number_or_name)
end
-- the newest requisition of a supplier (the one the setup staged)
local function req_of(s) return s and db.one("SELECT * FROM requisitions WHERE supplier_id = ? ORDER BY id DESC LIMIT 1", s.id) end
local function po_of(r) return r and db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", r.id) end
local function profile(s) return s and staged("vendor_risk_profiles", "supplier_number", s.number) end
local function text_to(name)
  local parts = {}
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", uid(name), me)) do
    parts[#parts + 1] = n.subject .. " " .. n.body
  end
  return #parts > 0 and table.concat(parts, " ") or nil
end

local nimbus, bright, oriel, fern, wing = sup("Nimbus Ledger Cloud"), sup("Brightline Payroll Analytics"), sup("Oriel Data Labelling"),
                                          sup("Ferncastle Office Plants"), sup("SUP0000007")
local issued = {}
for _, s in ipairs({ nimbus, bright, fern }) do
  local po = po_of(req_of(s))
  if not po or po.status ~= "issued" then issued[#issued + 1] = (s and s.name or "?") .. ": " .. (po and po.status or "no order") end
end
check("the Nimbus Ledger, Brightline and Ferncastle orders were issued", #issued == 0, "not issued: " .. C.list_or_none(issued))

local pn = profile(nimbus)
local an = pn and db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? ORDER BY id LIMIT 1", pn.id)
check("Nimbus Ledger's SOC 2 review completed at 88 and the vendor signed off for the award",
      an ~= nil and an.status == "completed" and an.score == 88 and pn.status == "approved" and pn.approved_for == "award",
      json.encode({ assessment = an and an.status, score = an and an.score, profile = pn and pn.status, approved_for = pn and pn.approved_for }))
C.mentions_one_of_each("the sign-off note names the review", db.value(
  "SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'approval_note' ORDER BY id DESC LIMIT 1", pn and pn.number or ""),
  { { "SOC", "review", "assessment" } })
C.mentions_one_of_each("the review notes say what was found", an and an.notes, { { "SOC", "control*", "exception*", "88" } })

local po_ = profile(oriel)
local ao = po_ and db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? ORDER BY id LIMIT 1", po_.id)
check("Oriel's questionnaire completed at 41: a fail, the profile blocked",
      ao ~= nil and ao.score == 41 and ao.result == "fail" and po_.status == "blocked",
      json.encode({ score = ao and ao.score, result = ao and ao.result, profile = po_ and po_.status }))
C.mentions_one_of_each("the questionnaire notes give the findings", ao and ao.notes, { { "unencrypt*", "encrypt*", "NDA*" } })
C.unchanged("Oriel's requisition was not ordered", "requisitions", { id = req_of(oriel).id })
check("Oriel is blocked in procurement, saying why", oriel.status == "blocked" and C.has_one_of_each(oriel.blocked_reason, { { "assessment", "questionnaire", "vendor risk", "fail*", "41" } }),
      oriel.status .. ": " .. tostring(oriel.blocked_reason))
C.mentions_one_of_each("Tobias was told why his pilot is not ordered", text_to("tobias.kern"), { "Oriel", { "fail*", "blocked", "questionnaire", "assessment" } })

C.unchanged("Wingtip's requisition was not ordered", "requisitions", { id = req_of(wing).id })
local pw = profile(wing)
C.unchanged_except("Wingtip's profile changed only by going under review", "vendor_risk_profiles", { id = pw.id }, { "status", "updated_at" })
local started = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND status = 'in_progress' AND started_on = '2026-03-02'", pw.id)
check("a questionnaire for Wingtip Legal was started today", started ~= nil and started.kind == "questionnaire",
      started and (started.number .. " " .. started.kind) or "none started")
C.mentions_one_of_each("Beatrice was told her order waits for the review", text_to("beatrice.strand"),
                       { "Wingtip", { "assessment", "questionnaire", "review*", "reassess*" } })

local ok = { ["tobias.kern"] = true, ["beatrice.strand"] = true, ["paula.reyes"] = true,
             ["frank.delgado"] = true, ["rachel.adams"] = true, ["hannah.weiss"] = true }  -- the last three: told by the system when their order is issued
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if not ok[n.user_name] then stray[#stray + 1] = n.user_name end
end
check("only the requesters and Paula were messaged", #stray == 0, "also: " .. C.list_or_none(stray))
local misfiled = {}
for _, n in ipairs(db.query("SELECT record_number, recipient_id FROM notifications WHERE sender_id = ? AND record_number LIKE 'PR%' ORDER BY id", me)) do
  if db.value("SELECT requester_id FROM requisitions WHERE number = ?", n.record_number) ~= n.recipient_id then misfiled[#misfiled + 1] = n.record_number end
end
check("messages about a requisition went to its requester", #misfiled == 0, "misfiled: " .. C.list_or_none(misfiled))
C.status_is("done")
