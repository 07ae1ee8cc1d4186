-- The only evidence is last quarter's certification: the Q1 test cannot pass on it (the engine checks
-- the reason and that nothing changed). The refusal says what would let it pass.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says what evidence would do", answer.text,
                       { { "Q1", "this quarter", "first quarter", "2026-Q1", "current quarter" }, { "review", "certification", "certif*" } })
