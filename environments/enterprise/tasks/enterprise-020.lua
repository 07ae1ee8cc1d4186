-- Lars Holm and Ines Duarte: CRM read and edit each (4 grants naming their requests), both CRM Access
-- requests fulfilled with notes giving the grants; no DealDesk access for anyone (its vendor, Quotient Cloud,
-- is not signed off: ENT-R02, which the engine's violation check also names); the answer says why.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local david = uid("david.cohen")
local function ref(id) return db.value("SELECT s.code || '.' || e.code FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE e.id = ?", id) end
local new = {}
for _, d in ipairs(diff) do if d.table == "access_grants" and d.op == "insert" then new[#new + 1] = d.after end end
local keys = {}
for _, n in ipairs({ "lars.holm", "ines.duarte" }) do
  local id = uid(n)
  local r = db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id WHERE c.name = 'CRM Access' AND r.requested_for_id = ?]], id) or {}
  keys[#keys + 1] = { id = r.id or 0 }
  local got, nums = {}, {}
  for _, g in ipairs(new) do
    if g.user_id == id then got[#got + 1] = ref(g.entitlement_id) .. (g.request_ref == r.number and "" or " (no request ref)"); nums[#nums + 1] = g.number end
  end
  table.sort(got)
  check(n .. ": CRM read and edit granted against the request", table.concat(got, ",") == "CRM.crm_edit,CRM.crm_read", table.concat(got, ", "))
  check(n .. ": the CRM Access request is fulfilled", r.state == "fulfilled" and r.fulfilled_by_id == david, tostring(r.number) .. " " .. tostring(r.state))
  C.mentions("the close notes of " .. tostring(r.number) .. " give the grants", r.close_notes, nums[1] or "AGT-none", nums[2] or "AGT-none")
end
check("four grants in all", #new == 4, #new .. " grants")
C.only_rows("only their two requests changed", "requests", "update", keys)
local others = {}
for _, x in ipairs(changes("notifications")) do
  if x.op == "insert" then
    local n = db.value("SELECT user_name FROM users WHERE id = ?", x.after.recipient_id)
    if n ~= "lars.holm" and n ~= "ines.duarte" and n ~= "hannah.weiss" and n ~= "carmen.villalobos" then others[#others + 1] = tostring(n) end
  end
end
check("nobody unrelated was messaged", #others == 0, "others: " .. table.concat(others, ", "))
-- Every message sent is about the matter: a vague note to someone concerned is noise, not news.
local off_topic = {}
for _, n in ipairs(db.query("SELECT u.user_name, n.subject, n.body FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY n.id", david)) do
  local about = false
  for _, word in ipairs({ "CRM", "ClientHub", "DealDesk", "REQ*" }) do about = about or mentions(n.subject .. " " .. n.body, word) end
  if not about then off_topic[#off_topic + 1] = n.user_name .. ": " .. n.subject end
end
check("every message names the matter", #off_topic == 0, "off topic: " .. C.list_or_none(off_topic))
C.status_is("done")
C.mentions_one_of_each("the answer says why DealDesk must wait", answer.text,
                       { { "DealDesk" }, { "vendor" }, { "signed off", "sign off", "sign-off", "under review", "not approved", "not yet approved", "assessment" } })
