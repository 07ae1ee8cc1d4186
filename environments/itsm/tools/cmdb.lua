-- The CMDB: configuration items, their relations, and the impact of an outage.
local I = require("itsm")
local V = require("views")

local search_cis = {
  name = "search_cis",
  description = "Search configuration items (services, applications, servers, databases, network devices, storage, laptops).",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", description = "Part of the name, description or IP address" },
    class = { type = "string", enum = { "service", "application", "server", "database", "network_device", "storage", "laptop" } },
    environment = { type = "string", enum = { "production", "staging", "test", "development" } },
    status = { type = "string", enum = { "operational", "degraded", "maintenance", "retired" } },
    support_group = { type = "string" },
    owner = { type = "string", description = "User name" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local w = I.where()
      :text(args.query, "(ci.name LIKE ? OR ci.description LIKE ? OR ci.ip_address LIKE ?)", "_ci_text", "ci.id")
      :add("ci.ci_class = ?", args.class)
      :add("ci.environment = ?", args.environment)
      :add("ci.status = ?", args.status)
      :add("ci.support_group_id = ?", args.support_group and I.must_group(args.support_group).id)
      :add("ci.owner_id = ?", args.owner and I.must_user(args.owner).id)
    local rows = db.query([[SELECT ci.name, ci.ci_class, ci.environment, ci.status, ci.criticality, g.name AS support_group,
                                   COUNT(*) OVER () AS total_matches
                            FROM configuration_items ci LEFT JOIN groups g ON g.id = ci.support_group_id]] .. w:sql() ..
                          " ORDER BY ci.name LIMIT ? OFFSET ?", w:params(size, offset))
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { name = r.name, class = r.ci_class, environment = r.environment, status = r.status,
                   criticality = r.criticality, support_group = I.or_null(r.support_group) }
    end
    return I.paged(items, I.total_of(rows, "SELECT COUNT(*) FROM configuration_items ci" .. w:sql(), w:params()), page, size)
  end,
}

local function relations(ci_id)
  local out = {}
  for _, r in ipairs(db.query([[SELECT 'outgoing' AS direction, r.kind, c.name, c.ci_class, c.status FROM ci_relations r
                                JOIN configuration_items c ON c.id = r.child_id WHERE r.parent_id = ?
                                UNION ALL
                                SELECT 'incoming', r.kind, c.name, c.ci_class, c.status FROM ci_relations r
                                JOIN configuration_items c ON c.id = r.parent_id WHERE r.child_id = ?
                                ORDER BY 1 DESC, 3]], ci_id, ci_id)) do
    local d = r.direction == "outgoing"
    out[#out + 1] = { relation = d and ("this " .. r.kind .. " " .. r.name) or (r.name .. " " .. r.kind .. " this"),
                      kind = r.kind, direction = r.direction, ci = r.name, class = r.ci_class, status = r.status }
  end
  return array(out)
end

local get_ci = {
  name = "get_ci",
  description = "One configuration item with its relations and its open incidents and changes.",
  read_only = true,
  parameters = { name = { type = "string", required = true } },
  run = function(args)
    local ci = I.must_ci(args.name)
    local out = V.ci(ci)
    out.relations = relations(ci.id)
    local inc = {}
    for _, r in ipairs(db.query([[SELECT number, short_description, state, priority FROM incidents WHERE ci_id = ?
                                  AND state IN ('new', 'in_progress', 'on_hold') ORDER BY number]], ci.id)) do
      inc[#inc + 1] = r
    end
    out.open_incidents = array(inc)
    local chg = {}
    for _, r in ipairs(db.query([[SELECT number, short_description, state, planned_start FROM change_requests WHERE ci_id = ?
                                  AND state NOT IN ('closed', 'canceled') ORDER BY number]], ci.id)) do
      chg[#chg + 1] = r
    end
    out.open_changes = array(chg)
    return out
  end,
}

local get_ci_impact = {
  name = "get_ci_impact",
  description = "What is affected if this CI fails: every service and application that depends on it, directly or " ..
    "through other CIs (up to 6 levels), including what reaches the network through it (connects_to).",
  read_only = true,
  parameters = { name = { type = "string", required = true } },
  run = function(args)
    local ci = I.must_ci(args.name)
    local rows = db.query([[WITH RECURSIVE up(id, depth) AS (
                              SELECT ?, 0
                              UNION SELECT r.parent_id, up.depth + 1 FROM ci_relations r JOIN up ON r.child_id = up.id
                              WHERE up.depth < 6 AND r.kind IN ('depends_on', 'runs_on', 'hosted_on', 'connects_to'))
                            SELECT c.name, c.ci_class, c.criticality, c.status, MIN(up.depth) AS distance
                            FROM up JOIN configuration_items c ON c.id = up.id WHERE up.id <> ?
                            GROUP BY c.id ORDER BY distance, c.name]], ci.id, ci.id)
    local services, others = {}, {}
    for _, r in ipairs(rows) do
      local item = { name = r.name, class = r.ci_class, criticality = r.criticality, status = r.status, distance = r.distance }
      if r.ci_class == "service" then services[#services + 1] = item else others[#others + 1] = item end
    end
    return { ci = ci.name, affected_services = array(services), affected_components = array(others) }
  end,
}

local update_ci = {
  name = "update_ci",
  description = "Update a configuration item (CMDB administrators). The status of a production CI of high or " ..
    "critical criticality changes only under a scheduled or implementing change: give that change's number.",
  parameters = {
    name = { type = "string", required = true },
    status = { type = "string", enum = { "operational", "degraded", "maintenance", "retired" } },
    support_group = { type = "string" },
    owner = { type = "string" },
    location = { type = "string", maxLength = 100 },
    ip_address = { type = "string", maxLength = 45 },
    os = { type = "string", maxLength = 60 },
    description = { type = "string", maxLength = 2000 },
    change = { type = "string", description = "The scheduled or implementing change this update is made under, e.g. CHG0000123" },
  },
  run = function(args)
    local me = I.actor_user()
    local ci = I.must_ci(args.name)
    local values = {}
    for _, f in ipairs({ "status", "location", "ip_address", "os", "description" }) do if args[f] then values[f] = args[f] end end
    if args.support_group then values.support_group_id = I.must_group(args.support_group).id end
    if args.owner then values.owner_id = I.must_active_user(args.owner, "an owner").id end
    local ref = nil
    if args.change then ref = I.must_change(args.change).number end
    local fields = {}
    for k in pairs(values) do fields[#fields + 1] = k end
    table.sort(fields)
    local changed = {}
    for _, f in ipairs(fields) do
      if ci[f] ~= values[f] then
        changed[#changed + 1] = f
        db.insert("audit_log", { at = I.now(), actor_id = me.id, record_number = "CI:" .. ci.name, field = f,
                                 old_value = ci[f] ~= nil and tostring(ci[f]) or nil, new_value = tostring(values[f]) .. (ref and (" (" .. ref .. ")") or "") })
      end
    end
    if #changed > 0 then
      values.updated_at = I.now()
      db.update("configuration_items", { id = ci.id }, values)
    end
    return { name = ci.name, changed = array(changed), ci = V.ci(db.one("SELECT * FROM configuration_items WHERE id = ?", ci.id)) }
  end,
}

local relate_cis = {
  name = "relate_cis",
  description = "Add (or remove) a relation between two CIs (CMDB administrators): parent depends_on / runs_on / " ..
    "hosted_on / connects_to child.",
  parameters = {
    parent = { type = "string", required = true },
    child = { type = "string", required = true },
    kind = { type = "string", enum = { "depends_on", "runs_on", "hosted_on", "connects_to" }, required = true },
    remove = { type = "boolean", default = false },
  },
  run = function(args)
    local me = I.actor_user()
    local p, c = I.must_ci(args.parent), I.must_ci(args.child)
    if p.id == c.id then fail("invalid_arguments", "A CI cannot relate to itself") end
    local existing = db.value("SELECT id FROM ci_relations WHERE parent_id = ? AND child_id = ? AND kind = ?", p.id, c.id, args.kind)
    if args.remove then
      if not existing then fail("not_found", "No such relation", "get_ci shows the relations of a CI.") end
      db.delete("ci_relations", { id = existing })
    else
      if existing then fail("conflict", "The relation already exists") end
      db.insert("ci_relations", { parent_id = p.id, child_id = c.id, kind = args.kind })
    end
    db.insert("audit_log", { at = I.now(), actor_id = me.id, record_number = "CI:" .. p.name, field = "relation",
                             old_value = args.remove and (args.kind .. " " .. c.name) or nil,
                             new_value = (not args.remove) and (args.kind .. " " .. c.name) or nil })
    return { parent = p.name, child = c.name, kind = args.kind, removed = args.remove }
  end,
}

return { search_cis, get_ci, get_ci_impact, update_ci, relate_cis }
