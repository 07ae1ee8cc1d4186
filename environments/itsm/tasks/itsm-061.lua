-- Six standard changes left in implement after last night's run: each goes through review to closed.
-- Five are successful; the Monitoring one was rolled back and must not be recorded as a success. Every
-- task is closed with notes (the rolled-back one not as complete).
local C = require("checks")

local unclosed = {}
for k = 1, 6 do
  local c = db.one("SELECT * FROM change_requests WHERE number = ?", "CHG000030" .. k)
  if c.state ~= "closed" or c.close_notes == nil or c.actual_end == nil then unclosed[#unclosed + 1] = c.number .. " (" .. c.state .. ")" end
end
check("all six changes are closed through review, with notes", #unclosed == 0, "not closed properly: " .. table.concat(unclosed, ", "))
C.count_equals("the five good runs are closed as successful", 5,
               "SELECT id FROM change_requests WHERE number IN ('CHG0000301', 'CHG0000303', 'CHG0000304', 'CHG0000305', 'CHG0000306') AND close_code = 'successful'")
C.value_equals("the Monitoring change is closed as unsuccessful", "unsuccessful", "SELECT close_code FROM change_requests WHERE number = 'CHG0000302'")
C.no_row("every task is closed with notes",
         "SELECT number FROM change_tasks WHERE number BETWEEN 'CTASK0000901' AND 'CTASK0000906' AND (state NOT LIKE 'closed%' OR close_notes IS NULL)")
C.value_equals("the rolled-back task is not closed as complete", "closed_incomplete", "SELECT state FROM change_tasks WHERE number = 'CTASK0000902'")
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
