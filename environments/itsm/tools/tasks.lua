-- Incident tasks and change tasks, searched together: the work someone holds besides incidents,
-- problems, changes and requests (e.g. a leaver's queue).
local I = require("itsm")

-- The same columns from both task tables, with the record each task belongs to.
local TASKS = [[SELECT 'incident' AS kind, t.id, t.number, t.short_description, t.state, t.assignment_group_id,
                       t.assigned_to_id, t.opened_at, p.number AS parent
                FROM incident_tasks t JOIN incidents p ON p.id = t.incident_id
                UNION ALL
                SELECT 'change', t.id, t.number, t.short_description, t.state, t.assignment_group_id,
                       t.assigned_to_id, t.opened_at, p.number
                FROM change_tasks t JOIN change_requests p ON p.id = t.change_id]]

local search_tasks = {
  name = "search_tasks",
  description = "Search incident tasks (ITASK) and change tasks (CTASK) by assignee, group, state, parent record or " ..
    "text, newest first. Use update_incident_task / update_change_task to work them.",
  read_only = true,
  parameters = I.with_paging({
    kind = { type = "string", enum = { "incident", "change" }, description = "Only incident or only change tasks (default: both)" },
    query = { type = "string", description = "Words, any order, in the task's number or short description" },
    state = { type = "string", enum = { "not_closed", "open", "in_progress", "closed_complete", "closed_incomplete" },
              description = "'not_closed' means open or in_progress" },
    assignment_group = { type = "string" },
    assigned_to = { type = "string", description = "User name of the assignee" },
    record = { type = "string", description = "The incident or change the tasks belong to, e.g. INC0001042" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local parent = nil
    if args.record then
      local tbl, row = I.must_record(args.record)
      if tbl ~= "incidents" and tbl ~= "change_requests" then
        fail("invalid_arguments", row.number .. " has no tasks", "Tasks belong to incidents (INC…) and changes (CHG…).")
      end
      parent = row.number
    end
    local w = I.where()
      :add("t.kind = ?", args.kind)
      :text(args.query, "(t.number LIKE ? OR t.short_description LIKE ?)")
      :add_if(args.state == "not_closed", "t.state IN ('open', 'in_progress')")
      :add("t.state = ?", args.state ~= "not_closed" and args.state or nil)
      :add("t.assignment_group_id = ?", args.assignment_group and I.must_group(args.assignment_group).id)
      :add("t.assigned_to_id = ?", args.assigned_to and I.must_user(args.assigned_to, "assignee").id)
      :add("t.parent = ?", parent)
    local from = " FROM (" .. TASKS .. ") t"
    local rows = db.query([[SELECT t.kind, t.number, t.short_description, t.state, t.parent, t.opened_at,
                                   g.name AS assignment_group, u.user_name AS assigned_to, COUNT(*) OVER () AS total_matches]] ..
                          from .. " LEFT JOIN groups g ON g.id = t.assignment_group_id LEFT JOIN users u ON u.id = t.assigned_to_id" ..
                          w:sql() .. " ORDER BY t.opened_at DESC, t.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = I.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, kind = r.kind, record = r.parent, short_description = r.short_description,
                   state = r.state, assignment_group = I.or_null(r.assignment_group), assigned_to = I.or_null(r.assigned_to),
                   opened_at = r.opened_at }
    end
    return I.paged(items, total, page, size)
  end,
}

return { search_tasks }
