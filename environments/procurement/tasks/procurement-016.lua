-- The refusal (reason and nothing changed are the engine's checks) must give the amount and the limit.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer gives the amount and Nadine's limit", answer.text,
                       { { "38,500", "38500" }, { "25,000", "25000" } })
