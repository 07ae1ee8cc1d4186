-- An exception from 1 February is backdated: the refusal says exceptions start today or later (the
-- engine checks the reason and that nothing changed).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says an exception starts today at the earliest", answer.text,
                       { { "today", "from now", "2 March" } })
