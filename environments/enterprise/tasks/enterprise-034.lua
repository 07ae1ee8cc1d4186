-- Quorum reinstated across the three systems: the onsite review completed at 81 and the renewal sign-off
-- given, the supplier unblocked saying why, exactly the access suspended on 9 February restored except the
-- compromised engineer's (and not the access revoked earlier for another reason), the major incident and
-- its children resolved.
local C = require("checks")
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local p = db.one("SELECT * FROM vendor_risk_profiles ORDER BY id DESC LIMIT 1")
local a = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND kind = 'onsite' ORDER BY id DESC LIMIT 1", p.id)
check("the onsite review was completed at 81 (pass)", a ~= nil and a.status == "completed" and a.score == 81 and a.result == "pass",
      a and (a.status .. " " .. tostring(a.score) .. " " .. tostring(a.result)) or "not found")
C.mentions_one_of_each("the review notes say what was found", a and a.notes, { { "MFA", "multi factor", "alert*", "deleted", "export*" } })
check("Quorum signed off for the renewal today", p.status == "approved" and p.approved_for == "renewal" and p.approved_on == "2026-03-02",
      json.encode({ status = p.status, approved_for = p.approved_for, approved_on = p.approved_on }))
local s = db.one("SELECT * FROM suppliers WHERE number = ?", p.supplier_number)
local why = s and db.value("SELECT new_value FROM procurement_history WHERE record_number = ? AND field = 'unblock_reason' ORDER BY id DESC LIMIT 1", s.number)
check("the supplier block is lifted", s ~= nil and s.status == "active", s and s.status or "not found")
C.mentions_one_of_each("the unblock says why", why, { { "review*", "assessment", "81", "sign*", "approved", "cleared", "passed" } })

local want = { ["marcus.bell2 survey_admin"] = true, ["dario.conti vendor_support"] = true }
for _, g in ipairs(db.query([[SELECT DISTINCT u.user_name FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                              JOIN business_systems b ON b.id = e.system_id WHERE b.code = 'SURVEY' AND g.revoked_on = '2026-02-09'
                              AND e.code = 'survey_editor' ORDER BY 1]])) do
  want[g.user_name .. " survey_editor"] = true
end
local have, extra = {}, {}
for _, g in ipairs(db.query([[SELECT u.user_name, e.code FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                              JOIN business_systems b ON b.id = e.system_id WHERE b.code = 'SURVEY' AND g.status = 'active' ORDER BY g.id]])) do
  local k = g.user_name .. " " .. g.code
  have[k] = true
  if not want[k] then extra[#extra + 1] = k end
end
local missing = {}
for _, k in ipairs({ "marcus.bell2 survey_admin", "dario.conti vendor_support" }) do if not have[k] then missing[#missing + 1] = k end end
for k in pairs(want) do if not have[k] and k:match("survey_editor$") then missing[#missing + 1] = k end end
table.sort(missing)
check("exactly the suspended Marketing access and Dario Conti's are back", #missing == 0 and #extra == 0,
      "missing: " .. C.list_or_none(missing) .. "; not to be restored: " .. C.list_or_none(extra))

local staged = require("enterprise_facts").staged
local master = staged("incidents", "short_description", "Quorum surveys unavailable: vendor breach, tenant suspended")
local open = db.value("SELECT COUNT(*) FROM incidents WHERE (id = ? OR parent_id = ?) AND state <> 'resolved'", master.id, master.id)
check("the major incident and its two children are resolved, solved for good", master.state == "resolved" and open == 0 and master.resolution_code == "solved_permanently",
      master.state .. " (" .. tostring(master.resolution_code) .. "), " .. open .. " not resolved")
C.mentions_one_of_each("the resolution says what fixed it", master.resolution_notes, { { "restor*", "back", "sign*", "review*", "cleared", "reinstat*" } })
local ok = { ["carmen.villalobos"] = true, ["marcus.bell2"] = true, ["dario.conti"] = true }
for _, r in ipairs(db.query("SELECT u.user_name FROM incidents i JOIN users u ON u.id = i.caller_id WHERE i.id = ? OR i.parent_id = ? ORDER BY 1", master.id, master.id)) do
  ok[r.user_name] = true
end
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if not ok[n.user_name] then stray[#stray + 1] = n.user_name end
end
check("only Carmen and the people concerned were messaged", #stray == 0, "also: " .. C.list_or_none(stray))
-- Every message sent is about the matter: a vague note to someone concerned is noise, not news.
local off_topic = {}
for _, n in ipairs(db.query("SELECT u.user_name, n.subject, n.body FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY n.id", me)) do
  local about = false
  for _, word in ipairs({ "Quorum", "survey*", "INC*", "breach*" }) do about = about or mentions(n.subject .. " " .. n.body, word) end
  if not about then off_topic[#off_topic + 1] = n.user_name .. ": " .. n.subject end
end
check("every message names the matter", #off_topic == 0, "off topic: " .. C.list_or_none(off_topic))
C.status_is("done")
