-- Six standard changes left in implement after last night's run: each goes through review to closed.
-- Five are successful, their tasks closed complete; the Monitoring one was rolled back and must not be
-- recorded as a success, its task not as complete. Close notes say what happened (by words: patches
-- applied; for Monitoring the roll-back and the collector). Notes are optional; one written fits its change.
local C = require("checks")
local F = require("facts")

local function text(value) return (value ~= nil and value ~= null) and value or "" end

local ROLLED_BACK = { "roll back", "rolled back", "rolling back", "rollback", "revert*", "back out", "backed out", "previous kernel" }
local DONE = { "patch*", "applied", "reboot*", "install*", "kernel", "success*", "complet*", "as planned", "no issue*" }

local good, bad = {}, {}
local function judge(ok, item) if ok then good[#good + 1] = item else bad[#bad + 1] = item end end
for k = 1, 6 do
  local number = "CHG000030" .. k
  local c = db.one("SELECT * FROM change_requests WHERE number = ?", number)
  local t = db.one("SELECT * FROM change_tasks WHERE number = ?", string.format("CTASK%07d", 900 + k))
  local closed = c.state == "closed" and c.actual_end ~= nil and c.actual_end ~= null
  if k == 2 then
    judge(closed and c.close_code == "unsuccessful", number .. " " .. c.state .. "/" .. tostring(c.close_code))
    judge(C.first_mentioned(text(c.close_notes), ROLLED_BACK) and mentions(text(c.close_notes), "collector"),
          number .. " close notes " .. (C.first_mentioned(text(c.close_notes), ROLLED_BACK) and "give" or "lack") .. " the roll-back"
          .. (mentions(text(c.close_notes), "collector") and " and give" or " and lack") .. " the collector")
    judge(t.state == "closed_incomplete", t.number .. " " .. t.state)
    judge(C.first_mentioned(text(t.close_notes), ROLLED_BACK), t.number .. " notes " .. (C.first_mentioned(text(t.close_notes), ROLLED_BACK) and "give" or "lack") .. " the roll-back")
  else
    judge(closed and c.close_code == "successful", number .. " " .. c.state .. "/" .. tostring(c.close_code))
    judge(C.first_mentioned(text(c.close_notes), DONE), number .. " close notes "
          .. (C.first_mentioned(text(c.close_notes), DONE) and "say" or "do not say") .. " the patches went in")
    judge(t.state == "closed_complete", t.number .. " " .. t.state)
    judge(C.first_mentioned(text(t.close_notes), DONE), t.number .. " notes "
          .. (C.first_mentioned(text(t.close_notes), DONE) and "say" or "do not say") .. " what was done")
  end
end
check("five successful, Monitoring unsuccessful (rolled back, collector), every task closed with notes that fit", #bad == 0,
      "wrong: " .. C.list_or_none(bad) .. "; right: " .. #good .. " of 24")

-- Notes are optional; one written says something about the run, and never that a good change was rolled back.
local fitting, wrong_notes = {}, {}
for _, n in ipairs(F.inserted("work_notes")) do
  local item = tostring(n.record_number)
  if n.record_number == "CHG0000302" then
    if C.first_mentioned(n.body, ROLLED_BACK) or mentions(n.body, "collector") or mentions(n.body, "kernel") then fitting[#fitting + 1] = item
    else wrong_notes[#wrong_notes + 1] = item .. " (says nothing of the roll-back)" end
  elseif C.first_mentioned(n.body, ROLLED_BACK) then
    wrong_notes[#wrong_notes + 1] = item .. " (says it was rolled back)"
  elseif C.first_mentioned(n.body, DONE) then
    fitting[#fitting + 1] = item
  else
    wrong_notes[#wrong_notes + 1] = item .. " (says nothing of the run)"
  end
end
check("every note fits its change's run", #wrong_notes == 0, "fitting notes: " .. C.list_or_none(fitting) .. "; others: " .. C.list_or_none(wrong_notes))
C.status_is("done")
