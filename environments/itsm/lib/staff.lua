-- The people every seed has, with the same user names: the IT staff and a few well-known requesters.
-- Tasks may rely on them (see README.md "Fixed people"). Everyone else is generated from the seed.
local M = {}

-- Support groups: name, description, manager, members (first member listed is the team lead).
-- A member written "!name" is an inactive account that was never removed from the group (stale data).
M.GROUPS = {
  { "Service Desk", "First-line support: triage, password resets, how-to questions.", "maria.chen",
    { "alex.morgan", "sam.patel", "jordan.lee", "taylor.brooks", "casey.nguyen", "!pat.quinn" } },
  { "Network", "LAN, WAN, Wi-Fi, VPN, firewalls and telephony.", "raj.iyer",
    { "tom.becker", "nina.petrova", "omar.haddad", "!greg.holt" } },
  { "Database Administration", "Database platforms, replication, backups of data.", "helen.wu",
    { "dmitri.volkov", "grace.kim", "luis.mendez" } },
  { "Windows Server", "Windows servers, file shares, backup.", "peter.hall",
    { "anna.schmidt", "ben.okafor", "!carl.weber" } },
  { "Linux Server", "Linux servers and monitoring.", "sofia.rossi",
    { "karl.jensen", "mei.tanaka", "ivan.horvat" } },
  { "Identity & Access", "Accounts, SSO, MFA and permissions.", "david.cohen",
    { "fatima.zahra", "noah.williams", "irene.lopez" } },
  { "End User Computing", "Laptops, peripherals, printers and software installs.", "linda.park",
    { "chris.evans", "zoe.martin", "ryan.cole", "!jon.parker" } },
  { "Messaging", "Email, calendars, video conferencing.", "ahmed.nasser",
    { "julia.berg", "ken.watanabe" } },
  { "Application Support", "Business applications: Payroll, ERP, CRM, HR Portal.", "emma.davis",
    { "lucas.silva", "priya.shah", "oliver.brown", "marta.nowak" } },
  { "Security Operations", "Security monitoring, endpoint security, incident response.", "victor.lang",
    { "sara.lindqvist", "hugo.moreau" } },
  { "Cloud Platform", "Cloud hosting, web platforms, source control and pipelines.", "nadia.karim",
    { "ethan.wright", "leo.fischer" } },
}

-- The approval group for high-risk changes.
M.CAB = { "Change Advisory Board", "Approves high-risk changes (CAB).", "priya.raman",
  { "priya.raman", "raj.iyer", "helen.wu", "sofia.rossi", "victor.lang" } }

-- Every fixed person: user name = first.last; department; title; roles beyond reporter. The business people
-- have a fixed office (`location`), since task prompts say where they sit; IT staff's offices vary by seed.
M.PEOPLE = {
  -- IT management
  { "maria.chen", "IT Operations", "Service Desk Manager", { "agent", "manager" } },
  { "raj.iyer", "IT Operations", "Network Manager", { "agent", "manager" } },
  { "helen.wu", "IT Operations", "DBA Manager", { "agent", "manager" } },
  { "peter.hall", "IT Operations", "Windows Team Manager", { "agent", "manager" } },
  { "sofia.rossi", "IT Operations", "Linux Team Manager", { "agent", "manager" } },
  { "david.cohen", "IT Operations", "IAM Manager", { "agent", "manager" } },
  { "linda.park", "IT Operations", "EUC Manager", { "agent", "manager" } },
  { "ahmed.nasser", "IT Operations", "Messaging Manager", { "agent", "manager" } },
  { "emma.davis", "IT Operations", "Application Support Manager", { "agent", "manager" } },
  { "victor.lang", "IT Operations", "Security Operations Manager", { "agent", "manager" } },
  { "nadia.karim", "IT Operations", "Cloud Platform Manager", { "agent", "manager" } },
  { "priya.raman", "IT Operations", "Change Manager", { "agent", "manager" } },
  { "dana.whitfield", "IT Operations", "ITSM Platform Administrator", { "agent", "manager", "admin" } },
  { "george.whitman", "IT Operations", "Head of IT Operations", { "agent", "manager" } },
  -- IT staff
  { "alex.morgan", "IT Operations", "Service Desk Analyst", { "agent" } },
  { "sam.patel", "IT Operations", "Service Desk Analyst", { "agent" } },
  { "jordan.lee", "IT Operations", "Service Desk Analyst", { "agent" } },
  { "taylor.brooks", "IT Operations", "Senior Service Desk Analyst", { "agent" } },
  { "casey.nguyen", "IT Operations", "Service Desk Analyst", { "agent" } },
  { "pat.quinn", "IT Operations", "Service Desk Analyst", { "agent" }, inactive = true },
  { "tom.becker", "IT Operations", "Senior Network Engineer", { "agent" } },
  { "nina.petrova", "IT Operations", "Network Engineer", { "agent" } },
  { "omar.haddad", "IT Operations", "Network Engineer", { "agent" } },
  { "greg.holt", "IT Operations", "Network Engineer", { "agent" }, inactive = true },
  { "dmitri.volkov", "IT Operations", "Database Administrator", { "agent" } },
  { "grace.kim", "IT Operations", "Database Administrator", { "agent" } },
  { "luis.mendez", "IT Operations", "Database Administrator", { "agent" } },
  { "anna.schmidt", "IT Operations", "Systems Engineer", { "agent" } },
  { "ben.okafor", "IT Operations", "Systems Engineer", { "agent" } },
  { "carl.weber", "IT Operations", "Systems Engineer", { "agent" }, inactive = true },
  { "karl.jensen", "IT Operations", "Systems Engineer", { "agent" } },
  { "mei.tanaka", "IT Operations", "Systems Engineer", { "agent" } },
  { "ivan.horvat", "IT Operations", "Systems Engineer", { "agent" } },
  { "fatima.zahra", "IT Operations", "IAM Engineer", { "agent" } },
  { "noah.williams", "IT Operations", "IAM Engineer", { "agent" } },
  { "irene.lopez", "IT Operations", "IAM Analyst", { "agent" } },
  { "chris.evans", "IT Operations", "Desktop Engineer", { "agent" } },
  { "zoe.martin", "IT Operations", "Desktop Engineer", { "agent" } },
  { "ryan.cole", "IT Operations", "Desktop Engineer", { "agent" } },
  { "jon.parker", "IT Operations", "Desktop Engineer", { "agent" }, inactive = true },
  { "julia.berg", "IT Operations", "Messaging Engineer", { "agent" } },
  { "ken.watanabe", "IT Operations", "Messaging Engineer", { "agent" } },
  { "lucas.silva", "IT Operations", "Application Analyst", { "agent" } },
  { "priya.shah", "IT Operations", "Application Analyst", { "agent" } },
  { "oliver.brown", "IT Operations", "Application Analyst", { "agent" } },
  { "marta.nowak", "IT Operations", "Application Analyst", { "agent" } },
  { "sara.lindqvist", "IT Operations", "Security Analyst", { "agent" } },
  { "hugo.moreau", "IT Operations", "Security Analyst", { "agent" } },
  { "ethan.wright", "IT Operations", "Cloud Engineer", { "agent" } },
  { "leo.fischer", "IT Operations", "Cloud Engineer", { "agent" } },
  { "svc.monitoring", "IT Operations", "Monitoring integration (service account)", {}, first = "Monitoring", last = "Service Account" },
  -- Business people that tasks talk about
  { "lena.ortiz", "Sales", "Account Executive", {}, location = "Berlin" },
  { "lena.ortiz2", "Sales", "Account Executive", {}, inactive = true, first = "Lena", last = "Ortiz", location = "Berlin" },
  { "marcus.bell", "Finance", "Payroll Specialist", {}, location = "Berlin" },
  { "marcus.bell2", "Marketing", "Brand Manager", {}, first = "Marcus", last = "Bell", location = "Berlin" },
  { "olivia.grant", "Executive Office", "Chief Financial Officer", { "manager" }, vip = true, location = "London" },
  { "frank.delgado", "Finance", "Finance Director", { "manager" }, location = "Berlin" },
  { "hannah.weiss", "Sales", "Sales Director", { "manager" }, location = "London" },
  { "tobias.kern", "Engineering", "Software Engineer", {}, location = "Berlin" },
  { "rachel.adams", "Human Resources", "HR Business Partner", {}, location = "Berlin" },
  { "kevin.osei", "Customer Support", "Support Team Lead", {}, location = "Berlin" },
}

-- Department heads: department name -> user name (they approve catalog requests of their people).
M.HEADS = {
  Finance = "frank.delgado", Sales = "hannah.weiss", ["IT Operations"] = "george.whitman",
  ["Executive Office"] = "olivia.grant",
}

return M
