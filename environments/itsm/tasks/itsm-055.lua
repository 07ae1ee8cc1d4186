-- The screen swap is a task for End User Computing under Olivia's open ticket (not a new incident, not
-- a move of her ticket: the expected changes allow neither), saying what to do and where; and she is
-- kept posted with something she can see (a comment or a message) that says what is happening. Any
-- message goes to her alone and is about the screen.
local C = require("checks")
local F = require("facts")



local inc = F.incident("INC0002001")
local task = db.one([[SELECT * FROM incident_tasks WHERE incident_id = ? AND assignment_group_id = ?
                      AND state IN ('open', 'in_progress') ORDER BY id LIMIT 1]], inc.id, F.group_id("End User Computing"))
check("End User Computing has a task on her ticket", task ~= nil,
      task and ("task " .. task.number) or "no open End User Computing task under INC0002001")
C.mentions_one_of_each("the task says what to do and where", task and task.short_description .. "\n" .. ((task.description ~= null and task.description) or ""),
     { "screen*", { "desk", "desks", "desk side", "deskside", "london" } })

local seen = {}
for _, n in ipairs(F.new_notes("INC0002001", nil, "comment")) do seen[#seen + 1] = n.body end
seen[#seen + 1] = F.notification_text(nil, "olivia.grant")
C.mentions_one_of_each("Olivia is told the screen will be replaced at her desk", #seen > 0 and table.concat(seen, "\n") or nil,
     { { "screen*", "display*" }, { "desk", "desks", "desk side", "deskside", "london", "office" } })
-- Every message anyone sent is to Olivia and about her screen: no vague update to the CFO, nobody else.
local fine, off = {}, {}
for _, n in ipairs(F.notifications()) do
  if n.sender then
    local item = n.recipient .. " (" .. n.subject .. ")"
    if n.recipient == "olivia.grant" and (mentions(n.subject .. "\n" .. n.body, "screen*") or mentions(n.subject .. "\n" .. n.body, "display*")) then fine[#fine + 1] = item
    else off[#off + 1] = item end
  end
end
check("every message goes to Olivia and is about her screen", #off == 0,
      "to Olivia about the screen: " .. C.list_or_none(fine) .. "; other messages: " .. C.list_or_none(off))
C.status_is("done")
