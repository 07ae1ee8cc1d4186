-- The refusal names the supplier and why no order can go to it (the engine judges the reason and that no
-- order was placed).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer names the supplier", answer.text, { { "Keystone" } })
