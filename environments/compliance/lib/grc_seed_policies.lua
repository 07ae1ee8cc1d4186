-- Seed part: the policy library (versions, annual reviews) and the exceptions granted against policies and
-- controls, with their extensions. Defines ctx.add_exception, which the access part uses for the
-- exceptions that mitigate segregation-of-duties conflicts. A lapsed exception on a control has raised
-- its finding, as the expiry event does.
local Tm = require("grc_time")
local Deadlines = require("grc_deadlines")
local M = {}

-- title, owner, framework, versions published (newest last; dates of publication), state:
-- 'published', 'in_review' / 'draft' (a new version waiting), 'retired', 'new' (never published).
local POLICIES = {
  { "Information Security Policy", "yolanda.pryce", "ISO27001", "published", "Sets the security objectives, roles and the control set every system follows." },
  { "Access Control Policy", "desmond.achebe", "ISO27001", "published", "How access is requested, approved, reviewed and removed, and which duties must stay apart." },
  { "Data Protection Policy", "henrik.aalto", "PRIV", "in_review", "How personal data is collected, used, shared, kept and erased, and how data-subject requests are answered." },
  { "Records Retention Policy", "henrik.aalto", "PRIV", "published", "How long each kind of record is kept, legal holds, and deletion at the end of retention." },
  { "Vendor Risk Management Policy", "carmen.villalobos", "ISO27001", "published", "Tiering, assessment and monitoring of vendors, and the sign-off before awards and renewals." },
  { "Acceptable Use Policy", "yolanda.pryce", "ISO27001", "published", "What employees may and may not do with company devices, accounts and data." },
  { "Incident Response Policy", "victor.lang", "ISO27001", "published", "How security incidents and personal-data breaches are reported, handled and notified." },
  { "Code of Conduct", "beatrice.strand", nil, "published", "The standards of behaviour every employee attests to each year." },
  { "Anti-Bribery and Corruption Policy", "beatrice.strand", nil, "draft", "Gifts, hospitality, facilitation payments and third parties acting for the company." },
  { "Change Management Policy", "priya.raman", "SOX", "published", "How changes to production systems are raised, tested, approved and deployed." },
  { "Financial Controls Policy", "frank.delgado", "SOX", "published", "Delegation of authority, journal entries, reconciliations and the financial close." },
  { "Business Continuity Policy", "george.whitman", "ISO27001", "published", "Continuity and recovery planning, and its yearly tests." },
  { "Remote Working Security Standard", "yolanda.pryce", "ISO27001", "retired", "Security rules for working away from the office (merged into the Acceptable Use Policy)." },
  { "Cryptography Standard", "nadia.karim", "ISO27001", "new", "Approved algorithms, key lengths and key management." },
}

-- Policies whose annual review was missed (next_review_on has passed).
local OVERDUE_REVIEW = { ["Access Control Policy"] = true, ["Acceptable Use Policy"] = true }

local function policies(ctx)
  ctx.policy, ctx.policy_owner = {}, {}
  for _, p in ipairs(POLICIES) do
    local owner = ctx.owner(p[2])
    local approver = owner == ctx.user["beatrice.strand"] and ctx.user["olivia.grant"] or ctx.user["beatrice.strand"]
    local majors = rng.int(1, 4)
    local first = Tm.add_days(ctx.TODAY, -rng.int(OVERDUE_REVIEW[p[1]] and 430 or 400, 1500))
    local number = ctx.number("POL")
    local id = db.insert("compliance_policies", {
      number = number, title = p[1], current_version = "0.1", owner_id = owner, framework_id = p[3] and ctx.framework[p[3]] or nil,
      status = "draft", summary = p[5], created_at = first .. "T09:00:00Z", updated_at = first .. "T09:00:00Z",
    })
    ctx.policy[p[1]], ctx.policy_owner[p[1]] = id, owner
    -- Published versions, one or more years apart; the newest published one is in force.
    local versions = {}
    if p[4] ~= "new" then
      local on = first
      for v = 1, majors do
        versions[#versions + 1] = { version = v .. "." .. (v == majors and rng.int(0, 3) or 0), published_on = on }
        local nxt = ctx.date_after(on, 300, 420)
        if nxt >= Tm.add_days(ctx.TODAY, OVERDUE_REVIEW[p[1]] and -420 or -30) then break end
        on = nxt
      end
    end
    local in_force = versions[#versions]
    for k, v in ipairs(versions) do
      local newest = k == #versions
      db.insert("policy_versions", {
        policy_id = id, version = v.version, status = (newest and p[4] ~= "retired") and "published" or "superseded",
        summary = k == 1 and "First version." or "Annual revision: updated roles, references and thresholds.",
        author_id = owner, approved_by_id = approver, approved_on = Tm.add_days(v.published_on, -rng.int(1, 7)),
        published_on = v.published_on, created_at = Tm.add_days(v.published_on, -rng.int(10, 30)) .. "T10:00:00Z",
      })
    end
    -- Reviews: yearly after publication; the last one sets the next review date. Two policies are
    -- overdue for review (i = 2 and 6), one falls due this month.
    local last_review = in_force and in_force.published_on
    if in_force then
      local reviews = {}
      local r = ctx.date_after(in_force.published_on, 330, 380)
      while r < ctx.TODAY do
        reviews[#reviews + 1] = r
        r = ctx.date_after(r, 340, 380)
      end
      -- The overdue ones skipped their last review.
      if OVERDUE_REVIEW[p[1]] then reviews = {} end
      for _, on in ipairs(reviews) do
        db.insert("policy_reviews", { policy_id = id, reviewer_id = owner, reviewed_on = on, outcome = "no_change",
                                      notes = "Reviewed against current practice; still accurate." })
        last_review = on
      end
    end
    local next_review = last_review and Tm.add_months(last_review, 12) or nil
    local status, current = p[4], in_force and in_force.version or "0.1"
    if p[4] == "in_review" or p[4] == "draft" or p[4] == "new" then
      local major = in_force and (tonumber(in_force.version:match("^(%d+)")) + 1) or 0
      current = major .. "." .. (major == 0 and 1 or 0)
      status = p[4] == "new" and "draft" or p[4]
      db.insert("policy_versions", {
        policy_id = id, version = current, status = status, author_id = owner,
        summary = "Draft revision: " .. (p[4] == "new" and "first draft." or "new legal requirements and lessons from the last audit."),
        created_at = clock.iso(ctx.time_on(Tm.add_days(ctx.TODAY, -rng.int(3, 25)))),
      })
    end
    db.update("compliance_policies", { id = id }, {
      current_version = current, status = status, published_on = in_force and in_force.published_on or nil,
      last_reviewed_on = last_review ~= (in_force and in_force.published_on) and last_review or nil,
      next_review_on = status ~= "retired" and next_review or nil,
      updated_at = (last_review or first) .. "T11:00:00Z",
    })
  end
end

-- The people who decide exceptions (risk approvers), for an exception whose requester is `requester`.
local function approver_for(ctx, requester, risk)
  local pool = risk == "high" and { "beatrice.strand", "olivia.grant" } or { "beatrice.strand", "yolanda.pryce", "henrik.aalto" }
  local ids = {}
  for _, n in ipairs(pool) do if ctx.user[n] ~= requester then ids[#ids + 1] = ctx.user[n] end end
  return rng.pick(ids)
end

-- One exception. e: title, justification, policy (title), control (title), sod_rule_id, user_id,
-- requester_id, risk_rating, compensating (control title), starts_on, expires_on, status,
-- finding_status (a lapsed one's finding: default open).
local function add_exception(ctx, e)
  local control = e.control and ctx.control[e.control] or nil
  local requester = e.requester_id or (control and control.owner_id) or ctx.policy_owner[e.policy]
  local requested = ctx.time_on(Tm.add_days(e.starts_on, -rng.int(1, 9)))
  if requested >= ctx.T0 then requested = ctx.T0 - 2 * 3600 end
  local decided = e.status ~= "requested" and math.min(requested + rng.int(4, 40) * 3600, ctx.T0 - 3600) or nil
  local approver = e.status ~= "requested" and approver_for(ctx, requester, e.risk_rating) or nil
  local number = ctx.number("EXC")
  local updated = decided or requested
  if e.status == "revoked" then updated = ctx.time_on(ctx.date_after(Tm.date_of(decided), 1, math.max(1, Tm.days_between(Tm.date_of(decided), ctx.TODAY) - 1))) end
  if e.status == "expired" then updated = Tm.end_of(e.expires_on) end
  if updated >= ctx.T0 then updated = ctx.T0 - 1800 end
  local row = {
    number = number, title = e.title, policy_id = e.policy and ctx.policy[e.policy] or nil, control_id = control and control.id or nil,
    sod_rule_id = e.sod_rule_id, user_id = e.user_id, requester_id = requester, approver_id = approver,
    risk_rating = e.risk_rating, justification = e.justification,
    compensating_control_id = e.compensating and ctx.control[e.compensating].id or nil,
    starts_on = e.starts_on, expires_on = e.expires_on, status = e.status, requested_at = clock.iso(requested),
    decided_at = decided and clock.iso(decided) or nil,
    decision_note = ({ approved = "Approved with the compensating measures described.", expired = "Approved with the compensating measures described.",
                       rejected = "Rejected: the risk is not covered; fix the control instead.",
                       revoked = "Approved; later revoked when the control was fixed." })[e.status],
    created_at = clock.iso(requested), updated_at = clock.iso(updated),
  }
  row.id = db.insert("policy_exceptions", row)
  ctx.hist(number, "created", nil, "requested", requester, requested)
  if decided then ctx.hist(number, "status", "requested", e.status == "rejected" and "rejected" or "approved", approver, decided) end
  if e.status == "revoked" then ctx.hist(number, "status", "approved", "revoked", ctx.user["noor.qureshi"], updated) end
  if e.status == "expired" then
    ctx.hist(number, "status", "approved", "expired", nil, Tm.end_of(e.expires_on))
    if control then
      local raised = Tm.add_days(e.expires_on, 1)
      local fstatus = e.finding_status or "open"
      ctx.add_finding(ctx, {
        title = "Exception " .. number .. " expired: " .. control.title,
        description = "Exception " .. number .. " (" .. e.title .. ") to control " .. control.number .. " expired on " .. e.expires_on ..
                      " and the control does not operate as designed without it.",
        source = "exception_expiry", control = control, exception_id = row.id, severity = e.risk_rating, status = fstatus,
        owner_id = control.owner_id, raised_on = raised, due_on = Tm.add_days(raised, 30),
        closed_on = fstatus == "closed" and ctx.date_after(raised, 1, math.max(1, Tm.days_between(raised, ctx.TODAY) - 1)) or nil,
      })
    end
  end
  if e.status == "approved" then Deadlines.exception(row) end
  return row
end

-- control title (nil: the policy alone), policy, risk, title, justification, compensating control
local TEMPLATES = {
  { "Server patch compliance", "Information Security Policy", "high", "Legacy reporting server cannot take the latest patches",
    "The vendor certifies the application on the current build only; the upgrade is scheduled with its next release.", "Security log monitoring" },
  { "ERP quarterly user access review", "Access Control Policy", "medium", "ERP access review postponed during the ledger migration",
    "User roles are being remapped in the migration; reviewing the old roles would be wasted work." },
  { "Multi-factor authentication enforcement", "Access Control Policy", "high", "Shared warehouse kiosks without MFA",
    "The handheld scanners cannot run the authenticator; kiosks sit on an isolated network.", "Firewall rule review" },
  { "Encryption at rest", "Information Security Policy", "high", "Legacy archive volume unencrypted until its migration",
    "The archive is read-only and moves to encrypted storage in the next quarter.", "CLOUD privileged access restriction" },
  { "Endpoint protection coverage", "Acceptable Use Policy", "medium", "Lab instrument PCs without the endpoint agent",
    "The instrument software breaks with the agent installed; the PCs have no internet access." },
  { "Vulnerability scanning", "Information Security Policy", "medium", "Payment gateway excluded from authenticated scans",
    "The provider forbids authenticated scans of the hosted gateway; it supplies its own quarterly scan report." },
  { "Manual journal entry review", "Financial Controls Policy", "medium", "Journal review threshold raised during the year-end close",
    "Temporary: entries between USD 10,000 and 25,000 are reviewed after posting during the close." },
  { "Tier-1 vendor annual assessment", "Vendor Risk Management Policy", "low", "Cloud provider assessed from its SOC 2 report",
    "The provider does not take questionnaires; its SOC 2 Type II report covers the same ground." },
  { "Retention schedule enforcement", "Records Retention Policy", "medium", "CRM purge job suspended during the data migration",
    "Purging during the migration would break record links; the purge resumes after cut-over." },
  { "Firewall rule review", "Information Security Policy", "low", "Quarterly firewall review deferred for the network refresh",
    "The rule base is rebuilt from scratch in the refresh." },
  { "PAYROLL leaver access removal", "Access Control Policy", "high", "Payroll vendor support account kept after the contract ended",
    "Needed for the year-end payroll corrections the vendor still supports.", "Payroll to ledger reconciliation" },
  { "Security awareness training completion", "Information Security Policy", "low", "Training deadline extended for the Singapore office",
    "The localised course is not ready yet." },
  { "Privacy training for data handlers", "Data Protection Policy", "low", "Privacy training deadline extended for new Support hires",
    "The new hires start the course after their onboarding month." },
  { "CLOUD change management", "Change Management Policy", "medium", "Emergency cloud changes approved after deployment",
    "During the platform migration emergency changes are approved the next business day." },
  { "Secure configuration baseline", "Information Security Policy", "low", "Database servers on the previous hardening baseline",
    "The new baseline breaks the replication agent; a fix is expected from the vendor." },
  { "CRM backup and restore test", "Business Continuity Policy", "low", "CRM restore test postponed",
    "The restore environment is being rebuilt." },
  { nil, "Acceptable Use Policy", "medium", "Personal phones for the Sales team's mail",
    "Sales needs mail on the road; phones are enrolled in device management." },
  { nil, "Information Security Policy", "medium", "USB storage allowed in the Research lab",
    "Instruments export results only to USB drives; drives are company-issued and encrypted." },
  { nil, "Records Retention Policy", "low", "Project mail kept beyond seven years for warranty claims",
    "Warranty claims on the 2017 projects run until 2027." },
  { "Vendor master change verification", "Financial Controls Policy", "high", "Bank detail call-backs by email for overseas suppliers",
    "Time zones make call-backs impractical; confirmation comes from the supplier's portal instead.", "Dual approval of payment runs" },
  { "CLOUD audit logging", "Information Security Policy", "medium", "Log retention shortened to 90 days on development accounts",
    "Development accounts hold no production data." },
  { "Bank reconciliations", "Financial Controls Policy", "low", "Dormant bank accounts reconciled quarterly instead of monthly",
    "The accounts see no transactions; they are being closed." },
  { "HRIS privileged access restriction", "Access Control Policy", "medium", "HR implementation partner keeps admin access",
    "The partner is configuring the new absence module until the go-live." },
  { "Customer data export restriction", "Data Protection Policy", "medium", "Marketing bulk export of customer contacts for the spring campaign",
    "One export, to the campaign tool covered by a processing agreement." },
}

-- The status of each template's current exception, in template order; and templates that also had an
-- older exception (expired and closed out, or rejected).
local STATUSES = { "approved", "approved", "expired", "approved", "requested", "approved", "expired", "approved", "approved",
                   "rejected", "approved", "requested", "approved", "expired", "approved", "revoked", "approved", "requested",
                   "approved", "approved", "expired", "requested", "expired", "revoked" }
local OLDER = { [1] = "expired", [4] = "rejected", [6] = "expired", [9] = "rejected", [11] = "expired", [15] = "rejected",
                [17] = "expired", [20] = "rejected" }

local function exceptions(ctx)
  local this_week = 0
  for i, t in ipairs(TEMPLATES) do
    local status = STATUSES[i]
    local base = { control = t[1], policy = t[2], risk_rating = t[3], title = t[4], justification = t[5], compensating = t[6] }
    if t[3] == "high" and not t[6] then error("high-risk exception without compensating control: " .. t[4]) end
    if OLDER[i] then
      local o = {}
      for k, v in pairs(base) do o[k] = v end
      o.status = OLDER[i]
      o.expires_on = Tm.add_days(ctx.TODAY, -rng.int(200, 300))
      o.starts_on = Tm.add_days(o.expires_on, -rng.int(60, 180))
      o.finding_status = "closed"
      add_exception(ctx, o)
    end
    local e = {}
    for k, v in pairs(base) do e[k] = v end
    e.status = status
    if status == "approved" then
      -- The first three run out this week, early, mid and late in it.
      local week = ({ { 0, 1 }, { 2, 3 }, { 4, 6 } })[this_week + 1]
      e.expires_on = week and Tm.add_days(ctx.TODAY, rng.int(week[1], week[2])) or Tm.add_days(ctx.TODAY, rng.int(10, 150))
      this_week = this_week + 1
      e.starts_on = Tm.add_days(e.expires_on, -rng.int(30, 180))
      if e.starts_on > Tm.add_days(ctx.TODAY, -3) then e.starts_on = Tm.add_days(ctx.TODAY, -rng.int(3, 20)) end
    elseif status == "expired" then
      e.expires_on = Tm.add_days(ctx.TODAY, -rng.int(2, 60))
      e.starts_on = Tm.add_days(e.expires_on, -rng.int(60, 180))
      e.finding_status = rng.pick({ "open", "remediating" })
    elseif status == "requested" then
      e.starts_on = Tm.add_days(ctx.TODAY, rng.int(0, 14))
      e.expires_on = Tm.add_days(e.starts_on, rng.int(30, 180))
    elseif status == "rejected" then
      e.starts_on = Tm.add_days(ctx.TODAY, -rng.int(5, 60))
      e.expires_on = Tm.add_days(e.starts_on, rng.int(60, 180))
    else -- revoked
      e.starts_on = Tm.add_days(ctx.TODAY, -rng.int(40, 120))
      e.expires_on = Tm.add_days(e.starts_on, rng.int(90, 180))
    end
    local row = add_exception(ctx, e)
    -- Some approved exceptions were extended once, before they ran out, within the 180 days.
    if status == "approved" and Tm.days_between(e.starts_on, e.expires_on) >= 60 and e.starts_on <= Tm.add_days(ctx.TODAY, -20)
       and ctx.chance(0.4) then
      local old = Tm.add_days(e.expires_on, -rng.int(20, 45))
      local at = ctx.time_on(ctx.date_after(e.starts_on, 1, math.max(1, math.min(Tm.days_between(e.starts_on, old), Tm.days_between(e.starts_on, ctx.TODAY)) - 1)))
      db.insert("exception_extensions", {
        exception_id = row.id, old_expires_on = old, new_expires_on = e.expires_on, reason = "The fix slipped to the next release.",
        requested_by_id = row.requester_id, approved_by_id = row.approver_id,
        at = clock.iso(math.max(at, clock.parse(row.decided_at) + 3600)),
      })
    end
  end
end

function M.seed(ctx)
  policies(ctx)
  ctx.add_exception = function(e) return add_exception(ctx, e) end
  exceptions(ctx)
end

return M
