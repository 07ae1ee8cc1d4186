-- Helpers for a task's `setup:` Lua: stage the records a task is about, on top of the seed.
--
--   local S = require("scenario")
--   local inc = S.incident{ caller = "lena.ortiz", short_description = "VPN down", category = "network",
--                           impact = 2, urgency = 1, group = "Network", opened = "2026-03-02T08:40:00Z" }
--
-- Every helper takes user names, group names and CI names (never ids), fills realistic defaults, and
-- returns the inserted row (with its number). Numbers continue the seed's sequence, so the first
-- incident a setup creates is INC0002001 for every seed. Open incidents get SLA timers (and their due
-- events) exactly as if the system had opened them.
local I = require("itsm")
local SLA = require("sla")
local M = {}

local function uid(name)
  if name == nil then return nil end
  local id = db.value("SELECT id FROM users WHERE user_name = ?", name)
  if not id then error("scenario: no user " .. tostring(name), 2) end
  return id
end
local function gid(name)
  if name == nil then return nil end
  local id = db.value("SELECT id FROM groups WHERE name = ?", name)
  if not id then error("scenario: no group " .. tostring(name), 2) end
  return id
end
local function ciid(name)
  if name == nil then return nil end
  local id = db.value("SELECT id FROM configuration_items WHERE name = ?", name)
  if not id then error("scenario: no CI " .. tostring(name), 2) end
  return id
end
M.user_id, M.group_id, M.ci_id = uid, gid, ciid

-- A person. { user_name, first, last, department = "Sales", title, roles = {"agent"}, active = true,
-- manager = "hannah.weiss", vip = false, groups = {"Network"} }
function M.user(u)
  local first, last = u.user_name:match("^(%a+)%.(%a+)")
  local id = db.insert("users", {
    user_name = u.user_name, first_name = u.first or (first:sub(1, 1):upper() .. first:sub(2)),
    last_name = u.last or (last:sub(1, 1):upper() .. last:sub(2)), email = u.user_name .. "@example.com",
    title = u.title, department_id = u.department and db.value("SELECT id FROM departments WHERE name = ?", u.department),
    manager_id = uid(u.manager), location = u.location or "London", phone = u.phone,
    vip = u.vip and 1 or 0, active = (u.active == false) and 0 or 1, created_at = "2025-06-01T09:00:00Z",
  })
  db.insert("user_roles", { user_id = id, role_id = 1 })
  for _, r in ipairs(u.roles or {}) do
    db.insert("user_roles", { user_id = id, role_id = db.value("SELECT id FROM roles WHERE name = ?", r) })
  end
  for _, g in ipairs(u.groups or {}) do M.member(g, u.user_name) end
  return db.one("SELECT * FROM users WHERE id = ?", id)
end

function M.member(group, user_name)
  db.insert("group_members", { group_id = gid(group), user_id = uid(user_name), added_at = "2025-06-01T09:00:00Z" })
end

-- An incident. Required: caller, short_description, category, opened (ISO time).
-- Optional: description, impact (3), urgency (3), priority (derived), state ("new"), group, assigned_to,
-- ci, contact_type ("phone"), opened_by (caller), resolved (ISO, for resolved/closed), resolution_code,
-- resolution_notes, closed (ISO), on_hold_reason, problem (number), parent (number), major (bool).
-- Open incidents get SLA timers from `opened`; a resolved one gets its 72-hour auto-close event.
function M.incident(s)
  local impact, urgency = s.impact or 3, s.urgency or 3
  local state = s.state or "new"
  local number = I.next_number("incidents")
  local id = db.insert("incidents", {
    number = number, short_description = s.short_description, description = s.description,
    caller_id = uid(s.caller), opened_by_id = uid(s.opened_by or s.caller), contact_type = s.contact_type or "phone",
    category = s.category, impact = impact, urgency = urgency, priority = s.priority or I.priority(impact, urgency),
    state = state, on_hold_reason = s.on_hold_reason, assignment_group_id = gid(s.group), assigned_to_id = uid(s.assigned_to),
    ci_id = ciid(s.ci), problem_id = s.problem and db.value("SELECT id FROM problems WHERE number = ?", s.problem),
    parent_id = s.parent and db.value("SELECT id FROM incidents WHERE number = ?", s.parent), major = s.major and 1 or 0,
    resolution_code = s.resolution_code, resolution_notes = s.resolution_notes,
    opened_at = s.opened, updated_at = s.resolved or s.opened, resolved_at = s.resolved, closed_at = s.closed,
  })
  local row = db.one("SELECT * FROM incidents WHERE id = ?", id)
  if state == "new" or state == "in_progress" or state == "on_hold" then
    SLA.start(row)
    if state ~= "new" then SLA.responded(id) end
    if state == "on_hold" then SLA.pause(id) end
  elseif state == "resolved" then
    clock.schedule(clock.parse(s.resolved) + I.AUTO_CLOSE_AFTER, "auto_close", { incident_id = id, resolved_at = s.resolved })
  end
  return row
end

-- A task under an incident. Required: incident (number), short_description. Optional: state ("open"),
-- group, assigned_to, opened (ISO, default the incident's opened_at).
function M.incident_task(s)
  local inc = db.one("SELECT id, opened_at FROM incidents WHERE number = ?", s.incident)
  if not inc then error("scenario: no incident " .. tostring(s.incident), 2) end
  local number = I.next_number("incident_tasks")
  db.insert("incident_tasks", { number = number, incident_id = inc.id, short_description = s.short_description,
    state = s.state or "open", assignment_group_id = gid(s.group), assigned_to_id = uid(s.assigned_to),
    opened_at = s.opened or inc.opened_at })
  return db.one("SELECT * FROM incident_tasks WHERE number = ?", number)
end

-- A problem. Required: short_description, group, opened (ISO time). Optional: description, state ("assess"),
-- impact (2), urgency (2), assigned_to, ci, opened_by (the assignee, else the group's manager), root_cause,
-- workaround.
function M.problem(s)
  local number = I.next_number("problems")
  local impact, urgency = s.impact or 2, s.urgency or 2
  local group = gid(s.group)
  local id = db.insert("problems", {
    number = number, short_description = s.short_description, description = s.description, state = s.state or "assess",
    impact = impact, urgency = urgency, priority = I.priority(impact, urgency), assignment_group_id = group,
    assigned_to_id = uid(s.assigned_to), ci_id = ciid(s.ci),
    opened_by_id = uid(s.opened_by or s.assigned_to) or db.value("SELECT manager_id FROM groups WHERE id = ?", group),
    root_cause = s.root_cause, workaround = s.workaround, opened_at = s.opened, updated_at = s.opened,
  })
  return db.one("SELECT * FROM problems WHERE id = ?", id)
end

-- A change request. Required: short_description, requested_by, risk. Optional: type ("normal"), state
-- ("new"), group, assigned_to, ci, planned_start, planned_end, plans (implementation/backout/test,
-- default filled; pass `null` to leave one empty), opened, approvals = { { approver = "helen.wu", state = "requested", cab = true } }.
function M.change(s)
  local number = I.next_number("change_requests")
  local opened = s.opened or "2026-02-27T10:00:00Z"
  local id = db.insert("change_requests", {
    number = number, type = s.type or "normal", short_description = s.short_description, description = s.description,
    justification = s.justification or "See description.",
    implementation_plan = s.implementation_plan == nil and "Apply in the maintenance window per the runbook." or s.implementation_plan,
    backout_plan = s.backout_plan == nil and "Restore the previous version from the pre-change snapshot." or s.backout_plan,
    test_plan = s.test_plan == nil and "Smoke tests by the service owner." or s.test_plan,
    risk = s.risk, impact = s.impact or 2, state = s.state or "new", requested_by_id = uid(s.requested_by),
    assignment_group_id = gid(s.group), assigned_to_id = uid(s.assigned_to), ci_id = ciid(s.ci),
    planned_start = s.planned_start, planned_end = s.planned_end, opened_at = opened, updated_at = opened,
  })
  local cab = gid("Change Advisory Board")
  for _, a in ipairs(s.approvals or {}) do
    -- as request_change_approval and ITSM-R07 have it: never the change's requester or implementer
    if a.approver == s.requested_by or a.approver == s.assigned_to then
      error("scenario: " .. a.approver .. " requested or implements '" .. s.short_description .. "' and cannot be its approver", 2)
    end
    db.insert("change_approvals", { change_id = id, approver_id = uid(a.approver), group_id = a.cab and cab or nil,
      state = a.state or "requested", comments = a.comments, requested_at = a.requested or opened, decided_at = a.decided })
  end
  return db.one("SELECT * FROM change_requests WHERE id = ?", id)
end

-- A catalog request. Required: item (catalog name), requested_for, opened. Optional: state
-- ("pending_approval"), approver (default: the requester's manager when the item needs approval),
-- assigned_to, justification, approved (ISO).
function M.request(s)
  local item = db.one("SELECT * FROM catalog_items WHERE name = ?", s.item)
  if not item then error("scenario: no catalog item " .. tostring(s.item), 2) end
  local who = uid(s.requested_for)
  local approver = s.approver and uid(s.approver)
    or (item.approval == "manager" and db.value("SELECT manager_id FROM users WHERE id = ?", who)) or nil
  if approver and approver == who then error("scenario: " .. s.requested_for .. " cannot approve their own request (ITSM-R07)", 2) end
  local number = I.next_number("requests")
  local id = db.insert("requests", {
    number = number, catalog_item_id = item.id, requested_for_id = who, opened_by_id = uid(s.opened_by or s.requested_for),
    quantity = s.quantity or 1, justification = s.justification, state = s.state or "pending_approval",
    approver_id = approver, approved_at = s.approved, assignment_group_id = item.fulfillment_group_id,
    assigned_to_id = uid(s.assigned_to), opened_at = s.opened, updated_at = s.approved or s.opened,
  })
  return db.one("SELECT * FROM requests WHERE id = ?", id)
end

-- A work note or comment on any record, written at a given time.
function M.note(number, author, body, visibility, at)
  db.insert("work_notes", { record_number = number, author_id = uid(author), visibility = visibility or "work_note",
                            body = body, created_at = at })
end

-- Moves every open incident of `user_name` to another member of the same group, so that a task's
-- own staged records are the only ones that person holds (keeps references stable across seeds).
function M.clear_assignments(user_name, replacement)
  db.exec([[UPDATE incidents SET assigned_to_id = ? WHERE assigned_to_id = ? AND state IN ('new', 'in_progress', 'on_hold', 'resolved')]],
          uid(replacement), uid(user_name))
end

return M
