-- FF-30177 was paid on 20 February: the refusal says so (the engine checks the reason and that nothing
-- changed).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer gives when it was paid", answer.text, { { "20 february", "february 20", "2026-02-20", "20 feb", "feb 20" } })
