-- Policy exceptions: time-boxed permission to depart from a policy or a control (or to hold two
-- conflicting entitlements). Request, approve or reject, extend before expiry, revoke.
local D = require("directory")
local G = require("compliance")
local Deadlines = require("grc_deadlines")

local DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

local function exception_view(x)
  local extensions = {}
  for _, e in ipairs(db.query("SELECT * FROM exception_extensions WHERE exception_id = ? ORDER BY id", x.id)) do
    extensions[#extensions + 1] = { from = e.old_expires_on, to = e.new_expires_on, reason = e.reason,
                                    requested_by = D.name_of(e.requested_by_id), at = e.at }
  end
  local today = G.today()
  return {
    number = x.number, title = x.title, status = x.status, risk_rating = x.risk_rating, justification = x.justification,
    policy = G.number_of("compliance_policies", x.policy_id), control = G.number_of("grc_controls", x.control_id),
    compensating_control = G.number_of("grc_controls", x.compensating_control_id),
    sod_rule = x.sod_rule_id and db.value("SELECT code FROM sod_rules WHERE id = ?", x.sod_rule_id) or null,
    user = D.name_of(x.user_id), requester = D.name_of(x.requester_id), approver = D.name_of(x.approver_id),
    starts_on = x.starts_on, expires_on = x.expires_on, days_left = x.status == "approved" and G.days_between(today, x.expires_on) or null,
    decided_at = D.or_null(x.decided_at), decision_note = D.or_null(x.decision_note), extensions = array(extensions),
  }
end

local search_exceptions = {
  name = "search_exceptions",
  description = "Search policy exceptions (EXC…) by words in the title, status (requested, approved, rejected, " ..
    "expired, revoked), risk rating, control, policy, requester, the user whose access one covers, or those " ..
    "expiring on or before a date (approved ones only).",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words in the title or number" },
    status = { type = "string", enum = { "requested", "approved", "rejected", "expired", "revoked" } },
    risk_rating = { type = "string", enum = { "low", "medium", "high" } },
    control = { type = "string" },
    policy = { type = "string" },
    requester = { type = "string" },
    user = { type = "string", description = "User name whose access an SoD exception covers" },
    expiring_by = { type = "string", pattern = DATE, description = "Approved exceptions expiring on or before this date" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("x.status = ?", args.status)
      :add("x.risk_rating = ?", args.risk_rating)
      :add("x.control_id = ?", args.control and G.must("grc_controls", args.control).id)
      :add("x.policy_id = ?", args.policy and G.must("compliance_policies", args.policy).id)
      :add("x.requester_id = ?", args.requester and D.must_user(args.requester, "requester").id)
      :add("x.user_id = ?", args.user and D.must_user(args.user).id)
      :add("x.status = 'approved' AND x.expires_on <= ?", G.date_arg(args.expiring_by, "expiring_by"))
      :text(args.query, "(x.title LIKE ? OR x.number LIKE ?)")
    local rows = db.query("SELECT x.*, COUNT(*) OVER () AS total_matches FROM policy_exceptions x" .. w:sql() ..
                          " ORDER BY x.expires_on, x.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM policy_exceptions x" .. w:sql(), w:params())
    local items = {}
    for k, x in ipairs(rows) do
      items[k] = { number = x.number, title = x.title, status = x.status, risk_rating = x.risk_rating,
                   control = G.number_of("grc_controls", x.control_id), policy = G.number_of("compliance_policies", x.policy_id),
                   user = D.name_of(x.user_id), requester = D.name_of(x.requester_id), starts_on = x.starts_on, expires_on = x.expires_on }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_exception = {
  name = "get_exception",
  description = "A policy exception with its policy or control, compensating control, SoD rule and user (if it " ..
    "covers conflicting access), requester, approver, dates, days left and extensions.",
  read_only = true,
  parameters = { number = { type = "string", description = "Exception number, e.g. EXC0000027", required = true } },
  run = function(args) return exception_view(G.must("policy_exceptions", args.number)) end,
}

local request_exception = {
  name = "request_exception",
  description = "Request an exception to a policy or a control (or to an SoD rule for one user's access), starting " ..
    "today or later (never backdated) and running at most 180 days. A high-risk exception names a compensating " ..
    "control. It waits for a risk approver other than the requester.",
  parameters = {
    title = { type = "string", minLength = 5, maxLength = 200, required = true },
    justification = { type = "string", minLength = 20, maxLength = 4000, required = true },
    risk_rating = { type = "string", enum = { "low", "medium", "high" }, required = true },
    policy = { type = "string", description = "Policy number (POL…) departed from" },
    control = { type = "string", description = "Control number (CTL…) departed from" },
    compensating_control = { type = "string", description = "Control number that reduces the risk meanwhile" },
    sod_rule = { type = "string", description = "SoD rule code (e.g. SOD-03) for conflicting access of one user" },
    user = { type = "string", description = "With sod_rule: the user whose conflicting access it covers" },
    starts_on = { type = "string", pattern = DATE, description = "Default today" },
    expires_on = { type = "string", pattern = DATE, required = true, description = "Last day in force" },
  },
  run = function(args)
    local me = D.actor_user()
    if not args.policy and not args.control then
      fail("missing_field", "An exception departs from a policy or a control", "Give policy (POL…) or control (CTL…).")
    end
    if (args.sod_rule == nil) ~= (args.user == nil) then fail("missing_field", "An SoD exception names both sod_rule and user") end
    local policy = args.policy and G.must("compliance_policies", args.policy)
    local control = args.control and G.must("grc_controls", args.control)
    local comp = args.compensating_control and G.must("grc_controls", args.compensating_control)
    if comp and control and comp.id == control.id then fail("invalid_arguments", "A control cannot compensate for itself") end
    if comp and comp.status == "retired" then fail("invalid_state", comp.number .. " is retired and compensates for nothing") end
    local rule = args.sod_rule and db.one("SELECT * FROM sod_rules WHERE code = ? COLLATE NOCASE", args.sod_rule)
    if args.sod_rule and not rule then fail("not_found", "No SoD rule '" .. args.sod_rule .. "'", "list_sod_rules gives the codes.") end
    local user = args.user and G.must_person(args.user, "covered by an exception")
    local starts = G.date_arg(args.starts_on, "starts_on") or G.today()
    local expires = G.date_arg(args.expires_on, "expires_on")
    if expires < starts then fail("invalid_arguments", "expires_on " .. expires .. " is before starts_on " .. starts) end
    local x = G.create("policy_exceptions", {
      title = args.title, policy_id = policy and policy.id, control_id = control and control.id, sod_rule_id = rule and rule.id,
      user_id = user and user.id, requester_id = me.id, risk_rating = args.risk_rating, justification = args.justification,
      compensating_control_id = comp and comp.id, starts_on = starts, expires_on = expires, status = "requested", requested_at = D.now(),
    }, me.id)
    return exception_view(x)
  end,
}

local decide_exception = {
  name = "decide_exception",
  description = "Approve or reject a requested exception, with a note. Policy: the approver is never the requester, " ..
    "and a high-risk exception is approved only with a compensating control.",
  parameters = {
    number = { type = "string", required = true },
    decision = { type = "string", enum = { "approve", "reject" }, required = true },
    note = { type = "string", minLength = 5, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local x = G.must("policy_exceptions", args.number)
    if x.status ~= "requested" then fail("invalid_state", x.number .. " is " .. x.status .. ", not requested") end
    local status = args.decision == "approve" and "approved" or "rejected"
    if status == "approved" and x.expires_on < G.today() then
      fail("invalid_state", x.number .. " would have expired on " .. x.expires_on, "Reject it; a new request starts from today.")
    end
    G.set("policy_exceptions", x, { status = status, approver_id = me.id, decided_at = D.now(), decision_note = args.note }, me.id)
    local after = db.one("SELECT * FROM policy_exceptions WHERE id = ?", x.id)
    Deadlines.exception(after)
    if x.requester_id ~= me.id then
      D.notify(x.requester_id, "Exception " .. x.number .. " " .. status, args.note, x.number, "email", me.id)
    end
    return exception_view(after)
  end,
}

local extend_exception = {
  name = "extend_exception",
  description = "Extend an approved exception that has not yet expired to a later end date, with a reason. Policy: " ..
    "only before it expires, and never beyond 180 days from its start; an expired exception needs a new request.",
  parameters = {
    number = { type = "string", required = true },
    new_expires_on = { type = "string", pattern = DATE, required = true },
    reason = { type = "string", minLength = 10, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local x = G.must("policy_exceptions", args.number)
    local new = G.date_arg(args.new_expires_on, "new_expires_on")
    if new <= x.expires_on then fail("invalid_arguments", "new_expires_on must be after the current end " .. x.expires_on) end
    db.insert("exception_extensions", { exception_id = x.id, old_expires_on = x.expires_on, new_expires_on = new, reason = args.reason,
                                        requested_by_id = me.id, at = D.now() })
    G.set("policy_exceptions", x, { expires_on = new }, me.id)
    G.history(x.number, "extension_reason", nil, args.reason, me.id)
    local after = db.one("SELECT * FROM policy_exceptions WHERE id = ?", x.id)
    Deadlines.exception(after)
    return exception_view(after)
  end,
}

local revoke_exception = {
  name = "revoke_exception",
  description = "Revoke a requested or approved exception before its end (the departure is no longer allowed), " ..
    "with a reason; the requester is told.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 10, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local x = G.must("policy_exceptions", args.number)
    if x.status ~= "requested" and x.status ~= "approved" then fail("invalid_state", x.number .. " is " .. x.status) end
    G.set("policy_exceptions", x, { status = "revoked" }, me.id)
    G.history(x.number, "revoke_reason", nil, args.reason, me.id)
    if x.requester_id ~= me.id then
      D.notify(x.requester_id, "Exception " .. x.number .. " revoked", args.reason, x.number, "email", me.id)
    end
    return { number = x.number, status = "revoked" }
  end,
}

return { search_exceptions, get_exception, request_exception, decide_exception, extend_exception, revoke_exception }
