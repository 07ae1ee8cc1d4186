-- The TalentBridge breach, across the three systems: the HR team's ticket a P1 major incident with the
-- seven other reports attached (the PeopleCore look-alike left alone), every reporter told, two tasks on it;
-- the breach recorded with the vendor's notice as the moment of awareness, assessed high and reported under
-- the portal's case in time; the contractors' five grants revoked and nobody else's; Carmen's questionnaire
-- completed as a fail (the vendor profile blocked) and the supplier blocked; the DPO, Carmen and Ines told.
local C = require("checks")

local staged = require("enterprise_facts").staged
local function uid(name) return db.value("SELECT id FROM users WHERE user_name = ?", name) end
local me = uid(task.actor)

local master = staged("incidents", "short_description", "TalentBridge: SSO login fails for the whole HR team")
check("the HR team's ticket is a priority-1 major incident", master ~= nil and master.major == 1 and master.priority == 1,
      master and ("major " .. master.major .. ", P" .. master.priority) or "not found")
local REPORTS = {
  { "ingrid.solberg", "Cannot log in to TalentBridge - certificate error" },
  { "tamsin.rowe", "TalentBridge asks me to register my account again" },
  { "tobias.kern", "talentbridge down?? cant see my interview schedule" },
  { "hannah.weiss", "TalentBridge login broken - panel interviews at 10" },
  { "kevin.osei", "Candidate got an odd email 'from TalentBridge' quoting her interview" },
  { "bianca.moretti", "TalentBridge SSO error on every browser" },
  { "lena.ortiz", "Email claiming to be TalentBridge asks me to confirm my password" },
}
local loose = {}
for _, r in ipairs(REPORTS) do
  local inc = staged("incidents", "short_description", r[2])
  if not inc or not master or inc.parent_id ~= master.id then loose[#loose + 1] = r[2] end
end
check("the seven other TalentBridge reports are children of the major incident", #loose == 0, "not attached: " .. C.list_or_none(loose))
local decoy = staged("incidents", "short_description", "Quarterly talent review form in PeopleCore will not save")
C.unchanged("the PeopleCore talent-review ticket was left alone", "incidents", { id = decoy.id })

-- every reporter told: a comment on their ticket or a message from the actor, saying what is going on
local untold = {}
local callers = { { "rachel.adams", master } }
for _, r in ipairs(REPORTS) do callers[#callers + 1] = { r[1], staged("incidents", "short_description", r[2]) } end
for _, c in ipairs(callers) do
  local parts = {}
  if c[2] then
    for _, n in ipairs(db.query("SELECT body FROM work_notes WHERE record_number = ? AND visibility = 'comment' AND author_id = ? ORDER BY id",
                                c[2].number, me)) do parts[#parts + 1] = n.body end
  end
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", uid(c[1]), me)) do
    parts[#parts + 1] = n.subject .. " " .. n.body
  end
  if not C.has_one_of_each(table.concat(parts, " "), { { "breach*", "security incident", "attack*", "compromis*", "phishing", "major incident" } }) then
    untold[#untold + 1] = c[1]
  end
end
check("every reporter was told what is going on", #untold == 0, "not told: " .. C.list_or_none(untold))

local pages = master and db.query("SELECT subject, body FROM notifications WHERE sender_id = ? AND record_number = ? AND channel IN ('page', 'sms') ORDER BY id",
                                  me, master.number) or {}
local ptext = {}
for _, n in ipairs(pages) do ptext[#ptext + 1] = n.subject .. " " .. n.body end
local other_pages = db.value("SELECT COUNT(*) FROM notifications WHERE sender_id = ? AND channel IN ('page', 'sms') AND (record_number IS NULL OR record_number <> ?)",
                             me, master and master.number or "")
check("pages only about the major incident", other_pages == 0, other_pages .. " other pages")
C.mentions_one_of_each("the page says what the major incident is", #ptext > 0 and table.concat(ptext, " ") or nil,
                       { { "TalentBridge", "breach", "major incident", "SSO" } })

local tasks = master and db.query([[SELECT t.short_description, g.name AS grp FROM incident_tasks t JOIN groups g ON g.id = t.assignment_group_id
                                    WHERE t.incident_id = ? ORDER BY t.id]], master.id) or {}
local sec, iam
for _, t in ipairs(tasks) do
  if t.grp == "Security Operations" and C.has_one_of_each(t.short_description, { { "forensic*", "report", "candidate*", "list" } }) then sec = true end
  if t.grp == "Identity & Access" and C.has_one_of_each(t.short_description, { { "SSO", "certificate*", "trust", "SAML" } }) then iam = true end
end
check("tasks for the forensic report (Security Operations) and the SSO trust (Identity & Access)", sec == true and iam == true,
      json.encode(tasks))

-- the breach
local b
for _, d in ipairs(changes("breaches")) do
  if d.op == "insert" then b = db.one("SELECT * FROM breaches WHERE id = ?", type(d.key) == "table" and d.key.id or d.key) end
end
check("a breach was recorded", b ~= nil, b and b.number or "none")
if b then
  local talent = db.value("SELECT id FROM business_systems WHERE code = 'TALENT'")
  check("recorded as a personal-data breach of TalentBridge, aware when the vendor's notice arrived",
        b.aware_at == "2026-02-28T11:20:00Z" and b.system_id == talent and b.personal_data == 1 and
        (b.occurred_at == nil or b.occurred_at == "2026-02-26T22:00:00Z"),
        json.encode({ aware_at = b.aware_at, occurred_at = b.occurred_at, system_id = b.system_id, personal_data = b.personal_data }))
  check("assessed high with the vendor's numbers", b.risk_level == "high" and b.subjects_affected == 4812 and b.eu_subjects == 1237,
        tostring(b.risk_level) .. ", " .. tostring(b.subjects_affected) .. " (" .. tostring(b.eu_subjects) .. " in the EU)")
  check("reported to the authority within 72 hours under Henrik's case",
        b.authority_notified_at ~= nil and b.authority_notified_at <= b.notify_by and b.authority_reference == "SA-2026-40215",
        tostring(b.authority_notified_at) .. " / " .. tostring(b.authority_reference))
  C.mentions_one_of_each("the breach record says what happened", b.description, { "TalentBridge", { "candidate*", "CV*", "recruit*" } })
  local function hist(field)
    return db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = ? ORDER BY id DESC LIMIT 1", b.number, field)
  end
  C.mentions_one_of_each("the assessment says why the risk is high", hist("assessment"), { { "CV*", "interview*", "candidate*", "phishing" } })
  C.mentions_one_of_each("the containment is recorded: the vendor's access cut off", hist("containment"), { { "revok*", "cut off", "removed", "disabled" } })
  local report = db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = 'authority_report' ORDER BY id DESC LIMIT 1", b.number)
  C.mentions_one_of_each("the authority report gives the facts", report, { { "4,812", "4812" }, { "CV*", "interview*", "candidate*" } })
end

-- access: the contractors' grants revoked, nobody else's
local grants = db.query([[SELECT g.*, u.user_name, e.code FROM access_grants g JOIN users u ON u.id = g.user_id
                          JOIN entitlements e ON e.id = g.entitlement_id JOIN business_systems s ON s.id = e.system_id
                          WHERE s.code = 'TALENT' ORDER BY g.id]])
local wrong = {}
local VENDOR = { ["jonas.brevik"] = true, ["amelia.stroud"] = true, ["kwame.mensah"] = true }
for _, g in ipairs(grants) do
  local want = VENDOR[g.user_name] and "revoked" or "active"
  if g.status ~= want then wrong[#wrong + 1] = g.user_name .. " " .. g.code .. " " .. g.status end
  if VENDOR[g.user_name] and g.status == "revoked" and not C.has_one_of_each(g.revoke_reason, { { "breach*", "BRC*", "compromis*", "incident" } }) then
    wrong[#wrong + 1] = g.user_name .. " " .. g.code .. " revoked without saying why: " .. tostring(g.revoke_reason)
  end
end
check("the TalentBridge engineers' five grants revoked (with the breach as reason), our staff's kept", #wrong == 0, C.list_or_none(wrong))

-- vendor risk and procurement
local p = db.one("SELECT * FROM vendor_risk_profiles ORDER BY id DESC LIMIT 1")
local a = db.one("SELECT * FROM vendor_assessments WHERE profile_id = ? AND kind = 'questionnaire' ORDER BY id DESC LIMIT 1", p.id)
check("Carmen's questionnaire completed at 31 (fail): the vendor profile blocked",
      a ~= nil and a.status == "completed" and a.score == 31 and a.result == "fail" and p.status == "blocked",
      a and (a.status .. " " .. tostring(a.score) .. " " .. tostring(a.result) .. ", profile " .. p.status) or "no questionnaire")
C.mentions_one_of_each("the assessment notes say what failed", a and a.notes, { { "MFA", "multi factor", "export*", "alert*", "monitor*" } })
local s = staged("suppliers", "name", "TalentBridge Software")
check("TalentBridge blocked in procurement", s ~= nil and s.status == "blocked", s and s.status or "not found")
C.mentions_one_of_each("the block says why", s and s.blocked_reason, { { "breach*", "BRC*", "compromis*", "assessment", "incident" } })

-- who was told
local function text_to(name)
  local parts = {}
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = ? AND sender_id = ? ORDER BY id", uid(name), me)) do
    parts[#parts + 1] = n.subject .. " " .. n.body
  end
  return #parts > 0 and table.concat(parts, " ") or nil
end
for _, who in ipairs({ "henrik.aalto", "carmen.villalobos", "ines.carvalho" }) do
  C.mentions_one_of_each(who .. " knows where things stand", text_to(who), { { "breach*", "BRC*" }, { "block*", "SA-2026-40215", "authority" } })
end
local allowed = { ["henrik.aalto"] = true, ["carmen.villalobos"] = true, ["ines.carvalho"] = true, ["george.whitman"] = true,
                  ["rachel.adams"] = true, ["victor.lang"] = true, ["david.cohen"] = true, ["emma.davis"] = true }
for _, r in ipairs(REPORTS) do allowed[r[1]] = true end
for _, grp in ipairs({ "Application Support", "Security Operations", "Identity & Access" }) do
  for _, m in ipairs(db.query("SELECT u.user_name FROM group_members gm JOIN groups g ON g.id = gm.group_id JOIN users u ON u.id = gm.user_id WHERE g.name = ? ORDER BY 1", grp)) do
    allowed[m.user_name] = true
  end
end
local stray = {}
for _, n in ipairs(db.query("SELECT DISTINCT u.user_name FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY 1", me)) do
  if not allowed[n.user_name] then stray[#stray + 1] = n.user_name end
end
check("nobody outside the incident, the reporters and the three people named was messaged", #stray == 0, "also messaged: " .. C.list_or_none(stray))
-- Every message sent is about the matter: a vague note to someone concerned is noise, not news.
local off_topic = {}
for _, n in ipairs(db.query("SELECT u.user_name, n.subject, n.body FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.sender_id = ? ORDER BY n.id", me)) do
  local about = false
  for _, word in ipairs({ "TalentBridge", "breach*", "BRC*", "INC*" }) do about = about or mentions(n.subject .. " " .. n.body, word) end
  if not about then off_topic[#off_topic + 1] = n.user_name .. ": " .. n.subject end
end
check("every message names the matter", #off_topic == 0, "off topic: " .. C.list_or_none(off_topic))
C.status_is("done")
