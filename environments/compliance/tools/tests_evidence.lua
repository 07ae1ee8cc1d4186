-- Control tests and their evidence: list tests, start one for a period, attach evidence (new or already
-- collected), reject evidence that cannot support it, and conclude pass or fail. A failed test opens a
-- finding for the control's owner and marks the control failing; a pass marks it effective.
local D = require("directory")
local G = require("compliance")
local Pol = require("comp_policy")
local Deadlines = require("grc_deadlines")

local SEVERITY_DAYS = { low = 90, medium = 60, high = 30, critical = 14 }

local function test_view(t)
  local evidence = {}
  for _, e in ipairs(db.query("SELECT * FROM evidence WHERE test_id = ? ORDER BY number", t.id)) do
    evidence[#evidence + 1] = { number = e.number, title = e.title, kind = D.or_null(e.kind), collected_on = e.collected_on,
                                valid_until = D.or_null(e.valid_until), status = e.status }
  end
  return {
    number = t.number, control = G.number_of("grc_controls", t.control_id), period = t.period, period_start = t.period_start,
    period_end = t.period_end, status = t.status, tester = D.name_of(t.tester_id), conclusion = D.or_null(t.conclusion),
    tested_at = D.or_null(t.tested_at), finding = G.number_of("findings", t.finding_id), evidence = array(evidence),
  }
end

local list_control_tests = {
  name = "list_control_tests",
  description = "Control tests (CTT…) by control, period (e.g. 2026-Q1), status (planned, in_progress, passed, failed) " ..
    "or tester; give a test number for one test with its evidence.",
  read_only = true,
  parameters = D.with_paging({
    test = { type = "string", description = "A test number: that test with its evidence" },
    control = { type = "string", description = "Control number" },
    period = { type = "string", description = "Test period, e.g. 2026-Q1" },
    status = { type = "string", enum = { "planned", "in_progress", "passed", "failed" } },
    tester = { type = "string", description = "User name of the tester" },
  }),
  run = function(args)
    if args.test then return test_view(G.must("control_tests", args.test)) end
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("t.control_id = ?", args.control and G.must("grc_controls", args.control).id)
      :add("t.period = ?", args.period)
      :add("t.status = ?", args.status)
      :add("t.tester_id = ?", args.tester and D.must_user(args.tester, "tester").id)
    local rows = db.query("SELECT t.*, COUNT(*) OVER () AS total_matches FROM control_tests t" .. w:sql() ..
                          " ORDER BY t.period_start DESC, t.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM control_tests t" .. w:sql(), w:params())
    local items = {}
    for k, t in ipairs(rows) do
      items[k] = { number = t.number, control = G.number_of("grc_controls", t.control_id), period = t.period, status = t.status,
                   tester = D.name_of(t.tester_id), tested_at = D.or_null(t.tested_at),
                   evidence_count = db.value("SELECT COUNT(*) FROM evidence WHERE test_id = ?", t.id) }
    end
    return D.paged(items, total, page, size)
  end,
}

local start_control_test = {
  name = "start_control_test",
  description = "Start testing a control for a period as its tester: a quarter (2026-Q1), a month (2026-02) or a year " ..
    "(2025) by the control's frequency; default the current one. The planned test of that period is taken up, or a new " ..
    "one is opened. Policy: the tester is never the control's owner.",
  parameters = {
    control = { type = "string", description = "Control number", required = true },
    period = { type = "string", pattern = "^[0-9]{4}(-Q[1-4]|-[0-9]{2})?$", description = "Period to test, e.g. 2026-Q1 (default: the current one)" },
  },
  run = function(args)
    local me = D.actor_user()
    local c = G.must("grc_controls", args.control)
    local period = args.period or G.period_of(c.frequency, G.today())
    local first, last = G.period_bounds(period)
    if not first then fail("invalid_arguments", "period '" .. period .. "' is not a quarter, month or year") end
    if first > G.today() then fail("invalid_arguments", period .. " has not started yet", "Test a period that has begun.") end
    local t = db.one("SELECT * FROM control_tests WHERE control_id = ? AND period = ?", c.id, period)
    if t and t.status ~= "planned" then
      fail("conflict", c.number .. " already has test " .. t.number .. " for " .. period .. " (" .. t.status .. ")",
           t.status == "in_progress" and "Attach evidence to it and conclude it." or "A concluded test stands; see list_control_tests.")
    end
    if t then
      G.set("control_tests", t, { status = "in_progress", tester_id = me.id, started_at = D.now() }, me.id)
    else
      t = G.create("control_tests", { control_id = c.id, period = period, period_start = first, period_end = last, status = "in_progress",
                                      tester_id = me.id, planned_on = G.today(), started_at = D.now() }, me.id)
    end
    return test_view(db.one("SELECT * FROM control_tests WHERE id = ?", t.id))
  end,
}

local attach_evidence = {
  name = "attach_evidence",
  description = "Attach evidence to a control test: either an evidence item already collected for the control " ..
    "(evidence: EVD number) or a new one (title, kind, collected_on, valid_until). A test passes only on evidence " ..
    "collected within its period and still valid.",
  parameters = {
    test = { type = "string", description = "Control test number (CTT…)", required = true },
    evidence = { type = "string", description = "An existing evidence number (EVD…) of the same control" },
    title = { type = "string", minLength = 3, maxLength = 200, description = "New evidence: what it is" },
    kind = { type = "string", enum = { "report", "screenshot", "config_export", "log_extract", "ticket", "attestation", "sign_off", "document" }, default = "report" },
    collected_on = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "New evidence: the day it was collected (YYYY-MM-DD)" },
    valid_until = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "New evidence: last day it is valid (YYYY-MM-DD)" },
    source = { type = "string", maxLength = 300, description = "Where it came from (system, report name, ticket)" },
  },
  run = function(args)
    local me = D.actor_user()
    local t = G.must("control_tests", args.test)
    local e
    if args.evidence then
      e = G.must("evidence", args.evidence)
      if e.control_id ~= t.control_id then
        fail("invalid_arguments", e.number .. " is evidence of " .. tostring(G.number_of("grc_controls", e.control_id)) .. ", not of this test's control")
      end
      if e.test_id == t.id then fail("conflict", e.number .. " is already attached to " .. t.number) end
      if e.status == "rejected" then fail("invalid_state", e.number .. " was rejected and cannot be used") end
      G.set("evidence", e, { test_id = t.id }, me.id)
    else
      if not args.title or not args.collected_on or not args.valid_until then
        fail("missing_field", "New evidence needs a title, collected_on and valid_until", "Or give the number of existing evidence.")
      end
      local collected = G.date_arg(args.collected_on, "collected_on")
      local valid = G.date_arg(args.valid_until, "valid_until")
      if collected > G.today() then fail("invalid_arguments", "collected_on " .. collected .. " is in the future") end
      if valid and valid < collected then fail("invalid_arguments", "valid_until is before collected_on") end
      e = G.create("evidence", { control_id = t.control_id, test_id = t.id, title = args.title, kind = args.kind or "report",
                                 collected_on = collected, valid_until = valid, source = args.source or "manual upload", status = "current",
                                 uploaded_by_id = me.id, uploaded_at = D.now() }, me.id)
      Deadlines.evidence(e)
    end
    if t.status == "planned" then G.set("control_tests", t, { status = "in_progress", tester_id = t.tester_id or me.id }, me.id) end
    G.history(t.number, "evidence_attached", nil, e.number, me.id)
    local why = Pol.evidence_problem(db.one("SELECT * FROM evidence WHERE id = ?", e.id), t, G.today())
    return { test = t.number, evidence = e.number, collected_on = e.collected_on, valid_until = D.or_null(e.valid_until),
             usable_for_pass = why == nil, problem = D.or_null(why) }
  end,
}

local reject_evidence = {
  name = "reject_evidence",
  description = "Reject an evidence item that cannot support a test (stale, out of period, wrong system), with the " ..
    "reason; it no longer counts for any test.",
  parameters = {
    evidence = { type = "string", description = "Evidence number (EVD…)", required = true },
    reason = { type = "string", minLength = 5, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local e = G.must("evidence", args.evidence)
    if e.status == "rejected" then fail("invalid_state", e.number .. " is already rejected") end
    G.set("evidence", e, { status = "rejected", rejected_reason = args.reason }, me.id)
    return { evidence = e.number, status = "rejected", reason = args.reason }
  end,
}

local conclude_control_test = {
  name = "conclude_control_test",
  description = "Conclude a control test in progress: pass (the control becomes effective; policy: only on evidence " ..
    "collected in the test period and still valid) or fail (the control becomes failing and a finding opens for its " ..
    "owner, due by severity: critical 14, high 30, medium 60, low 90 days).",
  parameters = {
    test = { type = "string", description = "Control test number (CTT…)", required = true },
    result = { type = "string", enum = { "pass", "fail" }, required = true },
    conclusion = { type = "string", minLength = 10, maxLength = 2000, required = true, description = "What was tested and found" },
    severity = { type = "string", enum = { "low", "medium", "high", "critical" }, description = "Fail: the finding's severity (default medium; high for a key control)" },
  },
  run = function(args)
    local me = D.actor_user()
    local t = G.must("control_tests", args.test)
    if t.status ~= "in_progress" then fail("invalid_state", t.number .. " is " .. t.status .. ", not in progress") end
    local c = db.one("SELECT * FROM grc_controls WHERE id = ?", t.control_id)
    local now, today = D.now(), G.today()
    local out = { test = t.number, control = c.number }
    if args.result == "pass" then
      local why = Pol.pass_problem(t)
      if why then fail("invalid_state", why, "Attach evidence from the period that is still valid, or conclude fail.") end
      G.set("control_tests", t, { status = "passed", conclusion = args.conclusion, tested_at = now }, me.id)
      G.set("grc_controls", c, { status = "effective", last_tested_on = today }, me.id)
      out.status, out.control_status = "passed", "effective"
    else
      local severity = args.severity or (G.yes(c.key_control) and "high" or "medium")
      local f = G.create("findings", {
        control_id = c.id, test_id = t.id, title = "Control test " .. t.number .. " failed: " .. c.title, description = args.conclusion,
        severity = severity, status = "open", owner_id = c.owner_id, due_on = G.date_plus(today, SEVERITY_DAYS[severity]),
        source = "control_test", raised_by_id = me.id, raised_on = today,
      }, me.id)
      G.set("control_tests", t, { status = "failed", conclusion = args.conclusion, tested_at = now, finding_id = f.id }, me.id)
      G.set("grc_controls", c, { status = "failing", last_tested_on = today }, me.id)
      D.notify(c.owner_id, "Finding " .. f.number .. " on your control " .. c.number,
               "Test " .. t.number .. " of " .. c.number .. " '" .. c.title .. "' failed: " .. args.conclusion ..
               " Please plan remediation by " .. f.due_on .. ".", f.number, "email", me.id)
      out.status, out.control_status, out.finding, out.finding_due_on = "failed", "failing", f.number, f.due_on
    end
    return out
  end,
}

local search_evidence = {
  name = "search_evidence",
  description = "Evidence items (EVD…) of a control or test, by status (current, stale, rejected), or collected " ..
    "within dates; shows collection date and validity.",
  read_only = true,
  parameters = D.with_paging({
    control = { type = "string", description = "Control number" },
    test = { type = "string", description = "Control test number" },
    status = { type = "string", enum = { "current", "stale", "rejected" } },
    collected_from = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
    collected_to = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("e.control_id = ?", args.control and G.must("grc_controls", args.control).id)
      :add("e.test_id = ?", args.test and G.must("control_tests", args.test).id)
      :add("e.status = ?", args.status)
      :add("e.collected_on >= ?", G.date_arg(args.collected_from, "collected_from"))
      :add("e.collected_on <= ?", G.date_arg(args.collected_to, "collected_to"))
    local rows = db.query("SELECT e.*, COUNT(*) OVER () AS total_matches FROM evidence e" .. w:sql() ..
                          " ORDER BY e.collected_on DESC, e.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM evidence e" .. w:sql(), w:params())
    local items = {}
    for k, e in ipairs(rows) do
      items[k] = { number = e.number, control = G.number_of("grc_controls", e.control_id), test = G.number_of("control_tests", e.test_id),
                   title = e.title, kind = D.or_null(e.kind), collected_on = e.collected_on, valid_until = D.or_null(e.valid_until),
                   status = e.status, source = D.or_null(e.source) }
    end
    return D.paged(items, total, page, size)
  end,
}

return { list_control_tests, start_control_test, attach_evidence, reject_evidence, conclude_control_test, search_evidence }
