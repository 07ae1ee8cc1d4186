-- Seed data for the ITSM environment: a mid-size company's service desk, 180 days of history up to
-- I.T0 (2026-03-02 09:00 UTC). Deterministic: every random choice comes from `rng`.
--
-- The mess is on purpose: near-duplicate and inactive users, inactive people still in groups, open
-- tickets assigned to people who left, inconsistent casing and typos in free text, retired CIs.
--
-- Quiet window: no seeded timer or auto-close falls due between T0 and T0 + 8 hours, so a task that
-- starts in that window sees only the changes its agent and its own setup cause.
local I = require("itsm")
local N = require("names")
local S = require("staff")
local P = require("company_people")

local T0 = I.T0
local QUIET_END = T0 + 8 * 3600
local iso = clock.iso
local insert = db.insert
local int, float, pick = rng.int, rng.float, rng.pick

local function chance(p) return float() < p end

-- `n` times drawn by `draw()`, oldest first: records are numbered in the order they were opened.
local function sorted_times(n, draw)
  local list = {}
  for i = 1, n do list[i] = draw() end
  table.sort(list)
  return list
end

---------------------------------------------------------------------------------------------------
-- Reference data: roles, departments, SLA definitions, freeze windows
---------------------------------------------------------------------------------------------------
-- Response / resolution targets in minutes, by priority.
local SLA_MIN = { response = { 15, 30, 120, 480, 1440 }, resolution = { 240, 480, 1440, 4320, 10080 } }
local SLA_DEF = { response = {}, resolution = {} }
do
  local id = 0
  for _, kind in ipairs({ "response", "resolution" }) do
    for p = 1, 5 do
      id = id + 1
      local m = SLA_MIN[kind][p]
      local span = m < 120 and (m .. " min") or (m < 1440 and (m // 60 .. " h") or (m // 1440 .. " d"))
      insert("sla_definitions", { id = id, name = "P" .. p .. " " .. kind .. " (" .. span .. ")", kind = kind,
                                  priority = p, duration_minutes = m })
      SLA_DEF[kind][p] = id
    end
  end
end

insert("freeze_windows", { name = "Q1 financial close", starts_at = "2026-03-27T00:00:00Z", ends_at = "2026-04-03T00:00:00Z",
  reason = "Quarter-end close: no changes to Finance, Payroll, ERP or Billing, and no production changes without an emergency CAB." })
insert("freeze_windows", { name = "Year-end freeze", starts_at = "2025-12-19T00:00:00Z", ends_at = "2026-01-05T00:00:00Z",
  reason = "Holiday period with reduced staff." })
insert("freeze_windows", { name = "Customer Portal launch", starts_at = "2026-04-20T00:00:00Z", ends_at = "2026-04-24T00:00:00Z",
  reason = "Public launch of the new Customer Portal." })

---------------------------------------------------------------------------------------------------
-- People: the company directory's (seeded before this), with their ITSM roles
---------------------------------------------------------------------------------------------------
local ROLE = {}
for i, r in ipairs({
  { "reporter", "Raises incidents and requests for themselves; reads knowledge and the catalog." },
  { "agent", "Works incidents, problems, changes and requests (ITIL fulfiller)." },
  { "manager", "Agent rights plus approving requests and changes, and declaring major incidents." },
  { "admin", "Manager rights plus changing the CMDB." },
}) do
  insert("roles", { id = i, name = r[1], system = "itsm", description = r[2] })
  ROLE[r[1]] = i
end

local USER = {}          -- user_name -> id
local ACTIVE, IT_STAFF = {}, {}
for _, u in ipairs(db.query("SELECT id, user_name, active FROM users WHERE seeded_by IS NULL ORDER BY id")) do
  USER[u.user_name] = u.id
  if u.active == 1 then ACTIVE[#ACTIVE + 1] = u.id end
  insert("user_roles", { user_id = u.id, role_id = ROLE.reporter })  -- everyone may raise a ticket
end
for _, p in ipairs(P.PEOPLE) do
  local roles = S.ROLES[p[1]] or {}
  for _, r in ipairs(roles) do insert("user_roles", { user_id = USER[p[1]], role_id = ROLE[r] }) end
  if p[2] == "IT Operations" and not p.inactive and #roles > 0 then IT_STAFF[#IT_STAFF + 1] = USER[p[1]] end
end
-- Department heads approve their people's requests.
db.exec([[INSERT OR IGNORE INTO user_roles (user_id, role_id)
          SELECT owner_id, ? FROM cost_centers WHERE owner_id IS NOT NULL]], ROLE.manager)

-- The record numbers other systems' tools (notifications) may link to.
for _, k in ipairs({
  { "INC", "incident", "incidents" }, { "ITASK", "incident task", "incident_tasks" }, { "PRB", "problem", "problems" },
  { "KE", "known error", "known_errors" }, { "CHG", "change request", "change_requests" },
  { "CTASK", "change task", "change_tasks" }, { "REQ", "request", "requests" }, { "KB", "knowledge article", "kb_articles" },
}) do
  insert("record_kinds", { prefix = k[1], label = k[2], table_name = k[3], number_column = "number", digits = 7 })
end

---------------------------------------------------------------------------------------------------
-- Groups, memberships, on-call
---------------------------------------------------------------------------------------------------
local GROUP, GROUP_NAMES, MEMBERS = {}, {}, {}  -- MEMBERS[gid] = active member ids
local function add_group(def, kind)
  local gid = #GROUP_NAMES + 1
  insert("groups", { id = gid, name = def[1], description = def[2], kind = kind, manager_id = USER[def[3]],
                     email = def[1]:lower():gsub("[^%a]+", "-") .. "@example.com" })
  GROUP[def[1]] = gid
  GROUP_NAMES[gid] = def[1]
  MEMBERS[gid] = {}
  local list = {}
  for _, m in ipairs(def[4]) do list[#list + 1] = m end
  if kind == "support" then list[#list + 1] = def[3] end
  for _, m in ipairs(list) do
    local name = m:gsub("^!", "")
    local uid = USER[name]
    insert("group_members", { group_id = gid, user_id = uid, added_at = iso(T0 - int(30, 900) * 86400) })
    if m:sub(1, 1) ~= "!" then MEMBERS[gid][#MEMBERS[gid] + 1] = uid end
  end
  return gid
end
for _, g in ipairs(S.GROUPS) do add_group(g, "support") end
add_group(S.CAB, "approval")

-- On-call: weekly shifts from Monday 09:00, primary and secondary, four weeks back to four ahead.
-- The rota is the group's engineers: its manager is the escalation point, not on the pager.
for gid = 1, #S.GROUPS do
  local members = {}
  local manager = USER[S.GROUPS[gid][3]]
  for _, m in ipairs(MEMBERS[gid]) do if m ~= manager then members[#members + 1] = m end end
  local offset = int(0, #members - 1)
  for week = -4, 3 do
    local starts = T0 + week * 7 * 86400
    local primary = members[(offset + week + 40) % #members + 1]
    local secondary = members[(offset + week + 41) % #members + 1]
    insert("on_call_shifts", { group_id = gid, user_id = primary, rotation = "primary",
                               starts_at = iso(starts), ends_at = iso(starts + 7 * 86400) })
    insert("on_call_shifts", { group_id = gid, user_id = secondary, rotation = "secondary",
                               starts_at = iso(starts), ends_at = iso(starts + 7 * 86400) })
  end
end

---------------------------------------------------------------------------------------------------
-- CMDB: services -> applications -> servers / databases -> network; plus storage and laptops
---------------------------------------------------------------------------------------------------
local CI, CI_NAMES = {}, {}
local SERVICE_CI = {}    -- service index -> ci id
local next_ci = 0
local function add_ci(c)
  next_ci = next_ci + 1
  insert("configuration_items", {
    id = next_ci, name = c.name, ci_class = c.class, environment = c.env or "production",
    status = c.status or "operational", criticality = c.crit or "medium", support_group_id = c.group,
    owner_id = c.owner, location = c.location, ip_address = c.ip, os = c.os, description = c.desc,
    updated_at = iso(T0 - int(1, 400) * 86400),
  })
  CI[c.name] = next_ci
  CI_NAMES[next_ci] = c.name
  return next_ci
end
local function relate(parent, child, kind)
  insert("ci_relations", { parent_id = parent, child_id = child, kind = kind })
end
local ip3 = 0
local function ip() ip3 = ip3 + 1; return "10." .. (10 + ip3 // 250) .. "." .. (ip3 % 250) .. "." .. int(2, 250) end

local CORE = {}
for _, site in ipairs(N.SITES) do
  local net = GROUP["Network"]
  CORE[site[1]] = add_ci({ name = site[1] .. "-core-sw-01", class = "network_device", crit = "critical", group = net,
                           location = site[2], ip = ip(), os = "NX-OS 10.2", desc = "Core switch, " .. site[2] })
  relate(add_ci({ name = site[1] .. "-fw-01", class = "network_device", crit = "critical", group = net, location = site[2],
                  ip = ip(), os = "PAN-OS 11.1", desc = "Perimeter firewall" }), CORE[site[1]], "connects_to")
  for k = 1, 4 do
    relate(add_ci({ name = string.format("%s-acc-sw-%02d", site[1], k), class = "network_device", crit = "medium",
                    group = net, location = site[2], ip = ip(), os = "IOS-XE 17.9" }), CORE[site[1]], "connects_to")
  end
  relate(add_ci({ name = site[1] .. "-wlc-01", class = "network_device", crit = "high", group = net, location = site[2],
                  ip = ip(), desc = "Wireless LAN controller" }), CORE[site[1]], "connects_to")
  relate(add_ci({ name = site[1] .. "-san-01", class = "storage", crit = "high", group = GROUP["Windows Server"],
                  location = site[2], ip = ip(), desc = "SAN array" }), CORE[site[1]], "connects_to")
  if chance(0.5) then
    add_ci({ name = site[1] .. "-san-00", class = "storage", crit = "low", status = "retired", group = GROUP["Windows Server"],
             location = site[2], desc = "Old SAN array, decommissioned" })
  end
end
local VPN_GW = add_ci({ name = "lon-vpn-gw-01", class = "network_device", crit = "critical", group = GROUP["Network"],
                        location = "London", ip = ip(), os = "PAN-OS 11.1", desc = "VPN concentrator (primary)" })
relate(VPN_GW, CORE.lon, "connects_to")
local VPN_GW2 = add_ci({ name = "nyc-vpn-gw-01", class = "network_device", crit = "critical", group = GROUP["Network"],
                         location = "New York", ip = ip(), os = "PAN-OS 10.2", desc = "VPN concentrator (secondary)" })
relate(VPN_GW2, CORE.nyc, "connects_to")

local SERVICE_INDEX = {}  -- service name -> index in N.SERVICES (and SERVICE_CI)
for si, svc in ipairs(N.SERVICES) do SERVICE_INDEX[svc[1]] = si end
local OSES = { "RHEL 9.3", "RHEL 8.8", "Ubuntu 22.04", "Windows Server 2022", "Windows Server 2019" }
for si, svc in ipairs(N.SERVICES) do
  local name, code, gname, crit = svc[1], svc[2], svc[3], svc[4]
  local gid = GROUP[gname]
  local site = pick(N.SITES)
  -- owned by one of the fixed people; a leaver's or the service account's pick falls to the group's manager
  local person = pick(P.PEOPLE)
  local owner = (person.inactive or person[1] == "svc.monitoring") and db.value("SELECT manager_id FROM groups WHERE id = ?", gid)
    or USER[person[1]]
  local s = add_ci({ name = name .. " Service", class = "service", crit = crit, group = gid, owner = owner,
                     desc = "Business service: " .. name })
  SERVICE_CI[si] = s
  local apps = chance(0.5) and 2 or 1
  for a = 1, apps do
    local app = add_ci({ name = code .. (a == 1 and "-app" or "-api"), class = "application", crit = crit, group = gid,
                         desc = name .. (a == 1 and " application" or " API") })
    relate(s, app, "depends_on")
    for k = 1, int(1, 3) do
      local os = pick(OSES)
      local srv = add_ci({ name = string.format("%s-%s-app-%02d", site[1], code, (a - 1) * 3 + k), class = "server",
                           crit = crit, group = os:find("Windows") and GROUP["Windows Server"] or GROUP["Linux Server"],
                           location = site[2], ip = ip(), os = os })
      relate(app, srv, "runs_on")
      relate(srv, CORE[site[1]], "connects_to")
    end
    if a == 1 and (crit == "critical" or crit == "high" or chance(0.4)) then
      local dbsrv = add_ci({ name = string.format("%s-%s-db-01", site[1], code), class = "server", crit = crit,
                             group = GROUP["Database Administration"], location = site[2], ip = ip(), os = "RHEL 9.3" })
      relate(dbsrv, CORE[site[1]], "connects_to")
      local dbci = add_ci({ name = code .. "-db", class = "database", crit = crit, group = GROUP["Database Administration"],
                            os = pick({ "PostgreSQL 15", "Oracle 19c", "SQL Server 2019" }), desc = name .. " database" })
      relate(dbci, dbsrv, "hosted_on")
      relate(app, dbci, "depends_on")
      if chance(0.35) then  -- a replica, and sometimes an old retired twin with a confusingly similar name
        local rep = add_ci({ name = string.format("%s-%s-db-02", site[1], code), class = "server", crit = "medium",
                             group = GROUP["Database Administration"], location = site[2], ip = ip(), os = "RHEL 9.3",
                             desc = "Read replica" })
        relate(dbci, rep, "hosted_on")
      end
      if chance(0.3) then
        add_ci({ name = string.format("%s-%s-DB-01-old", site[1], code:upper()), class = "server", crit = "low",
                 status = "retired", group = GROUP["Database Administration"], location = site[2], os = "RHEL 6.10" })
      end
    end
  end
  if code == "vpn" then relate(s, VPN_GW, "depends_on"); relate(s, VPN_GW2, "depends_on") end
end
-- Non-production copies of a few applications
for _, code in ipairs({ "payroll", "crm", "erp", "portal", "billing" }) do
  for _, env in ipairs({ "staging", "test" }) do
    add_ci({ name = code .. "-app-" .. env, class = "application", env = env, crit = "low",
             group = GROUP["Application Support"], desc = "Non-production " .. code })
  end
end
-- Laptops up to 500 CIs, assigned to people (some to people who have left: stale CMDB data)
local laptop_n = 10230
while next_ci < 500 do
  laptop_n = laptop_n + int(1, 9)
  local owner = chance(0.94) and pick(ACTIVE) or USER[pick({ "pat.quinn", "greg.holt", "lena.ortiz2", "jon.parker" })]
  add_ci({ name = "LT-" .. laptop_n, class = "laptop", crit = "low", group = GROUP["End User Computing"], owner = owner,
           status = chance(0.05) and "retired" or "operational",
           os = pick({ "Windows 11 23H2", "Windows 11 22H2", "macOS 14", "Windows 10 22H2" }) })
end

---------------------------------------------------------------------------------------------------
-- Knowledge, problems, known errors
---------------------------------------------------------------------------------------------------
local kb_n = 0
local KB_BY_CAT = {}
local authors = MEMBERS[GROUP["Service Desk"]]
local function add_article(title, category, body, state, author, ci)
  kb_n = kb_n + 1
  local created = T0 - int(20, 700) * 86400
  local id = insert("kb_articles", {
    number = I.format_number("kb_articles", kb_n), title = title, body = body, category = category, state = state,
    -- reviewed by the Service Desk manager, or by a senior analyst when she wrote it (ITSM-R13: never the author)
    author_id = author, reviewer_id = state == "published" and (author == USER["maria.chen"] and USER["taylor.brooks"] or USER["maria.chen"]) or nil,
    ci_id = ci,
    views = state == "published" and int(5, 4000) or int(0, 20),
    created_at = iso(created), updated_at = iso(created + int(0, 15) * 86400),
    published_at = state == "published" and iso(created + int(1, 10) * 86400) or nil,
  })
  if state == "published" then
    KB_BY_CAT[category] = KB_BY_CAT[category] or {}
    local list = KB_BY_CAT[category]
    list[#list + 1] = id
  end
  return id
end
for _, t in ipairs(N.KB_TOPICS) do add_article(t[1], t[2], t[3], "published", pick(authors)) end
-- Older and draft variants of the same topics (the real knowledge base has duplicates)
for _ = 1, 100 do
  local t = pick(N.KB_TOPICS)
  local state = pick({ "published", "published", "retired", "draft", "review" })
  local title = pick({ t[1], t[1] .. " (old)", t[1]:lower(), "FAQ: " .. t[1], t[1] .. " - v2" })
  add_article(title, t[2], t[3] .. pick({ "", " See also the service desk FAQ.", " Applies to Windows and macOS." }),
              state, pick(IT_STAFF))
end

local PROBLEMS = {}   -- {id, ci, category, state}
local prb_states = { "new", "assess", "root_cause_analysis", "root_cause_analysis", "fix_in_progress", "resolved", "closed", "closed", "closed" }
local PRB_OPENED = sorted_times(60, function() return T0 - int(3, 170) * 86400 - int(0, 86399) end)
for p = 1, 60 do
  local si = int(1, #N.SERVICES)
  local svc = N.SERVICES[si]
  local cat = pick({ "network", "software", "hardware", "access", "email", "database" })
  local state = pick(prb_states)
  local impact, urgency = int(1, 3), int(1, 3)
  local opened = PRB_OPENED[p]
  local gid = GROUP[svc[3]]
  local root = (state == "fix_in_progress" or state == "resolved" or state == "closed" or (state == "root_cause_analysis" and chance(0.3)))
    and pick({ "Memory leak in " .. svc[1] .. " client after update.", "Expired intermediate certificate on load balancer.",
               "Misconfigured connection pool limit.", "Faulty firmware on access switches.", "Index missing after schema migration." })
  local wk = (state ~= "new") and chance(0.6) and pick({ "Restart the client.", "Reconnect using the backup profile.",
             "Clear the local cache and sign in again.", "Use the web version meanwhile." }) or nil
  local id = insert("problems", {
    number = I.format_number("problems", p), short_description = "Recurring: " .. pick(N.INCIDENT_TEMPLATES[cat])[1]:gsub("{svc}", svc[1]):gsub("{floor}", "floor 3"):gsub("{site}", "London"),
    description = "Several incidents point at the same cause on " .. svc[1] .. ".", state = state,
    impact = impact, urgency = urgency, priority = I.priority(impact, urgency), assignment_group_id = gid,
    assigned_to_id = state ~= "new" and pick(MEMBERS[gid]) or nil, ci_id = SERVICE_CI[si], opened_by_id = pick(IT_STAFF),
    root_cause = root or nil, workaround = wk, opened_at = iso(opened), updated_at = iso(opened + int(1, 3) * 86400),
    resolved_at = (state == "resolved" or state == "closed") and iso(opened + int(2, 3) * 86400) or nil,
    closed_at = state == "closed" and iso(opened + 3 * 86400) or nil,
  })
  PROBLEMS[#PROBLEMS + 1] = { id = id, ci = SERVICE_CI[si], category = cat, state = state, workaround = wk }
end
local ke_n = 0
for _, p in ipairs(PROBLEMS) do
  if p.workaround and (p.state == "root_cause_analysis" or p.state == "fix_in_progress") and ke_n < 15 then
    ke_n = ke_n + 1
    local pr = db.one("SELECT number, short_description FROM problems WHERE id = ?", p.id)
    local kb = add_article("Known error: " .. pr.short_description, p.category, "Workaround: " .. p.workaround, "published", pick(IT_STAFF), p.ci)
    insert("known_errors", { number = I.format_number("known_errors", ke_n), problem_id = p.id, title = pr.short_description,
      symptoms = pr.short_description, workaround = p.workaround, status = "open", kb_article_id = kb,
      created_by_id = pick(IT_STAFF), created_at = iso(T0 - int(1, 60) * 86400) })
  end
end

---------------------------------------------------------------------------------------------------
-- Incidents: 2,000 over 180 days, weighted to recent; state follows age.
---------------------------------------------------------------------------------------------------
local STALE = { USER["pat.quinn"], USER["greg.holt"], USER["carl.weber"], USER["jon.parker"] }
local open_with_timers = 0

local function messy(text)
  if chance(0.25) then
    local t = pick(N.TYPOS)
    text = text:gsub(t[1], t[2])
  end
  local r = float()
  if r < 0.08 then text = text:upper() elseif r < 0.2 then text = text:lower() end
  return text .. pick(N.SUFFIXES)
end

local function fill(template, svc, site)
  return (template:gsub("{svc}", svc):gsub("{floor}", pick(N.FLOORS)):gsub("{site}", site))
end

local function sla_timers(inc_id, priority, opened, responded, resolved, state, paused_at)
  for _, kind in ipairs({ "response", "resolution" }) do
    local due = opened + SLA_MIN[kind][priority] * 60
    local stop = kind == "response" and responded or resolved
    local row = { incident_id = inc_id, definition_id = SLA_DEF[kind][priority], started_at = iso(opened), due_at = iso(due) }
    if state == "canceled" then
      row.stage, row.stopped_at = "canceled", iso(resolved or opened + 3600)
    elseif stop then
      row.stopped_at = iso(stop)
      if stop > due then row.stage, row.breached_at = "breached", iso(due) else row.stage = "completed" end
    elseif kind == "resolution" and state == "on_hold" and paused_at and paused_at < due then
      row.stage, row.paused_at = "paused", iso(paused_at)
    elseif due <= T0 then
      row.stage, row.breached_at = "breached", iso(due)
    else
      row.stage = "in_progress"
    end
    local id = insert("sla_timers", row)
    if row.stage == "in_progress" then clock.schedule(due, "sla_due", { timer_id = id, due_at = row.due_at }) end
  end
end

local inc_total = 2000
local INC_OPENED = sorted_times(inc_total, function() return T0 - math.floor(float() ^ 2.2 * 180 * 86400) - 600 end)
for n = 1, inc_total do
  local age = T0 - INC_OPENED[n]
  local opened = T0 - age
  local cat = pick(N.CATEGORIES)
  local si = int(1, #N.SERVICES)
  local svc = N.SERVICES[si]
  local site = pick(N.SITES)
  local tmpl = pick(N.INCIDENT_TEMPLATES[cat])
  local impact = pick({ 1, 2, 2, 3, 3, 3 })
  local urgency = pick({ 1, 2, 2, 3, 3 })
  local priority = I.priority(impact, urgency)
  if chance(0.02) then priority = math.max(1, priority - 1) end  -- legacy tickets whose priority was overridden
  local days = age / 86400
  local r = float()
  local state
  if days > 14 then
    state = (r < 0.86) and "closed" or (r < 0.92 and "canceled" or (r < 0.97 and "in_progress" or "on_hold"))
  elseif days > 3 then
    state = (r < 0.55) and "closed" or (r < 0.60 and "canceled" or (r < 0.80 and "in_progress" or (r < 0.92 and "on_hold" or "resolved")))
  else
    state = (r < 0.25) and "new" or (r < 0.60 and "in_progress" or (r < 0.70 and "on_hold" or (r < 0.90 and "resolved" or (r < 0.95 and "closed" or "canceled"))))
  end
  -- timestamps
  local responded = opened + int(2, 90) * 60
  local resolved, closed
  if state == "resolved" then
    -- resolved within the last 64 hours so the 72-hour auto-close falls after the quiet window
    resolved = math.max(responded + 600, T0 - int(1, 64 * 60) * 60)
    if resolved >= T0 then resolved = T0 - 300 end
    if resolved < responded then responded = opened + 60 end
  elseif state == "closed" then
    local span = math.min(age - 300, int(1, 120) * 3600)
    resolved = opened + math.max(span, 900)
    closed = math.min(resolved + 72 * 3600, T0 - 60)
    if closed < resolved then closed = resolved end
    if responded > resolved then responded = opened + 60 end
  elseif state == "canceled" then
    resolved = opened + int(1, 48) * 3600
    if resolved > T0 then resolved = T0 - 60 end
  end
  if state == "new" then responded = nil end
  if responded and responded > T0 then responded = T0 - 60 end
  -- assignment
  local gname = N.CATEGORY_GROUP[cat]
  if cat == "software" or cat == "database" then gname = (cat == "database") and "Database Administration" or svc[3] end
  local gid = GROUP[gname] or GROUP["Service Desk"]
  local assigned
  if state == "new" then
    if chance(0.5) then gid = nil end
  else
    assigned = pick(MEMBERS[gid])
    if (state == "in_progress" or state == "on_hold") and chance(0.07) then assigned = pick(STALE) end  -- left the company
  end
  local caller = chance(0.97) and pick(ACTIVE) or (USER["lena.ortiz2"])
  local desc = fill(tmpl[2], svc[1], site[2])
  local description = desc                                   -- old closed tickets often have none
  if state == "closed" and days > 30 and chance(0.6) then description = nil elseif chance(0.15) then description = desc:lower() end
  local res = (state == "resolved" or state == "closed") and pick(N.RESOLUTIONS) or nil
  local hold = state == "on_hold" and pick({ "awaiting_caller", "awaiting_caller", "awaiting_vendor", "awaiting_change", "awaiting_problem" }) or nil
  local prob
  if hold == "awaiting_problem" or chance(0.04) then
    for _ = 1, 3 do
      local p = pick(PROBLEMS)
      if p.category == cat or hold == "awaiting_problem" then prob = p.id break end
    end
  end
  -- the CI is the business service the ticket is about: the one its text names, else its template's
  -- (VPN, Email, ...), else none (a laptop, an Excel file)
  local ci = nil
  if (tmpl[1] .. tmpl[2]):find("{svc}", 1, true) then ci = SERVICE_CI[si]
  elseif tmpl[3] then ci = SERVICE_CI[SERVICE_INDEX[tmpl[3]]] end
  local last_touch = closed or resolved or responded or opened
  local inc_id = insert("incidents", {
    number = I.format_number("incidents", n), short_description = messy(fill(tmpl[1], svc[1], site[2])),
    description = description, caller_id = caller, opened_by_id = chance(0.6) and pick(authors) or caller,
    contact_type = pick({ "phone", "email", "email", "self_service", "self_service", "walk_in", "monitoring" }),
    category = cat, subcategory = nil, impact = impact, urgency = urgency, priority = priority, state = state,
    on_hold_reason = hold, assignment_group_id = gid, assigned_to_id = assigned, ci_id = ci, problem_id = prob,
    resolution_code = res and res[1] or nil, resolution_notes = res and res[2] or nil,
    reopen_count = chance(0.04) and 1 or 0,
    opened_at = iso(opened), updated_at = iso(last_touch), resolved_at = resolved and iso(resolved) or nil,
    closed_at = closed and iso(closed) or nil,
  })
  if state == "resolved" then
    clock.schedule(resolved + I.AUTO_CLOSE_AFTER, "auto_close", { incident_id = inc_id, resolved_at = iso(resolved) })
  end
  if days <= 14 then
    local paused = hold and (responded or opened) + int(1, 6) * 3600 or nil
    if paused and paused > T0 then paused = T0 - 60 end
    -- keep the quiet window: move a running timer's start back if it would fall due inside it
    local function in_quiet(t) return t > T0 and t <= QUIET_END end
    local shift = 0
    for _ = 1, 4 do
      local p_resp = opened - shift + SLA_MIN.response[priority] * 60
      local p_res = opened - shift + SLA_MIN.resolution[priority] * 60
      if (state == "new" and in_quiet(p_resp)) or ((state == "new" or state == "in_progress") and in_quiet(p_res)) then
        shift = shift + 9 * 3600
      end
    end
    if shift > 0 then
      opened = opened - shift
      if responded then responded = responded - shift end
      db.update("incidents", { id = inc_id }, { opened_at = iso(opened) })
    end
    sla_timers(inc_id, priority, opened, responded, resolved, state, paused)
    open_with_timers = open_with_timers + 1
  end
  -- work notes on live tickets, and on some history
  if state ~= "closed" or chance(0.1) then
    local number = I.format_number("incidents", n)
    if responded and assigned then
      I.add_note(number, pick({ "Looking into this.", "Contacted the user, collecting logs.", "checking with vendor",
                                "Reproduced the issue.", "called user - no answer, left voicemail" }), "work_note", assigned, iso(responded))
    end
    if hold == "awaiting_caller" then
      I.add_note(number, "Asked the caller for more details; waiting for a reply.", "comment", assigned or pick(authors),
                 iso(responded or opened))
    end
  end
end

---------------------------------------------------------------------------------------------------
-- Changes: 300 across the lifecycle, with approvals and tasks where the state needs them.
---------------------------------------------------------------------------------------------------
local CAB_ID = GROUP["Change Advisory Board"]
local cab_members = MEMBERS[CAB_ID]
local change_verbs = { "Upgrade", "Patch", "Replace", "Migrate", "Reconfigure", "Decommission", "Resize", "Rotate certificates on" }
local ctask_n, chg_n = 0, 0
local CHG_OPENED = sorted_times(300, function() return T0 - 3600 - math.floor(float() ^ 1.5 * 150 * 86400) end)
for c = 1, 300 do
  local si = int(1, #N.SERVICES)
  local svc = N.SERVICES[si]
  local gid = GROUP[svc[3]]
  local opened = CHG_OPENED[c]
  local start = (opened // 86400 + int(2, 21)) * 86400 + int(18, 22) * 3600  -- an evening 2-21 days later
  local finish = start + int(1, 4) * 3600
  -- nothing seeded falls inside a freeze window: such work was moved to just after it
  for _, w in ipairs({ { "2025-12-19T00:00:00Z", "2026-01-05T00:00:00Z" }, { "2026-03-27T00:00:00Z", "2026-04-03T00:00:00Z" } }) do
    if iso(finish) > w[1] and iso(start) < w[2] then
      local shift = clock.parse(w[2]) - (start - start % 86400) + 86400
      start, finish = start + shift, finish + shift
    end
  end
  local kind = pick({ "standard", "standard", "normal", "normal", "normal", "emergency" })
  local risk = kind == "standard" and "low" or pick({ "low", "moderate", "moderate", "high" })
  local state
  if finish < T0 then
    state = chance(0.88) and "closed" or "canceled"
  elseif start <= T0 then
    state = "implement"
  elseif start < T0 + 3 * 86400 then
    state = pick({ "scheduled", "scheduled", "authorize", "assess" })
  else
    state = pick({ "new", "assess", "authorize", "scheduled", "scheduled" })
  end
  local requester = pick(IT_STAFF)
  local assignee = pick(MEMBERS[gid])
  local ci = SERVICE_CI[si]
  chg_n = chg_n + 1
  local number = I.format_number("change_requests", chg_n)
  local verb = pick(change_verbs)
  local close = nil
  if state == "closed" then close = pick({ "successful", "successful", "successful", "successful_with_issues", "unsuccessful" }) end
  local chg_id = insert("change_requests", {
    number = number, type = kind, short_description = verb .. " " .. svc[1] .. (chance(0.5) and (" " .. pick({ "servers", "database", "load balancer", "client" })) or ""),
    description = chance(0.5) and (verb .. " for " .. svc[1] .. ".") or nil,
    justification = pick({ "Vendor end of support.", "Security patch (critical CVE).", "Capacity: usage up 40% this quarter.", "Fix for recurring incidents." }),
    implementation_plan = "Per runbook " .. svc[2]:upper() .. "-" .. int(10, 99) .. ".",
    backout_plan = chance(0.9) and "Restore from snapshot taken before the change." or nil,
    test_plan = chance(0.8) and "Smoke tests by the application owner." or nil,
    risk = risk, impact = risk == "high" and 1 or (risk == "moderate" and 2 or 3), state = state,
    requested_by_id = requester, assignment_group_id = gid, assigned_to_id = (state ~= "new") and assignee or nil, ci_id = ci,
    planned_start = iso(start), planned_end = iso(finish),
    actual_start = (state == "closed" or state == "implement") and iso(start) or nil, actual_end = state == "closed" and iso(finish) or nil,
    close_code = close or (state == "canceled" and "canceled" or nil),
    close_notes = close and pick({ "Completed as planned.", "Done, minor delay.", "Rolled back, see incident." }) or (state == "canceled" and "No longer needed." or nil),
    opened_at = iso(opened), updated_at = iso(math.min(finish, T0 - 60)),
  })
  -- approvals (ITSM-R06): low and moderate risk = a manager; high risk or emergency = two CAB members; standard
  -- changes are pre-approved. Never the change's requester or implementer (ITSM-R07): the group manager, else
  -- the Head of IT Operations, else the change manager. (Low-risk approvals take a fixed comment: no extra
  -- random draw, so every later seeded record is as it was before they were added.)
  local past_authorize = state == "scheduled" or state == "closed" or state == "implement" or state == "review"
  if kind ~= "standard" and (past_authorize or state == "authorize") then
    local approvers = {}
    if risk == "high" or kind == "emergency" then
      local pool = {}
      for _, m in ipairs(cab_members) do if m ~= requester and m ~= assignee then pool[#pool + 1] = m end end
      rng.shuffle(pool)
      approvers = { { pool[1], CAB_ID }, { pool[2], CAB_ID } }
    else
      local mgr = db.value("SELECT manager_id FROM groups WHERE id = ?", gid)
      for _, other in ipairs({ USER["george.whitman"], USER["priya.raman"] }) do
        if mgr == requester or mgr == assignee then mgr = other end
      end
      approvers = { { mgr, nil } }
    end
    for _, a in ipairs(approvers) do
      local comments = nil
      if past_authorize then
        comments = (kind == "normal" and risk == "low") and "Approved."
          or pick({ "Approved.", "OK, make sure the backout plan is tested.", "approved - go ahead" })
      end
      insert("change_approvals", { change_id = chg_id, approver_id = a[1], group_id = a[2],
        state = past_authorize and "approved" or "requested", comments = comments,
        requested_at = iso(opened + 86400), decided_at = past_authorize and iso(opened + 2 * 86400) or nil })
    end
  end
  if state == "scheduled" or state == "closed" then
    for k = 1, int(0, 2) do
      ctask_n = ctask_n + 1
      insert("change_tasks", { number = I.format_number("change_tasks", ctask_n), change_id = chg_id,
        short_description = ({ "Take snapshot", "Apply change", "Post-change validation" })[k] or "Apply change",
        state = state == "closed" and "closed_complete" or "open", assignment_group_id = gid, assigned_to_id = assignee,
        opened_at = iso(opened), closed_at = state == "closed" and iso(finish) or nil })
    end
  end
end

---------------------------------------------------------------------------------------------------
-- Service catalog and requests
---------------------------------------------------------------------------------------------------
local CAT_IDS = {}
for i, c in ipairs(N.CATALOG) do
  insert("catalog_items", { id = i, name = c[1], category = c[2], description = c[3], fulfillment_group_id = GROUP[c[4]],
    approval = c[5], price = c[6], active = c[1] == "Legacy Fax Line" and 0 or 1 })
  if c[1] ~= "Legacy Fax Line" then CAT_IDS[#CAT_IDS + 1] = i end
end
local REQ_OPENED = sorted_times(400, function() return T0 - math.floor(float() ^ 1.8 * 120 * 86400) - 600 end)
for r = 1, 400 do
  local item = pick(CAT_IDS)
  local c = N.CATALOG[item]
  local who = pick(ACTIVE)
  if c[5] == "manager" and not db.value("SELECT manager_id FROM users WHERE id = ?", who) then
    -- submit_request refuses an item needing approval for someone with no manager on record (the CFO):
    -- the request is someone else's, the next active person's
    for k, id in ipairs(ACTIVE) do if id == who then who = ACTIVE[k % #ACTIVE + 1] break end end
  end
  local opened = REQ_OPENED[r]
  local age = (T0 - opened) / 86400
  local state
  if age > 10 then state = pick({ "fulfilled", "fulfilled", "fulfilled", "rejected", "canceled" })
  else state = pick({ "pending_approval", "approved", "in_progress", "in_progress", "fulfilled" }) end
  if c[5] == "none" and (state == "pending_approval" or state == "rejected") then state = "in_progress" end
  local gid = GROUP[c[4]]
  local approver = c[5] == "manager" and db.value("SELECT manager_id FROM users WHERE id = ?", who) or nil
  local decided = state ~= "pending_approval" and c[5] == "manager"
  local done = state == "fulfilled" or state == "rejected" or state == "canceled"
  -- nobody works a request raised for themselves (ITSM-R10): a pick of the requester falls to the next member
  local function worker()
    local list = MEMBERS[gid]
    local m = pick(list)
    if m ~= who then return m end
    for k, id in ipairs(list) do if id == m then return list[k % #list + 1] end end
  end
  local fulfiller = state == "fulfilled" and worker() or nil
  insert("requests", {
    number = I.format_number("requests", r), catalog_item_id = item, requested_for_id = who,
    opened_by_id = chance(0.85) and who or pick(authors), quantity = 1,
    justification = pick({ "New joiner in my team.", "Replacement for broken one.", "Needed for the Q2 project.", "as discussed with my manager", "" }),
    state = state, approver_id = approver, approved_at = (decided and state ~= "rejected") and iso(opened + 86400) or nil,
    assignment_group_id = gid, assigned_to_id = (state == "in_progress" or state == "fulfilled") and worker() or nil,
    fulfilled_by_id = fulfiller, close_notes = done and (state == "fulfilled" and "Delivered." or "Not approved.") or nil,
    opened_at = iso(opened), updated_at = iso(math.min(opened + 2 * 86400, T0 - 60)),
    closed_at = done and iso(math.min(opened + 3 * 86400, T0 - 60)) or nil,
  })
end

---------------------------------------------------------------------------------------------------
-- A little notification history (what the system sent recently)
---------------------------------------------------------------------------------------------------
for k = 1, 120 do
  local inc = db.one("SELECT number, caller_id, state, opened_at FROM incidents WHERE id = ?", inc_total - k * 3)
  insert("notifications", { recipient_id = inc.caller_id, channel = "email",
    subject = inc.number .. " has been " .. (inc.state == "new" and "opened" or "updated"),
    body = "Your incident " .. inc.number .. " is now " .. inc.state .. ".", record_number = inc.number,
    sent_at = inc.opened_at })
end
