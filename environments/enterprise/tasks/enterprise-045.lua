-- Tomasz's Q1 test of ERP change management on Malcolm's eight changes: failed on exactly the two that
-- break the control (approved after implementation; approved by its implementer), on today's service desk
-- extract, with a finding of high severity or more (a key control), and Malcolm and Priya told which changes.
local C = require("checks")
local F = require("grc_facts")
local tomasz = F.user_id("tomasz.wrobel")
local ctl = F.find_by("grc_controls", "title", "ERP change management")
local owner = F.user_name(ctl.owner_id)
local t = db.one("SELECT * FROM control_tests WHERE control_id = ? AND period = '2026-Q1'", ctl.id)
if not t then
  for _, d in ipairs(changes("control_tests")) do
    if d.op == "update" and (d.before.period == "2026-Q1" or d.before.control_id == ctl.id) then
      t = db.one("SELECT * FROM control_tests WHERE id = ?", type(d.key) == "table" and d.key.id or d.key)
    end
  end
end
local function chg(title) return db.value("SELECT number FROM change_requests WHERE short_description = ?", title) end
local late = chg("ERP: raise the invoice approval workflow timeout")
local self = chg("ERP: new field for supplier tax numbers on the vendor screen")

check("the Q1 test was concluded failed by Tomasz", t.status == "failed" and t.tester_id == tomasz and t.control_id == ctl.id and t.period == "2026-Q1",
      t.number .. " " .. t.status .. " by " .. tostring(F.user_name(t.tester_id)))
check("the control is failing", ctl.status == "failing", ctl.number .. " " .. ctl.status)
local f = t.finding_id and db.one("SELECT * FROM findings WHERE id = ?", t.finding_id)
check("a finding of high severity or more opened for the control owner (a key control)",
      f ~= nil and (f.severity == "high" or f.severity == "critical") and f.owner_id == ctl.owner_id,
      f and (f.number .. " " .. f.severity .. " owned by " .. tostring(F.user_name(f.owner_id))) or "no finding")
local fresh = 0
for _, e in ipairs(db.query("SELECT * FROM evidence WHERE test_id = ? ORDER BY id", t.id)) do
  if e.collected_on == "2026-03-02" and e.status == "current" and (e.kind == "log_extract" or e.kind == "report")
     and C.has_one_of_each(e.title, { { "change*", "CHG*" }, { "approv*", "service desk" } }) then
    fresh = fresh + 1
  end
end
check("today's service desk extract is attached to the test as evidence", fresh >= 1, fresh .. " fresh extract(s) on the test")
C.mentions("the conclusion names both failing changes", t.conclusion, late, self)
C.mentions_one_of_each("the conclusion says what was wrong with each", t.conclusion,
  { { "after", "later than", "before it was approved", "before its approval", "approved only", "only approved", "23 January", "2026-01-23" }, { "implementer", "implemented it", "own approv*", "self approv*", "approved his own", "approved her own" } })
F.reply_or_message("Malcolm learnt which changes failed", "malcolm.ferris", { { late }, { self }, { "fail*" } })
F.every_message_to("the control owner was told which changes failed", owner, { { late }, { self } })
F.only_messaged("only Malcolm and the control owner were messaged", { "malcolm.ferris", owner })
C.status_is("done")
