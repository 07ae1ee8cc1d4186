-- The people every seed has, with the same user names: IT staff and the business people tasks talk about
-- (each system's README lists the ones its tasks rely on). Everyone else is generated from the seed.
-- Plus the word lists people are generated from. Plain data, no logic.
local M = {}

M.FIRST = {
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
  "Daniel", "Sarah", "Matthew", "Karen", "Anthony", "Nancy", "Mark", "Lisa", "Steven", "Betty",
  "Paul", "Sandra", "Andrew", "Ashley", "Joshua", "Kimberly", "Kevin", "Donna", "Brian", "Emily",
  "George", "Michelle", "Timothy", "Carol", "Jason", "Amanda", "Jeffrey", "Melissa", "Ryan", "Deborah",
  "Aisha", "Wei", "Carlos", "Ingrid", "Kwame", "Yuki", "Pedro", "Anika", "Tariq", "Elena",
  "Mateo", "Chloe", "Arjun", "Freya", "Jonas", "Lucia", "Samir", "Hannah", "Diego", "Katarina",
}

M.LAST = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Okafor", "Novak", "Kowalski", "Andersson", "Müller", "Dubois", "Rossi", "Haddad", "Singh", "Kim",
  "Ivanova", "Costa", "Yamamoto", "O'Brien", "MacLeod", "Fernandes", "Larsen", "Schneider", "Ahmed", "Patel",
}

-- Spelling variants that produce near-duplicate people.
M.VARIANTS = {
  John = "Jon", Steven = "Stephen", Catherine = "Katherine", Sarah = "Sara", Michael = "Micheal",
  Daniel = "Dan", Elizabeth = "Liz", Matthew = "Matt", Jennifer = "Jenny", Anthony = "Tony",
}

M.DEPARTMENTS = {
  { "Finance", "CC-1100" }, { "Human Resources", "CC-1200" }, { "Sales", "CC-2100" }, { "Marketing", "CC-2200" },
  { "Engineering", "CC-3100" }, { "IT Operations", "CC-3200" }, { "Legal", "CC-1300" }, { "Customer Support", "CC-2300" },
  { "Facilities", "CC-1400" }, { "Procurement", "CC-1500" }, { "Executive Office", "CC-1000" }, { "Research", "CC-3300" },
}

M.TITLES = {
  Finance = { "Accountant", "Financial Analyst", "Payroll Specialist", "Controller" },
  ["Human Resources"] = { "HR Business Partner", "Recruiter", "HR Coordinator" },
  Sales = { "Account Executive", "Sales Manager", "Sales Development Rep" },
  Marketing = { "Marketing Specialist", "Content Manager", "Brand Manager" },
  Engineering = { "Software Engineer", "Senior Software Engineer", "QA Engineer", "Engineering Manager" },
  ["IT Operations"] = { "Systems Engineer", "Network Engineer", "Service Desk Analyst", "Database Administrator" },
  Legal = { "Counsel", "Paralegal", "Contracts Manager" },
  ["Customer Support"] = { "Support Specialist", "Support Team Lead", "Customer Success Manager" },
  Facilities = { "Facilities Coordinator", "Office Manager" },
  Procurement = { "Buyer", "Procurement Analyst" },
  ["Executive Office"] = { "Executive Assistant", "Chief of Staff", "Vice President" },
  Research = { "Research Scientist", "Data Scientist", "Lab Manager" },
}

M.SITES = { { "lon", "London" }, { "nyc", "New York" }, { "aus", "Austin" }, { "ber", "Berlin" }, { "sgp", "Singapore" }, { "tor", "Toronto" } }

-- Each site's country and time zone (the locations table).
M.SITE_PLACE = {
  lon = { "GB", "Europe/London" }, nyc = { "US", "America/New_York" }, aus = { "US", "America/Chicago" },
  ber = { "DE", "Europe/Berlin" }, sgp = { "SG", "Asia/Singapore" }, tor = { "CA", "America/Toronto" },
}

-- Every fixed person: user name = first.last; department; title. The business people have a fixed office
-- (`location`), since task prompts say where they sit; IT staff's offices vary by seed.
M.PEOPLE = {
  -- IT management
  { "maria.chen", "IT Operations", "Service Desk Manager" },
  { "raj.iyer", "IT Operations", "Network Manager" },
  { "helen.wu", "IT Operations", "DBA Manager" },
  { "peter.hall", "IT Operations", "Windows Team Manager" },
  { "sofia.rossi", "IT Operations", "Linux Team Manager" },
  { "david.cohen", "IT Operations", "IAM Manager" },
  { "linda.park", "IT Operations", "EUC Manager" },
  { "ahmed.nasser", "IT Operations", "Messaging Manager" },
  { "emma.davis", "IT Operations", "Application Support Manager" },
  { "victor.lang", "IT Operations", "Security Operations Manager" },
  { "nadia.karim", "IT Operations", "Cloud Platform Manager" },
  { "priya.raman", "IT Operations", "Change Manager" },
  { "dana.whitfield", "IT Operations", "ITSM Platform Administrator" },
  { "george.whitman", "IT Operations", "Head of IT Operations" },
  -- IT staff
  { "alex.morgan", "IT Operations", "Service Desk Analyst" },
  { "sam.patel", "IT Operations", "Service Desk Analyst" },
  { "jordan.lee", "IT Operations", "Service Desk Analyst" },
  { "taylor.brooks", "IT Operations", "Senior Service Desk Analyst" },
  { "casey.nguyen", "IT Operations", "Service Desk Analyst" },
  { "pat.quinn", "IT Operations", "Service Desk Analyst", inactive = true },
  { "tom.becker", "IT Operations", "Senior Network Engineer" },
  { "nina.petrova", "IT Operations", "Network Engineer" },
  { "omar.haddad", "IT Operations", "Network Engineer" },
  { "greg.holt", "IT Operations", "Network Engineer", inactive = true },
  { "dmitri.volkov", "IT Operations", "Database Administrator" },
  { "grace.kim", "IT Operations", "Database Administrator" },
  { "luis.mendez", "IT Operations", "Database Administrator" },
  { "anna.schmidt", "IT Operations", "Systems Engineer" },
  { "ben.okafor", "IT Operations", "Systems Engineer" },
  { "carl.weber", "IT Operations", "Systems Engineer", inactive = true },
  { "karl.jensen", "IT Operations", "Systems Engineer" },
  { "mei.tanaka", "IT Operations", "Systems Engineer" },
  { "ivan.horvat", "IT Operations", "Systems Engineer" },
  { "fatima.zahra", "IT Operations", "IAM Engineer" },
  { "noah.williams", "IT Operations", "IAM Engineer" },
  { "irene.lopez", "IT Operations", "IAM Analyst" },
  { "chris.evans", "IT Operations", "Desktop Engineer" },
  { "zoe.martin", "IT Operations", "Desktop Engineer" },
  { "ryan.cole", "IT Operations", "Desktop Engineer" },
  { "jon.parker", "IT Operations", "Desktop Engineer", inactive = true },
  { "julia.berg", "IT Operations", "Messaging Engineer" },
  { "ken.watanabe", "IT Operations", "Messaging Engineer" },
  { "lucas.silva", "IT Operations", "Application Analyst" },
  { "priya.shah", "IT Operations", "Application Analyst" },
  { "oliver.brown", "IT Operations", "Application Analyst" },
  { "marta.nowak", "IT Operations", "Application Analyst" },
  { "sara.lindqvist", "IT Operations", "Security Analyst" },
  { "hugo.moreau", "IT Operations", "Security Analyst" },
  { "ethan.wright", "IT Operations", "Cloud Engineer" },
  { "leo.fischer", "IT Operations", "Cloud Engineer" },
  { "svc.monitoring", "IT Operations", "Monitoring integration (service account)", first = "Monitoring", last = "Service Account" },
  -- Business people that tasks talk about
  { "lena.ortiz", "Sales", "Account Executive", location = "Berlin" },
  { "lena.ortiz2", "Sales", "Account Executive", inactive = true, first = "Lena", last = "Ortiz", location = "Berlin" },
  { "marcus.bell", "Finance", "Payroll Specialist", location = "Berlin" },
  { "marcus.bell2", "Marketing", "Brand Manager", first = "Marcus", last = "Bell", location = "Berlin" },
  { "olivia.grant", "Executive Office", "Chief Financial Officer", vip = true, location = "London" },
  { "frank.delgado", "Finance", "Finance Director", location = "Berlin" },
  { "hannah.weiss", "Sales", "Sales Director", location = "London" },
  { "tobias.kern", "Engineering", "Software Engineer", location = "Berlin" },
  { "rachel.adams", "Human Resources", "HR Business Partner", location = "Berlin" },
  { "kevin.osei", "Customer Support", "Support Team Lead", location = "Berlin" },
}

-- Department heads fixed by name (department name -> user name); other departments' heads are generated.
M.HEADS = {
  Finance = "frank.delgado", Sales = "hannah.weiss", ["IT Operations"] = "george.whitman",
  ["Executive Office"] = "olivia.grant",
}

return M
