-- Findings from control tests, audits, exceptions and breaches: search and read them, raise an audit
-- finding, plan and complete remediation tasks, submit the fix for validation, close with evidence, or
-- ask for a time-limited risk acceptance that someone else approves.
local D = require("directory")
local G = require("compliance")
local Pol = require("comp_policy")
local Deadlines = require("grc_deadlines")

local DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
local SEVERITY_DAYS = { low = 90, medium = 60, high = 30, critical = 14 }

local function finding_view(f)
  local tasks, acceptances = {}, {}
  for _, t in ipairs(db.query("SELECT * FROM remediation_tasks WHERE finding_id = ? ORDER BY number", f.id)) do
    tasks[#tasks + 1] = { number = t.number, title = t.title, assignee = D.name_of(t.assignee_id), due_on = D.or_null(t.due_on),
                          status = t.status, completed_at = D.or_null(t.completed_at) }
  end
  for _, r in ipairs(db.query("SELECT * FROM risk_acceptances WHERE finding_id = ? ORDER BY number", f.id)) do
    acceptances[#acceptances + 1] = { number = r.number, status = r.status, approver = D.name_of(r.approver_id),
                                      expires_on = D.or_null(r.expires_on), rationale = D.or_null(r.rationale) }
  end
  return {
    number = f.number, title = f.title, description = D.or_null(f.description), severity = f.severity, status = f.status,
    source = D.or_null(f.source), control = G.number_of("grc_controls", f.control_id), test = G.number_of("control_tests", f.test_id),
    owner = D.name_of(f.owner_id), due_on = D.or_null(f.due_on), overdue = f.due_on ~= nil and f.status ~= "closed" and f.due_on < G.today(),
    closed_on = D.or_null(f.closed_on), closure_evidence = G.number_of("evidence", f.closure_evidence_id),
    remediation_tasks = array(tasks), risk_acceptances = array(acceptances),
  }
end

local search_findings = {
  name = "search_findings",
  description = "Search findings (FND…) by words in the title, status (open, remediating, ready_for_validation, " ..
    "closed, risk_accepted), severity, control, owner, or overdue only.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words in the title or number" },
    status = { type = "string", enum = { "open", "remediating", "ready_for_validation", "closed", "risk_accepted" } },
    severity = { type = "string", enum = { "low", "medium", "high", "critical" } },
    control = { type = "string", description = "Control number" },
    owner = { type = "string", description = "User name of the finding owner" },
    overdue_only = { type = "boolean", description = "Only open findings past their due date" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("f.status = ?", args.status)
      :add("f.severity = ?", args.severity)
      :add("f.control_id = ?", args.control and G.must("grc_controls", args.control).id)
      :add("f.owner_id = ?", args.owner and D.must_user(args.owner, "finding owner").id)
      :add_if(args.overdue_only, "f.status NOT IN ('closed', 'risk_accepted') AND f.due_on < ?", G.today())
      :text(args.query, "(f.title LIKE ? OR f.number LIKE ?)")
    local rows = db.query("SELECT f.*, COUNT(*) OVER () AS total_matches FROM findings f" .. w:sql() ..
                          " ORDER BY f.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM findings f" .. w:sql(), w:params())
    local items = {}
    for k, f in ipairs(rows) do
      items[k] = { number = f.number, title = f.title, severity = f.severity, status = f.status, owner = D.name_of(f.owner_id),
                   control = G.number_of("grc_controls", f.control_id), due_on = D.or_null(f.due_on) }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_finding = {
  name = "get_finding",
  description = "A finding with its control and test, owner, due date, remediation tasks and risk acceptances.",
  read_only = true,
  parameters = { finding = { type = "string", description = "Finding number, e.g. FND0000031", required = true } },
  run = function(args) return finding_view(G.must("findings", args.finding)) end,
}

local create_finding = {
  name = "create_finding",
  description = "Raise a finding (from an audit, a breach or an observation) on a control, with severity and an " ..
    "owner (default: the control's owner), due by severity unless a date is given; the owner is told.",
  parameters = {
    title = { type = "string", minLength = 5, maxLength = 200, required = true },
    description = { type = "string", minLength = 10, maxLength = 4000, required = true },
    severity = { type = "string", enum = { "low", "medium", "high", "critical" }, required = true },
    control = { type = "string", description = "Control number the finding is about" },
    owner = { type = "string", description = "User name of the owner (default: the control's owner)" },
    source = { type = "string", enum = { "audit", "breach", "access_review", "self_identified", "vendor_assessment" }, default = "audit" },
    due_on = { type = "string", pattern = DATE },
  },
  run = function(args)
    local me = D.actor_user()
    local c = args.control and G.must("grc_controls", args.control)
    local owner = args.owner and G.must_person(args.owner, "finding owner") or (c and db.one("SELECT * FROM users WHERE id = ?", c.owner_id))
    if not owner then fail("missing_field", "A finding without a control needs an owner") end
    local due = G.date_arg(args.due_on, "due_on") or G.date_plus(G.today(), SEVERITY_DAYS[args.severity])
    if due < G.today() then fail("invalid_arguments", "due_on " .. due .. " is in the past") end
    local f = G.create("findings", { control_id = c and c.id, title = args.title, description = args.description, severity = args.severity,
                                     status = "open", owner_id = owner.id, due_on = due, source = args.source or "audit",
                                     raised_by_id = me.id, raised_on = G.today() }, me.id)
    if owner.id ~= me.id then
      D.notify(owner.id, "Finding " .. f.number .. " assigned to you", args.title .. ". Due " .. due .. ".", f.number, "email", me.id)
    end
    return finding_view(f)
  end,
}

local add_remediation_task = {
  name = "add_remediation_task",
  description = "Plan a remediation task (RMT…) on an open finding for an assignee, due on or before the finding's " ..
    "due date; the finding becomes remediating and the assignee is told.",
  parameters = {
    finding = { type = "string", required = true },
    title = { type = "string", minLength = 5, maxLength = 300, required = true },
    assignee = { type = "string", description = "User name", required = true },
    due_on = { type = "string", pattern = DATE, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local f = G.must("findings", args.finding)
    local who = G.must_person(args.assignee, "assigned a remediation task")
    local due = G.date_arg(args.due_on, "due_on")
    if due < G.today() then fail("invalid_arguments", "due_on " .. due .. " is in the past") end
    if f.due_on and due > f.due_on then
      fail("invalid_arguments", "The task would be due " .. due .. ", after the finding's due date " .. f.due_on,
           "Plan it to finish by " .. f.due_on .. ", or ask for a risk acceptance.")
    end
    local t = G.create("remediation_tasks", { finding_id = f.id, title = args.title, assignee_id = who.id, due_on = due, status = "open" }, me.id)
    if f.status == "open" then G.set("findings", f, { status = "remediating" }, me.id) end
    D.notify(who.id, "Remediation task " .. t.number .. " for " .. f.number, args.title .. ". Due " .. due .. ".", t.number, "email", me.id)
    return { task = t.number, finding = f.number, assignee = who.user_name, due_on = due, finding_status = "remediating" }
  end,
}

local complete_remediation_task = {
  name = "complete_remediation_task",
  description = "Mark a remediation task done, saying what was changed.",
  parameters = {
    task = { type = "string", description = "Remediation task number (RMT…)", required = true },
    notes = { type = "string", minLength = 10, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local t = G.must("remediation_tasks", args.task)
    if t.status == "done" or t.status == "cancelled" then fail("invalid_state", t.number .. " is already " .. t.status) end
    G.set("remediation_tasks", t, { status = "done", completed_at = D.now(), notes = args.notes }, me.id)
    local open = db.value("SELECT COUNT(*) FROM remediation_tasks WHERE finding_id = ? AND status IN ('open', 'in_progress')", t.finding_id)
    return { task = t.number, status = "done", finding = G.number_of("findings", t.finding_id), open_tasks_left = open }
  end,
}

local submit_finding_for_validation = {
  name = "submit_finding_for_validation",
  description = "Submit a remediated finding for validation once every remediation task is done; a tester other " ..
    "than its owner then closes it with evidence.",
  parameters = { finding = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local f = G.must("findings", args.finding)
    local open = db.value("SELECT COUNT(*) FROM remediation_tasks WHERE finding_id = ? AND status IN ('open', 'in_progress')", f.id)
    local all = db.value("SELECT COUNT(*) FROM remediation_tasks WHERE finding_id = ?", f.id)
    if all == 0 then fail("invalid_state", f.number .. " has no remediation task", "Plan and complete remediation first.") end
    if open > 0 then fail("invalid_state", f.number .. " has " .. open .. " remediation task(s) not done") end
    G.set("findings", f, { status = "ready_for_validation" }, me.id)
    return { finding = f.number, status = "ready_for_validation" }
  end,
}

local close_finding = {
  name = "close_finding",
  description = "Validate and close a finding that is ready for validation, with evidence of the fix (an EVD number, " ..
    "or a new evidence item: title and collected_on, collected after the finding opened). Policy: the validator is " ..
    "not the finding's owner.",
  parameters = {
    finding = { type = "string", required = true },
    evidence = { type = "string", description = "Existing evidence number (EVD…) showing the fix" },
    evidence_title = { type = "string", minLength = 5, maxLength = 200, description = "New evidence: what it is" },
    collected_on = { type = "string", pattern = DATE, description = "New evidence: day collected" },
    notes = { type = "string", minLength = 10, maxLength = 2000, required = true, description = "What was checked" },
  },
  run = function(args)
    local me = D.actor_user()
    local f = G.must("findings", args.finding)
    local opened = f.raised_on
    local e
    if args.evidence then
      e = G.must("evidence", args.evidence)
      if e.status == "rejected" then fail("invalid_state", e.number .. " was rejected") end
    else
      if not args.evidence_title or not args.collected_on then
        fail("missing_field", "Closing needs evidence of the fix", "Give evidence (EVD…) or evidence_title and collected_on.")
      end
      local collected = G.date_arg(args.collected_on, "collected_on")
      if collected > G.today() then fail("invalid_arguments", "collected_on is in the future") end
      e = G.create("evidence", { control_id = f.control_id, title = args.evidence_title, kind = "report", collected_on = collected,
                                 valid_until = G.add_months(collected, 12), status = "current", uploaded_by_id = me.id,
                                 uploaded_at = D.now(), source = "remediation of " .. f.number }, me.id)
    end
    if e.collected_on < opened then
      fail("invalid_arguments", e.number .. " was collected on " .. e.collected_on .. ", before " .. f.number .. " opened (" .. opened .. ")",
           "Evidence of a fix post-dates the finding.")
    end
    if f.control_id and e.control_id ~= f.control_id then
      fail("invalid_arguments", e.number .. " is evidence of another control", "Use evidence of " .. G.number_of("grc_controls", f.control_id) .. ".")
    end
    G.set("findings", f, { status = "closed", closed_on = G.today(), closed_by_id = me.id, closure_evidence_id = e.id, closure_note = args.notes }, me.id)
    return { finding = f.number, status = "closed", evidence = e.number }
  end,
}

local request_risk_acceptance = {
  name = "request_risk_acceptance",
  description = "Ask a risk approver to accept the risk of a finding that will not be fixed now: rationale, the " ..
    "approver, and an end date at most 12 months away. The approver is told.",
  parameters = {
    finding = { type = "string", required = true },
    approver = { type = "string", description = "User name of a risk approver (not yourself)", required = true },
    rationale = { type = "string", minLength = 20, maxLength = 2000, required = true },
    expires_on = { type = "string", pattern = DATE, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local f = G.must("findings", args.finding)
    local who = G.must_person(args.approver, "a risk approver")
    if not G.has_any_role(who.id, { "risk_approver" }) then
      fail("invalid_arguments", who.user_name .. " is not a risk approver", "Search users with the risk_approver role.")
    end
    local expires = G.date_arg(args.expires_on, "expires_on")
    local latest = G.add_months(G.today(), Pol.RISK_ACCEPTANCE_MAX_MONTHS)
    if expires <= G.today() or expires > latest then
      fail("invalid_arguments", "A risk acceptance ends after today and at most " .. Pol.RISK_ACCEPTANCE_MAX_MONTHS .. " months away (by " .. latest .. ")")
    end
    if db.value("SELECT 1 FROM risk_acceptances WHERE finding_id = ? AND status = 'requested'", f.id) then
      fail("conflict", f.number .. " already has a risk acceptance waiting for a decision")
    end
    -- approver_id names the approver asked; the decision is recorded in the history
    local r = G.create("risk_acceptances", { finding_id = f.id, risk_title = f.title, requested_by_id = me.id, approver_id = who.id,
                                             status = "requested", rationale = args.rationale, expires_on = expires }, me.id)
    D.notify(who.id, "Risk acceptance " .. r.number .. " for " .. f.number, args.rationale, r.number, "email", me.id)
    return { number = r.number, finding = f.number, approver = who.user_name, expires_on = expires, status = "requested" }
  end,
}

local decide_risk_acceptance = {
  name = "decide_risk_acceptance",
  description = "Approve or reject a requested risk acceptance (as its approver). Approved, the finding becomes " ..
    "risk_accepted until the acceptance expires. Policy: never your own request.",
  parameters = {
    number = { type = "string", description = "Risk acceptance number (RAC…)", required = true },
    decision = { type = "string", enum = { "approve", "reject" }, required = true },
    comment = { type = "string", minLength = 5, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = G.must("risk_acceptances", args.number)
    if r.status ~= "requested" then fail("invalid_state", r.number .. " is " .. r.status) end
    if r.approver_id ~= me.id and not G.has_any_role(me.id, { "compliance_admin" }) then
      fail("forbidden", r.number .. " waits for " .. tostring(D.name_of(r.approver_id)) .. ", not " .. me.user_name)
    end
    local status = args.decision == "approve" and "approved" or "rejected"
    G.set("risk_acceptances", r, { status = status, approver_id = me.id, approved_at = status == "approved" and D.now() or nil }, me.id)
    G.history(r.number, "decision_comment", nil, args.comment, me.id)
    local f = db.one("SELECT * FROM findings WHERE id = ?", r.finding_id)
    if status == "approved" then
      G.set("findings", f, { status = "risk_accepted" }, me.id)
      Deadlines.risk_acceptance(db.one("SELECT * FROM risk_acceptances WHERE id = ?", r.id))
    end
    D.notify(r.requested_by_id, "Risk acceptance " .. r.number .. " " .. status, args.comment, r.number, "email", me.id)
    return { number = r.number, status = status, finding = f.number,
             finding_status = status == "approved" and "risk_accepted" or f.status }
  end,
}

return { search_findings, get_finding, create_finding, add_remediation_task, complete_remediation_task,
         submit_finding_for_validation, close_finding, request_risk_acceptance, decide_risk_acceptance }
