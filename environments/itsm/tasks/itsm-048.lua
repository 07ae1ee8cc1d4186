-- 22 April is inside the Customer Portal launch freeze (20-24 April): no normal change may be planned in
-- it (ITSM-R08, enforced). Right: no change is raised (not even one moved to other dates the requester
-- did not choose) and the refusal names the freeze.
local C = require("checks")
C.no_changes()
C.no_row("no change was raised", "SELECT id FROM change_requests WHERE opened_at >= '2026-03-02T09:00:00Z'")
C.status_is("refused")
C.refused_with_reason("freeze", "frozen", "launch")
