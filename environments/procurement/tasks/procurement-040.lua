-- The venue order's headcount change order waits for re-approval (PROC-R13): the refusal says what waits
-- and for whom; nothing changed (the engine checks that and the reason).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says who still has to approve the change", answer.text,
                       { { "finance director", "frank", "cfo", "olivia" } })
