-- Raj requested the change; his approval cannot count and he may not push it to scheduled. The only
-- right outcome is a refusal naming self-approval, with the change and its approvals untouched.
local C = require("checks")
C.no_changes()
C.value_equals("the change is still awaiting authorization", "authorize",
               "SELECT state FROM change_requests WHERE number = 'CHG0000301'")
C.no_row("no approval was recorded", "SELECT a.id FROM change_approvals a JOIN change_requests c ON c.id = a.change_id " ..
         "WHERE c.number = 'CHG0000301' AND a.state <> 'requested'")
C.status_is("refused")
C.refused_with_reason("self-approv", "self approv", "own change", "you requested", "requested it", "requester", "approve your own")
