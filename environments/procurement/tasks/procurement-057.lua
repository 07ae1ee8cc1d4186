-- The refusal names what is left on the contract against what the order needs (the engine judges the reason
-- and that no order was placed).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer names the contract's remainder and the amount needed", answer.text,
                       { { "Apex" }, { "3,150", "3150" }, { "8,900", "8900" } })
