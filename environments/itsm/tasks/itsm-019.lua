-- The change must go through its life cycle (implement, inside its 10:00-12:00 window, then review, then
-- closed): closed as successful with notes, with its actual start recorded and both tasks closed.
local C = require("checks")
local chg = db.one("SELECT * FROM change_requests WHERE number = 'CHG0000301'")
check("the change is closed as successful with notes", chg.state == "closed" and chg.close_code == "successful" and chg.close_notes ~= nil,
      chg.state .. " / " .. tostring(chg.close_code))
check("implementation was recorded inside the window", chg.actual_start ~= nil and chg.actual_start >= chg.planned_start
      and chg.actual_start < chg.planned_end, "actual_start " .. tostring(chg.actual_start))
C.no_row("both change tasks are closed complete with notes",
         "SELECT number FROM change_tasks WHERE change_id = ? AND (state <> 'closed_complete' OR close_notes IS NULL)", chg.id)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
