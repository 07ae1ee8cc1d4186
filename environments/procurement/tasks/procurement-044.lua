-- Nothing of the desk has been received (PROC-R10, three-way): the refusal names the invoice or the desk
-- and says it waits for the delivery; nothing changed (the engine checks that and the reason).
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer says what it waits for", answer.text,
                       { { "FF-31022", "reception desk" }, { "deliver*", "booked in", "receiv*" } })
