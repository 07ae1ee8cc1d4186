-- The refusal (reason and nothing changed are the engine's checks) must say how many quotes are there.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says two quotes are attached", answer.text, { { "two", "2", "only" }, { "quote*" } })
