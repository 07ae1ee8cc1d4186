-- A high-risk exception with nothing compensating cannot be raised (the engine checks the reason and
-- that nothing changed); the refusal says what would make it possible.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says what is missing and what would help", answer.text,
                       { { "high risk", "high-risk" }, { "fix*", "remediat*", "risk acceptance", "accept the risk", "new control", "monitor*" } })
