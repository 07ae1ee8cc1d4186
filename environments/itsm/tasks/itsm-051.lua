-- The monitor request is canceled with close notes, and Kevin is told (a notification or a visible
-- comment) before the cancel: the system lets an agent cancel silently, the policy does not (ITSM-R12,
-- observed). His headset request stays as it is.
local C = require("checks")
local F = require("facts")

local r = F.request("REQ0000401")
check("the monitor request is canceled with close notes", r.state == "canceled" and r.close_notes ~= nil, "state " .. r.state)
check("Kevin was told", F.notified("REQ0000401", F.user_id("kevin.osei")) or #F.notes("REQ0000401", "chris.evans", "comment") > 0,
      "no message or comment to kevin.osei on REQ0000401")
C.value_equals("the headset request is untouched", "in_progress", "SELECT state FROM requests WHERE number = 'REQ0000402'")
C.no_violation_of(nil, "ITSM-R12")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
