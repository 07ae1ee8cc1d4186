-- How records look to an agent: ids become user names, group names and CI names, the way a real ITSM
-- API returns display values. Search results use the short forms; get_* tools use the full ones.
local I = require("itsm")
local SLA = require("sla")
local M = {}
local or_null = I.or_null

function M.notes(number)
  local out = {}
  for _, n in ipairs(db.query([[SELECT w.created_at, u.user_name AS author, w.visibility, w.body FROM work_notes w
                                JOIN users u ON u.id = w.author_id WHERE w.record_number = ? ORDER BY w.id]], number)) do
    out[#out + 1] = n
  end
  return array(out)
end

-- The columns every incident summary needs, joined to incidents i once (with INCIDENT_JOINS below).
M.INCIDENT_COLUMNS = [[i.number, i.short_description, i.state, i.priority, i.impact, i.urgency, i.category,
  c.user_name AS caller, g.name AS assignment_group, a.user_name AS assigned_to, i.opened_at, i.updated_at]]
M.INCIDENT_JOINS = [[JOIN users c ON c.id = i.caller_id
  LEFT JOIN groups g ON g.id = i.assignment_group_id LEFT JOIN users a ON a.id = i.assigned_to_id]]

function M.incident_summary(r)
  return {
    number = r.number, short_description = r.short_description, state = r.state, priority = r.priority,
    category = r.category, caller = r.caller, assignment_group = or_null(r.assignment_group),
    assigned_to = or_null(r.assigned_to), opened_at = r.opened_at, updated_at = r.updated_at,
  }
end

function M.incident(row)
  local out = {
    number = row.number, short_description = row.short_description, description = or_null(row.description),
    caller = I.name_of(row.caller_id), opened_by = I.name_of(row.opened_by_id), contact_type = row.contact_type,
    category = row.category, subcategory = or_null(row.subcategory),
    impact = row.impact, urgency = row.urgency, priority = row.priority, state = row.state,
    on_hold_reason = or_null(row.on_hold_reason),
    assignment_group = I.group_name(row.assignment_group_id), assigned_to = I.name_of(row.assigned_to_id),
    configuration_item = I.ci_name(row.ci_id),
    problem = row.problem_id and db.value("SELECT number FROM problems WHERE id = ?", row.problem_id) or null,
    parent_incident = row.parent_id and db.value("SELECT number FROM incidents WHERE id = ?", row.parent_id) or null,
    major_incident = row.major == 1,
    resolution_code = or_null(row.resolution_code), resolution_notes = or_null(row.resolution_notes),
    reopen_count = row.reopen_count, opened_at = row.opened_at, updated_at = row.updated_at,
    resolved_at = or_null(row.resolved_at), closed_at = or_null(row.closed_at),
  }
  out.sla = SLA.view(row.id)
  out.work_notes = M.notes(row.number)
  local tasks = {}
  for _, t in ipairs(db.query([[SELECT t.number, t.short_description, t.state, g.name AS assignment_group, u.user_name AS assigned_to
                                FROM incident_tasks t LEFT JOIN groups g ON g.id = t.assignment_group_id
                                LEFT JOIN users u ON u.id = t.assigned_to_id WHERE t.incident_id = ? ORDER BY t.id]], row.id)) do
    tasks[#tasks + 1] = { number = t.number, short_description = t.short_description, state = t.state,
                          assignment_group = or_null(t.assignment_group), assigned_to = or_null(t.assigned_to) }
  end
  out.tasks = array(tasks)
  if row.major == 1 then
    local children = {}
    for _, c in ipairs(db.query("SELECT number FROM incidents WHERE parent_id = ? ORDER BY number", row.id)) do
      children[#children + 1] = c.number
    end
    out.child_incidents = array(children)
  end
  return out
end

M.user = require("directory").user_profile

function M.problem(p)
  local incidents = {}
  for _, r in ipairs(db.query("SELECT number FROM incidents WHERE problem_id = ? ORDER BY number", p.id)) do
    incidents[#incidents + 1] = r.number
  end
  local kes = {}
  for _, k in ipairs(db.query("SELECT number, title, status FROM known_errors WHERE problem_id = ? ORDER BY number", p.id)) do
    kes[#kes + 1] = k
  end
  local changes = {}
  for _, c in ipairs(db.query("SELECT number, state FROM change_requests WHERE problem_id = ? ORDER BY number", p.id)) do
    changes[#changes + 1] = c
  end
  return {
    number = p.number, short_description = p.short_description, description = or_null(p.description), state = p.state,
    impact = p.impact, urgency = p.urgency, priority = p.priority,
    assignment_group = I.group_name(p.assignment_group_id), assigned_to = I.name_of(p.assigned_to_id),
    configuration_item = I.ci_name(p.ci_id), opened_by = I.name_of(p.opened_by_id),
    root_cause = or_null(p.root_cause), workaround = or_null(p.workaround), fix_notes = or_null(p.fix_notes),
    opened_at = p.opened_at, updated_at = p.updated_at, resolved_at = or_null(p.resolved_at), closed_at = or_null(p.closed_at),
    incidents = array(incidents), known_errors = array(kes), changes = array(changes), work_notes = M.notes(p.number),
  }
end

function M.change(c)
  local approvals = {}
  for _, a in ipairs(db.query([[SELECT a.id, u.user_name AS approver, g.name AS on_behalf_of, a.state, a.comments,
                                       a.requested_at, a.decided_at
                                FROM change_approvals a JOIN users u ON u.id = a.approver_id
                                LEFT JOIN groups g ON g.id = a.group_id WHERE a.change_id = ? ORDER BY a.id]], c.id)) do
    approvals[#approvals + 1] = {
      approval_id = a.id, approver = a.approver, on_behalf_of = or_null(a.on_behalf_of), state = a.state,
      comments = or_null(a.comments), requested_at = a.requested_at, decided_at = or_null(a.decided_at),
    }
  end
  local tasks = {}
  for _, t in ipairs(db.query([[SELECT t.number, t.short_description, t.state, u.user_name AS assigned_to
                                FROM change_tasks t LEFT JOIN users u ON u.id = t.assigned_to_id
                                WHERE t.change_id = ? ORDER BY t.id]], c.id)) do
    tasks[#tasks + 1] = { number = t.number, short_description = t.short_description, state = t.state,
                          assigned_to = or_null(t.assigned_to) }
  end
  return {
    number = c.number, type = c.type, short_description = c.short_description, description = or_null(c.description),
    justification = or_null(c.justification), implementation_plan = or_null(c.implementation_plan),
    backout_plan = or_null(c.backout_plan), test_plan = or_null(c.test_plan),
    risk = c.risk, impact = c.impact, state = c.state,
    requested_by = I.name_of(c.requested_by_id), assignment_group = I.group_name(c.assignment_group_id),
    assigned_to = I.name_of(c.assigned_to_id), configuration_item = I.ci_name(c.ci_id),
    problem = c.problem_id and db.value("SELECT number FROM problems WHERE id = ?", c.problem_id) or null,
    planned_start = or_null(c.planned_start), planned_end = or_null(c.planned_end),
    actual_start = or_null(c.actual_start), actual_end = or_null(c.actual_end),
    close_code = or_null(c.close_code), close_notes = or_null(c.close_notes),
    opened_at = c.opened_at, updated_at = c.updated_at,
    approvals = array(approvals), tasks = array(tasks), work_notes = M.notes(c.number),
  }
end

function M.ci(ci)
  return {
    name = ci.name, class = ci.ci_class, environment = ci.environment, status = ci.status, criticality = ci.criticality,
    support_group = I.group_name(ci.support_group_id), owner = I.name_of(ci.owner_id), location = or_null(ci.location),
    ip_address = or_null(ci.ip_address), os = or_null(ci.os), description = or_null(ci.description), updated_at = ci.updated_at,
  }
end

function M.request(r)
  local item = db.one("SELECT name, category, approval FROM catalog_items WHERE id = ?", r.catalog_item_id)
  return {
    number = r.number, item = item.name, category = item.category, approval_policy = item.approval,
    requested_for = I.name_of(r.requested_for_id), opened_by = I.name_of(r.opened_by_id), quantity = r.quantity,
    justification = or_null(r.justification), state = r.state, approver = I.name_of(r.approver_id),
    approved_at = or_null(r.approved_at), assignment_group = I.group_name(r.assignment_group_id),
    assigned_to = I.name_of(r.assigned_to_id), fulfilled_by = I.name_of(r.fulfilled_by_id),
    close_notes = or_null(r.close_notes), opened_at = r.opened_at, updated_at = r.updated_at, closed_at = or_null(r.closed_at),
    work_notes = M.notes(r.number),
  }
end

function M.article(a, with_body)
  local out = {
    number = a.number, title = a.title, category = a.category, state = a.state, author = I.name_of(a.author_id),
    reviewer = I.name_of(a.reviewer_id), configuration_item = I.ci_name(a.ci_id), views = a.views,
    updated_at = a.updated_at, published_at = or_null(a.published_at),
  }
  if with_body then out.body = a.body end
  return out
end

return M
