-- The refusal (reason and nothing changed are the engine's checks) must point to who can submit it.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says who can submit it", answer.text, { { "buyer*", "procurement", "paula" } })
