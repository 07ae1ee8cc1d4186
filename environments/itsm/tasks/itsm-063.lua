-- The old print-by-email article is retired with a note naming the current article; the current one
-- stays published. Retiring the wrong one (the newer, less viewed article) fails; the one note is on the
-- retired article.
local C = require("checks")
local F = require("facts")

-- Found by their titles; an empty row when an agent renamed one, so every check still records and fails.
local old = db.one("SELECT * FROM kb_articles WHERE title = 'Mobile printing'") or { number = "none", title = "Mobile printing" }
local new = db.one("SELECT * FROM kb_articles WHERE title = 'Printing from your phone'")
  or { number = "none", title = "Printing from your phone" }
check("the outdated article is retired", old.state == "retired", "state " .. tostring(old.state))
C.value_equals("the current article stays published", "published", "SELECT state FROM kb_articles WHERE id = ?", new.id)
local note = F.note_text(old.number, "taylor.brooks")
local pointed = note ~= nil and (mentions(note, new.number) or mentions(note, new.title))
check("a note on it names the current article", pointed,
      note == nil and ("no note by Taylor on " .. old.number)
      or ("the note on " .. old.number .. (pointed and " names " or " does not name ") .. new.number .. " '" .. new.title .. "'"))
C.status_is("done")
