-- People and groups of the company directory: every system offers these.
local D = require("directory")

local search_users = {
  name = "search_users",
  description = "Find people by name, user name or email, with optional filters. Inactive accounts are included " ..
    "unless active = true.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Part of a name, user name or email" },
    department = { type = "string" },
    active = { type = "boolean" },
    role = { type = "string", description = "Only people with this role (get_user shows a person's roles)" },
    group = { type = "string", description = "Only members of this group" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local active = nil
    if args.active ~= nil then active = args.active and 1 or 0 end
    local w = D.where()
      :text(args.query, "(u.user_name LIKE ? OR (u.first_name || ' ' || u.last_name) LIKE ? OR u.email LIKE ?)", "_user_text", "u.id")
      :add("d.name = ? COLLATE NOCASE", args.department)
      :add("u.active = ?", active)
      :add("EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = ?)", args.role)
      :add("EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id AND gm.group_id = ?)",
           args.group and D.must_group(args.group).id)
    local from = " FROM users u LEFT JOIN departments d ON d.id = u.department_id"
    local rows = db.query([[SELECT u.user_name, u.first_name || ' ' || u.last_name AS name, u.title, d.name AS department,
                                   u.location, u.email, u.active, COUNT(*) OVER () AS total_matches]] .. from .. w:sql() ..
                          " ORDER BY u.last_name, u.first_name, u.user_name LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { user_name = r.user_name, name = r.name, title = D.or_null(r.title), department = D.or_null(r.department),
                   location = D.or_null(r.location), email = r.email, active = r.active == 1 }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_user = {
  name = "get_user",
  description = "One person's profile: contact details, department, manager, roles and groups.",
  read_only = true,
  parameters = { user_name = { type = "string", required = true } },
  run = function(args)
    local u = D.must_user(args.user_name)
    local out = D.user_profile(u)
    out.roles = D.roles_of(u.id)
    local groups = {}
    for _, g in ipairs(db.query([[SELECT g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
                                  WHERE gm.user_id = ? ORDER BY g.name]], u.id)) do
      groups[#groups + 1] = g.name
    end
    out.groups = array(groups)
    return out
  end,
}

local list_groups = {
  name = "list_groups",
  description = "All assignment and approval groups with their manager and number of active members.",
  read_only = true,
  parameters = { query = { type = "string", description = "Words of a group's name or description, e.g. 'database' or 'Wi-Fi'" } },
  run = function(args)
    local w = D.where():add_if(true, "g.active = 1"):text(args.query, "(g.name LIKE ? OR g.description LIKE ?)")
    local rows = db.query([[SELECT g.name, g.description, g.kind, u.user_name AS manager, g.email,
        (SELECT COUNT(*) FROM group_members gm JOIN users m ON m.id = gm.user_id WHERE gm.group_id = g.id AND m.active = 1) AS active_members
      FROM groups g LEFT JOIN users u ON u.id = g.manager_id]] .. w:sql() .. " ORDER BY g.name", w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { name = r.name, description = r.description, kind = r.kind, manager = D.or_null(r.manager),
                   email = D.or_null(r.email), active_members = r.active_members }
    end
    return { items = array(items), total = #items }
  end,
}

return { search_users, get_user, list_groups }
