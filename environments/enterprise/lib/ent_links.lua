-- What the enterprise seed links across the systems (seed.lua): plain data, no logic. Verifiers and task
-- setups may read it (read-only).
local M = {}

-- The vendors that run our systems: business system code, the procurement supplier (a fixed supplier by
-- number, else the first active supplier of `category` by number not yet linked), the vendor-risk services
-- a fitting profile may have, what the vendor runs in words, and the ITSM catalog item whose request
-- provisions the system (if any).
M.SYSTEM_VENDORS = {
  { system = "CRM", category = "Software and subscriptions", services = { "Business software licences and support", "Customer analytics platform" },
    what = "SaaS: customer accounts, contacts and opportunities", catalog_item = "CRM Access" },
  { system = "CLOUD", supplier = "SUP0000005", services = { "Cloud hosting of production workloads" },
    what = "public cloud hosting of our production workloads and data" },
  { system = "HRIS", supplier = "SUP0000004", services = { "Business software licences and support" },
    what = "SaaS: employee records, hires and leavers" },
  { system = "PAYROLL", category = "Software and subscriptions", services = { "Outsourced payroll processing" },
    what = "SaaS payroll: salaries and employees' bank details" },
}

-- Procurement's spend category -> the vendor-risk services (compliance's lines of business) that fit it.
-- Categories not listed (IT hardware, furniture, laboratory supplies, training, security guards) are not
-- covered by vendor risk: their suppliers have no profile.
M.CATEGORY_SERVICES = {
  ["Cloud services"] = { "Cloud hosting of production workloads", "Website and application hosting", "Colocation and managed data centre space" },
  ["Software and subscriptions"] = { "Business software licences and support", "Customer analytics platform" },
  ["Consulting"] = { "Professional services and advisory" },
  ["Temporary staffing"] = { "Temporary staff and contractors" },
  ["Telecom services"] = { "Voice and network connectivity" },
  ["Outside legal counsel"] = { "External counsel" },
  ["Marketing services"] = { "Campaign and email marketing services" },
  ["Courier and freight"] = { "Courier and mail services" },
  ["Events and catering"] = { "Office catering" },
  ["Print and promotional items"] = { "Print and office supplies" },
  ["Office supplies"] = { "Print and office supplies" },
  ["Cleaning services"] = { "Cleaning and facilities maintenance" },
  ["Building maintenance"] = { "Cleaning and facilities maintenance" },
}

-- Supplier status -> the profile statuses that suit it, in order of preference.
M.PROFILE_STATUSES = {
  active = { "active", "approved", "under_review" },
  pending = { "onboarding", "under_review", "active" },
  blocked = { "blocked", "offboarded" },
  inactive = { "offboarded" },
}

-- People whose job spans systems, and the roles the seed adds for it.
M.CROSS_ROLES = {
  -- IT asset coordinator (End User Computing): records bought hardware in the CMDB (ITSM admin: update_ci)
  -- and raises the requisitions for it (procurement requisitioner, which every employee has).
  { user = "zoe.martin", job = "IT asset coordinator", roles = { "admin", "requisitioner" } },
  -- Vendor manager (compliance's vendor risk analyst, in Procurement): assesses and signs off vendors,
  -- onboards and blocks suppliers, and buys from the vendors she manages.
  { user = "carmen.villalobos", job = "vendor manager", roles = { "vendor_risk_analyst", "supplier_admin", "buyer", "requisitioner", "reporter" } },
  -- HR/IT leaver coordinator (Identity & Access, fulfils Offboarding requests): revokes leavers' access
  -- (compliance security officer) and moves their pending approvals (procurement admin: escalations).
  { user = "irene.lopez", job = "HR/IT leaver coordinator", roles = { "security_officer", "procurement_admin" } },
}

-- Who granted procurement's staff their access (Identity & Access).
M.GRANTED_BY = "fatima.zahra"

-- Everyone's baseline access in the compliance systems (as compliance grants it).
M.BASELINE = { "COLLAB.mailbox", "COLLAB.remote_access", "HRIS.hris_self_service", "ERP.expense_submit" }

-- Procurement's staff and the access their work uses (no segregation-of-duties pair within a person).
M.STAFF_ACCESS = {
  { user = "paula.reyes", access = { "PROCURE.requisition_create", "PROCURE.po_create", "ERP.gl_read" } },
  { user = "felix.brandt", access = { "PROCURE.requisition_create", "PROCURE.po_create" } },
  { user = "ines.carvalho", access = { "PROCURE.supplier_master_edit" } },
  { user = "rohan.mehta", access = { "PROCURE.procure_admin", "PROCURE.po_create" } },
  { user = "wendy.tran", access = { "ERP.vendor_invoice_post", "ERP.gl_read" } },
  { user = "jorge.salas", access = { "ERP.vendor_invoice_post", "ERP.gl_read" } },
  { user = "rebecca.stone", access = { "ERP.payment_release", "ERP.bank_reconciliation" } },
  { user = "nadine.fournier", access = { "ERP.payment_release", "ERP.gl_read", "ERP.journal_entry_approve" } },
}

return M
