-- Search friction: the three BANK-417 tickets are worded differently ("BANK-417", "BANK 417", "417" only in
-- the description). All three, and not the slow-payroll ticket, must hang off one new Application Support
-- problem about the bank export on the Payroll Service, with the impact of the tickets it gathers (a team,
-- 2), and a known error whose restart workaround the desk can read in an article published with Emma
-- Davis, who reviewed it, as its reviewer.
local C = require("checks")
local F = require("facts")

local created = F.inserted("problems")
check("one problem was opened", #created == 1, #created .. " problem(s) opened")
local prb = created[1] or { id = 0 }
check("the problem is with Application Support", prb.assignment_group_id == F.group_id("Application Support"),
      "group " .. tostring(F.group_name(prb.assignment_group_id)))
check("it is about the BANK-417 bank export",
      C.has_one_of_each((prb.short_description or "") .. "\n" .. (prb.description or ""), { { "export", "bank" }, "417" }),
      "short description: " .. tostring(prb.short_description))
check("it is on the Payroll Service (or on no CI)", F.ci_name(prb.ci_id) == nil or F.ci_name(prb.ci_id) == "Payroll Service",
      "CI " .. tostring(F.ci_name(prb.ci_id) or "none"))
check("its impact is the tickets' (a team: 2)", prb.impact == 2, "impact " .. tostring(prb.impact))
local linked, unlinked = {}, {}
for _, n in ipairs({ "INC0002001", "INC0002002", "INC0002003" }) do
  if F.incident(n).problem_id == prb.id then linked[#linked + 1] = n else unlinked[#unlinked + 1] = n end
end
check("all three BANK-417 tickets are linked", #unlinked == 0, "linked: " .. C.list_or_none(linked) .. "; not linked: " .. C.list_or_none(unlinked))
C.value_equals("the slow-payroll ticket is not linked", null, "SELECT problem_id FROM incidents WHERE number = 'INC0002004'")
local ke = db.one("SELECT * FROM known_errors WHERE problem_id = ?", prb.id)
check("a known error records the restart workaround",
      ke ~= nil and C.has_one_of_each(ke.workaround, { { "restart", "restarting", "restarted" }, "export" }),
      "workaround: " .. tostring(ke and ke.workaround or "no known error"))
local kb = ke and ke.kb_article_id and db.one("SELECT * FROM kb_articles WHERE id = ?", ke.kb_article_id)
check("its workaround is published for the desk", kb ~= nil and kb.state == "published",
      "article " .. tostring(kb and (kb.number .. " is " .. kb.state) or "none"))
check("Emma Davis is the article's reviewer", kb ~= nil and kb.reviewer_id == F.user_id("emma.davis"),
      "reviewer " .. tostring(kb and F.user_name(kb.reviewer_id) or "none"))
C.status_is("done")
