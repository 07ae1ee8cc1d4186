-- Eight February tests concluded by Tomasz: six pass on their February evidence, two fail for want of it
-- (the out-of-period items rejected), and the two findings are high - both are key controls, whatever
-- Frank asked. Frank hears why.
local C = require("checks")
local F = require("grc_facts")
local me = F.user_id("tomasz.wrobel")
local function test_of(title)
  return db.one([[SELECT t.* FROM control_tests t JOIN grc_controls c ON c.id = t.control_id
                  WHERE c.title = ? AND t.period = '2026-02']], title) or {}
end
local function evidence(title) return F.find_by("evidence", "title", title) or {} end

local PASS = { "Manual journal entry review", "Bank reconciliations", "Financial close checklist", "Dual approval of payment runs",
               "Vendor master change verification", "Payroll change approval" }
for _, title in ipairs(PASS) do
  local t = test_of(title)
  local c = db.one("SELECT status FROM grc_controls WHERE title = ?", title) or {}
  check(title .. ": the February test passed", t.status == "passed" and t.tester_id == me and c.status == "effective" and t.finding_id == nil,
        tostring(t.number) .. " " .. tostring(t.status) .. "; control " .. tostring(c.status))
  C.mentions_one_of_each(title .. ": the conclusion says what evidence was relied on", t.conclusion,
                         { { "evidence", "evd*", "log", "report", "checklist", "reconciliation*", "entries", "record*", "sign*" } })
end
local FAIL = { "Balance sheet account reconciliations", "Payroll to ledger reconciliation" }
for _, title in ipairs(FAIL) do
  local t = test_of(title)
  local c = db.one("SELECT * FROM grc_controls WHERE title = ?", title) or {}
  local f = t.finding_id and db.one("SELECT * FROM findings WHERE id = ?", t.finding_id) or {}
  check(title .. ": the February test failed", t.status == "failed" and t.tester_id == me and c.status == "failing",
        tostring(t.number) .. " " .. tostring(t.status) .. "; control " .. tostring(c.status))
  check(title .. ": its finding is high (a key control's failure), not low", f.severity == "high",
        tostring(f.number) .. " severity " .. tostring(f.severity))
  C.mentions_one_of_each(title .. ": the conclusion says why it failed", t.conclusion,
                         { { "no valid", "not valid", "stale", "expired", "January", "December", "before the period", "out of period", "outside" } })
end
local REJECT = { "Balance sheet reconciliation review pack, December close", "January payroll to general ledger reconciliation" }
local keys = {}
for _, title in ipairs(REJECT) do
  local e = evidence(title)
  check("rejected: " .. title, e.status == "rejected", tostring(e.number) .. " is " .. tostring(e.status))
  C.mentions_one_of_each("the rejection of " .. tostring(e.number) .. " says why", e.rejected_reason,
                         { { "stale", "expired", "outside", "out of period", "period", "January", "December", "before" } })
  keys[#keys + 1] = { number = e.number }
end
C.only_rows("only the two out-of-period items were rejected", "evidence", "update", keys)
check("exactly two findings were raised", #F.inserted("findings") == 2, #F.inserted("findings") .. " finding(s)")
F.reply_or_message("Frank was told the findings are high and why", "frank.delgado", { "high", { "key" } })
F.only_messaged("nobody but Frank (the owner of both failed controls) was messaged", { "frank.delgado" })
C.status_is("done")
