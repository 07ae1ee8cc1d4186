-- Compliance's roles, and the compliance staff every seed has (tasks may rely on their user names). Their
-- first and last names are ones the company directory never generates, so they cannot collide with a
-- generated account. Plain data, no logic.
local M = {}

-- name, description. Names are unique across every system's roles.
M.ROLES = {
  { "compliance_analyst", "Runs the compliance programme day to day: findings, exceptions, policies, training, privacy requests." },
  { "control_owner", "Owns controls: remediates their findings, requests exceptions and risk acceptances, drafts policies." },
  { "control_tester", "Tests controls: attaches evidence and concludes tests (never of a control they own)." },
  { "auditor", "Internal audit: reads every compliance record, changes none." },
  { "risk_approver", "Approves or rejects policy exceptions and risk acceptances, publishes policy versions." },
  { "privacy_officer", "Handles data-subject requests, legal holds and personal-data breach notifications." },
  { "access_reviewer", "Decides access review items (keep or revoke) and closes access review campaigns." },
  { "vendor_risk_analyst", "Assesses vendors and signs off awards and renewals from the vendor-risk side." },
  { "security_officer", "Grants and revokes system access, records and assesses security incidents and breaches." },
  { "compliance_admin", "Administers the compliance suite; may act in every compliance role." },
}

-- user name, department, title, compliance roles, office; inactive = an account that is no longer used.
M.PEOPLE = {
  { "beatrice.strand", "Legal", "Chief Compliance Officer", { "compliance_admin", "risk_approver", "compliance_analyst" }, "London" },
  { "noor.qureshi", "Legal", "Compliance Analyst", { "compliance_analyst", "control_tester" }, "London" },
  { "tomasz.wrobel", "Legal", "Compliance Analyst", { "compliance_analyst", "control_tester" }, "Berlin" },
  { "malcolm.ferris", "Finance", "Internal Auditor", { "auditor" }, "New York" },
  { "henrik.aalto", "Legal", "Data Protection Officer", { "privacy_officer", "risk_approver" }, "Berlin" },
  { "elif.demir", "Legal", "Privacy Analyst", { "privacy_officer" }, "Berlin" },
  { "yolanda.pryce", "IT Operations", "IT Security Manager", { "security_officer", "control_owner", "risk_approver" }, "London" },
  { "desmond.achebe", "IT Operations", "Access Governance Lead", { "access_reviewer", "security_officer", "control_owner" }, "New York" },
  { "carmen.villalobos", "Procurement", "Vendor Risk Analyst", { "vendor_risk_analyst" }, "Austin" },
  -- The DPO's first account, from before a rename of the mailbox: inactive, still holding the role.
  { "henrik.aalto2", "Legal", "Data Protection Officer", { "privacy_officer" }, "Berlin", inactive = true,
    first = "Henrik", last = "Aalto" },
}

-- Company people (fixed in the directory) who take compliance roles: control owners and approvers.
M.COMPANY_ROLES = {
  { "frank.delgado", { "control_owner", "access_reviewer" } },
  { "olivia.grant", { "risk_approver" } },
  { "david.cohen", { "control_owner", "security_officer" } },
  { "victor.lang", { "control_owner" } },
  { "helen.wu", { "control_owner" } },
  { "priya.raman", { "control_owner" } },
  { "nadia.karim", { "control_owner", "access_reviewer" } },
  { "hannah.weiss", { "access_reviewer" } },
  { "ahmed.nasser", { "access_reviewer" } },
}

M.DEFAULT_ACTOR = "noor.qureshi"

return M
