-- Who approves what: the approval chain of an amount (approval_bands, cumulative), the person who fills
-- each step for a requester and cost centre, the delegate standing in for an approver at a time, and
-- the escalation due time. Shared by the seed, the events and the tools.
local Tm = require("p2p_time")

local M = {}

M.ESCALATION_BUSINESS_DAYS = 3  -- also in procurement_settings ('approval_escalation_business_days')

-- The bands an amount needs, in step order: { step, name, approver_kind }.
function M.chain_for(amount_cents)
  return db.query([[SELECT step, name, approver_kind FROM approval_bands WHERE min_amount_cents <= ?
                    ORDER BY step]], amount_cents)
end

local FIXED_KIND = {
  finance_director = "SELECT id FROM users WHERE user_name = 'frank.delgado'",
  cfo = "SELECT id FROM users WHERE user_name = 'olivia.grant'",
}

-- The person who fills a step of kind `kind` for `requester_id` buying on `cost_center_id`. Nobody
-- approves their own purchase: the step goes to their manager instead (the CFO at the top).
function M.approver_for(kind, requester_id, cost_center_id)
  local id
  if kind == "cost_center_owner" then
    id = db.value("SELECT owner_id FROM cost_centers WHERE id = ?", cost_center_id)
  elseif kind == "procurement_head" then
    id = db.value([[SELECT cc.owner_id FROM cost_centers cc JOIN departments d ON d.id = cc.department_id
                    WHERE d.name = 'Procurement']])
  else
    id = db.value(FIXED_KIND[kind])
  end
  if id == requester_id then
    id = db.value("SELECT manager_id FROM users WHERE id = ?", requester_id) or db.value(FIXED_KIND.cfo)
  end
  return id
end

-- The delegate acting for `approver_id` at ISO time `at`, if a delegation covers it.
function M.delegate_at(approver_id, at)
  return db.value([[SELECT delegate_id FROM approval_delegations WHERE delegator_id = ? AND starts_at <= ? AND ends_at > ?
                    AND (revoked_at IS NULL OR revoked_at > ?) ORDER BY id LIMIT 1]], approver_id, at, at, at)
end

-- When a step requested at unix time `t` escalates if still pending.
function M.escalation_due(t) return Tm.add_business_days(t, M.ESCALATION_BUSINESS_DAYS) end

return M
