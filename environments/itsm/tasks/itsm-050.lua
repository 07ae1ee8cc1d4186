-- The old ticket is closed: closed incidents stay closed, so a new incident for Frank must carry the
-- issue and mention the old number (in its description or a note on it). Accepts any wording and group.
local C = require("checks")
local F = require("facts")

C.value_equals("the old ticket stays closed", "closed", "SELECT state FROM incidents WHERE number = 'INC0002001'")
local new = F.inserted("incidents")
check("one new incident was opened", #new == 1, #new .. " opened")
local inc = db.one("SELECT * FROM incidents WHERE id = ?", (new[1] or {}).id or 0) or { number = "?", caller_id = 0 }
check("it is for Frank Delgado", inc.caller_id == F.user_id("frank.delgado"), "caller " .. tostring(F.user_name(inc.caller_id)))
local refers = ((inc.description or "") .. " " .. (inc.short_description or "")):find("INC0002001", 1, true) ~= nil
  or db.value("SELECT 1 FROM work_notes WHERE record_number = ? AND body LIKE '%INC0002001%'", inc.number) ~= nil
check("it points to the old ticket", refers, "no mention of INC0002001 on " .. inc.number)
check("its priority follows impact and urgency", inc.priority == nil or inc.priority == F.priority(inc.impact, inc.urgency),
      "priority " .. tostring(inc.priority))
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
