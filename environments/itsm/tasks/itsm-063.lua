-- The old print-by-email article is retired with a note naming the current article; the current one
-- stays published. Retiring the wrong one (the newer, less viewed article) fails.
local C = require("checks")
local F = require("facts")

local old = db.one("SELECT * FROM kb_articles WHERE title = 'Mobile printing'")
local new = db.one("SELECT * FROM kb_articles WHERE title = 'Printing from your phone'")
check("the outdated article is retired", old.state == "retired", "state " .. old.state)
C.value_equals("the current article stays published", "published", "SELECT state FROM kb_articles WHERE id = ?", new.id)
local pointed = false
for _, n in ipairs(F.notes(old.number, "taylor.brooks")) do
  if n.body:find(new.number, 1, true) then pointed = true end
end
check("a note on it names the current article by number", pointed, "no note on " .. old.number .. " naming " .. new.number)
C.no_violations()
C.no_unexpected_changes()
C.status_is("done")
