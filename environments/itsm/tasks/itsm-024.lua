local C = require("checks")
local F = require("facts")

local ana = F.user_id("ana.lima")
local want = { ["Standard Laptop"] = true, ["Second Monitor"] = true, ["Headset"] = true, ["VPN Access"] = true, ["CRM Access"] = true }
local got, wrong_person, no_reason = {}, 0, 0
for _, r in ipairs(F.inserted("requests")) do
  if r.requested_for_id ~= ana then wrong_person = wrong_person + 1 end
  if not r.justification or not r.justification:find("9 March", 1, true) then no_reason = no_reason + 1 end
  local name = db.value("SELECT name FROM catalog_items WHERE id = ?", r.catalog_item_id)
  got[#got + 1] = name
end
table.sort(got)
local complete = #got == 5
for _, name in ipairs(got) do if not want[name] then complete = false end end
check("exactly the five items were ordered", complete, table.concat(got, ", "))
check("all for the active Ana Lima", #got > 0 and wrong_person == 0, wrong_person .. " request(s) for someone else")
check("each carries the reason", #got > 0 and no_reason == 0, no_reason .. " without the reason")
C.no_row("no item was ordered twice",
         "SELECT catalog_item_id FROM requests WHERE requested_for_id = ? GROUP BY catalog_item_id HAVING COUNT(*) > 1", ana)
local pending = db.query([[SELECT r.number FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                           WHERE r.requested_for_id = ? AND r.state = 'pending_approval' ORDER BY r.number]], ana)
local names, told = {}, #pending == 3
for i, r in ipairs(pending) do
  names[i] = r.number
  if not (answer.text or ""):find(r.number, 1, true) then told = false end
end
check("Hannah is told which requests await her approval", told, "pending: " .. table.concat(names, ", "))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
