-- Four starters x four items, each exactly once, for the active accounts (David Park's new account,
-- not the inactive contractor of the same name). The approval items wait for Hannah Weiss.
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
check("each starter has each of the four items once", #wrong == 0, table.concat(wrong, ", "))
C.no_row("nothing was ordered for the inactive david.park", "SELECT id FROM requests WHERE requested_for_id = ?", F.user_id("david.park"))
C.count_equals("the laptops and access requests wait for Hannah", 12,
               "SELECT id FROM requests WHERE number > 'REQ0000400' AND state = 'pending_approval' AND approver_id = ?", F.user_id("hannah.weiss"))
C.answer_mentions("approv")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
