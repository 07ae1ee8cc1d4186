-- Word lists vendor names are made of, and what each line of business does with our data. Plain data.
local M = {}

M.FIRST = {
  "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Wingtip", "Lucerne", "Alpine",
  "Blue Yonder", "Coho", "Fourth Coffee", "Humongous", "Trey", "Wide World", "Woodgrove", "Bellows", "Consolidated", "Relecloud",
  "Lamna", "Southridge", "Boreal", "Granite", "Harbor", "Keystone", "Meridian", "Pinnacle", "Quantum", "Redwood",
  "Summit", "Vertex", "Zenith", "Ironbridge", "Silverline", "Oakmont", "Bluewater", "Clearpath", "Evergreen", "Brightstar",
  "Cobalt", "Falcon", "Highland", "Lakeside", "Nimbus", "Orion", "Polaris", "Riverside", "Sterling", "Westbrook",
}

-- line of business, service, data access, usual tier (1 = critical)
M.TRADES = {
  { "Cloud", "Cloud hosting of production workloads", "sensitive", 1 },
  { "Payroll Services", "Outsourced payroll processing", "sensitive", 1 },
  { "Data Centers", "Colocation and managed data centre space", "internal", 1 },
  { "Analytics", "Customer analytics platform", "personal", 2 },
  { "Software", "Business software licences and support", "internal", 2 },
  { "Security", "Managed security monitoring", "sensitive", 1 },
  { "Consulting", "Professional services and advisory", "internal", 2 },
  { "Staffing", "Temporary staff and contractors", "personal", 2 },
  { "Telecom", "Voice and network connectivity", "internal", 2 },
  { "Hosting", "Website and application hosting", "personal", 2 },
  { "Legal Services", "External counsel", "sensitive", 2 },
  { "Shredding", "Secure document destruction", "personal", 3 },
  { "Marketing", "Campaign and email marketing services", "personal", 2 },
  { "Insurance", "Business insurance", "internal", 3 },
  { "Couriers", "Courier and mail services", "none", 3 },
  { "Catering", "Office catering", "none", 3 },
  { "Print", "Print and office supplies", "none", 3 },
  { "Facilities", "Cleaning and facilities maintenance", "none", 3 },
  { "Travel", "Corporate travel booking", "personal", 2 },
  { "Benefits", "Employee benefits administration", "sensitive", 1 },
}

M.COUNTRIES = { "US", "US", "US", "GB", "GB", "DE", "DE", "NL", "IE", "FR", "SG", "CA", "IN" }

-- Suffixes that make a look-alike of a name.
M.LOOKALIKE_SUFFIX = { " Ltd", " Inc.", " GmbH", " Group", " Holdings", " Solutions" }

-- A look-alike of a name: a letter dropped or doubled in the first word, or a suffix added.
function M.lookalike(name, how, suffix)
  local first, rest = name:match("^(%S+)(.*)$")
  if how == 1 and #first > 5 then return first:sub(1, 3) .. first:sub(5) .. rest end
  if how == 2 then return first:sub(1, 4) .. first:sub(4, 4) .. first:sub(5) .. rest end
  return name .. suffix
end

return M
