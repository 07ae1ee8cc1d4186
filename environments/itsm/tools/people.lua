-- Teams and the on-call rota. (Finding people and listing groups: the company directory's tools.)
local I = require("itsm")

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

return { get_group, get_on_call }
