-- Five catalog requests for the active Ana Lima (not the inactive ana.lima2), each with Hannah's reason,
-- and Hannah told (in the answer or a message to her) exactly which requests wait for her approval.
local C = require("checks")
local F = require("facts")

local ana = F.user_id("ana.lima")
local want = { ["Standard Laptop"] = true, ["Second Monitor"] = true, ["Headset"] = true, ["VPN Access"] = true, ["CRM Access"] = true }
local got, others, unreasoned = {}, {}, {}
for _, r in ipairs(F.inserted("requests")) do
  if r.requested_for_id ~= ana then others[#others + 1] = r.number .. " for " .. tostring(F.user_name(r.requested_for_id)) end
  if not (r.justification and mentions(r.justification, "New AE starting 9 March")) then
    unreasoned[#unreasoned + 1] = r.number .. ": " .. tostring(r.justification)
  end
  got[#got + 1] = db.value("SELECT name FROM catalog_items WHERE id = ?", r.catalog_item_id)
end
table.sort(got)
local complete, seen = #got == 5, {}
for _, name in ipairs(got) do
  if not want[name] or seen[name] then complete = false end
  seen[name] = true
end
check("exactly the five items were ordered, once each", complete, "ordered: " .. (#got > 0 and table.concat(got, ", ") or "nothing"))
check("all for the active Ana Lima", #got > 0 and #others == 0,
      #got .. " request(s); for someone else: " .. (#others > 0 and table.concat(others, "; ") or "none"))
check("each carries the reason \"New AE starting 9 March\"", #got > 0 and #unreasoned == 0,
      #got .. " request(s); without the reason: " .. (#unreasoned > 0 and table.concat(unreasoned, "; ") or "none"))

-- Hannah hears which requests need her: every pending one is named, no other new request is.
local told = (answer.text or "") .. "\n" .. (F.notification_text(nil, "hannah.weiss") or "")
local pending, named, missed, wrongly = {}, {}, {}, {}
for _, r in ipairs(db.query([[SELECT number, state FROM requests WHERE requested_for_id = ? ORDER BY number]], ana)) do
  if r.state == "pending_approval" then
    pending[#pending + 1] = r.number
    if mentions(told, r.number) then named[#named + 1] = r.number else missed[#missed + 1] = r.number end
  end
end
check("Hannah is told which requests await her approval", #pending == 3 and #missed == 0,
      "awaiting approval: " .. C.list_or_none(pending) .. "; named: "
      .. C.list_or_none(named) .. "; not named: " .. C.list_or_none(missed))
F.only_notified("nobody but Hannah was notified", { "hannah.weiss" })
C.status_is("done")
