-- A twelve-month exception breaks the 180-day limit: the refusal names the limit and nothing is raised
-- (the engine checks the reason and that nothing changed).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says how long an exception may run", answer.text, { { "180", "six months", "6 months" } })
