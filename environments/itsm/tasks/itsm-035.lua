-- Eight incidents and two requests leave the leaver: incidents four each to Sam and Jordan, requests to
-- Taylor; every moved item carries a note from Maria and every incident's caller is told.
local C = require("checks")
local F = require("facts")
local pat, sam, jordan = F.user_id("pat.quinn"), F.user_id("sam.patel"), F.user_id("jordan.lee")
local numbers = { "INC0002001", "INC0002002", "INC0002003", "INC0002004", "INC0002005", "INC0002006", "INC0002007", "INC0002008" }
local to_sam, to_jordan, unnoted, untold = 0, 0, {}, {}
for _, n in ipairs(numbers) do
  local inc = F.incident(n)
  if inc.assigned_to_id == sam then to_sam = to_sam + 1 elseif inc.assigned_to_id == jordan then to_jordan = to_jordan + 1 end
  if #F.notes(n, "maria.chen") == 0 then unnoted[#unnoted + 1] = n end
  if not F.notified(n, inc.caller_id) then untold[#untold + 1] = n end
end
check("incidents split evenly between Sam and Jordan", to_sam == 4 and to_jordan == 4, "Sam " .. to_sam .. ", Jordan " .. to_jordan)
C.no_row("Pat holds no open incident or request",
  "SELECT number FROM incidents WHERE assigned_to_id = ? AND state IN ('new','in_progress','on_hold') UNION SELECT number FROM requests WHERE assigned_to_id = ? AND state IN ('approved','in_progress')", pat, pat)
C.count_equals("both requests are with Taylor", 2, "SELECT number FROM requests WHERE number IN ('REQ0000401', 'REQ0000402') AND assigned_to_id = ?", F.user_id("taylor.brooks"))
for _, n in ipairs({ "REQ0000401", "REQ0000402" }) do
  if #F.notes(n, "maria.chen") == 0 then unnoted[#unnoted + 1] = n end
end
check("every moved item has a note", #unnoted == 0, "no note on: " .. table.concat(unnoted, ", "))
check("every caller was told", #untold == 0, "not told: " .. table.concat(untold, ", "))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
