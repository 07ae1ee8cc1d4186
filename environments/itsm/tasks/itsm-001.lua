-- The new incident must be for the active Lena Ortiz (not the old, inactive lena.ortiz2 account), about
-- the VPN (a network fault, or an access one: her authentication failed), routed to Network on the VPN
-- Service CI (or none), taken by phone, with impact 3 (only her) and an urgency that fits someone who
-- can still get by on her phone (not the highest), so the priority follows from impact x urgency.
local C = require("checks")
local F = require("facts")

local created = F.inserted("incidents")
check("one incident was logged", #created == 1, #created .. " incident(s) created")
local inc = created[1] or { short_description = "", impact = 0, urgency = 0, priority = 0 }
check("caller is the active Lena Ortiz", inc.caller_id == F.user_id("lena.ortiz"),
      "caller is " .. tostring(F.user_name(inc.caller_id)))
check("routed to Network", inc.assignment_group_id == F.group_id("Network"),
      "group is " .. tostring(F.group_name(inc.assignment_group_id)))
local text = (inc.short_description or "") .. " " .. (inc.description or "")
check("it is about the VPN", mentions(text, "vpn"), "short description: " .. tostring(inc.short_description))
check("it is a network (or access) incident", inc.category == "network" or inc.category == "access",
      "category is " .. tostring(inc.category))
check("it is on the VPN Service CI", inc.ci_id == nil or inc.ci_id == null
      or inc.ci_id == F.ci_id("VPN Service"),
      "CI is " .. tostring(F.ci_name(inc.ci_id) or "none"))
check("taken by phone", inc.contact_type == "phone", "contact type is " .. tostring(inc.contact_type))
check("impact is one person", inc.impact == 3, "impact " .. tostring(inc.impact))
check("urgency is not the highest (she can get by on her phone)", inc.urgency == 2 or inc.urgency == 3,
      "urgency " .. tostring(inc.urgency))
check("priority follows impact x urgency", created[1] ~= nil and inc.priority == F.priority(inc.impact, inc.urgency),
      "priority " .. inc.priority .. " for impact " .. inc.impact .. ", urgency " .. inc.urgency)
C.status_is("done")
check("the answer names the new ticket", inc.number ~= nil and mentions(answer.text or "", inc.number),
      "new ticket " .. tostring(inc.number or "none") .. "; answer: " .. tostring(answer.text))
