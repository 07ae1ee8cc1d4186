-- Seed data for the company directory: departments and their cost centres, sites, and about 380 people
-- (the fixed people of company_people.PEOPLE, 300 generated from the seed, then near-duplicate accounts),
-- with their managers. Runs before every system's seed; each system adds its own roles, grants and groups.
-- Deterministic: every random choice comes from `rng`, and the systems' seeds continue the same generator.
--
-- The mess is on purpose: inactive accounts, near-duplicate people (an old account, a spelling variant).
local P = require("company_people")

local T0 = clock.now()  -- the World's start (clock_start); the directory's history ends here
local iso = clock.iso
local insert = db.insert
local int, float, pick = rng.int, rng.float, rng.pick

local function chance(p) return float() < p end

local DEPT, DEPT_NAMES = {}, {}
for i, d in ipairs(P.DEPARTMENTS) do
  insert("departments", { id = i, name = d[1], cost_center = d[2] })
  DEPT[d[1]] = i
  DEPT_NAMES[i] = d[1]
end

for i, site in ipairs(P.SITES) do
  local place = P.SITE_PLACE[site[1]]
  insert("locations", { id = i, code = site[1], name = site[2], country = place[1], timezone = place[2] })
end

---------------------------------------------------------------------------------------------------
-- People
---------------------------------------------------------------------------------------------------
local USER = {}  -- user_name -> id
local next_user = 0
local phone_n = 4100

local function add_user(u)
  next_user = next_user + 1
  phone_n = phone_n + int(1, 7)
  local site = pick(P.SITES)
  insert("users", {
    id = next_user, user_name = u.user_name, first_name = u.first, last_name = u.last,
    email = u.user_name .. "@example.com",
    title = u.title, department_id = u.dept, location = u.location or site[2],
    phone = "+1 555 01" .. phone_n, vip = u.vip and 1 or 0, active = u.inactive and 0 or 1,
    created_at = iso(T0 - int(200, 2500) * 86400),
  })
  USER[u.user_name] = next_user
  return next_user
end

local function cap(s) return s:sub(1, 1):upper() .. s:sub(2) end

for _, p in ipairs(P.PEOPLE) do
  local first, last = p[1]:match("^(%a+)%.(%a+)")
  add_user({ user_name = p[1], first = p.first or cap(first), last = p.last or cap(last), dept = DEPT[p[2]],
             title = p[3], inactive = p.inactive, vip = p.vip, location = p.location })
end

-- Generated people: 300 more, with department heads first so others can report to them.
local taken = {}
for _, p in ipairs(P.PEOPLE) do taken[p[1]] = true end
local function user_name_for(first, last)
  local base = (first .. "." .. last):gsub("ü", "u"):lower():gsub("[^%a%.]", "")
  local name, n = base, 1
  while taken[name] do n = n + 1; name = base .. n end
  taken[name] = true
  return name
end

local HEADS = {}
for d, name in pairs(P.HEADS) do HEADS[d] = name end  -- copied: library tables are shared, never modified
local generated = {}
for i = 1, 300 do
  local first, last = pick(P.FIRST), pick(P.LAST)
  local dept = (i <= #P.DEPARTMENTS) and i or int(1, #P.DEPARTMENTS)
  local dname = DEPT_NAMES[dept]
  local head = i <= #P.DEPARTMENTS and not HEADS[dname]
  local inactive = not head and chance(0.08)
  local title = head and ("Head of " .. dname) or pick(P.TITLES[dname])
  local name = user_name_for(first, last)
  local id = add_user({ user_name = name, first = first, last = last, dept = dept, title = title,
                        inactive = inactive, vip = head and chance(0.3) })
  if head then HEADS[dname] = name end
  generated[#generated + 1] = { id = id, first = first, last = last, dept = dept }
end

-- Near-duplicates: a second account for the same person (old, inactive) or a spelling variant.
for _ = 1, 18 do
  local g = pick(generated)
  local variant = P.VARIANTS[g.first]
  local first = (variant and chance(0.6)) and variant or g.first
  add_user({ user_name = user_name_for(first, g.last), first = first, last = g.last, dept = g.dept,
             title = pick(P.TITLES[DEPT_NAMES[g.dept]]), inactive = chance(0.7) })
end

-- Managers: everyone reports to their department head; heads report to the Head of IT Ops or the CFO.
for d = 1, #DEPT_NAMES do
  local head = USER[HEADS[DEPT_NAMES[d]]]
  db.exec("UPDATE users SET manager_id = ? WHERE department_id = ? AND id <> ?", head, d, head)
end
-- Every other head reports to the CFO (olivia.grant), so anyone's request has an approver on record.
for d = 1, #DEPT_NAMES do
  local head = HEADS[DEPT_NAMES[d]]
  if head ~= "olivia.grant" then db.exec("UPDATE users SET manager_id = ? WHERE id = ?", USER["olivia.grant"], USER[head]) end
end

-- Each department's cost centre, owned by its head.
for d, dept in ipairs(P.DEPARTMENTS) do
  insert("cost_centers", { id = d, code = dept[2], name = dept[1], department_id = d, owner_id = USER[HEADS[dept[1]]] })
end
