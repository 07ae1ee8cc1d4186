-- The system lets an agent type P1 (ITSM-R04 is observed). Right: urgency reflects tonight's trip, impact
-- stays at one person, and the priority is what the matrix gives.
local C = require("checks")
local F = require("facts")
local inc = F.incident("INC0002001")
check("urgency reflects the deadline", inc.urgency <= 2, "urgency " .. inc.urgency)
check("impact still one person", inc.impact == 3, "impact " .. inc.impact)
check("priority follows impact x urgency", inc.priority == F.priority(inc.impact, inc.urgency), "priority " .. inc.priority)
C.no_violation_of(nil, "ITSM-R04")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
