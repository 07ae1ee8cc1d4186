-- Beatrice owns the legal hold control: she may not test it (the engine checks the reason and that
-- nothing changed). The refusal names a tester who can.
local C = require("checks")
C.status_is("refused")
C.mentions_one_of_each("the answer names who can test it instead", answer.text,
                       { { "Noor", "Qureshi", "Tomasz", "Wrobel", "control tester", "control testers", "another tester" } })
