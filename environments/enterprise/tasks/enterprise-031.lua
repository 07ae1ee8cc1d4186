-- Clausewise go-live: each of the six account requests for people staying granted exactly the access its
-- justification asks for and fulfilled naming the grant; the one for a colleague with an open Offboarding
-- request cancelled, with them told why, and no access for them (ENT-R05 fails a grant); the approved
-- subscription requisition ordered and the order issued (ENT-R01 holds: the vendor is signed off).
local C = require("checks")
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)
local item = db.value("SELECT id FROM catalog_items WHERE name = 'Clausewise Account'")
local offboarding = db.value("SELECT id FROM catalog_items WHERE name = 'Offboarding'")
local CODE = { ["Contract editor"] = "contract_editor", ["Contract viewer"] = "contract_viewer", ["Clausewise administrator"] = "clause_admin" }
local bad, leaver = {}, nil
local reqs = db.query("SELECT * FROM requests WHERE catalog_item_id = ? ORDER BY id", item)
for _, r in ipairs(reqs) do
  local want = CODE[r.justification:match("^([^:]+):")]
  local leaving = db.value([[SELECT 1 FROM requests WHERE catalog_item_id = ? AND requested_for_id = ?
                             AND state IN ('pending_approval', 'approved', 'in_progress')]], offboarding, r.requested_for_id)
  local held = db.query([[SELECT g.number, e.code FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id
                          JOIN business_systems s ON s.id = e.system_id WHERE s.code = 'CLAUSE' AND g.user_id = ? AND g.status = 'active' ORDER BY g.id]],
                        r.requested_for_id)
  if leaving then
    leaver = r
    if r.state ~= "canceled" or #held > 0 then bad[#bad + 1] = r.number .. " (leaver): " .. r.state .. ", " .. #held .. " grants" end
  else
    if r.state ~= "fulfilled" or #held ~= 1 or held[1].code ~= want then
      bad[#bad + 1] = r.number .. ": " .. r.state .. ", holds " .. json.encode(held) .. ", wants " .. tostring(want)
    elseif not mentions(r.close_notes or "", held[1].number) then
      bad[#bad + 1] = r.number .. ": close notes do not name " .. held[1].number
    elseif db.value("SELECT request_ref FROM access_grants WHERE number = ?", held[1].number) ~= nil
       and db.value("SELECT request_ref FROM access_grants WHERE number = ?", held[1].number) ~= r.number then
      bad[#bad + 1] = r.number .. ": " .. held[1].number .. " names another request"
    end
  end
end
check("each stayer got exactly the access their request asks for, fulfilled naming the grant; the leaver none",
      #bad == 0 and leaver ~= nil and #reqs == 7, C.list_or_none(bad))
if leaver then
  C.mentions_one_of_each("the leaver's request was cancelled saying why", leaver.close_notes, { { "leav*", "offboarding", "last day", "last working day" } })
  local parts = {}
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", leaver.requested_for_id, me)) do
    parts[#parts + 1] = n.subject .. " " .. n.body
  end
  C.mentions_one_of_each("the leaver was told why", #parts > 0 and table.concat(parts, " ") or nil, { { "leav*", "offboarding", "last day", "last working day" } })
end
local r = db.one("SELECT * FROM requisitions ORDER BY id DESC LIMIT 1")
local po = db.one("SELECT * FROM purchase_orders WHERE requisition_id = ?", r.id)
check("the subscription requisition was ordered and the order issued to Clausewise",
      po ~= nil and po.status == "issued" and po.supplier_id == r.supplier_id and r.status == "ordered",
      po and (po.number .. " " .. po.status) or ("no order; requisition " .. r.status))
local allowed = { ["beatrice.strand"] = true }
for _, q in ipairs(reqs) do allowed[db.value("SELECT user_name FROM users WHERE id = ?", q.requested_for_id)] = true end
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if not allowed[n.user_name] then stray[#stray + 1] = n.user_name end
end
local misfiled = {}
for _, n in ipairs(db.query([[SELECT n.record_number, n.recipient_id FROM notifications n WHERE n.sender_id = ? AND n.record_number LIKE 'REQ%' ORDER BY n.id]], me)) do
  local rq = db.one("SELECT requested_for_id, opened_by_id FROM requests WHERE number = ?", n.record_number)
  if not rq or (rq.requested_for_id ~= n.recipient_id and rq.opened_by_id ~= n.recipient_id) then misfiled[#misfiled + 1] = n.record_number end
end
check("messages about a request went to the person it is for", #misfiled == 0, "misfiled: " .. C.list_or_none(misfiled))
check("only the people with requests (and Beatrice) were messaged", #stray == 0, "also: " .. C.list_or_none(stray))
C.status_is("done")
