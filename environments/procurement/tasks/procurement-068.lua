-- The refusal names what does not exist (the engine judges the reason and that nothing was paid).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer names the unknown supplier and invoice", answer.text, { { "Bluewater" }, { "BW-4471", "BW 4471", "invoice" } })
