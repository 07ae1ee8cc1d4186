-- Four of David's six audit findings are validated and closed on evidence collected after they were
-- raised; the other two have only evidence from before the finding, so they stay waiting for
-- validation and David is told what is missing.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")
local CLOSE = {
  { "PayCentral access granted before the system owner approved", "PayCentral access request sample, February 2026, with owner approvals" },
  { "Cloud Platform roles granted without a ticket", "Cloud Platform role grants in February 2026 matched to approved tickets" },
  { "SourceRight access granted by the buyer's manager alone", "SourceRight access requests, February 2026, with system owner approvals" },
  { "PeopleCore access granted from an email request", "PeopleCore access grants in February 2026 with approved requests" },
}
local KEEP = { "Two leavers kept PayCentral access for more than a week", "Three administrator accounts exempt from MFA without an exception" }
for _, pair in ipairs(CLOSE) do
  local f = F.find_by("findings", "title", pair[1]) or {}
  local e = F.find_by("evidence", "title", pair[2]) or {}
  check(tostring(f.number) .. " closed by Noor on the evidence of the fix (" .. tostring(e.number) .. ")",
        f.status == "closed" and f.closed_by_id == noor and f.closure_evidence_id == e.id and e.id ~= nil,
        tostring(f.status) .. " on " .. tostring(db.value("SELECT number FROM evidence WHERE id = ?", f.closure_evidence_id)))
  C.mentions_one_of_each(tostring(f.number) .. ": the closure note says what was checked", f.closure_note,
                         { { "approv*", "ticket*", "sample", "grant*", "evidence", "owner", "catalog" } })
end
local keys = {}
for _, title in ipairs(CLOSE) do keys[#keys + 1] = { number = (F.find_by("findings", "title", title[1]) or {}).number } end
C.only_rows("only the four findings with evidence of the fix were closed", "findings", "update", keys)
local waiting = {}
for _, title in ipairs(KEEP) do waiting[#waiting + 1] = (F.find_by("findings", "title", title) or {}).number end
F.reply_or_message("David was told which two stay open and why", "david.cohen",
                   { { waiting[1], "leavers" }, { waiting[2], "MFA" }, { "before", "predate*", "older", "earlier", "no evidence", "January" } })
F.only_messaged("nobody but David was messaged", { "david.cohen" }, false)
C.status_is("done")
