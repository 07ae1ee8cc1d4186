-- Marta Kowalczyk's access request: identity verified by her address of record; one export of every
-- category held to that address; a letter to that address (and nowhere else) listing each of her service
-- desk tickets and catalog requests and each access grant she held, by number; the request completed.
local C = require("checks")
local PF = require("privacy_facts")
local F = require("grc_facts")
local email = "marta.kowalczyk@gmx.de"
local r = F.find_by("dsr_requests", "requester_email", email)
local uid = PF.user_id("marta.kowalczyk")

PF.check_verified("identity verified by her address of record", r, email, "address_of_record",
  { { email, "gmx", "private address", "address on her record", "address she has on record" } })
PF.check_one_export("every category she has went to her address of record, once", r.id, email,
  { "access_logs", "bank_details", "contact", "hr_records", "payroll" })

local letters, elsewhere = {}, {}
for _, d in ipairs(changes("dsr_actions")) do
  if d.op == "insert" and d.after.action == "note" and d.after.sent_to then
    if tostring(d.after.sent_to):lower() == email then letters[#letters + 1] = d.after.detail
    else elsewhere[#elsewhere + 1] = d.after.sent_to end
  end
end
local letter = table.concat(letters, "\n")
local want = {}
for _, row in ipairs(db.query("SELECT number FROM incidents WHERE caller_id = ? ORDER BY number", uid)) do want[#want + 1] = row.number end
for _, row in ipairs(db.query("SELECT number FROM requests WHERE requested_for_id = ? ORDER BY number", uid)) do want[#want + 1] = row.number end
for _, row in ipairs(db.query("SELECT number FROM access_grants WHERE user_id = ? ORDER BY number", uid)) do want[#want + 1] = row.number end
C.mentions("the letter to her address lists every ticket, request and access grant by number", letter, table.unpack(want))
C.mentions_one_of_each("the letter says what the access was and when it was removed", letter,
  { { "mailbox", "Workplace" }, { "CRM", "ClientHub" }, { "16 January 2026", "2026-01-16" } })
check("the request is completed", r.status == "completed", tostring(r.status))
C.mentions_one_of_each("the closing summary says what was sent", r.response_summary or "",
  { { "export*" }, { "ticket*", "service desk" }, { "access" } })
F.only_messaged("no colleague was sent her data", {}, false)
C.status_is("done")
