-- Word lists for the seed: names, places and the free-text templates of tickets and articles.
-- Plain data, no logic: kept apart so seed.lua reads as a recipe.
local M = {}

-- People's names, departments, titles and sites are the company directory's (company_people).
local P = require("company_people")
M.SITES = P.SITES

-- Business services: name, short code, support group, criticality.
M.SERVICES = {
  { "Payroll", "payroll", "Application Support", "critical" },
  { "Email", "mail", "Messaging", "critical" },
  { "VPN", "vpn", "Network", "high" },
  { "CRM", "crm", "Application Support", "high" },
  { "ERP", "erp", "Application Support", "critical" },
  { "HR Portal", "hrportal", "Application Support", "medium" },
  { "Corporate Website", "www", "Cloud Platform", "high" },
  { "Data Warehouse", "dwh", "Database Administration", "high" },
  { "Single Sign-On", "sso", "Identity & Access", "critical" },
  { "File Shares", "files", "Windows Server", "medium" },
  { "Printing", "print", "End User Computing", "low" },
  { "Wi-Fi", "wifi", "Network", "medium" },
  { "Telephony", "voip", "Network", "medium" },
  { "Expense Management", "expenses", "Application Support", "medium" },
  { "Customer Portal", "portal", "Cloud Platform", "critical" },
  { "Billing", "billing", "Application Support", "critical" },
  { "Source Control", "git", "Cloud Platform", "high" },
  { "CI/CD Pipeline", "cicd", "Cloud Platform", "medium" },
  { "Monitoring", "monitor", "Linux Server", "high" },
  { "Backup", "backup", "Windows Server", "high" },
  { "Intranet", "intranet", "Application Support", "low" },
  { "Video Conferencing", "video", "Messaging", "medium" },
  { "Document Management", "docs", "Application Support", "medium" },
  { "Service Desk Portal", "sdportal", "Service Desk", "medium" },
  { "Endpoint Security", "edr", "Security Operations", "high" },
}

-- Incident templates per category: {short description, description, service}. {svc} is a service name; a
-- template that names none says which business service (its CI) it concerns, if any.
M.INCIDENT_TEMPLATES = {
  network = {
    { "VPN keeps disconnecting", "VPN drops every few minutes when working from home. Reconnecting works for a while.", "VPN" },
    { "Cannot connect to VPN", "Getting an authentication error when connecting to the VPN since this morning.", "VPN" },
    { "Wi-Fi dropping on {floor}", "Wireless connection drops repeatedly on {floor}, several people affected.", "Wi-Fi" },
    { "Slow network in the {site} office", "Everything is very slow in the {site} office, pages take ages to load." },
    { "Cannot reach {svc}", "{svc} does not load from the office network, times out after a minute." },
  },
  software = {
    { "{svc} crashes on startup", "The {svc} client closes immediately after the splash screen." },
    { "Error when saving in {svc}", "Saving a record in {svc} shows 'unexpected error 500'." },
    { "Excel freezes with large files", "Excel hangs when opening the monthly report workbook." },
    { "{svc} very slow", "{svc} takes over 30 seconds for every page, started yesterday afternoon." },
    { "Cannot install software update", "Software Center shows the update as failed with error 0x87D00607." },
  },
  hardware = {
    { "Laptop will not boot", "Laptop shows a black screen after the logo, tried a hard reset." },
    { "Docking station not detecting monitors", "External monitors stay black when the laptop is docked." },
    { "Printer on {floor} jammed", "The printer on {floor} shows a paper jam that cannot be cleared.", "Printing" },
    { "Battery drains very fast", "Laptop battery lasts under an hour since last week." },
    { "Keyboard keys not working", "Several keys on the laptop keyboard do not respond." },
  },
  access = {
    { "Account locked out", "Locked out after password change, cannot log in to anything.", "Single Sign-On" },
    { "Need access to {svc}", "New in the team and need access to {svc} to do my job." },
    { "MFA prompt not arriving", "The multi-factor prompt never arrives on my phone.", "Single Sign-On" },
    { "Password reset not working", "The self-service password reset link says it has expired.", "Single Sign-On" },
    { "Permission denied on shared folder", "Getting access denied on the team folder on File Shares.", "File Shares" },
  },
  email = {
    { "Emails stuck in outbox", "Messages stay in the outbox and are never sent.", "Email" },
    { "Shared mailbox missing", "The team shared mailbox disappeared from Outlook today.", "Email" },
    { "Calendar invites not received", "External meeting invites are not arriving in my calendar.", "Email" },
    { "Email bounce from external domain", "Mail to a customer domain bounces with 550 5.7.1.", "Email" },
  },
  database = {
    { "Report query timing out", "The weekly report in {svc} times out after 5 minutes." },
    { "{svc} database slow", "Queries against the {svc} database are much slower than usual." },
    { "Replication lag alert", "Monitoring shows replication lag above 10 minutes on a {svc} replica." },
  },
  inquiry = {
    { "How do I request a new monitor?", "Would like a second monitor, what is the process?" },
    { "Question about software licence", "Do we have a licence for a PDF editor I can use?" },
    { "Where can I find the VPN guide?", "Looking for instructions to set up the VPN on a new laptop." },
  },
}

M.CATEGORY_GROUP = {
  network = "Network", software = "Application Support", hardware = "End User Computing", access = "Identity & Access",
  email = "Messaging", database = "Database Administration", inquiry = "Service Desk",
}
M.CATEGORIES = { "network", "software", "software", "hardware", "hardware", "access", "access", "email", "database", "inquiry" }

-- How people really type: the seed applies these at random to make free text inconsistent.
M.TYPOS = { { "receive", "recieve" }, { "connect", "conect" }, { "access", "acess" }, { "password", "pasword" }, { "since", "sinse" } }
M.SUFFIXES = { "", "", "", "", " - urgent", "!!", " (again)", " pls help", " ASAP", "?" }
M.FLOORS = { "floor 2", "floor 3", "the 4th floor", "level 5", "the ground floor" }

M.RESOLUTIONS = {
  { "solved_permanently", "Replaced faulty component and confirmed with the user." },
  { "solved_permanently", "Applied configuration fix; user confirmed it works." },
  { "solved_workaround", "Provided workaround until the underlying problem is fixed." },
  { "user_error", "Walked the user through the correct steps." },
  { "not_reproducible", "Could not reproduce; user will reopen if it happens again." },
  { "duplicate", "Duplicate of an existing incident." },
}

M.KB_TOPICS = {
  { "How to reset your password", "access", "Use the self-service portal: choose 'Forgot password', confirm with MFA, choose a new password of at least 14 characters." },
  { "VPN: troubleshooting frequent disconnects", "network", "Update the VPN client, switch to the TCP profile, and disable Wi-Fi power saving. If drops continue, raise an incident with the client log." },
  { "Setting up the VPN on a new laptop", "network", "Install the VPN client from Software Center, sign in with SSO, and approve the MFA prompt." },
  { "Outlook: emails stuck in the outbox", "email", "Check for oversized attachments, restart Outlook in online mode, and clear the offline cache." },
  { "Requesting access to a business application", "access", "Submit an access request in the service catalog; your manager approves it." },
  { "Docking station: monitors not detected", "hardware", "Update the dock firmware, reseat the USB-C cable, and check display settings." },
  { "Clearing a printer paper jam", "hardware", "Open tray 2 and the rear door, remove the sheet gently, and restart the printer." },
  { "MFA prompts not arriving", "access", "Check the phone's time sync and notification settings; re-register the authenticator if needed." },
  { "Excel freezes with large workbooks", "software", "Disable add-ins, use the 64-bit version, and save as .xlsb for very large files." },
  { "Shared mailbox missing from Outlook", "email", "Remove and re-add the mailbox under Account Settings; automapping can take an hour." },
  { "Working with File Shares permissions", "access", "Folder owners request changes through Identity & Access; do not share personal links." },
  { "Replication lag on reporting replicas", "database", "Check long-running transactions on the primary; lag over 10 minutes pages the DBA on call." },
}

M.CATALOG = {
  { "Standard Laptop", "hardware", "A 14-inch business laptop with docking station.", "End User Computing", "manager", 1450 },
  { "Developer Laptop", "hardware", "A 16-inch laptop with 64 GB RAM for engineering.", "End User Computing", "manager", 2900 },
  { "Second Monitor", "hardware", "A 27-inch monitor with cable.", "End User Computing", "none", 320 },
  { "Headset", "hardware", "A wired or wireless headset.", "End User Computing", "none", 90 },
  { "Mobile Phone", "hardware", "A company smartphone with a data plan.", "End User Computing", "manager", 800 },
  { "VPN Access", "access", "Remote access through the corporate VPN.", "Network", "manager", 0 },
  { "Shared Folder Access", "access", "Read or write access to a File Shares folder.", "Identity & Access", "manager", 0 },
  { "CRM Access", "access", "A CRM user licence.", "Identity & Access", "manager", 0 },
  { "ERP Access", "access", "An ERP role assignment.", "Identity & Access", "manager", 0 },
  { "Admin Rights on Laptop", "access", "Local administrator rights on your laptop for 7 days.", "Identity & Access", "manager", 0 },
  { "Distribution List", "services", "A new email distribution list.", "Messaging", "none", 0 },
  { "Shared Mailbox", "services", "A new shared mailbox.", "Messaging", "manager", 0 },
  { "Software Install: Visio", "software", "Microsoft Visio licence and install.", "End User Computing", "manager", 280 },
  { "Software Install: Adobe Acrobat", "software", "Adobe Acrobat Pro licence and install.", "End User Computing", "manager", 240 },
  { "Software Install: Tableau", "software", "Tableau Desktop licence and install.", "End User Computing", "manager", 870 },
  { "New Database Schema", "services", "A new schema on the shared database cluster.", "Database Administration", "manager", 0 },
  { "Virtual Server", "services", "A Linux or Windows virtual server.", "Cloud Platform", "manager", 0 },
  { "Firewall Rule", "services", "A firewall rule between two networks.", "Network", "manager", 0 },
  { "Guest Wi-Fi Voucher", "services", "A 7-day guest Wi-Fi voucher.", "Network", "none", 0 },
  { "Conference Room AV Setup", "services", "Video conferencing set-up for a meeting room.", "Messaging", "none", 0 },
  { "Onboarding Bundle", "services", "Accounts, laptop and access for a new starter.", "Service Desk", "manager", 0 },
  { "Offboarding", "services", "Disable accounts and collect equipment of a leaver.", "Identity & Access", "none", 0 },
  { "Security Token", "access", "A hardware security key.", "Security Operations", "none", 45 },
  { "Badge Replacement", "services", "Replace a lost or broken building badge.", "Service Desk", "none", 15 },
  { "Legacy Fax Line", "services", "A fax line (retired offering).", "Network", "manager", 0 },
}

return M
