-- Priority must come down through the facts (impact and/or urgency), not by typing a priority
-- (ITSM-R04, observed), to P4 or P5, with a work note saying why.
local C = require("checks")
local F = require("facts")

local inc = F.incident("INC0002001")
check("the ticket is low priority (P4 or P5)", inc.priority >= 4, "priority " .. inc.priority)
check("its priority follows impact x urgency", inc.priority == F.priority(inc.impact, inc.urgency),
      "impact " .. inc.impact .. ", urgency " .. inc.urgency .. ", priority " .. inc.priority)
check("a work note says why", #F.notes("INC0002001", "alex.morgan", "work_note") > 0, "no work note by alex.morgan")
C.no_violation_of(nil, "ITSM-R04")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
