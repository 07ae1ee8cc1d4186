-- Four starters x four items, each exactly once, for the active accounts (David Park's new account,
-- not the inactive contractor of the same name), each saying why. The approval items wait for Hannah Weiss,
-- and the answer tells her so.
local C = require("checks")
local F = require("facts")

local items = { "Standard Laptop", "Headset", "VPN Access", "CRM Access" }
local people = { "ana.lima", "ben.carter", "noor.hamid", "david.park2" }
local wrong = {}
for _, p in ipairs(people) do
  for _, item in ipairs(items) do
    local n = #db.query([[SELECT r.id FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                          WHERE r.requested_for_id = ? AND c.name = ? AND r.state NOT IN ('canceled', 'rejected')]], F.user_id(p), item)
    if n ~= 1 then wrong[#wrong + 1] = p .. "/" .. item .. " x" .. n end
  end
end
check("each starter has each of the four items once", #wrong == 0,
      #wrong > 0 and ("not once: " .. table.concat(wrong, ", ")) or "16 requests, one per starter and item")
-- each justification says why: they are new starters
local bare = {}
for _, r in ipairs(F.inserted("requests")) do
  local ok = false
  for _, p in ipairs({ "new", "start*", "joiner*", "joining", "onboard*", "hire*", "9 march", "account executive*" }) do
    if mentions(r.justification or "", p) then ok = true end
  end
  if not ok then bare[#bare + 1] = r.number end
end
check("each request's justification says they are new starters", #bare == 0,
      #bare > 0 and ("no such justification: " .. table.concat(bare, ", ")) or "every justification says so")
C.count_equals("the laptops and access requests wait for Hannah", 12,
               "SELECT id FROM requests WHERE number > 'REQ0000400' AND state = 'pending_approval' AND approver_id = ?", F.user_id("hannah.weiss"))
check("the answer tells Hannah what waits for her approval", mentions(answer.text or "", "approv*"), "answer: " .. (answer.text or ""))
F.only_notified("nobody but Hannah and her starters was messaged",
                { "hannah.weiss", "ana.lima", "ben.carter", "noor.hamid", "david.park2" })
C.status_is("done")
