-- Seed step: suppliers with contacts, bank accounts, screening results and preferred rankings, the
-- watch lists, the catalog and the contracts with their prices. Called by seed.lua with its context
-- `ctx` (what earlier steps made: users, categories, the clock); adds what later steps need to it.
local N = require("p2p_names")
local C = require("p2p_catalog")
local Tm = require("p2p_time")

local M = {}

local DAY = Tm.DAY
local GENERATED_SUPPLIERS = 208       -- plus the fixed ones: 234 in all
local LOOK_ALIKES = 14
local GENERATED_CONTRACTS = 36

local function chance(p) return rng.float() < p end

local function domain_of(name)
  local words = {}
  for w in name:lower():gsub("&", "and"):gmatch("[%w]+") do words[#words + 1] = w end
  return table.concat(words, "-", 1, math.min(#words, 3)) .. ".com"
end

local function tax_id(country)
  local int = rng.int
  if country == "US" then return string.format("%02d-%07d", int(10, 99), int(0, 9999999)) end
  if country == "GB" then return string.format("GB%09d", int(100000000, 999999999)) end
  if country == "DE" then return string.format("DE%09d", int(100000000, 999999999)) end
  if country == "NL" then return string.format("NL%09dB01", int(100000000, 999999999)) end
  if country == "FR" then return string.format("FR%02d%09d", int(10, 99), int(100000000, 999999999)) end
  if country == "IE" then return string.format("IE%07dA", int(1000000, 9999999)) end
  return string.format("%s-%08d", country, int(10000000, 99999999))
end

local CITY = {
  US = { "Chicago, IL", "Dallas, TX", "Newark, NJ", "Denver, CO", "Atlanta, GA", "Seattle, WA", "Austin, TX", "Boston, MA" },
  CA = { "Toronto, ON", "Mississauga, ON" }, GB = { "London", "Manchester", "Leeds" }, IE = { "Dublin" },
  DE = { "Berlin", "Hamburg", "Munich" }, NL = { "Rotterdam", "Utrecht" }, FR = { "Lyon", "Paris" },
  SG = { "Singapore" }, IN = { "Bengaluru", "Pune" }, RU = { "Novorossiysk" }, MY = { "Johor Bahru" },
}
local PHONE_CODE = { US = "+1", CA = "+1", GB = "+44", IE = "+353", DE = "+49", NL = "+31", FR = "+33", SG = "+65",
                     IN = "+91", RU = "+7", MY = "+60", LT = "+370", CY = "+357" }

local function phone(country)
  return string.format("%s %03d %03d %04d", PHONE_CODE[country], rng.int(200, 989), rng.int(100, 999), rng.int(0, 9999))
end

local function masked(digits) return "****" .. string.format("%04d", digits) end

-- One supplier row; returns its id.
local function add_supplier(ctx, s)
  ctx.supplier_n = ctx.supplier_n + 1
  local number = string.format("SUP%07d", ctx.supplier_n)
  local domain = domain_of(s.name)
  local id = db.insert("suppliers", {
    number = number, name = s.name, legal_name = s.legal_name, tax_id = s.tax_id or tax_id(s.country),
    country = s.country, address = rng.int(10, 9800) .. " " .. rng.pick({ "Commerce", "Industrial", "Harbor", "Market", "Station", "Park" })
      .. " " .. rng.pick({ "Street", "Avenue", "Road", "Way" }) .. ", " .. rng.pick(CITY[s.country]),
    email = "accounts@" .. domain, phone = phone(s.country), website = "https://www." .. domain,
    primary_category_id = ctx.category[s.category].id, status = s.status, screening_status = s.screening,
    risk_rating = s.risk or "low", payment_terms_days = s.terms, early_discount_pct = s.discount_pct,
    early_discount_days = s.discount_days, blocked_reason = s.blocked, onboarded_by_id = s.onboarded_by,
    created_at = clock.iso(s.created), updated_at = clock.iso(s.updated or s.created),
  })
  local row = { id = id, number = number, name = s.name, domain = domain, country = s.country, category = s.category,
                status = s.status, created = s.created, terms = s.terms, discount_pct = s.discount_pct,
                discount_days = s.discount_days }
  ctx.suppliers[#ctx.suppliers + 1] = row
  ctx.supplier_by_name[s.name] = row
  ctx.hist(number, "created", nil, s.status, s.onboarded_by, s.created)
  return row
end

local function add_contacts(ctx, sup)
  for k = 1, rng.int(1, 3) do
    local first, last = rng.pick(N.CONTACT_FIRST), rng.pick(N.CONTACT_LAST)
    db.insert("supplier_contacts", {
      supplier_id = sup.id, name = first .. " " .. last, role = k == 1 and "Accounts receivable" or rng.pick(N.CONTACT_ROLES),
      email = first:lower() .. "." .. last:lower() .. "@" .. sup.domain, phone = phone(sup.country),
      is_primary = k == 1 and 1 or 0, active = (k > 1 and chance(0.1)) and 0 or 1,
    })
  end
end

-- The verified account payments go to; sometimes an older one it superseded.
local function add_bank_accounts(ctx, sup)
  local phone_on_file = db.value("SELECT phone FROM suppliers WHERE id = ?", sup.id)
  local banks = N.BANKS[sup.country] or N.BANKS.US
  local admin = rng.pick(ctx.supplier_admins)
  if chance(0.15) then
    local at = sup.created + rng.int(1, 12) * 3600  -- the account given at onboarding, since replaced
    db.insert("supplier_bank_accounts", {
      supplier_id = sup.id, bank_name = rng.pick(banks), account_holder = sup.name, account_masked = masked(rng.int(0, 9999)),
      routing_masked = masked(rng.int(0, 9999)), country = sup.country, status = "superseded", requested_by_id = admin,
      requested_at = clock.iso(at), callback_phone_on_file = phone_on_file, verified_by_id = ctx.user["ines.carvalho"],
      verified_at = clock.iso(at + 3600 * rng.int(2, 30)), callback_notes = "Called the number on file; confirmed with accounts receivable.",
    })
  end
  -- In place before the history starts (every payment in it goes here), and after onboarding
  local at = math.max(sup.created + 3 * DAY, math.min(sup.created + rng.int(2, 400) * DAY, ctx.HISTORY_START - rng.int(1, 30) * DAY))
  local verifier = admin == ctx.user["ines.carvalho"] and ctx.user["rohan.mehta"] or ctx.user["ines.carvalho"]
  sup.bank_account_id = db.insert("supplier_bank_accounts", {
    supplier_id = sup.id, bank_name = rng.pick(banks), account_holder = sup.name, account_masked = masked(rng.int(0, 9999)),
    routing_masked = masked(rng.int(0, 9999)), country = sup.country, status = "verified", requested_by_id = admin,
    requested_at = clock.iso(at), callback_phone_on_file = phone_on_file, verified_by_id = verifier,
    verified_at = clock.iso(at + 3600 * rng.int(2, 50)),
    callback_notes = "Callback to " .. phone_on_file .. " (number on file); details confirmed.",
  })
end

-- A watch-list entry whose name shares a distinctive word with the supplier's name, if any.
local function similar_entry(ctx, name)
  local first = name:match("^(%S+)")
  for _, e in ipairs(ctx.sanctions) do
    if e.name:find(first, 1, true) then return e end
  end
  return nil
end

local function add_screenings(ctx, sup, s)
  local reviewer = ctx.user["ines.carvalho"]
  local at = sup.created + rng.int(0, 2) * DAY
  local entry = s.entry or similar_entry(ctx, sup.name)
  if s.screening == "not_screened" then return end
  if entry then
    local result = s.screening == "confirmed_match" and "confirmed_match"
      or (s.screening == "potential_match" and "potential_match" or "false_positive")
    local reviewed = result ~= "potential_match"
    local notes = result == "false_positive"
      and ("Different entity: " .. sup.name .. " (" .. sup.country .. ") vs listed " .. entry.name .. " (" .. entry.country ..
           "); different country, registration and owners.")
      or (result == "confirmed_match" and ("Same entity as listed " .. entry.name .. " (" .. entry.list .. ", " .. entry.program ..
           "): registration number and address match.") or nil)
    db.insert("supplier_screenings", {
      supplier_id = sup.id, list = entry.list, entry_id = entry.id, matched_name = entry.name,
      score = result == "confirmed_match" and 97 or rng.int(72, 91), result = result, screened_at = clock.iso(at),
      reviewed_by_id = reviewed and reviewer or nil, reviewed_at = reviewed and clock.iso(at + rng.int(2, 48) * 3600) or nil,
      notes = notes,
    })
  else
    db.insert("supplier_screenings", { supplier_id = sup.id, result = "clear", score = 0, screened_at = clock.iso(at) })
  end
end

function M.watch_lists(ctx)
  ctx.sanctions = {}
  for _, e in ipairs(N.SANCTIONS) do
    local id = db.insert("sanctions_list_entries", { list = e[1], name = e[2], country = e[3], program = e[4], listed_on = e[5] })
    ctx.sanctions[#ctx.sanctions + 1] = { id = id, list = e[1], name = e[2], country = e[3], program = e[4] }
  end
end

function M.suppliers(ctx)
  ctx.suppliers, ctx.supplier_by_name, ctx.supplier_n = {}, {}, 0
  local T0 = ctx.T0
  local taken = {}
  for _, f in ipairs(N.FIXED_SUPPLIERS) do
    local created = T0 - rng.int(400, 1500) * DAY
    if f[5] == "pending" then created = T0 - rng.int(2, 6) * DAY - rng.int(0, 20000) end
    local entry
    if f[1] == "Volga Maritime Trading" then entry = ctx.sanctions[1] end
    if f[1] == "Crescent Star Industries" then entry = ctx.sanctions[2] end
    local sup = add_supplier(ctx, {
      name = f[1], legal_name = f[2], category = f[3], country = f[4], status = f[5], screening = f[6], terms = f[7],
      discount_pct = f[8], discount_days = f[9], blocked = f.blocked, created = created,
      updated = f.blocked and (T0 - rng.int(20, 90) * DAY) or nil, risk = f[6] ~= "clear" and "high" or "low",
      onboarded_by = ctx.user["ines.carvalho"],
    })
    sup.fixed, sup.preferred, sup.has_contract = true, f.preferred, f.contract
    taken[f[1]] = true
    add_contacts(ctx, sup)
    if f[5] ~= "pending" then add_bank_accounts(ctx, sup) end
    add_screenings(ctx, sup, { screening = f[6], entry = entry })
  end
  -- Generated suppliers, in the categories purchases are made in.
  local cats = {}
  for _, b in ipairs(C.BUYING) do cats[#cats + 1] = b[1] end
  local generated = {}
  for i = 1, GENERATED_SUPPLIERS do
    local category = cats[(i - 1) % #cats + 1]
    local name
    repeat name = rng.pick(N.NAME_FIRST) .. " " .. rng.pick(N.TRADE[category]) until not taken[name]
    taken[name] = true
    local country = rng.pick(N.COUNTRIES)
    local r = rng.float()
    local status = r < 0.88 and "active" or (r < 0.93 and "inactive" or (r < 0.97 and "pending" or "blocked"))
    local screening = status == "pending" and (chance(0.5) and "not_screened" or "clear") or "clear"
    local created = status == "pending" and (T0 - rng.int(1, 12) * DAY - rng.int(0, 30000)) or (T0 - rng.int(190, 2000) * DAY)
    local discount = chance(0.2)
    local sup = add_supplier(ctx, {
      name = name, legal_name = name .. " " .. rng.pick(N.SUFFIX[country]), category = category, country = country,
      status = status, screening = screening, terms = rng.pick({ 30, 30, 30, 45, 60, 15 }),
      discount_pct = discount and rng.pick({ 1.0, 1.5, 2.0 }) or 0, discount_days = discount and 10 or 0,
      blocked = status == "blocked" and rng.pick({ "Quality: repeated late and short deliveries", "Tax ID could not be verified",
        "Insurance certificate expired", "Overbilling under investigation" }) or nil,
      created = created, onboarded_by = rng.pick(ctx.supplier_admins),
    })
    generated[#generated + 1] = sup
    add_contacts(ctx, sup)
    if status ~= "pending" then add_bank_accounts(ctx, sup) end
    add_screenings(ctx, sup, { screening = screening })
  end
  -- Look-alikes: near-identical names of active suppliers, as old duplicates, blocked fakes or new applicants.
  for k = 1, LOOK_ALIKES do
    local original = generated[(k * 13) % #generated + 1]
    if original.status == "active" then
      local name = N.look_alike(original.name, k % 3)
      if not taken[name] then
        taken[name] = true
        local status = ({ "inactive", "blocked", "pending" })[k % 3 + 1]
        local sup = add_supplier(ctx, {
          name = name, legal_name = name .. " " .. rng.pick(N.SUFFIX[original.country]), category = original.category,
          country = original.country, status = status, screening = status == "pending" and "not_screened" or "clear",
          terms = original.terms, discount_pct = 0, discount_days = 0,
          blocked = status == "blocked" and ("Duplicate of " .. original.number .. " " .. original.name .. " with different bank details") or nil,
          created = status == "pending" and (T0 - rng.int(1, 9) * DAY) or (T0 - rng.int(100, 700) * DAY),
          onboarded_by = rng.pick(ctx.supplier_admins),
        })
        sup.look_alike_of = original.id
        add_contacts(ctx, sup)
        if status ~= "pending" then add_bank_accounts(ctx, sup) end
        add_screenings(ctx, sup, { screening = status == "pending" and "not_screened" or "clear" })
      end
    end
  end
  -- Who buys from whom: active suppliers by category.
  ctx.active_by_category = {}
  for _, sup in ipairs(ctx.suppliers) do
    if sup.status == "active" then
      local list = ctx.active_by_category[sup.category] or {}
      list[#list + 1] = sup
      ctx.active_by_category[sup.category] = list
    end
  end
end

-- Preferred suppliers: the fixed supplier ranks first in its category, then up to two generated ones.
function M.preferred(ctx)
  ctx.preferred = {}  -- category code -> { rank 1 supplier, rank 2, ... }
  for _, b in ipairs(C.BUYING) do
    local code = b[1]
    local ranked = {}
    for _, sup in ipairs(ctx.active_by_category[code] or {}) do
      if sup.fixed and sup.preferred then ranked[sup.preferred] = sup end
    end
    local list = {}
    for r = 1, 3 do if ranked[r] then list[#list + 1] = ranked[r] end end
    for _, sup in ipairs(ctx.active_by_category[code] or {}) do
      if #list >= 3 then break end
      if not sup.fixed then list[#list + 1] = sup end
    end
    for rank, sup in ipairs(list) do
      db.insert("preferred_suppliers", { category_id = ctx.category[code].id, supplier_id = sup.id, rank = rank,
                                         valid_from = "2025-01-01" })
    end
    ctx.preferred[code] = list
  end
end

-- Contracts (ceilings are set once the orders against them are known: see M.settle_contracts).
local function add_contract(ctx, sup, c)
  ctx.contract_n = ctx.contract_n + 1
  local number = string.format("CTR%07d", ctx.contract_n)
  -- Written some weeks before it starts (a draft for next quarter: in the last weeks)
  local created = math.min(clock.parse(c.starts_on .. "T10:00:00Z") - rng.int(7, 40) * DAY, ctx.T0 - rng.int(2, 20) * DAY)
  local id = db.insert("contracts", {
    number = number, supplier_id = sup.id, title = c.title, category_id = ctx.category[sup.category].id,
    starts_on = c.starts_on, ends_on = c.ends_on, ceiling_cents = 100, consumed_cents = 0, status = c.status,
    owner_id = c.owner, created_at = clock.iso(created), updated_at = clock.iso(created),
  })
  local row = { id = id, number = number, supplier = sup, starts_on = c.starts_on, ends_on = c.ends_on, status = c.status,
                consumed = 0, kind = c.kind }
  ctx.contracts[#ctx.contracts + 1] = row
  sup.contracts = sup.contracts or {}
  sup.contracts[#sup.contracts + 1] = row
  ctx.hist(number, "created", nil, c.status == "draft" and "draft" or "active", c.owner, created)
  return row
end

function M.contracts(ctx)
  ctx.contracts, ctx.contract_n = {}, 0
  local owners = ctx.buyers_active
  for _, sup in ipairs(ctx.suppliers) do
    if sup.fixed and sup.has_contract then
      local c = { title = sup.name .. " master agreement", starts_on = "2025-01-01", ends_on = "2026-12-31", status = "active",
                  owner = ctx.user["rohan.mehta"] }
      if sup.name == "Quantum Data Systems" then
        c.starts_on, c.ends_on, c.status, c.kind = "2024-02-01", "2026-01-31", "expired", "expired_with_catalog"
      elseif sup.name == "Apex Industrial Supply" then
        c.title, c.starts_on, c.ends_on, c.kind = "Apex maintenance parts and services", "2025-07-01", "2026-06-30", "near_ceiling"
      end
      add_contract(ctx, sup, c)
    end
  end
  -- Generated contracts with generated active suppliers: some running, some expired, a few terminated or draft.
  local pool = {}
  for _, sup in ipairs(ctx.suppliers) do
    if not sup.fixed and sup.status == "active" then pool[#pool + 1] = sup end
  end
  rng.shuffle(pool)
  for k = 1, math.min(GENERATED_CONTRACTS, #pool) do
    local sup = pool[k]
    local start_year = rng.int(2023, 2025)
    local starts_on = string.format("%04d-%02d-01", start_year, rng.int(1, 12))
    local months = rng.pick({ 12, 12, 24, 36 })
    local ends_on = Tm.add_days(Tm.date_of(clock.parse(starts_on .. "T00:00:00Z") + months * 30 * DAY), 0)
    local status
    if ends_on < Tm.date_of(ctx.T0) then status = "expired" else status = "active" end
    local terminated_on = Tm.date_of(ctx.T0 - rng.int(20, 120) * DAY)
    if k % 12 == 0 and status == "active" and terminated_on > starts_on then  -- ended early: ends_on is the termination date
      status, ends_on = "terminated", terminated_on
    end
    if k % 17 == 0 then status, starts_on, ends_on = "draft", "2026-04-01", "2027-03-31" end
    add_contract(ctx, sup, { title = sup.name .. " " .. rng.pick({ "services agreement", "framework agreement", "supply agreement" }),
                             starts_on = starts_on, ends_on = ends_on, status = status, owner = rng.pick(owners) })
  end
end

-- The contract of a supplier in force on a date, if any (an expired or terminated one was in force
-- until its end date).
function M.contract_on(sup, date)
  for _, c in ipairs(sup.contracts or {}) do
    if c.status ~= "draft" and c.starts_on <= date and date <= c.ends_on then return c end
  end
  return nil
end

-- Catalog items, each sold by its category's first-ranked supplier (servers and network gear by
-- Quantum Data Systems, under the contract that has since expired), with contract prices below list.
function M.catalog(ctx)
  ctx.items_by_category = {}
  local quantum = ctx.supplier_by_name["Quantum Data Systems"]
  local QUANTUM_SKUS = { ["HW-SRV-1U"] = true, ["HW-SW-48P"] = true, ["HW-UPS-3K"] = true, ["HW-AP-WIFI6"] = true }
  for _, it in ipairs(C.ITEMS) do
    local sku, name, code, unit, price = it[1], it[2], it[3], it[4], it[5]
    local sup = QUANTUM_SKUS[sku] and quantum or ctx.preferred[code][1]
    local contract = sup.contracts and sup.contracts[1]
    local id = db.insert("purchase_catalog_items", {
      sku = sku, name = name, description = name, category_id = ctx.category[code].id, unit = unit, supplier_id = sup.id,
      contract_id = contract and contract.id or nil, list_price_cents = price, active = 1,
    })
    local item = { id = id, sku = sku, name = name, category = code, unit = unit, list_price = price, supplier = sup,
                   contract = contract }
    if contract then
      item.contract_price = price * rng.int(82, 95) // 100
      db.insert("contract_prices", { contract_id = contract.id, catalog_item_id = id, unit_price_cents = item.contract_price,
                                     valid_from = contract.starts_on, valid_to = contract.ends_on })
    end
    local list = ctx.items_by_category[code] or {}
    list[#list + 1] = item
    ctx.items_by_category[code] = list
  end
end

-- Ceilings from what was ordered: most contracts have room, Apex's is nearly used up.
function M.settle_contracts(ctx)
  for _, c in ipairs(ctx.contracts) do
    local consumed = db.value([[SELECT coalesce(sum(total_cents), 0) FROM purchase_orders
                                WHERE contract_id = ? AND status <> 'cancelled']], c.id)
    local ceiling
    if c.kind == "near_ceiling" then  -- a round ceiling with one to two thousand dollars left
      ceiling = (consumed + 100000 + 99999) // 100000 * 100000
    elseif consumed > 0 then
      ceiling = (consumed * rng.int(150, 400) // 100) // 1000000 * 1000000 + 1000000
    else
      ceiling = rng.int(5, 40) * 1000000
    end
    db.update("contracts", { id = c.id }, { ceiling_cents = ceiling, consumed_cents = consumed })
  end
end

return M
