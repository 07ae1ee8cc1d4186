-- The written policy (policy.md) as functions. rules.lua calls these to decide whether a call breaks a
-- rule; tools call the same functions so that what they allow and what the rules check never drift.
local I = require("itsm")
local M = {}

---------------------------------------------------------------------------------------------------
-- ITSM-R01 role-based access: the least role each tool needs (tools not listed need 'agent').
---------------------------------------------------------------------------------------------------
M.TOOL_ROLE = {
  -- anyone with an account
  search_knowledge = "reporter", get_article = "reporter", search_catalog = "reporter",
  submit_request = "reporter", create_incident = "reporter", get_user = "reporter",
  -- managers
  declare_major_incident = "manager", decide_request_approval = "manager",
  -- administrators
  update_ci = "admin", relate_cis = "admin",
}

function M.required_role(tool) return M.TOOL_ROLE[tool] or "agent" end

---------------------------------------------------------------------------------------------------
-- ITSM-R06 change approval by risk
---------------------------------------------------------------------------------------------------
M.CAB_GROUP = "Change Advisory Board"

-- What a change needs before it may be scheduled: { kind = 'none' | 'manager' | 'cab', count = n, text }
function M.approval_requirement(change)
  if change.type == "standard" then return { kind = "none", count = 0, text = "standard changes are pre-approved" } end
  if change.type == "emergency" then return { kind = "cab", count = 1, text = "emergency changes need 1 CAB approval" } end
  if change.risk == "high" then return { kind = "cab", count = 2, text = "high-risk changes need 2 CAB approvals" } end
  return { kind = "manager", count = 1, text = change.risk .. "-risk changes need 1 approval by a manager" }
end

-- Approvals that count: approved, by someone other than the requester and the assignee, with the
-- right standing (CAB member on behalf of the CAB, or a manager).
function M.valid_approvals(change)
  local req = M.approval_requirement(change)
  local n = 0
  for _, a in ipairs(db.query("SELECT * FROM change_approvals WHERE change_id = ? AND state = 'approved' ORDER BY id", change.id)) do
    local independent = a.approver_id ~= change.requested_by_id and a.approver_id ~= change.assigned_to_id
    local standing
    if req.kind == "cab" then
      local cab = I.group_by_name(M.CAB_GROUP)
      standing = a.group_id == cab.id and I.is_member(cab.id, a.approver_id)
    else
      standing = I.has_role(a.approver_id, "manager")
    end
    if independent and standing then n = n + 1 end
  end
  return n, req
end

function M.has_rejection(change)
  return db.value("SELECT 1 FROM change_approvals WHERE change_id = ? AND state = 'rejected'", change.id) ~= nil
end

-- nil when the change may be scheduled, else why not.
function M.approval_gap(change)
  local n, req = M.valid_approvals(change)
  if M.has_rejection(change) then return change.number .. " has a rejected approval" end
  if n < req.count then
    return change.number .. " has " .. n .. " valid approval(s); " .. req.text .. " (not from its requester or assignee)"
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- ITSM-R08 freeze windows
---------------------------------------------------------------------------------------------------
-- The first freeze window overlapping [start, finish), or nil.
function M.freeze_overlap(start, finish)
  if not start then return nil end
  finish = finish or start
  return db.one([[SELECT * FROM freeze_windows WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at LIMIT 1]],
                finish, start)
end

---------------------------------------------------------------------------------------------------
-- ITSM-R03 mandatory fields: plans a normal or emergency change needs before approval
---------------------------------------------------------------------------------------------------
function M.missing_change_fields(change)
  local missing = {}
  if change.type ~= "standard" then
    for _, f in ipairs({ "implementation_plan", "backout_plan", "test_plan" }) do
      if not change[f] or change[f] == "" then missing[#missing + 1] = f end
    end
  end
  for _, f in ipairs({ "planned_start", "planned_end", "assignment_group_id" }) do
    if not change[f] then missing[#missing + 1] = (f == "assignment_group_id") and "assignment_group" or f end
  end
  return missing
end

---------------------------------------------------------------------------------------------------
-- ITSM-R10 notification duty: has the actor told this person about this record during the episode?
---------------------------------------------------------------------------------------------------
-- Who must be told about a record: the person it is for, or whoever raised it when that person has left.
function M.contact_for(person_id, raised_by_id)
  if db.value("SELECT active FROM users WHERE id = ?", person_id) == 1 then return person_id end
  return raised_by_id
end

function M.notified(recipient_id, number, sender_id)
  return db.value([[SELECT 1 FROM notifications WHERE recipient_id = ? AND record_number = ? AND sender_id = ?]],
                  recipient_id, number, sender_id) ~= nil
      or db.value([[SELECT 1 FROM work_notes WHERE record_number = ? AND author_id = ? AND visibility = 'comment']],
                  number, sender_id) ~= nil
end

return M
