-- Legal holds (LHD…), retention duties and the data inventory: what must be kept, for how long and why.
local D = require("directory")
local G = require("compliance")

local function hold_view(h)
  local subject = h.subject_id and db.one("SELECT full_name, email FROM data_subjects WHERE id = ?", h.subject_id)
  return { number = h.number, matter = h.matter, scope = h.scope, subject_id = D.or_null(h.subject_id),
           subject = subject and (subject.full_name .. " <" .. subject.email .. ">") or null,
           category = h.category_id and db.value("SELECT code FROM data_categories WHERE id = ?", h.category_id) or null,
           status = h.status, placed_by = D.name_of(h.placed_by_id), placed_on = h.placed_on, released_on = D.or_null(h.released_on) }
end

local function must_category(code)
  local c = db.one("SELECT * FROM data_categories WHERE code = ? COLLATE NOCASE OR name = ? COLLATE NOCASE", code, code)
  if not c then fail("not_found", "No data category '" .. tostring(code) .. "'", "get_data_inventory lists the categories.") end
  return c
end

local list_legal_holds = {
  name = "list_legal_holds",
  description = "Legal holds by status (active, released), data subject (id) or category: each keeps one subject's " ..
    "data or a whole category from deletion while a matter lasts.",
  read_only = true,
  parameters = D.with_paging({
    status = { type = "string", enum = { "active", "released" } },
    subject_id = { type = "integer", minimum = 1 },
    category = { type = "string", description = "Data category code" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("h.status = ?", args.status)
      :add("h.subject_id = ?", args.subject_id)
      :add("h.category_id = ?", args.category and must_category(args.category).id)
    local rows = db.query("SELECT h.*, COUNT(*) OVER () AS total_matches FROM legal_holds h" .. w:sql() ..
                          " ORDER BY h.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM legal_holds h" .. w:sql(), w:params())
    local items = {}
    for k, h in ipairs(rows) do items[k] = hold_view(h) end
    return D.paged(items, total, page, size)
  end,
}

local place_legal_hold = {
  name = "place_legal_hold",
  description = "Place a legal hold for a matter on one data subject's data (subject_id) or a whole category.",
  parameters = {
    matter = { type = "string", minLength = 5, maxLength = 300, required = true },
    subject_id = { type = "integer", minimum = 1 },
    category = { type = "string", description = "Data category code" },
  },
  run = function(args)
    local me = D.actor_user()
    if (args.subject_id == nil) == (args.category == nil) then fail("missing_field", "Give either subject_id or category") end
    if args.subject_id and not db.value("SELECT 1 FROM data_subjects WHERE id = ?", args.subject_id) then
      fail("not_found", "No data subject " .. args.subject_id)
    end
    local cat = args.category and must_category(args.category)
    local h = G.create("legal_holds", { matter = args.matter, scope = args.subject_id and "subject" or "category", subject_id = args.subject_id,
                                        category_id = cat and cat.id, placed_by_id = me.id, placed_on = G.today(), status = "active" }, me.id)
    return hold_view(h)
  end,
}

local release_legal_hold = {
  name = "release_legal_hold",
  description = "Release an active legal hold once its matter has ended, saying so.",
  parameters = {
    hold = { type = "string", required = true },
    reason = { type = "string", minLength = 10, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local h = G.must("legal_holds", args.hold)
    if h.status ~= "active" then fail("invalid_state", h.number .. " is already released") end
    G.set("legal_holds", h, { status = "released", released_on = G.today() }, me.id)
    G.history(h.number, "release_reason", nil, args.reason, me.id)
    return hold_view(db.one("SELECT * FROM legal_holds WHERE id = ?", h.id))
  end,
}

local list_retention_duties = {
  name = "list_retention_duties",
  description = "The legal duties to keep categories of data (tax, financial records, payroll...), their basis, " ..
    "legal reference and years: data under a running duty is never erased before it ends.",
  read_only = true,
  parameters = {},
  run = function()
    local items = {}
    for _, r in ipairs(db.query([[SELECT r.*, c.code AS category, f.code AS framework FROM retention_duties r
                                  JOIN data_categories c ON c.id = r.category_id LEFT JOIN frameworks f ON f.id = r.framework_id
                                  ORDER BY r.code]])) do
      items[#items + 1] = { code = r.code, category = r.category, basis = r.basis, legal_ref = r.legal_ref, years = r.years,
                            framework = D.or_null(r.framework), description = r.description }
    end
    return { items = array(items), total = #items }
  end,
}

local get_data_inventory = {
  name = "get_data_inventory",
  description = "The record of processing: which system holds which personal-data category, for what purpose, on " ..
    "which lawful basis and for how long (with the retention duty behind it). Filter by system or category.",
  read_only = true,
  parameters = D.with_paging({
    system = { type = "string", description = "System code, e.g. ERP" },
    category = { type = "string", description = "Data category code" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local sys = args.system and db.one("SELECT * FROM business_systems WHERE code = ? COLLATE NOCASE", args.system)
    if args.system and not sys then fail("not_found", "No system '" .. args.system .. "'") end
    local w = D.where()
      :add("i.system_id = ?", sys and sys.id)
      :add("i.category_id = ?", args.category and must_category(args.category).id)
    local rows = db.query([[SELECT i.*, s.code AS system_code, c.code AS category_code, c.special, r.code AS duty,
                            COUNT(*) OVER () AS total_matches FROM data_inventory i JOIN business_systems s ON s.id = i.system_id
                            JOIN data_categories c ON c.id = i.category_id LEFT JOIN retention_duties r ON r.id = i.retention_duty_id]] ..
                          w:sql() .. " ORDER BY s.code, c.code LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM data_inventory i" .. w:sql(), w:params())
    local items = {}
    for k, i in ipairs(rows) do
      items[k] = { system = i.system_code, category = i.category_code, special_category = i.special == 1, purpose = i.purpose,
                   lawful_basis = i.lawful_basis, retention_rule = i.retention_rule, retention_years = i.retention_years,
                   retention_duty = D.or_null(i.duty) }
    end
    return D.paged(items, total, page, size)
  end,
}

return { list_legal_holds, place_legal_hold, release_legal_hold, list_retention_duties, get_data_inventory }
