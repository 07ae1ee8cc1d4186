-- Four new tickets (the error code in the title, the description, or lower case) join the existing
-- problem; no second problem is opened; each caller sees the online-mode workaround; the large-attachment
-- outbox ticket is not part of it.
local C = require("checks")
local F = require("facts")

local pid = db.value("SELECT id FROM problems WHERE number = 'PRB0000061'")
local unlinked, untold = {}, {}
for k = 2, 5 do
  local n = "INC000200" .. k
  local inc = F.incident(n)
  if inc.problem_id ~= pid then unlinked[#unlinked + 1] = n end
  local seen = false
  for _, w in ipairs(db.query("SELECT body FROM work_notes WHERE record_number = ? AND visibility = 'comment'", n)) do
    if w.body:lower():find("online", 1, true) or w.body:lower():find("cached", 1, true) then seen = true end
  end
  for _, m in ipairs(db.query("SELECT body FROM notifications WHERE record_number = ? AND recipient_id = ? AND sender_id IS NOT NULL", n, inc.caller_id)) do
    if m.body:lower():find("online", 1, true) or m.body:lower():find("cached", 1, true) then seen = true end
  end
  if not seen then untold[#untold + 1] = n end
end
check("the four new tickets are linked to the existing problem", #unlinked == 0, "not linked: " .. table.concat(unlinked, ", "))
check("each caller was given the workaround", #untold == 0, "no workaround on: " .. table.concat(untold, ", "))
C.count_equals("no second problem was opened", 0, "SELECT id FROM problems WHERE number > 'PRB0000061'")
C.value_equals("the large-attachment ticket is not linked", null, "SELECT problem_id FROM incidents WHERE number = 'INC0002006'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
