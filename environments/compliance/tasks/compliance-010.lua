-- Eight Q1 tests concluded: six pass on current in-period evidence, two fail for want of it (with a
-- high-severity finding for the owner); the five stale or out-of-period items are rejected with a
-- reason, the valid evidence is left as it was.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")

local function test_of(title)
  return db.one([[SELECT t.* FROM control_tests t JOIN grc_controls c ON c.id = t.control_id
                  WHERE c.title = ? AND t.period = '2026-Q1']], title) or {}
end
local function evidence(title) return F.find_by("evidence", "title", title) or {} end
local EVIDENCE_WORDS = { { "evidence", "evd*", "sample", "report", "export", "listing", "list", "log", "certification", "review" } }

local PASS = { "ERP access provisioning approval", "ERP quarterly user access review", "CRM access provisioning approval",
               "CRM privileged access restriction", "Segregation of duties monitoring", "Multi-factor authentication enforcement" }
for _, title in ipairs(PASS) do
  local t = test_of(title)
  local c = db.one("SELECT status FROM grc_controls WHERE title = ?", title) or {}
  check(title .. ": the Q1 test passed by Noor", t.status == "passed" and t.tester_id == noor and c.status == "effective",
        tostring(t.number) .. " " .. tostring(t.status) .. " by " .. tostring(F.user_name(t.tester_id)) .. "; control " .. tostring(c.status))
  C.mentions_one_of_each(title .. ": the conclusion says what evidence was relied on", t.conclusion, EVIDENCE_WORDS)
  check(title .. ": a passed test raises no finding", t.finding_id == nil, "finding " .. tostring(t.finding_id))
end

local FAIL = { "ERP privileged access restriction", "CRM quarterly user access review" }
for _, title in ipairs(FAIL) do
  local t = test_of(title)
  local c = db.one("SELECT * FROM grc_controls WHERE title = ?", title) or {}
  local f = t.finding_id and db.one("SELECT * FROM findings WHERE id = ?", t.finding_id) or {}
  check(title .. ": the Q1 test failed and the control is failing", t.status == "failed" and t.tester_id == noor and c.status == "failing",
        tostring(t.number) .. " " .. tostring(t.status) .. "; control " .. tostring(c.status))
  check(title .. ": a high-severity finding is open for the control's owner",
        f.control_id == c.id and f.owner_id == c.owner_id and f.status == "open" and (f.severity == "high" or f.severity == "critical"),
        tostring(f.number) .. " severity " .. tostring(f.severity) .. " owner " .. tostring(F.user_name(f.owner_id)))
  C.mentions_one_of_each(title .. ": the conclusion says why it failed", t.conclusion,
                         { { "stale", "expired", "no valid", "not valid", "no current", "out of date", "outdated", "lapsed" } })
end

local REJECT = { "ERP user access review certification, Q4 2025", "ERP administrator account listing with approvals",
                 "ClientHub user access review certification, January 2026", "SoD conflict report, November 2025",
                 "MFA enrolment report for privileged accounts" }
for _, title in ipairs(REJECT) do
  local e = evidence(title)
  check("rejected: " .. title, e.status == "rejected", tostring(e.number) .. " is " .. tostring(e.status))
  C.mentions_one_of_each("the rejection of " .. tostring(e.number) .. " says why", e.rejected_reason,
                         { { "stale", "expired", "expir*", "outside", "out of period", "period", "quarter", "Q4", "2025", "valid", "old", "out of date" } })
end
local keys = {}
for _, title in ipairs(REJECT) do keys[#keys + 1] = { number = evidence(title).number } end
C.only_rows("only the stale and out-of-period evidence changed (the valid evidence is left as it was)", "evidence", "update", keys)
check("exactly two findings were raised", #F.inserted("findings") == 2, #F.inserted("findings") .. " finding(s) raised")
F.only_messaged("nobody but the two owners of failed controls (and Beatrice) was messaged",
                { "desmond.achebe", "yolanda.pryce", "beatrice.strand" }, false)
C.status_is("done")
C.mentions_one_of_each("the answer names the two failed controls", answer.text,
                       { { "ERP privileged", "privileged access restriction for ERP", "ERP admin" }, { "CRM quarterly", "CRM user access review", "CRM access review", "ClientHub user access review", "ClientHub access review" } })
