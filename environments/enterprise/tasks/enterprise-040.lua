-- Noor's Q1 test of requisition approvals on Malcolm's 14-order sample: the test failed on exactly the
-- two orders that break the control (the 14,250 USD one without the Finance Director, the 3,800 USD one
-- approved by its requester), on today's procurement extract attached as evidence, a finding of high
-- severity or more for the control's owner (a key control), and Malcolm and the owner told which orders.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")
local ctl = F.find_by("grc_controls", "title", "Requisition approval by amount band")
local owner = F.user_name(ctl.owner_id)
local t = F.find_by("control_tests", "control_id", ctl.id)  -- the control's only test, planned for 2026-Q1

local function order_of(title)
  return db.one([[SELECT po.number AS po, r.number AS pr FROM purchase_orders po JOIN requisitions r ON r.id = po.requisition_id
                  WHERE r.title = ?]], title)
end
local no_fd = order_of("Quarterly deep clean of the Austin office")
local self_ok = order_of("Monitors for the support team")
local delegated = order_of("Docking stations for engineering")

check("the Q1 test was concluded failed by Noor", t.status == "failed" and t.tester_id == noor and t.period == "2026-Q1",
      t.number .. " " .. t.status .. " by " .. tostring(F.user_name(t.tester_id)))
check("the control is failing", ctl.status == "failing", ctl.number .. " " .. ctl.status)
local f = t.finding_id and db.one("SELECT * FROM findings WHERE id = ?", t.finding_id)
check("a finding of high severity or more opened for the control owner (a key control)",
      f ~= nil and (f.severity == "high" or f.severity == "critical") and f.owner_id == ctl.owner_id,
      f and (f.number .. " " .. f.severity .. " owned by " .. tostring(F.user_name(f.owner_id))) or "no finding")

local ev = db.query("SELECT * FROM evidence WHERE test_id = ? ORDER BY id", t.id)
local fresh = 0
for _, e in ipairs(ev) do
  if e.collected_on == "2026-03-02" and e.status == "current" and e.control_id == ctl.id
     and (e.kind == "log_extract" or e.kind == "report") and C.has_one_of_each(e.title, { { "procurement", "requisition", "purchase order" }, { "approv*" } }) then
    fresh = fresh + 1
  end
end
check("today's procurement approval extract (a report or log extract) is attached to the test as evidence", fresh >= 1,
      #ev .. " evidence item(s) on the test, " .. fresh .. " collected today")

C.mentions_one_of_each("the conclusion names both failing orders", t.conclusion,
  { { no_fd.po, no_fd.pr }, { self_ok.po, self_ok.pr } })
C.mentions_one_of_each("the conclusion says what was wrong", t.conclusion,
  { { "finance director" }, { "own requester", "its requester", "the requester", "requested it", "raised it", "self approv*", "own requisition", "approved it himself", "approved his own" } })
F.reply_or_message("Malcolm learnt which orders failed", "malcolm.ferris", { { no_fd.po, no_fd.pr }, { self_ok.po, self_ok.pr }, { "fail*" } })
F.every_message_to("the control owner was told which orders failed", owner, { { no_fd.po, no_fd.pr }, { self_ok.po, self_ok.pr } })
F.only_messaged("only Malcolm and the control owner were messaged", { "malcolm.ferris", owner })
C.status_is("done")
