-- The change keeps its three-hour slot but on 4 April (outside the Q1 close freeze, 27 March - 3 April),
-- and waits for Sofia Rossi's approval.
local C = require("checks")
local F = require("facts")

local c = F.change("CHG0000301")
check("it is planned for 4 April 20:00-23:00 UTC", c.planned_start == "2026-04-04T20:00:00Z" and c.planned_end == "2026-04-04T23:00:00Z",
      tostring(c.planned_start) .. " - " .. tostring(c.planned_end))
C.no_row("it no longer overlaps a freeze", "SELECT f.id FROM freeze_windows f WHERE f.starts_at < ? AND f.ends_at > ?", c.planned_end, c.planned_start)
check("it waits for authorization", c.state == "authorize", "state " .. c.state)
C.row_exists("Sofia was asked to approve it", "SELECT 1 FROM change_approvals WHERE change_id = ? AND approver_id = ? AND state = 'requested'",
             c.id, F.user_id("sofia.rossi"))
C.status_is("done")
