-- Seed part: frameworks and requirements, the control library and its mapping, each control's tests over
-- the last periods with their evidence, audit engagements, and the findings that failed tests, audits and
-- lapsed exceptions raised (with remediation tasks and risk acceptances). settle() runs last: it sets each
-- control's status from its latest concluded test, its current evidence and its open findings, and
-- schedules the evidence expiry events.
local C = require("grc_catalog")
local Tm = require("grc_time")
local Deadlines = require("grc_deadlines")
local M = {}

local TESTERS = { "noor.qureshi", "tomasz.wrobel" }
-- Days evidence stays valid after collection, by control frequency.
local VALIDITY = { monthly = 60, quarterly = 120, annual = 400 }
local EVIDENCE_KINDS = {
  { "report", "system report" }, { "screenshot", "configuration screenshot" }, { "config_export", "configuration export" },
  { "log_extract", "log extract" }, { "ticket", "ticket sample" }, { "sign_off", "reviewer sign-off" }, { "attestation", "owner attestation" },
}
-- Controls no longer operated (the entities merged); they keep their place in the library.
local RETIRED = { ["Intercompany reconciliation"] = true }
local REJECT_REASONS = { "The screenshot shows no date.", "The report covers the wrong period.", "Sample taken from the test system, not production." }

local function frameworks(ctx)
  ctx.framework, ctx.requirement = {}, {}
  for _, f in ipairs(C.FRAMEWORKS) do
    ctx.framework[f[1]] = db.insert("frameworks", { code = f[1], name = f[2], kind = f[3], description = f[4] })
    for _, r in ipairs(C.REQUIREMENTS[f[1]]) do
      ctx.requirement[f[1] .. " " .. r[1]] = db.insert("framework_requirements", {
        framework_id = ctx.framework[f[1]], ref = r[1], title = r[2], text = r[3],
      })
    end
  end
end

-- The library as rows: the named controls, then the per-system ones.
local function library(ctx)
  local out = {}
  for _, c in ipairs(C.CONTROLS) do
    out[#out + 1] = { title = c[1], description = c[2], domain = c[3], frequency = c[4], key = c[5], automated = c[6], owner = c[7], refs = c[8] }
  end
  local function per_system(t, code)
    local sys = ctx.system[code]
    local refs = {}
    for _, ref in ipairs(t[8]) do
      local fw = ref:match("^(%S+)")
      if (fw ~= "SOX" or sys.sox == 1) and (fw ~= "PRIV" or sys.personal == 1) then refs[#refs + 1] = ref end
    end
    out[#out + 1] = { title = t[1]:format(code), description = t[2]:format(sys.name), domain = t[3], frequency = t[4], key = t[5],
                      automated = t[6], owner = t[7], refs = refs, system = code }
  end
  for _, t in ipairs(C.SYSTEM_CONTROLS) do
    for _, code in ipairs(C.SYSTEM_CONTROL_SYSTEMS) do per_system(t, code) end
  end
  for _, t in ipairs(C.OPS_CONTROLS) do
    for _, code in ipairs(t[9]) do per_system(t, code) end
  end
  return out
end

-- A finding, with its remediation tasks as its status needs. spec: title, description, source, control,
-- test_id, audit_id, exception_id, severity, status, owner_id, raised_by_id, raised_on, due_on, closed_on.
local function add_finding(ctx, f)
  local number = ctx.number("FND")
  local raised_at = ctx.time_on(f.raised_on)
  local closed_by = f.status == "closed" and ctx.user[rng.pick(TESTERS)] or nil
  local id = db.insert("findings", {
    number = number, title = f.title, description = f.description, source = f.source, control_id = f.control and f.control.id,
    test_id = f.test_id, audit_id = f.audit_id, exception_id = f.exception_id, severity = f.severity, status = f.status,
    owner_id = f.owner_id, raised_by_id = f.raised_by_id, raised_on = f.raised_on, due_on = f.due_on,
    closed_on = f.closed_on, closed_by_id = closed_by,
    closure_note = f.status == "closed" and "Remediation verified: the control operated as designed in the follow-up sample." or nil,
    created_at = clock.iso(raised_at), updated_at = clock.iso(f.closed_on and ctx.time_on(f.closed_on) or raised_at),
  })
  ctx.hist(number, "created", nil, "open", f.raised_by_id, raised_at)
  -- Remediation: none yet while open; some under way while remediating; all done once submitted or closed.
  local tasks = ({ open = 0, remediating = rng.int(1, 2), ready_for_validation = rng.int(1, 2), closed = rng.int(1, 2), risk_accepted = 0 })[f.status]
  local last = f.closed_on or Tm.add_days(ctx.TODAY, -1)
  for k = 1, tasks do
    local status = f.status == "remediating" and (k == 1 and "in_progress" or "open") or "done"
    local created = ctx.date_after(f.raised_on, 0, math.max(0, math.min(5, Tm.days_between(f.raised_on, last))))
    local done = status == "done" and ctx.date_after(created, 0, math.max(0, Tm.days_between(created, last))) or nil
    db.insert("remediation_tasks", {
      number = ctx.number("RMT"), finding_id = id, assignee_id = f.owner_id, due_on = f.due_on, status = status,
      title = ({ "Fix the root cause and document the change", "Re-perform the control for the missed period",
                 "Update the procedure and brief the team" })[k + rng.int(0, 1)],
      completed_at = done and clock.iso(ctx.time_on(done)) or nil,
      created_at = clock.iso(ctx.time_on(created)), updated_at = clock.iso(ctx.time_on(done or created)),
    })
  end
  return { id = id, number = number, status = f.status, owner_id = f.owner_id, raised_on = f.raised_on }
end

-- One test of one period, with its evidence; a failed one raises a finding (open unless a later test of
-- the control passed, which closed it).
local function add_test(ctx, control, period, start, finish, plan)
  local tester = ctx.user[rng.pick(TESTERS)]
  local number = ctx.number("CTT")
  local planned_on = Tm.add_days(start, -rng.int(5, 20))
  local t = { number = number, period = period, period_start = start, period_end = finish, status = plan.status }
  if plan.status == "passed" or plan.status == "failed" then
    local tested = ctx.date_after(finish, 3, 25)
    if tested >= ctx.TODAY then tested = Tm.add_days(ctx.TODAY, -1) end
    t.tested_at = ctx.time_on(tested)
    t.started_at = t.tested_at - rng.int(1, 4) * Tm.DAY
    t.conclusion = plan.status == "passed" and "Operated as designed: every sampled instance met the control."
                   or "Not operating: sampled instances were missing the required review or approval."
  elseif plan.status == "in_progress" then
    local from = math.max(Tm.date_start(start), Tm.date_start(ctx.TODAY) - 10 * Tm.DAY)
    t.started_at = ctx.time_on(ctx.date_after(Tm.date_of(from), 0, Tm.days_between(Tm.date_of(from), ctx.TODAY) - 1))
  end
  local created = clock.iso(ctx.time_on(planned_on))
  t.id = db.insert("control_tests", {
    number = number, control_id = control.id, period = period, period_start = start, period_end = finish, tester_id = tester,
    status = plan.status, conclusion = t.conclusion, planned_on = planned_on,
    started_at = t.started_at and clock.iso(t.started_at) or nil, tested_at = t.tested_at and clock.iso(t.tested_at) or nil,
    created_at = created, updated_at = t.tested_at and clock.iso(t.tested_at) or (t.started_at and clock.iso(t.started_at)) or created,
  })
  -- Evidence: collected inside the period (by T0 for a running one), valid VALIDITY days.
  local n = (plan.status == "planned") and 0 or rng.int(1, 3)
  local last_collect = finish < ctx.TODAY and finish or Tm.add_days(ctx.TODAY, -1)
  for k = 1, n do
    local kind = rng.pick(EVIDENCE_KINDS)
    local collected = ctx.date_after(start, 0, math.max(0, Tm.days_between(start, last_collect)))
    local rejected = k == 2 and ctx.chance(0.08)
    db.insert("evidence", {
      number = ctx.number("EVD"), control_id = control.id, test_id = t.id,
      title = control.title .. ": " .. kind[2] .. " for " .. period, kind = kind[1],
      source = control.system or (control.automated == 1 and "automated collector" or "manual upload"),
      collected_on = collected, valid_until = Tm.add_days(collected, VALIDITY[control.frequency]),
      uploaded_by_id = control.automated == 1 and tester or control.owner_id,
      status = rejected and "rejected" or (Tm.add_days(collected, VALIDITY[control.frequency]) >= ctx.TODAY and "current" or "stale"),
      rejected_reason = rejected and rng.pick(REJECT_REASONS) or nil,
      uploaded_at = clock.iso(ctx.time_on(collected)),
    })
  end
  ctx.hist(number, "created", nil, "planned", tester, ctx.time_on(planned_on))
  if t.tested_at then ctx.hist(number, "status", "in_progress", plan.status, tester, t.tested_at) end
  t.tester = tester
  return t
end

-- The periods tested for a control at T0, oldest first, each with what happened.
local function test_plan(ctx, control)
  local f = control.frequency
  local out = {}
  local code, start, finish = Tm.period_of(f, ctx.TODAY)
  local periods = { { code, start, finish } }
  local back = f == "monthly" and 3 or 2
  for _ = 1, back do
    code, start, finish = Tm.previous_period(f, start)
    table.insert(periods, 1, { code, start, finish })
  end
  local fail_rate = control.key == 1 and 0.12 or 0.18
  for i, p in ipairs(periods) do
    local status
    if p[3] >= ctx.TODAY then
      status = ctx.chance(0.5) and "in_progress" or "planned"          -- the running period
    elseif f == "monthly" and i == #periods - 1 then
      status = ctx.chance(0.6) and "in_progress" or "planned"          -- last month: testing under way
    elseif f == "annual" and i == #periods - 1 and ctx.chance(0.25) then
      status = "planned"                                              -- last year's test not done yet
    else
      status = ctx.chance(fail_rate) and "failed" or "passed"
    end
    out[#out + 1] = { code = p[1], start = p[2], finish = p[3], status = status }
  end
  return out
end

local AUDITS = {
  { "AUD-2025-SOX", "2025 external audit of internal control over financial reporting", "SOX", "external", nil, "Harcourt & Lyle LLP",
    "2025-10-01", "2026-02-13", "closed" },
  { "AUD-2026-IA-01", "Internal audit: access management", "ISO27001", "internal", "malcolm.ferris", nil, "2026-01-12", "2026-02-27", "reporting" },
  { "AUD-2026-ISO", "ISO 27001 surveillance audit", "ISO27001", "certification", nil, "Meridian Certification Services",
    "2026-02-23", "2026-03-13", "fieldwork" },
}

-- Audit findings: audit code, control title, severity, status, title.
local AUDIT_FINDINGS = {
  { "AUD-2025-SOX", "Vendor master change verification", "high", "closed", "Bank detail changes without documented call-back" },
  { "AUD-2025-SOX", "Payroll change approval", "medium", "remediating", "Payroll changes approved after processing" },
  { "AUD-2025-SOX", "ERP leaver access removal", "medium", "closed", "Leavers kept ERP access for up to 20 days" },
  { "AUD-2025-SOX", "Manual journal entry review", "high", "ready_for_validation", "Journal entries approved by their preparer" },
  { "AUD-2026-IA-01", "PAYROLL quarterly user access review", "medium", "open", "Payroll access review evidence incomplete" },
  { "AUD-2026-IA-01", "CLOUD privileged access restriction", "high", "remediating", "Shared administrator account on the cloud platform" },
  { "AUD-2026-ISO", "Supplier security requirements", "low", "open", "Security schedule missing from two supplier contracts" },
}

function M.seed(ctx)
  frameworks(ctx)
  ctx.controls, ctx.control = {}, {}
  for _, c in ipairs(library(ctx)) do
    local number = ctx.number("CTL")
    local created = Tm.add_days(ctx.TODAY, -rng.int(400, 1400))
    local row = { number = number, title = c.title, description = c.description, domain = c.domain, owner_id = ctx.owner(c.owner),
                  frequency = c.frequency, key_control = c.key, automated = c.automated,
                  system_id = c.system and ctx.system[c.system].id or nil, created_at = created .. "T10:00:00Z" }
    -- A few controls were retired (replaced by automated ones); they keep their history.
    row.status = RETIRED[c.title] and "retired" or "not_tested"
    row.updated_at = row.created_at
    row.id = db.insert("grc_controls", row)
    row.key, row.system, row.refs = c.key, c.system, c.refs
    ctx.controls[#ctx.controls + 1] = row
    ctx.control[c.title] = row
    for _, ref in ipairs(c.refs) do
      db.insert("control_requirements", { control_id = row.id, requirement_id = ctx.requirement[ref] or error("no requirement " .. ref) })
    end
  end
  ctx.add_finding = add_finding
  -- Tests and what they found
  for _, control in ipairs(ctx.controls) do
    if control.status ~= "retired" then
      local tests = {}
      for _, p in ipairs(test_plan(ctx, control)) do tests[#tests + 1] = add_test(ctx, control, p.code, p.start, p.finish, p) end
      control.tests = tests
      for i, t in ipairs(tests) do
        if t.status == "failed" then
          local later_pass
          for j = i + 1, #tests do if tests[j].status == "passed" then later_pass = tests[j]; break end end
          local raised = Tm.date_of(t.tested_at)
          local status = later_pass and "closed" or rng.pick({ "open", "open", "remediating", "ready_for_validation" })
          local f = add_finding(ctx, {
            title = control.title .. " not operating in " .. t.period,
            description = "Test " .. t.number .. " found the control not operating: " .. t.conclusion, source = "control_test",
            control = control, test_id = t.id, severity = control.key == 1 and rng.pick({ "high", "medium" }) or rng.pick({ "medium", "low" }),
            status = status, owner_id = control.owner_id, raised_by_id = t.tester, raised_on = raised,
            due_on = Tm.add_days(raised, control.key == 1 and 30 or 60),
            closed_on = later_pass and Tm.date_of(later_pass.tested_at) or nil,
          })
          db.update("control_tests", { id = t.id }, { finding_id = f.id })
          t.finding = f
        end
      end
    end
  end
  -- Audits and their findings
  ctx.audit = {}
  for _, a in ipairs(AUDITS) do
    ctx.audit[a[1]] = db.insert("compliance_audits", {
      code = a[1], title = a[2], framework_id = ctx.framework[a[3]], kind = a[4], lead_auditor_id = a[5] and ctx.user[a[5]] or nil,
      firm = a[6], starts_on = a[7], ends_on = a[8], status = a[9],
    })
  end
  for _, af in ipairs(AUDIT_FINDINGS) do
    local control = ctx.control[af[2]] or error("no control " .. af[2])
    local ends = db.value("SELECT ends_on FROM compliance_audits WHERE id = ?", ctx.audit[af[1]])
    local raised = ends < ctx.TODAY and Tm.add_days(ends, -rng.int(3, 20)) or Tm.add_days(ctx.TODAY, -rng.int(2, 6))
    add_finding(ctx, {
      title = af[5], description = "Raised by " .. af[1] .. " on control " .. control.number .. " (" .. control.title .. ").",
      source = "audit", control = control, audit_id = ctx.audit[af[1]], severity = af[3], status = af[4],
      owner_id = control.owner_id, raised_by_id = af[1] == "AUD-2026-IA-01" and ctx.user["malcolm.ferris"] or ctx.user["noor.qureshi"],
      raised_on = raised, due_on = Tm.add_days(raised, 60),
      closed_on = af[4] == "closed" and ctx.date_after(raised, 1, Tm.days_between(raised, ctx.TODAY) - 1) or nil,
    })
  end
  M.risk_acceptances(ctx)
end

-- Risk acceptances on open control-test and audit findings: approved ones (the finding accepted; one lapses this
-- week), a request waiting, a rejected one, one that expired (its finding open again).
function M.risk_acceptances(ctx)
  local open = db.query([[SELECT f.id, f.number, f.title, f.owner_id, f.raised_on FROM findings f
                          WHERE f.status = 'open' AND f.source IN ('control_test', 'audit') ORDER BY f.id]])
  local approvers = { ctx.user["beatrice.strand"], ctx.user["olivia.grant"], ctx.user["yolanda.pryce"] }
  local plan = { "approved", "approved", "approved", "requested", "rejected", "expired" }
  for i, status in ipairs(plan) do
    local f = open[i]
    if not f then break end
    local requested = ctx.date_after(f.raised_on, 1, math.max(1, Tm.days_between(f.raised_on, ctx.TODAY) - 1))
    if requested >= ctx.TODAY then requested = Tm.add_days(ctx.TODAY, -1) end
    local decided = status ~= "requested" and ctx.time_on(requested) + 86400 or nil
    if decided and decided >= ctx.T0 then decided = ctx.T0 - 3600 end
    local expires = ({ approved = i == 1 and Tm.add_days(ctx.TODAY, rng.int(1, 5)) or Tm.add_days(ctx.TODAY, rng.int(30, 180)),
                       requested = Tm.add_days(ctx.TODAY, 180), rejected = Tm.add_days(ctx.TODAY, 90),
                       expired = Tm.add_days(ctx.TODAY, -rng.int(2, 20)) })[status]
    local approver
    repeat approver = rng.pick(approvers) until approver ~= f.owner_id
    local number = ctx.number("RAC")
    local id = db.insert("risk_acceptances", {
      number = number, finding_id = f.id, risk_title = f.title,
      rationale = "Remediation needs a system upgrade planned for the next release; the residual risk is covered by monthly manual checks.",
      requested_by_id = f.owner_id, approver_id = decided and approver or nil, status = status,
      approved_at = (status == "approved" or status == "expired") and clock.iso(decided) or nil, expires_on = expires,
      created_at = clock.iso(ctx.time_on(requested)), updated_at = clock.iso(decided or ctx.time_on(requested)),
    })
    if status == "approved" then
      db.update("findings", { id = f.id }, { status = "risk_accepted", updated_at = clock.iso(decided) })
      Deadlines.risk_acceptance({ id = id, status = status, expires_on = expires })
    end
    ctx.hist(number, "created", nil, "requested", f.owner_id, ctx.time_on(requested))
  end
end

-- Each control's status at T0, and its evidence's expiry events. Effective: its latest concluded test
-- passed and it has current evidence. Failing: its latest concluded test failed, or a lapsed exception's
-- finding on it is still unresolved. Otherwise not tested. Retired controls stay retired.
function M.settle(ctx)
  for _, control in ipairs(ctx.controls) do
    if control.status ~= "retired" then
      local latest = db.one([[SELECT status, substr(tested_at, 1, 10) AS on_date FROM control_tests WHERE control_id = ?
                              AND status IN ('passed', 'failed') ORDER BY tested_at DESC LIMIT 1]], control.id)
      local lapsed = db.value([[SELECT 1 FROM findings WHERE control_id = ? AND source = 'exception_expiry'
                                AND status IN ('open', 'remediating', 'ready_for_validation')]], control.id)
      local current = db.value("SELECT 1 FROM evidence WHERE control_id = ? AND status = 'current'", control.id)
      local status = "not_tested"
      if (latest and latest.status == "failed") or lapsed then
        status = "failing"
      elseif latest and latest.status == "passed" and current then
        status = "effective"
      end
      db.update("grc_controls", { id = control.id }, { status = status, last_tested_on = latest and latest.on_date or nil,
                                                      updated_at = latest and (latest.on_date .. "T16:00:00Z") or control.created_at })
      control.status = status
    end
  end
  for _, ev in ipairs(db.query("SELECT id, status, valid_until FROM evidence WHERE status = 'current' ORDER BY id")) do
    Deadlines.evidence(ev)
  end
end

return M
