-- The written policy (policy.md) as functions and numbers: rules.lua decides with these whether a call
-- breaks a rule, and the tools show the same numbers, so what is allowed and what is checked agree.
local D = require("directory")
local G = require("compliance")
local M = {}

---------------------------------------------------------------------------------------------------
-- The numbers of the policy
---------------------------------------------------------------------------------------------------
M.EXCEPTION_MAX_DAYS = 180          -- an exception runs at most 180 days from its start, extensions included
M.DSR_RESPONSE_MONTHS = 1           -- a data-subject request is answered within one month of receipt
M.DSR_EXTENSION_MAX_MONTHS = 2      -- ... extended by at most two further months
M.BREACH_NOTIFY_HOURS = 72          -- the authority is told within 72 hours of awareness
M.VENDOR_ASSESSMENT_MONTHS = 12     -- a tier-1 vendor's assessment is at most 12 months old at award or renewal
M.RISK_ACCEPTANCE_MAX_MONTHS = 12   -- a risk acceptance lasts at most 12 months
M.VENDOR_PASS_SCORE = 70            -- an assessment scoring 70 or more passes,
M.VENDOR_CONDITIONAL_SCORE = 50     -- 50 to 69 is conditional, below 50 fails
M.TIER_CYCLE_MONTHS = { 12, 24, 36 } -- reassessment cycle of tiers 1, 2 and 3
-- Who accepts the risk of a high or critical finding: the Chief Compliance Officer and the CFO.
M.SENIOR_RISK_APPROVERS = { "beatrice.strand", "olivia.grant" }

-- The result an assessment score gives.
function M.vendor_result(score)
  if score >= M.VENDOR_PASS_SCORE then return "pass" end
  if score >= M.VENDOR_CONDITIONAL_SCORE then return "conditional" end
  return "fail"
end

---------------------------------------------------------------------------------------------------
-- COMP-R01 roles: the compliance roles that may call each writing tool (any one of them suffices).
-- Reading tools need any compliance role; an auditor reads only. Tools not listed here and not
-- read-only are open to every active employee (a trainee attesting their own training).
---------------------------------------------------------------------------------------------------
local ANALYSTS = { "compliance_analyst", "compliance_admin" }
local TESTERS = { "control_tester", "compliance_analyst", "compliance_admin" }
local OWNERS = { "control_owner", "compliance_analyst", "compliance_admin" }
local APPROVERS = { "risk_approver", "compliance_admin" }
local PRIVACY = { "privacy_officer", "compliance_analyst", "compliance_admin" }
local SECURITY = { "security_officer", "privacy_officer", "compliance_analyst", "compliance_admin" }
local ACCESS = { "security_officer", "compliance_analyst", "compliance_admin" }
local VENDOR = { "vendor_risk_analyst", "compliance_analyst", "compliance_admin" }
M.TOOL_ROLES = {
  start_control_test = TESTERS, attach_evidence = TESTERS, reject_evidence = TESTERS, conclude_control_test = TESTERS,
  create_finding = ANALYSTS, add_remediation_task = OWNERS, complete_remediation_task = OWNERS,
  submit_finding_for_validation = OWNERS, close_finding = TESTERS,
  request_risk_acceptance = OWNERS, decide_risk_acceptance = APPROVERS,
  request_exception = OWNERS, decide_exception = APPROVERS, extend_exception = OWNERS, revoke_exception = ANALYSTS,
  draft_policy_version = OWNERS, publish_policy_version = APPROVERS, record_policy_review = OWNERS,
  grant_access = ACCESS, revoke_access = ACCESS,
decide_review_item = { "access_reviewer", "compliance_admin" },
  carry_out_review_revocations = ACCESS, launch_access_review = ACCESS, close_access_review = { "access_reviewer", "security_officer", "compliance_admin" },
  start_vendor_assessment = VENDOR, complete_vendor_assessment = VENDOR, approve_vendor = { "vendor_risk_analyst", "compliance_admin" },
  verify_dsr_identity = PRIVACY, extend_privacy_request = PRIVACY, export_subject_data = PRIVACY, erase_subject_data = PRIVACY,
  restrict_subject_data = PRIVACY, rectify_subject_data = PRIVACY, close_privacy_request = PRIVACY, log_privacy_request = PRIVACY,
  send_dsr_message = PRIVACY, contain_breach = SECURITY,
  place_legal_hold = { "privacy_officer", "compliance_admin" }, release_legal_hold = { "privacy_officer", "compliance_admin" },
  record_breach = SECURITY, assess_breach = SECURITY, notify_breach_authority = { "privacy_officer", "compliance_admin" },
  notify_breach_subjects = { "privacy_officer", "compliance_admin" }, close_breach = SECURITY,
  assign_training = ANALYSTS,
  -- the company's messaging tool writes too: every compliance role but the auditor's
  send_notification = { "compliance_analyst", "control_owner", "control_tester", "risk_approver", "privacy_officer",
                        "access_reviewer", "vendor_risk_analyst", "security_officer", "compliance_admin" },
}
-- Tools every active employee may call: their own training (attestation, and reading what is assigned).
M.EVERYONE = { attest_training = true, search_training_assignments = true, list_training_courses = true }
M.ANY_ROLE = { "compliance_analyst", "control_owner", "control_tester", "auditor", "risk_approver", "privacy_officer",
               "access_reviewer", "vendor_risk_analyst", "security_officer", "compliance_admin" }

---------------------------------------------------------------------------------------------------
-- COMP-R02 life cycles: the status a record must have for each transition.
---------------------------------------------------------------------------------------------------
M.LIFECYCLE = {
  attach_evidence = { tbl = "control_tests", arg = "test", from = { "planned", "in_progress" }, to = "in_progress" },
  conclude_control_test = { tbl = "control_tests", arg = "test", from = { "in_progress" }, to = "passed or failed" },
  start_control_test = { tbl = "grc_controls", arg = "control", from = { "effective", "failing", "not_tested" }, to = "tested" },
  add_remediation_task = { tbl = "findings", arg = "finding", from = { "open", "remediating" }, to = "remediating" },
  complete_remediation_task = { tbl = "remediation_tasks", arg = "task", from = { "open", "in_progress" }, to = "done" },
  submit_finding_for_validation = { tbl = "findings", arg = "finding", from = { "open", "remediating" }, to = "ready_for_validation" },
  close_finding = { tbl = "findings", arg = "finding", from = { "ready_for_validation" }, to = "closed" },
  request_risk_acceptance = { tbl = "findings", arg = "finding", from = { "open", "remediating" }, to = "risk acceptance requested" },
  decide_risk_acceptance = { tbl = "risk_acceptances", arg = "number", from = { "requested" }, to = "approved or rejected" },
  decide_exception = { tbl = "policy_exceptions", arg = "number", from = { "requested" }, to = "approved or rejected" },
  extend_exception = { tbl = "policy_exceptions", arg = "number", from = { "approved" }, to = "extended" },
  revoke_exception = { tbl = "policy_exceptions", arg = "number", from = { "requested", "approved" }, to = "revoked" },
  publish_policy_version = { tbl = "compliance_policies", arg = "policy", from = { "draft", "in_review", "published" }, to = "published" },
  revoke_access = { tbl = "access_grants", arg = "grant", from = { "active" }, to = "revoked" },
  carry_out_review_revocations = { tbl = "access_review_campaigns", arg = "campaign", from = { "open" }, to = "revocations done" },
  close_access_review = { tbl = "access_review_campaigns", arg = "campaign", from = { "open" }, to = "closed" },
  launch_access_review = { tbl = "access_review_campaigns", arg = "campaign", from = { "draft" }, to = "open" },
  complete_vendor_assessment = { tbl = "vendor_assessments", arg = "assessment", from = { "in_progress" }, to = "completed" },
  verify_dsr_identity = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "identity checked" },
  extend_privacy_request = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "extended" },
  export_subject_data = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "data sent" },
  erase_subject_data = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "erased" },
  restrict_subject_data = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "restricted" },
  rectify_subject_data = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "rectified" },
  close_privacy_request = { tbl = "dsr_requests", arg = "request", from = { "received", "in_progress" }, to = "completed or rejected" },
  release_legal_hold = { tbl = "legal_holds", arg = "hold", from = { "active" }, to = "released" },
  assess_breach = { tbl = "breaches", arg = "breach", from = { "open", "assessed", "contained" }, to = "assessed" },
  contain_breach = { tbl = "breaches", arg = "breach", from = { "open", "assessed" }, to = "contained" },
  notify_breach_authority = { tbl = "breaches", arg = "breach", from = { "assessed", "contained", "notified" }, to = "authority notified" },
  notify_breach_subjects = { tbl = "breaches", arg = "breach", from = { "assessed", "contained", "notified" }, to = "subjects notified" },
  close_breach = { tbl = "breaches", arg = "breach", from = { "assessed", "contained", "notified" }, to = "closed" },
  attest_training = { tbl = "training_assignments", arg = "assignment", from = { "assigned", "overdue" }, to = "completed" },
}

function M.lifecycle_problem(tool, args)
  local lc = M.LIFECYCLE[tool]
  if not lc then return nil end
  local row = G.find(lc.tbl, args[lc.arg])
  if not row or row.status == nil then return nil end
  for _, s in ipairs(lc.from) do if row.status == s then return nil end end
  return row.number .. " is " .. row.status .. "; " .. tool .. " needs it " .. table.concat(lc.from, " or ") .. " (to become " .. lc.to .. ")"
end

---------------------------------------------------------------------------------------------------
-- COMP-R03 evidence of a control test
---------------------------------------------------------------------------------------------------
-- Why a piece of evidence cannot support a test of this period today, or nil when it can.
function M.evidence_problem(e, test, today)
  if e.status == "rejected" then return e.number .. " was rejected" end
  if e.collected_on < test.period_start or e.collected_on > test.period_end then
    return e.number .. " was collected on " .. e.collected_on .. ", outside the test period " .. test.period_start .. " to " .. test.period_end
  end
  if e.valid_until and e.valid_until < today then return e.number .. " expired on " .. e.valid_until end
  if e.status == "stale" then return e.number .. " is stale" end
  return nil
end

-- Why a test cannot pass on its evidence, or nil: at least one piece, every piece not rejected usable.
function M.pass_problem(test)
  local today = G.today()
  local rows = db.query("SELECT * FROM evidence WHERE test_id = ? AND status <> 'rejected' ORDER BY number", test.id)
  if #rows == 0 then return test.number .. " has no evidence attached" end
  for _, e in ipairs(rows) do
    local why = M.evidence_problem(e, test, today)
    if why then return test.number .. " cannot pass on its evidence: " .. why end
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- COMP-R05 / R06 exceptions
---------------------------------------------------------------------------------------------------
-- Why an exception window is not allowed, or nil: not backdated, ends after it starts, at most 180 days.
function M.window_problem(starts_on, expires_on)
  local today = G.today()
  if starts_on < today then return "the exception would start on " .. starts_on .. ", before today " .. today .. " (no backdating)" end
  if expires_on <= starts_on then return "it would expire on " .. expires_on .. ", not after its start " .. starts_on end
  local days = G.days_between(starts_on, expires_on)
  if days > M.EXCEPTION_MAX_DAYS then
    return "it would run " .. days .. " days (" .. starts_on .. " to " .. expires_on .. "); the most is " .. M.EXCEPTION_MAX_DAYS
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- COMP-R09 segregation of duties
---------------------------------------------------------------------------------------------------
-- The approved, unexpired exception that mitigates a user's conflict under an SoD rule, or nil.
function M.mitigating_exception(user_id, sod_rule_id)
  local today = G.today()
  return db.one([[SELECT * FROM policy_exceptions WHERE user_id = ? AND sod_rule_id = ? AND status = 'approved'
                  AND starts_on <= ? AND expires_on >= ? ORDER BY expires_on DESC LIMIT 1]], user_id, sod_rule_id, today, today)
end

-- The SoD conflicts a grant of `entitlement_id` to `user_id` would complete: a list of
-- { rule = sod_rules row, other = the entitlement already held, grant = its AGT number, mitigated = exception row or nil }.
function M.sod_conflicts(user_id, entitlement_id)
  local out = {}
  local rules = db.query([[SELECT * FROM sod_rules WHERE entitlement_a_id = ? OR entitlement_b_id = ? ORDER BY id]],
                         entitlement_id, entitlement_id)
  for _, r in ipairs(rules) do
    local other = r.entitlement_a_id == entitlement_id and r.entitlement_b_id or r.entitlement_a_id
    local held = db.one([[SELECT number FROM access_grants WHERE user_id = ? AND entitlement_id = ? AND status = 'active'
                          ORDER BY number LIMIT 1]], user_id, other)
    if held then
      out[#out + 1] = { rule = r, other = db.one("SELECT * FROM entitlements WHERE id = ?", other), grant = held.number,
                        mitigated = M.mitigating_exception(user_id, r.id) }
    end
  end
  return out
end

---------------------------------------------------------------------------------------------------
-- Privacy: deadlines, identity, holds and retention duties
---------------------------------------------------------------------------------------------------
-- The original deadline of a request (one month after receipt) and the latest lawful extended one.
function M.dsr_deadlines(r)
  local received = r.received_at:sub(1, 10)
  return G.add_months(received, M.DSR_RESPONSE_MONTHS), G.add_months(received, M.DSR_RESPONSE_MONTHS + M.DSR_EXTENSION_MAX_MONTHS)
end

-- The subject's address of record (where personal data may go), or nil when the request has no subject yet.
function M.subject_email(r)
  if not r.subject_id then return nil end
  return db.value("SELECT email FROM data_subjects WHERE id = ?", r.subject_id)
end

-- The active legal holds covering a personal-data record (by subject, or by category), in number order.
function M.holds_on(rec)
  return db.query([[SELECT * FROM legal_holds WHERE status = 'active' AND (subject_id = ? OR category_id = ?) ORDER BY number]],
                  rec.subject_id, rec.category_id)
end

-- The retention duty keeping a personal-data record, or nil: a duty of its category still running.
function M.duty_on(rec)
  if rec.retention_until and rec.retention_until >= G.today() then
    return db.one("SELECT * FROM retention_duties WHERE category_id = ? ORDER BY id LIMIT 1", rec.category_id)
      or { code = "retention", basis = "retention period" }
  end
  return nil
end

-- Why a personal-data record may not be erased today, or nil.
function M.erasure_block(rec)
  local holds = M.holds_on(rec)
  if #holds > 0 then return "legal hold " .. holds[1].number .. " (" .. tostring(holds[1].matter) .. ")" end
  local duty = M.duty_on(rec)
  if duty then
    return "retention duty " .. tostring(duty.code) .. " (" .. tostring(duty.basis) .. ") until " .. tostring(rec.retention_until)
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- Vendors
---------------------------------------------------------------------------------------------------
-- The newest completed assessment of a vendor profile, or nil.
function M.last_assessment(profile_id)
  return db.one([[SELECT * FROM vendor_assessments WHERE profile_id = ? AND status = 'completed'
                  ORDER BY completed_on DESC, id DESC LIMIT 1]], profile_id)
end

-- Why a vendor may not be approved for an award or renewal today, or nil: a tier-1 vendor needs a
-- completed assessment at most 12 months old; a tier-2 or tier-3 vendor with access to personal or
-- sensitive data needs one within its tier's cycle (24 or 36 months).
function M.vendor_assessment_gap(p)
  local tier = tonumber(p.tier)
  if tier ~= 1 and p.data_access ~= "personal" and p.data_access ~= "sensitive" then return nil end
  local months = tier == 1 and M.VENDOR_ASSESSMENT_MONTHS or M.TIER_CYCLE_MONTHS[tier]
  local why = tier == 1 and "is tier 1" or ("is tier " .. tier .. " with " .. p.data_access .. " data access")
  local a = M.last_assessment(p.id)
  if not a then return p.number .. " " .. p.vendor_name .. " " .. why .. " and has no completed assessment" end
  if a.completed_on < G.add_months(G.today(), -months) then
    return p.number .. " " .. p.vendor_name .. " " .. why .. " and its last assessment " .. a.number .. " was completed on " ..
      a.completed_on .. ", more than " .. months .. " months ago"
  end
  return nil
end

-- Why `approver` may not accept the risk of finding `f`, or nil (COMP-R22).
function M.risk_approver_problem(f, approver)
  local control = f.control_id and db.one("SELECT * FROM grc_controls WHERE id = ?", f.control_id)
  if f.owner_id == approver.id then return approver.user_name .. " owns " .. f.number .. " and cannot accept its risk" end
  if control and control.owner_id == approver.id then
    return approver.user_name .. " owns " .. control.number .. ", the control of " .. f.number .. ", and cannot accept its risk"
  end
  if f.severity == "high" or f.severity == "critical" then
    for _, name in ipairs(M.SENIOR_RISK_APPROVERS) do
      if approver.user_name == name then return nil end
    end
    return f.number .. " is " .. f.severity .. "; its risk is accepted only by " .. table.concat(M.SENIOR_RISK_APPROVERS, " or ") ..
      ", not " .. approver.user_name
  end
  return nil
end

-- Whether the actor sent a notification naming one of the record numbers to this person.
function M.notified(recipient_id, number, sender_id)
  return db.value("SELECT 1 FROM notifications WHERE recipient_id = ? AND record_number = ? AND sender_id = ?",
                  recipient_id, number, sender_id) ~= nil
end

return M
