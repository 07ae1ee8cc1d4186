-- Names for the procurement seed: the fixed suppliers every seed has (tasks may rely on them), the parts
-- generated supplier names are made of, look-alike spellings, sanctions-list entries, banks and
-- supplier contacts. All fictional.
local M = {}

-- Fixed suppliers, numbered SUP0000001... in this order. Fields: name, legal name, category code,
-- country, status, screening status, payment terms (days), early discount % and days, and:
-- preferred = rank for the category; contract = true for a contract with catalog prices;
-- blocked = the reason (status blocked); note = why the supplier is there (documentation only).
M.FIXED_SUPPLIERS = {
  { "Northwind Office Supplies", "Northwind Office Supplies Inc.", "OFF", "US", "active", "clear", 30, 2.0, 10, preferred = 1, contract = true },
  { "Contoso Computing", "Contoso Computing Corp.", "IT-HW", "US", "active", "clear", 45, 1.0, 15, preferred = 1, contract = true },
  { "Fabrikam Furniture", "Fabrikam Furniture LLC", "FURN", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Litware Software", "Litware Software Distribution Ltd", "IT-SW", "GB", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Adatum Cloud Services", "Adatum Cloud Services Inc.", "IT-CLD", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Proseware Consulting", "Proseware Consulting Group LLC", "SVC-CONS", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Wingtip Legal", "Wingtip Legal LLP", "SVC-LEGAL", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Bluebird Staffing", "Bluebird Staffing Solutions Inc.", "SVC-TEMP", "US", "active", "clear", 15, 0, 0, preferred = 1, contract = true },
  { "Coho Facility Services", "Coho Facility Services Inc.", "FAC-MNT", "US", "active", "clear", 30, 1.5, 10, preferred = 1, contract = true },
  { "Brightway Cleaning", "Brightway Cleaning Co.", "FAC-CLN", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Sentinel Guard Services", "Sentinel Guard Services Inc.", "FAC-SEC", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Lucerne Marketing Group", "Lucerne Marketing Group GmbH", "MKT", "DE", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Inkwell Print & Promo", "Inkwell Print and Promotional Ltd", "MKT-PRT", "GB", "active", "clear", 30, 2.0, 10, preferred = 1, contract = true },
  { "Harbor Lights Events", "Harbor Lights Events & Catering LLC", "EVT", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Helix Lab Supply", "Helix Laboratory Supply Inc.", "LAB", "US", "active", "clear", 45, 2.0, 10, preferred = 1, contract = true },
  { "Swift Freight", "Swift Freight Logistics Inc.", "LOG", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Greenleaf Telecom", "Greenleaf Telecom Services Inc.", "IT-TEL", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  { "Summit Learning", "Summit Learning Partners LLC", "TRN", "US", "active", "clear", 30, 0, 0, preferred = 1, contract = true },
  -- Look-alikes and problem suppliers
  { "Northwind Office Supply Co", "Northwind Office Supply Company", "OFF", "US", "inactive", "clear", 30, 0, 0,
    note = "an old duplicate master record of Northwind Office Supplies, deactivated" },
  { "Contoso Computing Ltd", "Contoso Computing Limited", "IT-HW", "GB", "blocked", "clear", 30, 0, 0,
    blocked = "Impersonation: registered with Contoso Computing's name and different bank details; not the Contoso we contract with",
    note = "a look-alike of Contoso Computing used in a fraud attempt" },
  { "Volga Maritime Trading", "Volga Maritime Trading LLC", "LOG", "RU", "blocked", "confirmed_match", 30, 0, 0,
    blocked = "Sanctions: confirmed match on the OFAC SDN list",
    note = "a true sanctions hit" },
  { "Crescent Star Industries", "Crescent Star Industries Sdn Bhd", "FAC-MNT", "MY", "pending", "potential_match", 30, 0, 0,
    note = "onboarding: a potential match to a listed name, not yet reviewed" },
  { "Meridian Analytics", "Meridian Analytics Inc.", "SVC-CONS", "US", "pending", "not_screened", 30, 0, 0,
    note = "onboarding: not screened yet" },
  { "Rosewood Consulting", "Rosewood Consulting Ltd", "SVC-CONS", "GB", "active", "clear", 30, 0, 0, preferred = 2,
    note = "had a potential match that was reviewed as a false positive" },
  { "Apex Industrial Supply", "Apex Industrial Supply LLC", "FAC-MNT", "US", "active", "clear", 30, 0, 0, preferred = 2, contract = true,
    note = "its contract is close to its ceiling" },
  { "Quantum Data Systems", "Quantum Data Systems Inc.", "IT-HW", "US", "active", "clear", 30, 0, 0, preferred = 2, contract = true,
    note = "its contract expired at the end of January; catalog items still point at it" },
}

-- Generated suppliers: name = first part + trade word (+ legal suffix for the legal name).
M.NAME_FIRST = {
  "Acme", "Allied", "Anchor", "Arcadia", "Atlas", "Aurora", "Beacon", "Birch", "Bridgeway", "Cardinal",
  "Cascade", "Cedar", "Centric", "Clearwater", "Cobalt", "Copper", "Crown", "Delta", "Eastgate", "Elm",
  "Evergreen", "Falcon", "First Choice", "Forge", "Frontier", "Gateway", "Glacier", "Golden Gate", "Granite",
  "Harbor", "Heritage", "Highland", "Horizon", "Ironwood", "Keystone", "Lakeside", "Landmark", "Liberty",
  "Lighthouse", "Maple", "Mercury", "Metro", "Midway", "Monarch", "Nexus", "Nova", "Oakridge", "Omega",
  "Pacific", "Paragon", "Patriot", "Peak", "Pinnacle", "Pioneer", "Prairie", "Premier", "Prime", "Redwood",
  "Ridgeline", "River City", "Sapphire", "Sierra", "Silverline", "Skyline", "Southport", "Sterling",
  "Stonebridge", "Sunrise", "Titan", "Trident", "Tristar", "Unity", "Vanguard", "Vertex", "Westfield", "Willow",
}

-- Trade words by category code.
M.TRADE = {
  ["IT-HW"] = { "Computer Systems", "IT Hardware", "Technology Partners", "Digital Equipment", "Networks" },
  ["IT-SW"] = { "Software", "Software Solutions", "License Partners", "Digital" },
  ["IT-CLD"] = { "Cloud", "Hosting", "Data Centers" },
  ["IT-TEL"] = { "Telecom", "Communications", "Connect" },
  OFF = { "Office Supply", "Office Products", "Stationers", "Business Supplies" },
  FURN = { "Furniture", "Interiors", "Workspace" },
  ["SVC-CONS"] = { "Consulting", "Advisory", "Partners", "Management Consultants" },
  ["SVC-LEGAL"] = { "Legal", "Law Group", "Attorneys" },
  ["SVC-TEMP"] = { "Staffing", "Personnel", "Talent" },
  ["FAC-MNT"] = { "Facility Services", "Building Services", "Maintenance", "Mechanical" },
  ["FAC-CLN"] = { "Cleaning", "Janitorial", "Clean Services" },
  ["FAC-SEC"] = { "Security", "Protective Services" },
  MKT = { "Marketing", "Media", "Creative", "Communications Group" },
  ["MKT-PRT"] = { "Print", "Printing", "Graphics" },
  EVT = { "Events", "Catering", "Hospitality" },
  TRN = { "Learning", "Training", "Academy" },
  LAB = { "Scientific", "Lab Supply", "Biosciences" },
  LOG = { "Logistics", "Freight", "Couriers", "Transport" },
}

-- Legal suffixes by country.
M.SUFFIX = {
  US = { "Inc.", "LLC", "Corp." }, CA = { "Inc.", "Ltd." }, GB = { "Ltd", "LLP" }, IE = { "Ltd" },
  DE = { "GmbH", "AG" }, NL = { "B.V." }, FR = { "SAS", "S.A." }, SG = { "Pte Ltd" }, IN = { "Pvt Ltd" },
}

-- Country of a generated supplier, weighted toward the US.
M.COUNTRIES = { "US", "US", "US", "US", "US", "US", "US", "CA", "GB", "GB", "DE", "NL", "IE", "FR", "SG", "IN" }

-- Misspellings that make a look-alike of a supplier name (applied to the first word).
function M.look_alike(name, variant)
  if variant == 1 then  -- a doubled or dropped letter
    local first, rest = name:match("^(%S+)(.*)$")
    if #first > 4 then return first:sub(1, 2) .. first:sub(4) .. rest end
    return first .. first:sub(-1) .. rest
  elseif variant == 2 then  -- a different legal form in the trading name
    return name .. " Group"
  end
  return name:gsub(" ", "-", 1)  -- hyphenated
end

-- Sanctions and watch-list entries (fictional): list, name, country, program, listed on.
M.SANCTIONS = {
  { "OFAC SDN", "Volga Maritime Trading LLC", "RU", "RUSSIA-EO14024", "2023-05-19" },
  { "OFAC SDN", "Crescent Star Industrial Group", "IR", "IRAN", "2021-11-03" },
  { "OFAC SDN", "Golden Crescent Exchange", "AE", "SDGT", "2020-02-14" },
  { "OFAC SDN", "Baltic Shipping Agency", "RU", "RUSSIA-EO14024", "2024-02-23" },
  { "OFAC SDN", "Northern Star Petroleum", "VE", "VENEZUELA-EO13850", "2019-01-28" },
  { "OFAC SDN", "Pyongyang Precision Machinery", "KP", "DPRK3", "2018-03-30" },
  { "OFAC SDN", "Sierra Madre Holdings", "MX", "ILLICIT-DRUGS-EO14059", "2022-12-06" },
  { "OFAC SDN", "Atlas Defense Trading", "BY", "BELARUS-EO14038", "2023-08-09" },
  { "EU Consolidated", "Ural Heavy Engineering JSC", "RU", "EU-RUSSIA", "2022-04-08" },
  { "EU Consolidated", "Caspian Logistics Group", "RU", "EU-RUSSIA", "2023-06-23" },
  { "EU Consolidated", "Damascus Trade Link", "SY", "EU-SYRIA", "2016-05-27" },
  { "EU Consolidated", "Minsk Tractor Export", "BY", "EU-BELARUS", "2021-06-24" },
  { "EU Consolidated", "Pinnacle Aerospace Components", "RU", "EU-RUSSIA", "2024-06-24" },
  { "UN Security Council", "Red Sea Commercial Enterprises", "YE", "UN-YEMEN", "2015-04-14" },
  { "UN Security Council", "Khartoum Metals Company", "SD", "UN-SUDAN", "2017-09-12" },
  { "UN Security Council", "Ocean Pearl Shipping", "KP", "UN-DPRK", "2018-03-30" },
  { "UK HMT", "Neva River Trading Ltd", "RU", "UK-RUSSIA", "2022-05-04" },
  { "UK HMT", "Silverline Metals FZE", "AE", "UK-RUSSIA", "2023-05-19" },
  { "UK HMT", "Horizon Dual-Use Supplies", "RU", "UK-RUSSIA", "2023-12-06" },
  { "UK HMT", "Tehran Industrial Instruments", "IR", "UK-IRAN", "2020-09-02" },
  { "UK HMT", "Rosewood Trading FZE", "AE", "UK-RUSSIA", "2024-02-22" },
}

-- Banks by country (the account's bank name).
M.BANKS = {
  US = { "First Republic Trust", "Bank of the Plains", "Hudson Commercial Bank", "Pacific Western Bank", "Lakeshore Savings" },
  CA = { "Maple Leaf Bank", "Northern Dominion Bank" }, GB = { "Thames Merchant Bank", "Albion Bank plc" },
  IE = { "Liffey Commercial Bank" }, DE = { "Rheinische Handelsbank", "Bayerische Kreditbank" },
  NL = { "Amstel Bank N.V." }, FR = { "Banque du Rhone" }, SG = { "Straits Commercial Bank" },
  IN = { "Deccan Bank" }, RU = { "Volga Commerce Bank" }, MY = { "Bank Selatan Berhad" },
  LT = { "Baltic Digital Bank" }, CY = { "Limassol Private Bank" },
}

-- Supplier contacts' names.
M.CONTACT_FIRST = {
  "Abigail", "Adrian", "Alicia", "Ben", "Bianca", "Caleb", "Camille", "Dario", "Delia", "Edwin", "Esther",
  "Finn", "Gemma", "Gideon", "Harriet", "Ivo", "Jasmine", "Julian", "Kira", "Lars", "Leona", "Malik",
  "Marisol", "Nico", "Odette", "Pablo", "Quinn", "Rosa", "Sven", "Talia", "Ulrich", "Vera", "Wes", "Yara",
}
M.CONTACT_LAST = {
  "Abbott", "Barker", "Castell", "Dunmore", "Eriksen", "Farrow", "Galloway", "Hartley", "Ibsen", "Jarvis",
  "Kessler", "Lindgren", "Marlowe", "Nakamura", "Oyelaran", "Pemberton", "Quaid", "Rasmussen", "Sandoval",
  "Thorne", "Ueda", "Vasquez", "Whitlock", "Yilmaz", "Zielinski",
}
M.CONTACT_ROLES = { "Accounts receivable", "Account manager", "Sales", "Customer service", "Finance manager" }

-- Free text of the history: justifications, approvers' rejections, change-order reasons, AP rejections.
M.TEXT = {
  JUSTIFICATIONS = {
    default = { "Needed for ongoing work", "Replacement of worn-out equipment", "Requested by the team lead",
                "Budgeted in the quarterly plan", "urgent - needed before month end", "New starter next week" },
    ["IT-HW"] = { "Laptop refresh for the team (4-year-old machines)", "New hires starting this month", "Broken screen, out of warranty",
                  "Lab network expansion" },
    ["IT-SW"] = { "License renewal", "Seats for new team members", "Tool required for the audit" },
    ["SVC-CONS"] = { "External expertise for the migration project", "Board asked for an independent review" },
    ["SVC-TEMP"] = { "Cover for parental leave", "Month-end peak workload" },
    EVT = { "Quarterly team offsite", "Customer appreciation event" },
  },
  REJECT_COMMENTS = { "Not in this quarter's budget", "Please use the catalog item instead", "Get three quotes first",
                      "Duplicate of an existing request", "Too expensive - please find a cheaper option" },
  CHANGE_REASONS = { "Additional units requested by the department", "Supplier price increase agreed by the buyer",
                     "Scope extended: more consulting days", "Quantity correction after site survey" },
  REJECT_REASONS = {
    price_variance = "Unit price above the PO price beyond tolerance; supplier asked for a corrected invoice.",
    quantity_variance = "Billed more than was received; supplier asked to invoice delivered quantities only.",
    missing_receipt = "No goods receipt for the billed goods; supplier asked to invoice after delivery.",
    no_po = "No purchase order and the cost centre owner did not approve the spend.",
  },
}

return M
