-- ShiftWise offboarded in all three systems: every active SHIFTW grant revoked with the reason (and nothing
-- else), its three CIs retired (the high-criticality one under the scheduled change: ITSM-R14), both open
-- account requests cancelled with each person told first (ITSM-R12), Kevin told before his March order was
-- cancelled (PROC-R16) and the Q1 order closed, the supplier blocked.
local C = require("checks")
local staged = require("enterprise_facts").staged
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local REASON = { { "contract*", "offboard*", "decommission*", "ended", "PeopleCore" } }

-- access
local left, vague = {}, {}
for _, g in ipairs(db.query([[SELECT g.* FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id
                              JOIN business_systems s ON s.id = e.system_id WHERE s.code = 'SHIFTW' ORDER BY g.id]])) do
  if g.status ~= "revoked" then left[#left + 1] = g.number
  elseif g.revoked_on == "2026-03-02" and not C.has_one_of_each(g.revoke_reason, REASON) then vague[#vague + 1] = g.number end
end
check("no ShiftWise account is left active", #left == 0, "still active: " .. C.list_or_none(left))
check("each revocation says why (the contract ended)", #vague == 0, "no reason given: " .. C.list_or_none(vague))
local others = {}
for _, d in ipairs(diff) do
  if d.table == "access_grants" then
    local sys = db.value([[SELECT s.code FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id
                           JOIN business_systems s ON s.id = e.system_id WHERE g.id = ?]], type(d.key) == "table" and d.key.id or d.key)
    if sys ~= "SHIFTW" then others[#others + 1] = tostring(sys) end
  end
end
check("no access to any other system was touched", #others == 0, "also changed: " .. C.list_or_none(others))

-- CMDB
local live = {}
for _, name in ipairs({ "ShiftWise Scheduling", "shiftwise-app", "shiftwise-sso-connector" }) do
  local ci = staged("configuration_items", "name", name)
  if not ci or ci.status ~= "retired" then live[#live + 1] = name end
end
check("the three ShiftWise CIs are retired", #live == 0, "not retired: " .. C.list_or_none(live))
local chg = staged("change_requests", "short_description", "Decommission the ShiftWise scheduling integration")
local wrong_change = {}
for _, name in ipairs({ "ShiftWise Scheduling", "shiftwise-app", "shiftwise-sso-connector" }) do
  for _, a in ipairs(db.query("SELECT new_value FROM audit_log WHERE record_number = ? AND field = 'status' ORDER BY id", "CI:" .. name)) do
    local named = a.new_value:match("%((CHG%d+)%)")
    if (named and named ~= chg.number) or (name == "shiftwise-app" and named ~= chg.number) then
      wrong_change[#wrong_change + 1] = name .. ": " .. a.new_value
    end
  end
end
check("the CIs were retired under the decommission change " .. chg.number, #wrong_change == 0, C.list_or_none(wrong_change))

-- requests
local item = db.value("SELECT id FROM catalog_items WHERE name = 'ShiftWise Account'")
local open, untold = {}, {}
for _, r in ipairs(db.query("SELECT * FROM requests WHERE catalog_item_id = ? ORDER BY id", item)) do
  if r.state ~= "canceled" then open[#open + 1] = r.number .. " " .. r.state
  elseif not C.has_one_of_each(r.close_notes, REASON) then open[#open + 1] = r.number .. " cancelled without the reason" end
  local parts = {}
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", r.requested_for_id, me)) do
    parts[#parts + 1] = n.subject .. " " .. n.body
  end
  if not C.has_one_of_each(table.concat(parts, " "), REASON) then untold[#untold + 1] = r.number end
end
check("both ShiftWise account requests cancelled, saying why", #open == 0, C.list_or_none(open))
check("each person the requests were for was told why", #untold == 0, "not told: " .. C.list_or_none(untold))

-- orders and supplier
local march = staged("requisitions", "title", "ShiftWise premium support hours, March 2026")
local q1 = staged("requisitions", "title", "ShiftWise subscription, Q1 2026")
local pm = march and db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", march.id)
local pq = q1 and db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", q1.id)
check("the March support-hours order is cancelled with the reason", pm ~= nil and pm.status == "cancelled" and C.has_one_of_each(pm.cancel_reason, REASON),
      pm and (pm.status .. ": " .. tostring(pm.cancel_reason)) or "not found")
check("the Q1 subscription order is closed", pq ~= nil and pq.status == "closed", pq and pq.status or "not found")
if pq then C.unchanged_except("the Q1 order changed only as a closure", "purchase_orders", { id = pq.id }, { "status", "closed_at", "updated_at" }) end
local kparts = {}
for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", uid("kevin.osei"), me)) do
  kparts[#kparts + 1] = n.subject .. " " .. n.body
end
C.mentions_one_of_each("Kevin was told his March order is cancelled and why", #kparts > 0 and table.concat(kparts, " ") or nil,
                       { { "cancel*" }, REASON[1] })
local s = staged("suppliers", "name", "ShiftWise")
check("ShiftWise is blocked in procurement, saying why", s ~= nil and s.status == "blocked" and C.has_one_of_each(s.blocked_reason, REASON),
      s and (s.status .. ": " .. tostring(s.blocked_reason)) or "not found")

local allowed = { ["kevin.osei"] = true, ["george.whitman"] = true, ["priya.raman"] = true }
for _, r in ipairs(db.query("SELECT u.user_name FROM requests r JOIN users u ON u.id = r.requested_for_id WHERE r.catalog_item_id = ? ORDER BY 1", item)) do
  allowed[r.user_name] = true
end
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if not allowed[n.user_name] then stray[#stray + 1] = n.user_name end
end
check("only the people concerned were messaged", #stray == 0, "also: " .. C.list_or_none(stray))
C.status_is("done")
