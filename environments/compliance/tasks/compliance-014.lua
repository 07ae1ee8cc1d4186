-- The exception lapsed on 27 February: the refusal says it expired (the engine checks the reason and
-- that nothing changed), names the exception, and does not claim it was extended.
local C = require("checks")
local x = db.one([[SELECT number FROM policy_exceptions WHERE title = 'ERP quarterly restore test deferred until the new backup appliance is installed']])
C.status_is("refused")
C.mentions_one_of_each("the answer names the exception", answer.text, { { x.number, "restore test" } })
C.mentions_one_of_each("the answer says when it expired", answer.text, { { "27 February", "February 27", "2026-02-27", "Friday" } })
