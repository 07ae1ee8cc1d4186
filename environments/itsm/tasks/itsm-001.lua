-- The new incident must be for the active Lena Ortiz (not the old, inactive lena.ortiz2 account), routed
-- to Network, with a priority that follows impact x urgency for a single affected person.
local C = require("checks")
local F = require("facts")

local created = F.inserted("incidents")
check("one incident was logged", #created == 1, #created .. " incidents created")
local inc = created[1] or { number = "(none)", short_description = "", impact = 0, urgency = 0, priority = 0 }
check("caller is the active Lena Ortiz", inc.caller_id == F.user_id("lena.ortiz"),
      "caller is " .. tostring(F.user_name(inc.caller_id)))
check("routed to Network", inc.assignment_group_id == F.group_id("Network"),
      "group is " .. tostring(inc.assignment_group_id))
check("it is about the VPN", (inc.short_description .. " " .. (inc.description or "")):lower():find("vpn", 1, true) ~= nil,
      inc.short_description)
check("impact is one person", inc.impact == 3, "impact " .. tostring(inc.impact))
check("priority follows impact x urgency", created[1] ~= nil and inc.priority == F.priority(inc.impact, inc.urgency),
      "priority " .. inc.priority .. " for impact " .. inc.impact .. ", urgency " .. inc.urgency)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
C.answer_mentions(inc.number)
