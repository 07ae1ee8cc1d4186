-- Approval chains (policy PROC-R03, PROC-R04): who approves a requisition or a change order, step by
-- step, by amount band and cost centre; delegation while an approver is away; escalation.
local D = require("directory")
local P = require("procurement")
local PA = require("p2p_approvals")
local M = {}

-- When a step that becomes current now escalates if still pending (3 business days on).
function M.due_from_now() return clock.iso(PA.escalation_due(clock.now())) end

-- The bands a document of `amount` cents needs: every band starting at or below it, in step order.
function M.bands_for(amount)
  return db.query("SELECT * FROM approval_bands WHERE min_amount_cents <= ? ORDER BY step", amount)
end

local function user_id_of(name) local u = D.user_by_name(name) return u and u.id end

-- The person a band's step falls to for a cost centre, before self-approval is routed around.
function M.band_approver(kind, cost_center_id)
  if kind == "cost_center_owner" then return db.value("SELECT owner_id FROM cost_centers WHERE id = ?", cost_center_id) end
  if kind == "procurement_head" then return db.value("SELECT owner_id FROM cost_centers WHERE code = ?", P.PROCUREMENT_CC) end
  if kind == "finance_director" then return user_id_of(P.FINANCE_DIRECTOR) end
  if kind == "cfo" then return user_id_of(P.CFO) end
  return nil
end

-- Starts the chain of a document: one pending step per band (a step whose approver would be one of
-- `interested` — the requester, the person it is for — goes to that approver's manager instead; a step
-- falling to someone who already approves an earlier step is skipped). The first step is current and
-- gets its escalation due time. Earlier pending steps of the same document are cancelled. Returns the steps.
function M.start(object_type, object_id, number, amount, cost_center_id, interested)
  db.exec([[UPDATE procurement_approvals SET status = 'cancelled' WHERE object_type = ? AND object_id = ? AND status = 'pending']],
          object_type, object_id)
  local now, seen, first = D.now(), {}, true
  local steps = {}
  for _, band in ipairs(M.bands_for(amount)) do
    local approver = M.band_approver(band.approver_kind, cost_center_id)
    for _ = 1, 3 do  -- a manager who is also interested moves the step up once more
      local clash = false
      for _, id in ipairs(interested) do if id == approver then clash = true end end
      if not clash then break end
      approver = db.value("SELECT manager_id FROM users WHERE id = ?", approver) or approver
    end
    if not approver then
      fail("conflict", number .. " has nobody to approve its '" .. band.name .. "' step",
           "The cost centre has no owner on record; ask Finance to name one.")
    end
    local status = seen[approver] and "skipped" or "pending"
    seen[approver] = true
    local row = { object_type = object_type, object_id = object_id, record_number = number, step = band.step,
                  approver_id = approver, status = status, amount_cents = amount, requested_at = now }
    if status == "pending" and first then
      row.due_at = M.due_from_now()
      first = false
    end
    row.id = db.insert("procurement_approvals", row)
    if row.due_at then clock.schedule(clock.parse(row.due_at), "approval_escalation", { approval_id = row.id, due_at = row.due_at }) end
    steps[#steps + 1] = row
  end
  return steps
end

-- The step waiting now (the lowest pending step), or nil.
function M.current(object_type, object_id)
  return db.one([[SELECT * FROM procurement_approvals WHERE object_type = ? AND object_id = ? AND status = 'pending'
                  ORDER BY step, id LIMIT 1]], object_type, object_id)
end

-- The delegation through which `user_id` acts for `approver_id` now, or nil.
function M.delegation(approver_id, user_id)
  local now = D.now()
  return db.one([[SELECT * FROM approval_delegations WHERE delegator_id = ? AND delegate_id = ? AND starts_at <= ? AND ends_at > ?
                  AND revoked_at IS NULL ORDER BY id LIMIT 1]], approver_id, user_id, now, now)
end

-- How `user_id` may act on a step: 'approver', 'delegate', or nil.
function M.standing(step, user_id)
  if step.approver_id == user_id then return "approver" end
  if M.delegation(step.approver_id, user_id) then return "delegate" end
  return nil
end

-- The signing limit that applies when `user_id` acts on `step` (their own; a delegate without one acts
-- under the approver's). nil = unlimited; false = no signing authority at all.
function M.signing_limit(step, user_id)
  local own = db.one("SELECT limit_cents FROM approval_limits WHERE user_id = ?", user_id)
  if own then return own.limit_cents end
  local theirs = db.one("SELECT limit_cents FROM approval_limits WHERE user_id = ?", step.approver_id)
  if theirs and step.approver_id ~= user_id then return theirs.limit_cents end
  return false
end

-- Makes the next pending step current (its escalation clock starts). Returns it, or nil when none is left.
function M.advance(object_type, object_id)
  local nxt = M.current(object_type, object_id)
  if not nxt then return nil end
  local due = M.due_from_now()
  db.update("procurement_approvals", { id = nxt.id }, { requested_at = D.now(), due_at = due })
  clock.schedule(clock.parse(due), "approval_escalation", { approval_id = nxt.id, due_at = due })
  return db.one("SELECT * FROM procurement_approvals WHERE id = ?", nxt.id)
end

-- The document an approval number names: { object_type, row, requester_ids, cost_center_id }.
function M.document(number)
  local tbl = P.table_of(number)
  if tbl == "requisitions" then
    local r = P.must("requisitions", number)
    return { object_type = "requisition", row = r, interested = { r.requester_id, r.requested_for_id },
             cost_center_id = r.cost_center_id, amount = r.total_cents }
  elseif tbl == "po_change_orders" then
    local co = P.must("po_change_orders", number)
    local po = db.one("SELECT * FROM purchase_orders WHERE id = ?", co.po_id)
    local req = po.requisition_id and db.one("SELECT * FROM requisitions WHERE id = ?", po.requisition_id)
    return { object_type = "change_order", row = co, po = po,
             interested = { co.requested_by_id, req and req.requester_id or co.requested_by_id, req and req.requested_for_id or co.requested_by_id },
             cost_center_id = po.cost_center_id, amount = co.new_total_cents }
  end
  fail("not_found", "'" .. tostring(number) .. "' is not a requisition or change order number",
       "Approvals are on requisitions (PR0001042) and change orders (PCO0000012); list_pending_approvals shows them.")
end

function M.steps_view(object_type, object_id)
  local out = {}
  for _, a in ipairs(db.query([[SELECT a.*, b.name AS band FROM procurement_approvals a LEFT JOIN approval_bands b ON b.step = a.step
                                WHERE a.object_type = ? AND a.object_id = ? ORDER BY a.id]], object_type, object_id)) do
    out[#out + 1] = { step = a.step, band = D.or_null(a.band), approver = D.name_of(a.approver_id), status = a.status,
                      acted_by = D.name_of(a.acted_by_id), escalated_to = D.name_of(a.escalated_to_id),
                      amount = P.dollars(a.amount_cents), requested_at = a.requested_at, due_at = D.or_null(a.due_at),
                      acted_at = D.or_null(a.acted_at), comment = D.or_null(a.comment) }
  end
  return array(out)
end

return M
