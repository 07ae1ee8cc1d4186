-- Search friction: the three BANK-417 tickets are worded differently ("BANK-417", "BANK 417", "417" only in
-- the description). All three, and not the slow-payroll ticket, must hang off one new Application Support
-- problem, with a known error whose workaround the desk can read in a published article.
local C = require("checks")
local F = require("facts")

local created = F.inserted("problems")
check("one problem was opened", #created == 1, #created .. " problems opened")
local prb = created[1] or { id = 0 }
check("the problem is with Application Support", prb.assignment_group_id == F.group_id("Application Support"),
      "group " .. tostring(prb.assignment_group_id))
local unlinked = {}
for _, n in ipairs({ "INC0002001", "INC0002002", "INC0002003" }) do
  if F.incident(n).problem_id ~= prb.id then unlinked[#unlinked + 1] = n end
end
check("all three BANK-417 tickets are linked", #unlinked == 0, "not linked: " .. table.concat(unlinked, ", "))
C.value_equals("the slow-payroll ticket is not linked", null, "SELECT problem_id FROM incidents WHERE number = 'INC0002004'")
local ke = db.one("SELECT * FROM known_errors WHERE problem_id = ?", prb.id)
check("a known error records the restart workaround", ke ~= nil and ke.workaround:lower():find("restart", 1, true) ~= nil,
      ke and ke.workaround or "no known error")
C.row_exists("its workaround is published for the desk",
             "SELECT a.id FROM kb_articles a JOIN known_errors k ON k.kb_article_id = a.id WHERE k.problem_id = ? AND a.state = 'published'", prb.id)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
