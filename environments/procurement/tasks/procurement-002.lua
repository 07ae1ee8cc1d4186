-- The invoice bills 15 / 22 / 8 against 7 / 11 / 4 received: the refusal must name the invoice and say
-- the quantities billed were not received (the engine judges the reason and that nothing changed).
local C = require("checks")
C.status_is("refused")
check("the answer names the invoice", mentions(answer.text or "", "NW-20417"), "answer: " .. tostring(answer.text))
C.mentions_one_of_each("the answer says what was received against what was billed", answer.text,
                       { { "received", "delivered", "arrived" }, { "7", "11", "4", "half", "part", "only" } })
