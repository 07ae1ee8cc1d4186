-- A SOX-style test of a procure-to-pay control on procurement's records: the sample's approval chains are read
-- in procurement, filed as evidence on the test, and the test fails on the requisition missing its Finance
-- Director approval; the finding is raised and the control owner told. Procurement is only read.
local C = require("checks")
local F = require("grc_facts")
local c = db.one("SELECT * FROM grc_controls WHERE title = 'Purchase approval by signing authority'") or {}
local t = db.one("SELECT * FROM control_tests WHERE control_id = ? AND period = '2026-Q1'", c.id or -1) or {}
check("the Q1 test is concluded as failed by Tomasz", t.status == "failed" and t.tester_id == F.user_id("tomasz.wrobel"),
      tostring(t.status))
C.mentions("its conclusion names the defective requisition", t.conclusion or "", "PR0001182")
C.mentions_one_of_each("and what is missing", t.conclusion or "", { { "Finance Director", "FD", "second approval", "band" } })
local ev = db.query("SELECT * FROM evidence WHERE test_id = ?", t.id or -1)
check("the sample is filed as one piece of evidence on the test, collected today", #ev == 1 and ev[1].collected_on == "2026-03-02",
      #ev .. " piece(s)")
check("the evidence is a report of the records", ev[1] ~= nil and (ev[1].kind == "report" or ev[1].kind == "log_extract" or ev[1].kind == "document"),
      ev[1] and ev[1].kind or "none")
C.mentions("the evidence names the sample", ev[1] and ((ev[1].title or "") .. " " .. (ev[1].source or "")) or "", "PR0001182")
local f = db.one("SELECT * FROM findings WHERE id = ?", t.finding_id or -1) or {}
check("a high-severity finding on the control is raised for Frank", f.control_id == c.id and f.severity == "high"
      and f.owner_id == F.user_id("frank.delgado"), tostring(f.severity))
F.only_messaged("only Frank was told", { "frank.delgado" })
C.mentions("Frank hears which requisition failed", F.text_to("frank.delgado") or "", "PR0001182")
C.status_is("done")
