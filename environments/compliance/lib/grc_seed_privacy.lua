-- Seed part: the data map (categories, retention duties, the record of processing), the data subjects
-- (customers, employees, former employees, supplier contacts; look-alikes on purpose) and the personal data
-- each system holds on them, legal holds, and personal-data breaches. The data-subject requests are
-- lib/grc_seed_dsr.lua's.
local P = require("company_people")
local Tm = require("grc_time")
local Deadlines = require("grc_deadlines")
local Requests = require("grc_seed_dsr")
local M = {}

-- code, name, special (0/1), description
local CATEGORIES = {
  { "contact", "Contact details", 0, "Names, addresses, phone numbers, email addresses." },
  { "identity", "Identity documents", 0, "Passport and ID numbers, tax identifiers." },
  { "hr_records", "Employment records", 0, "Contracts, roles, performance and disciplinary records." },
  { "payroll", "Payroll and tax records", 0, "Salary, deductions, tax and social security." },
  { "bank_details", "Bank details", 0, "Bank account numbers for payments." },
  { "health", "Health and absence", 1, "Sickness absence and occupational health notes." },
  { "invoices", "Invoices and transactions", 0, "Invoices, credit notes and payments naming a person." },
  { "orders", "Orders and contracts", 0, "Customer orders, quotes and contracts." },
  { "marketing", "Marketing preferences", 0, "Consent records and campaign responses." },
  { "support", "Support history", 0, "Support tickets and call notes." },
  { "access_logs", "System access logs", 0, "Sign-ins and activity logs naming a user." },
  { "recruitment", "Recruitment records", 0, "CVs, interview notes and references." },
}

-- code, category, basis, legal reference, years, description
local DUTIES = {
  { "RET-TAX", "invoices", "Tax records", "Tax code: record-keeping for tax purposes", 10, "Invoices and the transactions behind them are kept 10 years." },
  { "RET-FIN", "orders", "Financial records", "Commercial code: books and records of account", 7, "Contracts and orders are kept 7 years after the financial year." },
  { "RET-PAY", "payroll", "Payroll records", "Payroll tax and social security rules", 6, "Payroll records are kept 6 years." },
  { "RET-HR", "hr_records", "Employment records", "Employment law limitation periods", 3, "Employment records are kept 3 years after employment ends." },
  { "RET-HLTH", "health", "Occupational health records", "Health and safety at work rules", 5, "Occupational health records are kept 5 years." },
}

-- system, category, purpose, lawful basis, retention rule, years
local INVENTORY = {
  { "CRM", "contact", "Managing customer relationships", "contract", "3 years after the last contract ends", 3 },
  { "CRM", "orders", "Selling and delivering to customers", "contract", "7 years after the financial year", 7 },
  { "CRM", "marketing", "Marketing to customers who opted in", "consent", "Until consent is withdrawn", 2 },
  { "CRM", "support", "Supporting customers", "contract", "3 years after the ticket closes", 3 },
  { "ERP", "invoices", "Invoicing and accounting", "legal_obligation", "10 years after the financial year", 10 },
  { "ERP", "contact", "Billing contacts", "contract", "7 years after the last invoice", 7 },
  { "ERP", "bank_details", "Paying and collecting", "contract", "7 years after the last payment", 7 },
  { "PAYROLL", "payroll", "Paying employees", "legal_obligation", "6 years after the tax year", 6 },
  { "PAYROLL", "bank_details", "Paying employees", "contract", "6 years after the last payment", 6 },
  { "PAYROLL", "identity", "Tax and social security filings", "legal_obligation", "6 years after employment ends", 6 },
  { "HRIS", "hr_records", "Managing employment", "contract", "3 years after employment ends", 3 },
  { "HRIS", "contact", "Reaching employees", "contract", "3 years after employment ends", 3 },
  { "HRIS", "health", "Managing absence and health and safety", "legal_obligation", "5 years", 5 },
  { "HRIS", "recruitment", "Hiring", "legitimate_interest", "1 year after the hiring decision", 1 },
  { "PROCURE", "contact", "Dealing with suppliers", "contract", "3 years after the relationship ends", 3 },
  { "PROCURE", "bank_details", "Paying suppliers", "contract", "7 years after the last payment", 7 },
  { "CLOUD", "access_logs", "Security monitoring", "legitimate_interest", "1 year", 1 },
  { "COLLAB", "access_logs", "Security monitoring", "legitimate_interest", "1 year", 1 },
  { "COLLAB", "contact", "Internal communication", "contract", "Until the account is closed", 1 },
}

-- What each kind of subject has where: system, category, share of subjects.
local HOLDINGS = {
  customer = { { "CRM", "contact", 1 }, { "CRM", "orders", 0.7 }, { "CRM", "marketing", 0.5 }, { "CRM", "support", 0.4 }, { "ERP", "invoices", 0.6 } },
  employee = { { "HRIS", "hr_records", 1 }, { "HRIS", "contact", 1 }, { "PAYROLL", "payroll", 1 }, { "PAYROLL", "bank_details", 1 },
               { "HRIS", "health", 0.2 } },
  supplier_contact = { { "PROCURE", "contact", 1 }, { "ERP", "contact", 0.5 } },
}
HOLDINGS.former_employee = HOLDINGS.employee

local EU = { "DE", "FR", "NL", "IE", "ES", "IT", "DE", "FR" }
local ELSEWHERE = { "US", "US", "GB", "CA", "SG" }
local MAIL = { "gmail.com", "outlook.com", "proton.me", "yahoo.com", "mail.de", "orange.fr" }

local function data_map(ctx)
  ctx.category = {}
  for _, c in ipairs(CATEGORIES) do
    ctx.category[c[1]] = db.insert("data_categories", { code = c[1], name = c[2], special = c[3], description = c[4] })
  end
  ctx.duty_years = {}
  local duty_of = {}
  for _, d in ipairs(DUTIES) do
    duty_of[d[2]] = db.insert("retention_duties", { code = d[1], category_id = ctx.category[d[2]], basis = d[3], legal_ref = d[4],
                                                    years = d[5], description = d[6], framework_id = ctx.framework["PRIV"] })
    ctx.duty_years[d[2]] = d[5]
  end
  for _, r in ipairs(INVENTORY) do
    db.insert("data_inventory", { system_id = ctx.system[r[1]].id, category_id = ctx.category[r[2]], purpose = r[3], lawful_basis = r[4],
                                  retention_rule = r[5], retention_years = r[6], retention_duty_id = duty_of[r[2]] })
  end
end

local function email_of(first, last, domain)
  return (first .. "." .. last):lower():gsub("[^%a%.]", "") .. "@" .. domain
end

-- Subjects and their records. Returns the subject rows (id, full_name, email, kind, user_id, records).
local function subjects(ctx)
  local out = {}
  local function add(s)
    s.id = db.insert("data_subjects", { full_name = s.full_name, email = s.email, kind = s.kind, country = s.country, user_id = s.user_id,
                                        created_at = s.since .. "T10:00:00Z" })
    s.records = {}
    for _, h in ipairs(HOLDINGS[s.kind]) do
      if h[3] >= 1 or ctx.chance(h[3]) then
        local collected = ctx.date_after(s.since, 0, math.max(0, Tm.days_between(s.since, ctx.TODAY) - 1))
        local years = ctx.duty_years[h[2]]
        local rec = { system = h[1], category = h[2], collected_on = collected,
                      retention_until = years and Tm.add_months(collected, 12 * years) or nil }
        rec.id = db.insert("personal_data_records", {
          subject_id = s.id, system_id = ctx.system[h[1]].id, category_id = ctx.category[h[2]],
          record_ref = string.format("%s-%s-%06d", h[1], h[2]:upper():sub(1, 3), 100000 + s.id * 7 + #s.records),
          description = ctx.category_name[h[2]] .. " of " .. s.full_name .. " in " .. ctx.system[h[1]].name,
          collected_on = collected, retention_until = rec.retention_until, state = "active",
        })
        s.records[#s.records + 1] = rec
      end
    end
    out[#out + 1] = s
    return s
  end
  -- Customers, with look-alikes: the same name at another address, or a spelling variant.
  for _ = 1, 120 do
    local first, last = rng.pick(P.FIRST), rng.pick(P.LAST)
    add({ full_name = first .. " " .. last, email = email_of(first, last, rng.pick(MAIL)), kind = "customer",
          country = ctx.chance(0.55) and rng.pick(EU) or rng.pick(ELSEWHERE), since = Tm.add_days(ctx.TODAY, -rng.int(60, 2500)) })
  end
  for k = 1, 10 do
    local of = out[k * 7]
    local first, last = of.full_name:match("^(%S+) (.+)$")
    local variant = P.VARIANTS[first]
    local name = (variant and k % 2 == 0) and (variant .. " " .. last) or of.full_name
    add({ full_name = name, email = email_of(variant or first, last, rng.pick(MAIL)), kind = "customer", country = of.country,
          since = Tm.add_days(ctx.TODAY, -rng.int(60, 1500)) })
  end
  -- Employees and former employees: directory people (the fixed business people among them).
  local employees, former = {}, {}
  for _, u in ipairs(ctx.people) do
    if u.user_name ~= "svc.monitoring" and u.department ~= "IT Operations" then
      if u.active == 1 then employees[#employees + 1] = u else former[#former + 1] = u end
    end
  end
  local chosen = {}
  for _, name in ipairs({ "marcus.bell", "marcus.bell2", "lena.ortiz", "lena.ortiz2", "tobias.kern", "rachel.adams", "kevin.osei" }) do
    chosen[ctx.user[name]] = true
  end
  for _, u in ipairs(employees) do if not chosen[u.id] and ctx.chance(0.12) then chosen[u.id] = true end end
  for _, u in ipairs(former) do if not chosen[u.id] and ctx.chance(0.6) then chosen[u.id] = true end end
  for _, u in ipairs(ctx.people) do
    if chosen[u.id] then
      add({ full_name = u.first_name .. " " .. u.last_name, email = u.email, kind = u.active == 1 and "employee" or "former_employee",
            country = ({ London = "GB", Berlin = "DE", ["New York"] = "US", Austin = "US", Singapore = "SG", Toronto = "CA" })[u.location] or "US",
            user_id = u.id, since = u.created_on })
    end
  end
  -- Supplier contacts
  for _ = 1, 30 do
    local first, last = rng.pick(P.FIRST), rng.pick(P.LAST)
    add({ full_name = first .. " " .. last, email = email_of(first, last, rng.pick({ "northwind-supply.com", "contoso-services.com",
          "fabrikam.io", "litware-group.com", "adatum.co.uk" })), kind = "supplier_contact", country = rng.pick(ELSEWHERE),
          since = Tm.add_days(ctx.TODAY, -rng.int(100, 1800)) })
  end
  return out
end

-- matter, scope, subject kind or category, placed days ago, released days ago (nil: active)
local HOLDS = {
  { "Employment tribunal claim by a former employee", "subject", "former_employee", 120 },
  { "Billing dispute with a customer, claim filed", "subject", "customer", 45 },
  { "Tax authority audit of financial years 2022 to 2024", "category", "invoices", 200 },
  { "Supplier contract dispute (settled)", "category", "orders", 600, 90 },
}

local function legal_holds(ctx, people)
  ctx.held_subject, ctx.held_category = {}, {}
  local by_kind = {}
  for _, s in ipairs(people) do
    by_kind[s.kind] = by_kind[s.kind] or {}
    table.insert(by_kind[s.kind], s)
  end
  for _, h in ipairs(HOLDS) do
    local subject = h[2] == "subject" and rng.pick(by_kind[h[3]]) or nil
    local placed = Tm.add_days(ctx.TODAY, -h[4])
    local released = h[5] and Tm.add_days(ctx.TODAY, -h[5]) or nil
    local number = ctx.number("LHD")
    db.insert("legal_holds", {
      number = number, matter = h[1], scope = h[2], subject_id = subject and subject.id or nil,
      category_id = h[2] == "category" and ctx.category[h[3]] or nil, placed_by_id = ctx.user["beatrice.strand"],
      placed_on = placed, released_on = released, status = released and "released" or "active",
    })
    if not released then
      if subject then ctx.held_subject[subject.id] = number else ctx.held_category[h[3]] = number end
    end
  end
end

-- title, system, aware at, risk, personal data, subjects affected, EU subjects, status, authority
-- notified at, subjects notified at, closed at, description
local BREACHES = {
  { "Payroll report emailed to the wrong recipient", "PAYROLL", "2025-10-14T10:20:00Z", "medium", 1, 42, 18, "closed",
    "2025-10-16T15:05:00Z", nil, "2025-11-20T12:00:00Z", "A payroll summary with names and salaries went to an external address with a similar name." },
  { "Encrypted laptop stolen from a car", "COLLAB", "2025-12-03T16:40:00Z", "low", 1, 310, 120, "closed", nil, nil,
    "2025-12-12T10:00:00Z", "The disk was encrypted and the key not with the device: unlikely to result in a risk, not notified." },
  { "Ransomware on a lab workstation", "CLOUD", "2026-01-20T07:15:00Z", "medium", 0, 0, 0, "closed", nil, nil,
    "2026-01-27T17:00:00Z", "One workstation encrypted; no personal data on it; restored from backup." },
  { "Misdirected invoice batch sent to a supplier", "ERP", "2026-02-10T09:10:00Z", "medium", 1, 57, 57, "notified",
    "2026-02-12T11:30:00Z", nil, nil, "A batch of customer invoices was attached to a supplier's remittance mail." },
  { "CRM export shared by public link", "CRM", "2026-02-28T14:30:00Z", "high", 1, 1240, 610, "contained", nil, nil, nil,
    "A bulk export of customer contacts was shared by an anyone-with-the-link URL for six days; the link is revoked." },
  { "HR mailbox compromised by phishing", "COLLAB", "2026-03-01T19:45:00Z", "unassessed", 1, 0, 0, "open", nil, nil, nil,
    "An HR partner's mailbox was accessed from abroad after a phishing mail; mailbox contents are being reviewed." },
}

local function breaches(ctx)
  for _, b in ipairs(BREACHES) do
    local number = ctx.number("BRC")
    local aware = clock.parse(b[3])
    local row = {
      number = number, title = b[1], description = b[12], system_id = ctx.system[b[2]].id,
      occurred_at = clock.iso(aware - rng.int(2, 30) * 3600), aware_at = b[3], notify_by = clock.iso(aware + 72 * 3600),
      risk_level = b[4], personal_data = b[5], subjects_affected = b[6], eu_subjects = b[7],
      handled_by_id = ctx.user["yolanda.pryce"], authority_notified_at = b[9],
      authority_reference = b[9] and string.format("SA-2026-%05d", rng.int(10000, 99999)) or nil, subjects_notified_at = b[10],
      status = b[8], assessed_by_id = b[4] ~= "unassessed" and ctx.user["henrik.aalto"] or nil, closed_at = b[11],
      created_at = b[3], updated_at = b[11] or b[9] or b[3],
    }
    row.id = db.insert("breaches", row)
    ctx.hist(number, "created", nil, "open", ctx.user["yolanda.pryce"], aware)
    if b[9] then ctx.hist(number, "authority_notified_at", nil, b[9], ctx.user["henrik.aalto"], clock.parse(b[9])) end
    Deadlines.breach(row)
  end
end

function M.seed(ctx)
  ctx.category_name = {}
  for _, c in ipairs(CATEGORIES) do ctx.category_name[c[1]] = c[2] end
  data_map(ctx)
  local people = subjects(ctx)
  legal_holds(ctx, people)
  Requests.seed(ctx, people)
  breaches(ctx)
end

return M
