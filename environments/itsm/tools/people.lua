-- People and teams: users, groups, memberships and the on-call rota.
local I = require("itsm")
local V = require("views")

local search_users = {
  name = "search_users",
  description = "Find people by name, user name or email, with optional filters. Inactive accounts are included " ..
    "unless active = true.",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", description = "Part of a name, user name or email" },
    department = { type = "string" },
    active = { type = "boolean" },
    role = { type = "string", enum = { "reporter", "agent", "manager", "admin" } },
    group = { type = "string", description = "Only members of this group" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local active = nil
    if args.active ~= nil then active = args.active and 1 or 0 end
    local w = I.where()
      :text(args.query, "(u.user_name LIKE ? OR (u.first_name || ' ' || u.last_name) LIKE ? OR u.email LIKE ?)", "_user_text", "u.id")
      :add("d.name = ? COLLATE NOCASE", args.department)
      :add("u.active = ?", active)
      :add("EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = ?)", args.role)
      :add("EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id AND gm.group_id = ?)",
           args.group and I.must_group(args.group).id)
    local from = " FROM users u LEFT JOIN departments d ON d.id = u.department_id"
    local rows = db.query([[SELECT u.user_name, u.first_name || ' ' || u.last_name AS name, u.title, d.name AS department,
                                   u.location, u.email, u.active, COUNT(*) OVER () AS total_matches]] .. from .. w:sql() ..
                          " ORDER BY u.last_name, u.first_name, u.user_name LIMIT ? OFFSET ?", w:params(size, offset))
    local total = I.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { user_name = r.user_name, name = r.name, title = I.or_null(r.title), department = I.or_null(r.department),
                   location = I.or_null(r.location), email = r.email, active = r.active == 1 }
    end
    return I.paged(items, total, page, size)
  end,
}

local get_user = {
  name = "get_user",
  description = "One person's profile: contact details, department, manager, roles and groups.",
  read_only = true,
  parameters = { user_name = { type = "string", required = true } },
  run = function(args)
    local u = I.must_user(args.user_name)
    local out = V.user(u)
    out.roles = I.roles_of(u.id)
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
    local w = I.where():add_if(true, "g.active = 1"):text(args.query, "(g.name LIKE ? OR g.description LIKE ?)")
    local rows = db.query([[SELECT g.name, g.description, g.kind, u.user_name AS manager, g.email,
        (SELECT COUNT(*) FROM group_members gm JOIN users m ON m.id = gm.user_id WHERE gm.group_id = g.id AND m.active = 1) AS active_members
      FROM groups g LEFT JOIN users u ON u.id = g.manager_id]] .. w:sql() .. " ORDER BY g.name", w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { name = r.name, description = r.description, kind = r.kind, manager = I.or_null(r.manager),
                   email = I.or_null(r.email), active_members = r.active_members }
    end
    return { items = array(items), total = #items }
  end,
}

local function on_call_at(gid, at)
  local out = {}
  for _, s in ipairs(db.query([[SELECT u.user_name, s.rotation, s.starts_at, s.ends_at, u.phone FROM on_call_shifts s
                                JOIN users u ON u.id = s.user_id WHERE s.group_id = ? AND s.starts_at <= ? AND s.ends_at > ?
                                ORDER BY s.rotation, s.id]], gid, at, at)) do
    out[#out + 1] = s
  end
  return array(out)
end

local get_group = {
  name = "get_group",
  description = "One group: manager, members (with whether each account is active) and who is on call now.",
  read_only = true,
  parameters = { name = { type = "string", required = true } },
  run = function(args)
    local g = I.must_group(args.name)
    local members = {}
    for _, m in ipairs(db.query([[SELECT u.user_name, u.first_name || ' ' || u.last_name AS name, u.title, u.active
                                  FROM group_members gm JOIN users u ON u.id = gm.user_id WHERE gm.group_id = ?
                                  ORDER BY u.user_name]], g.id)) do
      members[#members + 1] = { user_name = m.user_name, name = m.name, title = I.or_null(m.title), active = m.active == 1 }
    end
    return { name = g.name, description = g.description, kind = g.kind, manager = I.name_of(g.manager_id),
             email = I.or_null(g.email), members = array(members), on_call_now = on_call_at(g.id, I.now()) }
  end,
}

local get_on_call = {
  name = "get_on_call",
  description = "Who is on call for a group at a given time (default: now), primary first.",
  read_only = true,
  parameters = {
    group = { type = "string", required = true },
    at = { type = "string", format = "date-time", description = "Default: now" },
  },
  run = function(args)
    local g = I.must_group(args.group)
    local at = I.time_arg(args.at, "at") or I.now()
    return { group = g.name, at = at, on_call = on_call_at(g.id, at) }
  end,
}

return { search_users, get_user, list_groups, get_group, get_on_call }
