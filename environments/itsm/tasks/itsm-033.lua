-- The system lets an agent type P1 (ITSM-R04 is observed). Right: urgency goes to 1 for tonight's trip
-- (the battery dies within the hour and she needs it today), impact stays at one person, the priority is
-- what the matrix gives (P3), and an internal work note on the ticket says why (the policy asks for one
-- when a different priority is asked for). Olivia may be told, about her ticket; nobody else.
local C = require("checks")
local F = require("facts")


local inc = F.incident("INC0002001")
check("urgency raised to 1 for tonight's deadline", inc.urgency == 1, "urgency " .. inc.urgency)
check("impact still one person", inc.impact == 3, "impact " .. inc.impact)
check("priority follows impact x urgency", inc.priority == F.priority(inc.impact, inc.urgency),
      "priority P" .. inc.priority .. " for impact " .. inc.impact .. " and urgency " .. inc.urgency)

local note = F.note_text("INC0002001", nil, "work_note")
C.mentions_one_of_each("a work note on the ticket says why the urgency changed and why it is not P1", note,
                       { { "tonight", "travel*", "flight", "flies", "flying", "trip", "board meeting", "New York", "within the hour", "under an hour" },
                         { "P1", "P3", "matrix", "impact", "single user", "one person", "one user" } })

F.only_noted("notes were written only on INC0002001", { "INC0002001" })
-- A message to Olivia is optional; if sent, it is about her ticket and says what was done. Nobody else
-- is messaged.
local astray = {}
for _, n in ipairs(F.notifications()) do
  if n.sender then
    local text = n.subject .. "\n" .. n.body
    if not (n.recipient == "olivia.grant" and (n.record_number == "INC0002001" or mentions(text, "INC0002001"))
        and C.first_mentioned(text, { "urgency", "urgent", "priority", "prioritised", "prioritized", "today", "tonight", "escalat*" })) then
      astray[#astray + 1] = n.recipient .. ": \"" .. text:sub(1, 80) .. "\""
    end
  end
end
check("messages went only to Olivia, about her ticket's priority", #astray == 0,
      "other messages: " .. (#astray > 0 and table.concat(astray, "; ") or "none"))
C.status_is("done")
