-- Radomir Szczepanik's request extended to 5 May (the latest lawful date), with the reason, told before the
-- original 5 March deadline; nothing sent, the request still open.
local C = require("checks")
local F = require("privacy_facts")
local r = F.request("r.szczepanik@onet.pl")
check("extended to 2026-05-05, the latest lawful deadline", r.extended_due_on == "2026-05-05", "extended_due_on " .. tostring(r.extended_due_on))
check("the subject was told of the extension before 5 March", not F.isnull(r.extension_notified_at) and r.extension_notified_at < "2026-03-06",
      "extension_notified_at " .. tostring(r.extension_notified_at))
C.mentions_one_of_each("the reason names the archived call recordings", r.extension_reason,
                       { { "record*", "call*", "hotline" }, { "archive*", "tape*", "restor*" } })
check("the request stays open, nothing partial sent", r.status == "in_progress" and #F.exports() == 0 and not F.isnull(r.extended_due_on),
      tostring(r.status) .. ", " .. #F.exports() .. " export(s), extended " .. tostring(r.extended_due_on))
C.status_is("done")
