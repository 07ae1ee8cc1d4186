-- Staging helpers for the enterprise tasks about people and their access across the three systems:
-- joiners, movers and leavers, access requests that arrive through the service desk and are granted in
-- the compliance suite, and approvers who hand their work to a stand-in. A task's setup calls these after
-- every seed, on top of the systems' own staging helpers (ITSM's scenario, compliance's access_scenarios,
-- procurement's order_scenarios). Nothing is kept between calls.
local E = require("enterprise_scenarios")
local M = {}

M.user_id = E.user_id  -- the one copy in enterprise_scenarios

-- Gives a person a role of any system (by its unique name) unless they hold it already.
function M.give_role(user_name, role) E.give_roles(user_name, { role }) end

-- Takes a role away from a person (a mover's old duties, a leaver's standing).
function M.take_role(user_name, role)
  local rid = db.value("SELECT id FROM roles WHERE name = ?", role)
  if not rid then error("people_scenarios: no role " .. tostring(role), 2) end
  db.delete("user_roles", { user_id = M.user_id(user_name), role_id = rid })
end

-- Adds a person to a directory group (an ITSM support group, say) unless they are in it already.
function M.join_group(group, user_name, at)
  local gid = db.value("SELECT id FROM groups WHERE name = ?", group)
  if not gid then error("people_scenarios: no group " .. tostring(group), 2) end
  local uid = M.user_id(user_name)
  if not db.value("SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?", gid, uid) then
    db.insert("group_members", { group_id = gid, user_id = uid, added_at = at or "2025-06-01T09:00:00Z" })
  end
end

-- A person's manager in the directory.
function M.set_manager(user_name, manager)
  db.update("users", { user_name = user_name }, { manager_id = M.user_id(manager) })
end

-- Closes every open catalog request and unassigns every open incident of a person, so a task's staged
-- work is exactly what that person holds (seeded records vary with the seed).
function M.clear_work(user_name, replacement)
  local uid = M.user_id(user_name)
  local other = replacement and M.user_id(replacement) or nil
  db.exec([[UPDATE incidents SET assigned_to_id = ? WHERE assigned_to_id = ? AND state IN ('new', 'in_progress', 'on_hold', 'resolved')]],
          other, uid)
  db.exec([[UPDATE requests SET assigned_to_id = ? WHERE assigned_to_id = ? AND state IN ('pending_approval', 'approved', 'in_progress')]],
          other, uid)
end

-- A requisition waiting at its first approval step for a named approver (an approver the bands would not
-- pick by themselves: a deputy a department head named, say). { title, requester, requested_for, cost_center
-- (code), sku, quantity, approver, at (ISO), justification }. Returns the requisition row.
function M.pending_requisition(r)
  local P = require("procurement")
  local item = db.one("SELECT * FROM purchase_catalog_items WHERE sku = ?", r.sku)
  if not item then error("people_scenarios: no catalog item " .. tostring(r.sku), 2) end
  local cat = db.one("SELECT * FROM spend_categories WHERE id = ?", item.category_id)
  local cc = db.value("SELECT id FROM cost_centers WHERE code = ?", r.cost_center)
  local amount = item.list_price_cents * r.quantity
  local number = P.next_number("requisitions")
  local id = db.insert("requisitions", {
    number = number, title = r.title, requester_id = M.user_id(r.requester), requested_for_id = M.user_id(r.requested_for or r.requester),
    cost_center_id = cc, gl_account_id = cat.default_gl_account_id, supplier_id = item.supplier_id, justification = r.justification,
    total_cents = amount, status = "pending_approval", created_at = r.at, submitted_at = r.at, updated_at = r.at,
  })
  db.insert("requisition_lines", {
    requisition_id = id, line_no = 1, catalog_item_id = item.id, description = item.name, category_id = item.category_id,
    gl_account_id = cat.default_gl_account_id, quantity = r.quantity, unit = item.unit, unit_price_cents = item.list_price_cents,
    amount_cents = amount,
  })
  db.insert("procurement_approvals", {
    object_type = "requisition", object_id = id, record_number = number, step = 1, approver_id = M.user_id(r.approver),
    status = "pending", amount_cents = amount, requested_at = r.at, due_at = r.due_at or "2026-03-05T17:00:00Z",
  })
  return db.one("SELECT * FROM requisitions WHERE id = ?", id)
end

return M
