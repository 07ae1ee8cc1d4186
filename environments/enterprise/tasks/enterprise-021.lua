-- The IAM queue: four requests fulfilled, each with exactly the access it asks for (grant naming the request,
-- close notes giving the grant); Sophie Laurent's request canceled with a reason (she is leaving: ENT-R05),
-- after telling her (ITSM-R12); David's own request handed to a colleague in the team, not worked by him
-- (ITSM-R10). The engine's violation check names any rule broken.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local david = uid("david.cohen")
local function req(who)
  return db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                  WHERE c.name IN ('ERP Access', 'CRM Access') AND r.requested_for_id = ? AND r.opened_at >= '2026-02-26T09:00:00Z']], uid(who)) or {}
end
local new = {}
for _, d in ipairs(diff) do if d.table == "access_grants" and d.op == "insert" then new[#new + 1] = d.after end end
local function ref(id) return db.value("SELECT s.code || '.' || e.code FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE e.id = ?", id) end

local keys = {}
for _, x in ipairs({ { "tessa.lund", "ERP.journal_entry_post" }, { "omar.rahimi", "ERP.gl_read" }, { "jade.turner", "CRM.crm_edit" }, { "leon.meyer", "CRM.crm_read" } }) do
  local r = req(x[1])
  keys[#keys + 1] = { id = r.id or 0 }
  local got, num = {}, nil
  for _, g in ipairs(new) do
    if g.user_id == uid(x[1]) then got[#got + 1] = ref(g.entitlement_id) .. (g.request_ref == r.number and "" or " (request ref " .. tostring(g.request_ref) .. ")"); num = g.number end
  end
  check(x[1] .. ": exactly " .. x[2] .. ", against the request", #got == 1 and got[1] == x[2], table.concat(got, ", "))
  check(x[1] .. ": the request is fulfilled by David", r.state == "fulfilled" and r.fulfilled_by_id == david, tostring(r.number) .. " " .. tostring(r.state))
  C.mentions("the close notes of " .. tostring(r.number) .. " give the grant", r.close_notes, num or "AGT-none")
end
check("four grants in all", #new == 4, #new .. " grants")

local sophie = req("sophie.laurent")
keys[#keys + 1] = { id = sophie.id or 0 }
check("Sophie Laurent's request is canceled", sophie.state == "canceled", tostring(sophie.number) .. " " .. tostring(sophie.state))
C.mentions_one_of_each("the cancellation says she is leaving", sophie.close_notes, { { "leav*", "leaver", "offboard*", "resign*", "last working day" } })
local told = db.value([[SELECT COUNT(*) FROM notifications WHERE recipient_id = ? AND sender_id = ? AND sent_at >= '2026-03-02T09:00:00Z']], uid("sophie.laurent"), david)
check("Sophie was told", told >= 1, told .. " message(s) to her")
local msg = db.value([[SELECT subject || ' ' || body FROM notifications WHERE recipient_id = ? AND sender_id = ? AND sent_at >= '2026-03-02T09:00:00Z'
                       ORDER BY id LIMIT 1]], uid("sophie.laurent"), david)
C.mentions_one_of_each("the message to Sophie says her request is canceled and why", msg,
                       { { "cancel*", "withdraw*", "not be granted", "can t be granted", "cannot be granted", "no new access" }, { "leav*", "offboard*", "resign*", "last working day" } })

local own = req("david.cohen")
keys[#keys + 1] = { id = own.id or 0 }
local team = { [uid("fatima.zahra")] = true, [uid("noah.williams")] = true, [uid("irene.lopez")] = true }
check("David's own request is with a colleague and not worked by him", own.state == "approved" and team[own.assigned_to_id] == true,
      tostring(own.number) .. " " .. tostring(own.state) .. ", assigned to " .. tostring(db.value("SELECT user_name FROM users WHERE id = ?", own.assigned_to_id)))
C.only_rows("only the six queue requests changed", "requests", "update", keys)

local allowed = { [uid("tessa.lund")] = true, [uid("omar.rahimi")] = true, [uid("jade.turner")] = true, [uid("leon.meyer")] = true,
                  [uid("sophie.laurent")] = true, [uid("george.whitman")] = true, [uid("noah.williams")] = true, [uid("fatima.zahra")] = true,
                  [uid("irene.lopez")] = true, [david] = true }
local others = {}
for _, x in ipairs(changes("notifications")) do
  if x.op == "insert" and not allowed[x.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", x.after.recipient_id))
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
C.status_is("done")
