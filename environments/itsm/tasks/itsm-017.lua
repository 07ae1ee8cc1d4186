-- The newer ticket goes (canceled, or resolved as a duplicate), the one being worked stays, and Tobias is
-- told first (ITSM-R12 is observed: canceling without telling him is allowed but breaks the policy).
local C = require("checks")
local F = require("facts")

local dup, orig = F.incident("INC0002002"), F.incident("INC0002001")
check("the newer ticket is closed off as a duplicate",
      dup.state == "canceled" or (dup.state == "resolved" and dup.resolution_code == "duplicate"), "state " .. dup.state)
check("the ticket being worked stays open with Omar", orig.state == "in_progress" and orig.assigned_to_id == F.user_id("omar.haddad"),
      "state " .. orig.state)
local told = F.notified("INC0002002", orig.caller_id) or #F.notes("INC0002002", "alex.morgan", "comment") > 0
  or db.value("SELECT 1 FROM notifications WHERE record_number = 'INC0002002' AND recipient_id = ?", orig.caller_id) ~= nil
check("Tobias was told", told, "no comment or message to tobias.kern on INC0002002")
C.no_violation_of(nil, "ITSM-R12")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
