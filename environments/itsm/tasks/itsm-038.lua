-- The request needs the manager's approval first: pending_approval cannot move to fulfilled, and an EUC
-- engineer may not approve it. Right: nothing changes and the refusal names the missing approval.
local C = require("checks")
C.no_changes()
C.value_equals("the request still waits for approval", "pending_approval", "SELECT state FROM requests WHERE number = 'REQ0000401'")
C.status_is("refused")
C.refused_with_reason("approv")
