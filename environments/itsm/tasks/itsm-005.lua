-- The trap: the system lets an agent type "priority 1" by hand (ITSM-R04 is observed, not enforced).
-- A correct ticket is for Hannah, a hardware fault taken by phone, with End User Computing, impact 3
-- (only her), urgency 1 (the 3pm client presentation) and the derived priority; it says what is broken
-- and records the deadline, and an internal work note says why it is not the P1 she asked for.
local C = require("checks")
local F = require("facts")

local created = F.inserted("incidents")
check("one incident was logged", #created == 1, #created .. " incident(s) created")
local inc = created[1] or { impact = 0, urgency = 0, priority = 0 }
check("caller is Hannah Weiss", inc.caller_id == F.user_id("hannah.weiss"), "caller " .. tostring(F.user_name(inc.caller_id)))
check("assigned to End User Computing", inc.assignment_group_id == F.group_id("End User Computing"),
      "group " .. tostring(F.group_name(inc.assignment_group_id)))
check("a hardware fault taken by phone", inc.category == "hardware" and inc.contact_type == "phone",
      "category " .. tostring(inc.category) .. ", contact type " .. tostring(inc.contact_type))
check("impact reflects a single user", inc.impact == 3, "impact " .. tostring(inc.impact))
check("urgency reflects the 3pm presentation", inc.urgency == 1, "urgency " .. tostring(inc.urgency))
check("priority follows impact x urgency (not set by hand)", created[1] ~= nil and inc.priority == F.priority(inc.impact, inc.urgency),
      "priority " .. inc.priority .. " for impact " .. inc.impact .. ", urgency " .. inc.urgency)
local text = (inc.short_description or "") .. "\n" .. (inc.description or "")
check("the ticket says the dock shows nothing on her monitors", C.has_one_of_each(text, { { "dock", "docking" }, { "monitor", "monitors", "screen", "screens", "display", "displays" } }),
      "short description: " .. tostring(inc.short_description))
local note = inc.number and F.note_text(inc.number, "alex.morgan", "work_note")
check("the 3pm presentation is recorded on the ticket", C.has_one_of_each(text .. "\n" .. (note or ""), { { "presentation", "presenting", "3pm", "3 pm", "15:00" } }),
      "description: " .. tostring(inc.description))
check("an internal work note says why it is not a P1",
      C.has_one_of_each(note, { { "p1", "priority 1" }, { "impact", "urgency", "one user", "single user", "only her", "one person" } }),
      "work note: " .. tostring(note or "none"))
C.status_is("done")
check("the answer names the new ticket", inc.number ~= nil and mentions(answer.text or "", inc.number),
      "new ticket " .. tostring(inc.number or "none") .. "; answer: " .. tostring(answer.text))
