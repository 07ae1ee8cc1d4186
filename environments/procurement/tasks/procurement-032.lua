-- The monitor order is closed (PROC-R02): the refusal says so and points to a new requisition; nothing
-- changed (the engine checks that and the reason).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer points to a new requisition for the further need", answer.text,
                       { { "new requisition", "raise a requisition", "new request", "new order" } })
