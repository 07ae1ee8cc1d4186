-- Nothing granted or assigned (the engine checks nothing changed and the reason); the answer says how she
-- could come back.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer names Freya Lund and the way back", answer.text, { { "Freya" }, { "new account", "request*" } })
