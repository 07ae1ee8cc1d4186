-- Approvals: the queue of what waits for someone (directly or as a delegate), decisions, escalation,
-- delegations while an approver is away, and the bands themselves.
local D = require("directory")
local P = require("procurement")
local A = require("approval_chain")
local B = require("purchasing")

local list_approval_bands = {
  name = "list_approval_bands",
  description = "The approval bands (who approves a requisition or change order of which amount, step by step) and " ..
    "the personal signing limits of approvers.",
  read_only = true,
  parameters = {},
  run = function()
    local bands, limits = {}, {}
    for _, b in ipairs(db.query("SELECT * FROM approval_bands ORDER BY step")) do
      bands[#bands + 1] = { step = b.step, name = b.name, from = P.dollars(b.min_amount_cents),
                            up_to = D.or_null(b.max_amount_cents and P.dollars(b.max_amount_cents)), approver = b.approver_kind }
    end
    for _, l in ipairs(db.query([[SELECT u.user_name, l.limit_cents FROM approval_limits l JOIN users u ON u.id = l.user_id
                                  ORDER BY u.user_name]])) do
      limits[#limits + 1] = { approver = l.user_name, limit = l.limit_cents and P.dollars(l.limit_cents) or "unlimited" }
    end
    return { bands = array(bands), signing_limits = array(limits) }
  end,
}

local list_pending_approvals = {
  name = "list_pending_approvals",
  description = "Approval steps waiting now for a person: their own, and those of approvers they stand in for under " ..
    "an active delegation (marked on_behalf_of). Default: you.",
  read_only = true,
  parameters = D.with_paging({
    approver = { type = "string", description = "User name (default: you)" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local who = args.approver and D.must_user(args.approver, "approver") or D.actor_user()
    local now = D.now()
    -- the current step of each document: the lowest pending step
    local sql = [[FROM procurement_approvals a
      WHERE a.status = 'pending'
        AND a.step = (SELECT MIN(b.step) FROM procurement_approvals b WHERE b.object_type = a.object_type
                      AND b.object_id = a.object_id AND b.status = 'pending')
        AND (a.approver_id = ? OR a.approver_id IN (SELECT delegator_id FROM approval_delegations
             WHERE delegate_id = ? AND starts_at <= ? AND ends_at > ? AND revoked_at IS NULL))]]
    local rows = db.query("SELECT a.*, COUNT(*) OVER () AS total_matches " .. sql .. " ORDER BY a.requested_at, a.id LIMIT ? OFFSET ?",
                          who.id, who.id, now, now, size, offset)
    local total = D.total_of(rows, "SELECT COUNT(*) " .. sql, who.id, who.id, now, now)
    local items = {}
    for k, a in ipairs(rows) do
      local title, requester
      if a.object_type == "requisition" then
        local r = db.one("SELECT title, requester_id FROM requisitions WHERE id = ?", a.object_id)
        title, requester = r.title, D.name_of(r.requester_id)
      else
        local co = db.one("SELECT reason, requested_by_id, po_id FROM po_change_orders WHERE id = ?", a.object_id)
        title = "Change to " .. P.number_of("purchase_orders", co.po_id) .. ": " .. co.reason
        requester = D.name_of(co.requested_by_id)
      end
      items[k] = { number = a.record_number, kind = a.object_type, title = title, requester = requester, step = a.step,
                   amount = P.dollars(a.amount_cents), requested_at = a.requested_at, due_at = D.or_null(a.due_at),
                   on_behalf_of = a.approver_id ~= who.id and D.name_of(a.approver_id) or null }
    end
    return D.paged(items, total, page, size)
  end,
}

-- The document's approval is complete: a requisition becomes approved, a change order is applied.
local function complete(doc, actor_id)
  if doc.object_type == "requisition" then
    P.set("requisitions", doc.row, { status = "approved", approved_at = D.now() }, actor_id)
    D.notify(doc.row.requester_id, doc.row.number .. " approved", "Your requisition " .. doc.row.number .. " '" .. doc.row.title ..
             "' is approved and goes to Procurement for ordering.", doc.row.number, "email", actor_id)
  else
    B.apply_change(doc.row, actor_id)
    D.notify(doc.row.requested_by_id, doc.row.number .. " approved", "Change order " .. doc.row.number .. " to " .. doc.po.number ..
             " is approved and applied.", doc.row.number, "email", actor_id)
  end
end

local decide_approval = {
  name = "decide_approval",
  description = "Approve or reject the current approval step of a requisition (PR…) or change order (PCO…), as its " ..
    "approver or as the delegate of an approver who is away. A rejection ends the chain; an approval moves it to the " ..
    "next step or, at the last, approves the document. A reason is needed to reject.",
  parameters = {
    number = { type = "string", description = "Requisition or change order number", required = true },
    decision = { type = "string", enum = { "approve", "reject" }, required = true },
    comment = { type = "string", maxLength = 2000, description = "Why (needed to reject)" },
  },
  run = function(args)
    local me = D.actor_user()
    local doc = A.document(args.number)
    if doc.row.status ~= "pending_approval" then
      fail("invalid_state", doc.row.number .. " is " .. doc.row.status .. ", not waiting for approval")
    end
    local step = A.current(doc.object_type, doc.row.id)
    if not step then fail("invalid_state", doc.row.number .. " has no approval step waiting") end
    local standing = A.standing(step, me.id)
    if not standing then
      fail("forbidden", doc.row.number .. " waits for " .. D.name_of(step.approver_id) .. " (step " .. step.step .. "), not " .. me.user_name,
           "Only the step's approver, or their delegate while a delegation is active, can decide it.")
    end
    if args.decision == "reject" and (args.comment == nil or args.comment:match("^%s*$")) then
      fail("missing_field", "Rejecting needs a comment saying why")
    end
    local now = D.now()
    P.set("procurement_approvals", step, { status = args.decision == "approve" and "approved" or "rejected",
                                           acted_by_id = me.id, acted_at = now, comment = args.comment }, me.id, doc.row.number)
    local result = { number = doc.row.number, step = step.step, decision = args.decision, acted_as = standing,
                     on_behalf_of = standing == "delegate" and D.name_of(step.approver_id) or null }
    if args.decision == "reject" then
      db.exec([[UPDATE procurement_approvals SET status = 'cancelled' WHERE object_type = ? AND object_id = ? AND status = 'pending']],
              doc.object_type, doc.row.id)
      if doc.object_type == "requisition" then
        P.set("requisitions", doc.row, { status = "rejected" }, me.id)
        D.notify(doc.row.requester_id, doc.row.number .. " rejected", "Your requisition " .. doc.row.number .. " was rejected: " .. args.comment,
                 doc.row.number, "email", me.id)
      else
        P.set("po_change_orders", doc.row, { status = "rejected", decided_at = now }, me.id)
        D.notify(doc.row.requested_by_id, doc.row.number .. " rejected", "Change order " .. doc.row.number .. " was rejected: " .. args.comment,
                 doc.row.number, "email", me.id)
      end
      result.status = "rejected"
      return result
    end
    local nxt = A.advance(doc.object_type, doc.row.id)
    if nxt then
      D.notify(nxt.approver_id, "Approval needed: " .. doc.row.number, "Step " .. nxt.step .. " of " .. doc.row.number ..
               " (" .. P.money(nxt.amount_cents) .. ") waits for you.", doc.row.number, "email", me.id)
      result.status = "pending_approval"
      result.next_approver = D.name_of(nxt.approver_id)
    else
      complete(doc, me.id)
      result.status = "approved"
    end
    return result
  end,
}

local escalate_approval = {
  name = "escalate_approval",
  description = "Escalate the current approval step of a requisition or change order to the approver's manager " ..
    "(policy: when it has waited past its due time, or the approver is away with no delegate).",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local doc = A.document(args.number)
    if doc.row.status ~= "pending_approval" then fail("invalid_state", doc.row.number .. " is " .. doc.row.status .. ", not waiting for approval") end
    local step = A.current(doc.object_type, doc.row.id)
    local manager = db.value("SELECT manager_id FROM users WHERE id = ?", step.approver_id)
    if not manager then fail("conflict", D.name_of(step.approver_id) .. " has no manager to escalate to") end
    local now = D.now()
    P.set("procurement_approvals", step, { status = "escalated", escalated_to_id = manager, comment = args.reason }, me.id, doc.row.number)
    local due = A.due_from_now()
    local id = db.insert("procurement_approvals", { object_type = step.object_type, object_id = step.object_id, record_number = step.record_number,
                                                    step = step.step, approver_id = manager, status = "pending", amount_cents = step.amount_cents,
                                                    requested_at = now, due_at = due })
    clock.schedule(clock.parse(due), "approval_escalation", { approval_id = id, due_at = due })
    D.notify(manager, "Escalated approval: " .. doc.row.number, "Step " .. step.step .. " of " .. doc.row.number .. " was escalated to you: " ..
             args.reason, doc.row.number, "email", me.id)
    return { number = doc.row.number, step = step.step, from = D.name_of(step.approver_id), to = D.name_of(manager) }
  end,
}

local create_approval_delegation = {
  name = "create_approval_delegation",
  description = "While you are away, let a colleague decide your pending approvals (from starts_at to ends_at). " ..
    "They act in your name; they still may not approve anything they requested themselves.",
  parameters = {
    delegate = { type = "string", description = "User name of the stand-in", required = true },
    starts_at = { type = "string", format = "date-time", required = true },
    ends_at = { type = "string", format = "date-time", required = true },
    reason = { type = "string", maxLength = 500 },
  },
  run = function(args)
    local me = D.actor_user()
    local delegate = D.must_active_user(args.delegate, "a delegate")
    if delegate.id == me.id then fail("invalid_arguments", "You cannot delegate to yourself") end
    local s, e = D.time_arg(args.starts_at, "starts_at"), D.time_arg(args.ends_at, "ends_at")
    if e <= s then fail("invalid_arguments", "ends_at must be after starts_at") end
    local id = db.insert("approval_delegations", { delegator_id = me.id, delegate_id = delegate.id, starts_at = s, ends_at = e,
                                                   reason = args.reason, created_at = D.now() })
    P.history("DELEGATION:" .. me.user_name, "created", nil, delegate.user_name .. " " .. s .. " - " .. e, me.id)
    return { id = id, delegator = me.user_name, delegate = delegate.user_name, starts_at = s, ends_at = e }
  end,
}

local list_approval_delegations = {
  name = "list_approval_delegations",
  description = "Delegations of approval authority: who stands in for whom, and when. Filter by a person (either side).",
  read_only = true,
  parameters = {
    user = { type = "string", description = "User name, delegator or delegate" },
    active_only = { type = "boolean", default = false, description = "Only delegations in force now" },
  },
  run = function(args)
    local w = D.where()
    if args.user then
      local u = D.must_user(args.user)
      w:add_if(true, "(d.delegator_id = ? OR d.delegate_id = ?)", u.id, u.id)
    end
    if args.active_only then w:add_if(true, "d.starts_at <= ? AND d.ends_at > ? AND d.revoked_at IS NULL", D.now(), D.now()) end
    local items = {}
    for _, d in ipairs(db.query("SELECT d.* FROM approval_delegations d" .. w:sql() .. " ORDER BY d.starts_at DESC, d.id LIMIT 50", w:params())) do
      items[#items + 1] = { id = d.id, delegator = D.name_of(d.delegator_id), delegate = D.name_of(d.delegate_id),
                            starts_at = d.starts_at, ends_at = d.ends_at, reason = D.or_null(d.reason),
                            revoked_at = D.or_null(d.revoked_at) }
    end
    return { items = array(items), total = #items }
  end,
}

return { list_approval_bands, list_pending_approvals, decide_approval, escalate_approval, create_approval_delegation,
         list_approval_delegations }
