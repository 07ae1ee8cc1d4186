-- The Access Control Policy is reviewed with no change (next review in 12 months); the Acceptable Use
-- Policy is reviewed for revision and version 3.0 drafted with the two changes asked for, left in review
-- for Beatrice, who is told.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")
local acp = F.find_by("compliance_policies", "title", "Access Control Policy")
local aup = F.find_by("compliance_policies", "title", "Acceptable Use Policy")
local function review(p) return db.one("SELECT * FROM policy_reviews WHERE policy_id = ? AND reviewed_on = '2026-03-02' ORDER BY id DESC LIMIT 1", p.id) or {} end
local r1, r2 = review(acp), review(aup)
check("Access Control Policy: reviewed today, no change", r1.outcome == "no_change" and r1.reviewer_id == noor, tostring(r1.outcome))
C.mentions_one_of_each("the Access Control review says why it is kept", r1.notes,
                       { { "still", "matches", "match", "current", "accurate", "up to date", "no change", "unchanged", "Desmond" } })
check("Access Control Policy: next review in 12 months", acp.next_review_on == "2027-03-02" and acp.last_reviewed_on == "2026-03-02" and acp.status == "published",
      tostring(acp.status) .. ", next review " .. tostring(acp.next_review_on))
check("Acceptable Use Policy: reviewed today for revision", r2.outcome == "revise", tostring(r2.outcome))
C.mentions_one_of_each("the Acceptable Use review says what changes", r2.notes, { { "remote*" }, { "cloud" } })
local v = db.one("SELECT * FROM policy_versions WHERE policy_id = ? ORDER BY id DESC LIMIT 1", aup.id) or {}
check("Acceptable Use Policy: version 3.0 drafted by Noor and in review", v.version == "3.0" and v.author_id == noor and v.status == "in_review"
      and aup.status == "in_review" and aup.current_version == "2.3",
      "version " .. tostring(v.version) .. " " .. tostring(v.status) .. "; policy " .. tostring(aup.status) .. " at " .. tostring(aup.current_version))
C.mentions_one_of_each("the new version's summary names both changes", v.summary, { { "remote*" }, { "personal cloud", "cloud storage" } })
F.reply_or_message("Beatrice was told the new version waits for her to publish", "beatrice.strand", { { "3.0" }, { "publish*" } })
F.only_messaged("nobody but Beatrice was messaged", { "beatrice.strand" }, false)
C.status_is("done")
