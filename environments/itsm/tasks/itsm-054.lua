-- The problem is resolved with the root cause David gave (the expired token-signing certificate on one
-- of the two SSO nodes); its seven open incidents are resolved as resolved by change, with notes that
-- name Noah's change CHG0000301 (the callers get them in the resolution notice). The closed ticket and
-- the unrelated SSO ticket are left alone (the expected changes name the seven incidents alone), and
-- nobody is messaged beyond the seven resolution notices.
local C = require("checks")
local F = require("facts")



local p = db.one("SELECT * FROM problems WHERE number = 'PRB0000061'")
check("the problem is resolved", p.state == "resolved", "state " .. p.state)
C.mentions_one_of_each("its root cause: the expired certificate on one SSO node", p.root_cause,
     { { "certificate*", "cert" }, "expir*", { "node*", "server*", "instance*", "one of the two", "every other", "half" } })

local resolved, open, by_change, other_code, pointed, unpointed, held = {}, {}, {}, {}, {}, {}, {}
for k = 1, 7 do
  local n = "INC000200" .. k
  local inc = F.incident(n)
  if inc.state == "resolved" then resolved[#resolved + 1] = n else open[#open + 1] = n .. " (" .. inc.state .. ")" end
  if inc.resolution_code == "resolved_by_change" then by_change[#by_change + 1] = n
  else other_code[#other_code + 1] = n .. " (" .. tostring(inc.resolution_code) .. ")" end
  if inc.resolution_notes ~= null and inc.resolution_notes and mentions(inc.resolution_notes, "CHG0000301") then
    pointed[#pointed + 1] = n
  else
    unpointed[#unpointed + 1] = n
  end
  if inc.on_hold_reason ~= nil and inc.on_hold_reason ~= null then held[#held + 1] = n .. " (" .. inc.on_hold_reason .. ")" end
end
check("all seven open linked tickets are resolved", #open == 0, "resolved: " .. C.list_or_none(resolved) .. "; not resolved: " .. C.list_or_none(open))
check("each is resolved by change", #other_code == 0, "resolved by change: " .. C.list_or_none(by_change) .. "; other codes: " .. C.list_or_none(other_code))
check("each resolution note names Noah's change CHG0000301", #unpointed == 0,
      "naming it: " .. C.list_or_none(pointed) .. "; not naming it: " .. C.list_or_none(unpointed))
check("no resolved ticket keeps an on-hold reason", #held == 0, "with an on-hold reason: " .. C.list_or_none(held))
C.value_equals("the unrelated SSO ticket is untouched", "new", "SELECT state FROM incidents WHERE number = 'INC0002009'")
C.status_is("done")
