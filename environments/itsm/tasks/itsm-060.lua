-- Four new tickets (the error code in the title, the description, or lower case) join the existing
-- problem (no second problem: the expected changes allow none); each caller sees the online-mode
-- workaround in a comment on their ticket, one comment each and nobody messaged otherwise (the expected
-- changes count them); the large-attachment outbox ticket is not part of it.
local C = require("checks")
local F = require("facts")


local pid = db.value("SELECT id FROM problems WHERE number = 'PRB0000061'")
local linked, unlinked, told, untold = {}, {}, {}, {}
for k = 2, 5 do
  local n = "INC000200" .. k
  local inc = F.incident(n)
  if inc.problem_id == pid then linked[#linked + 1] = n else unlinked[#unlinked + 1] = n end
  local text = F.note_text(n, nil, "comment")
  if text and (mentions(text, "online") or mentions(text, "cached exchange mode") or mentions(text, "cached mode")) then
    told[#told + 1] = n
  else
    untold[#untold + 1] = n
  end
end
check("the four new tickets are linked to the existing problem", #unlinked == 0,
      "linked: " .. C.list_or_none(linked) .. "; not linked: " .. C.list_or_none(unlinked))
check("each caller sees the workaround (online mode, Cached Exchange Mode off) in a comment", #untold == 0,
      "with the workaround: " .. C.list_or_none(told) .. "; without: " .. C.list_or_none(untold))
C.value_equals("the large-attachment ticket is not linked", null, "SELECT problem_id FROM incidents WHERE number = 'INC0002006'")
C.status_is("done")
