-- The payment to Ardent stays scheduled (the engine checks that nothing changed and the reason); the
-- answer names what blocks it: the failed assessment.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says the vendor failed its assessment", answer.text,
                       { { "failed its assessment", "failed the assessment", "assessment failed", "failed assessment", "scored 38" } })
