-- Procurement's roles, and the procurement and accounts-payable staff every seed has (tasks may rely on
-- their user names). The company directory generates the rest of Procurement and Finance from the seed;
-- these people join it. Their names use first and last names the directory never generates, so they
-- cannot collide with a generated account.
local M = {}

-- name, description. Names are unique across every system's roles (ITSM has reporter/agent/manager/admin).
M.ROLES = {
  { "requisitioner", "Raises purchase requisitions for their cost centre and receives goods." },
  { "buyer", "Sources suppliers, turns approved requisitions into purchase orders, issues, changes and closes them." },
  { "approver", "Approves requisitions and change orders in their approval band (cost centre owners, Finance Director, CFO)." },
  { "ap_clerk", "Registers supplier invoices, runs the match, holds, releases, rejects and approves invoices, schedules payments." },
  { "treasury", "Releases scheduled payments to suppliers' verified bank accounts." },
  { "supplier_admin", "Onboards suppliers, reviews screening results, blocks and unblocks, records and verifies bank-detail changes." },
  { "procurement_admin", "Maintains catalogs, contracts, preferred suppliers, approval limits and delegations." },
}

-- user name, department, title, roles (beyond requisitioner), and: first/last when not the user name's
-- parts, inactive = an account that left, location = office.
M.PEOPLE = {
  { "paula.reyes", "Procurement", "Senior Buyer", { "buyer" }, location = "New York" },
  { "felix.brandt", "Procurement", "Buyer", { "buyer" }, location = "Berlin" },
  { "felix.brant", "Procurement", "Buyer", { "buyer" }, inactive = true, location = "Berlin" },  -- left; still holds the role
  { "ines.carvalho", "Procurement", "Supplier Data Analyst", { "supplier_admin" }, location = "London" },
  { "rohan.mehta", "Procurement", "Procurement Systems Lead", { "procurement_admin", "buyer" }, location = "New York" },
  { "wendy.tran", "Finance", "Accounts Payable Specialist", { "ap_clerk" }, location = "Austin" },
  { "jorge.salas", "Finance", "Accounts Payable Clerk", { "ap_clerk" }, location = "Austin" },
  { "rebecca.stone", "Finance", "Treasury Manager", { "treasury" }, location = "London" },
  { "nadine.fournier", "Finance", "Financial Controller", { "approver", "treasury" }, location = "Berlin" },
}

-- The person who stands in for the Finance Director while he is away (a delegation covering clock_start).
M.FD_DELEGATE = "nadine.fournier"

-- Signing limits in cents by approver kind (approval_limits); the CFO's is unlimited (NULL).
M.LIMITS = { cost_center_owner = 500000, finance_director = 2500000 }

return M
