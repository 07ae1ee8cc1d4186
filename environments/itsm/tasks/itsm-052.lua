-- Priority must come down through the facts, not by typing a priority (ITSM-R04, observed: the engine's
-- no-violation check catches a hand-set priority): only Marcus uses the report, so impact is one person
-- (3), and nothing is blocked, so urgency comes down too, to P4 or P5. A work note says why, with the facts.
local C = require("checks")
local F = require("facts")



local inc = F.incident("INC0002001")
check("impact is one person (3): only Marcus uses the report", inc.impact == 3, "impact " .. inc.impact)
check("urgency is lowered (nothing is blocked)", inc.urgency >= 2, "urgency " .. inc.urgency)
check("the ticket is low priority (P4 or P5)", inc.priority >= 4, "priority " .. inc.priority)
C.mentions_one_of_each("a work note says why", F.note_text("INC0002001", "alex.morgan", "work_note"),
     { { "only", "alone", "just", "one person", "one user", "single user" },
       { "run", "block*", "went through", "layout", "cosmetic", "pdf", "format*" } })
C.status_is("done")
