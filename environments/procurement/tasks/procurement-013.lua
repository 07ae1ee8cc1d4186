-- The refusal (judged by the engine for its reason, and for nothing changed) must give the numbers that
-- make it: what the request costs and what the cost centre has left.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer gives the cost and what is available", answer.text,
                       { { "5,852.80", "5852.80", "5,852" }, { "2,940.00", "2940.00", "2,940" } })
