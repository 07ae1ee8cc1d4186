-- Margarethe Vollrath's access request: identity verified by passport (not by the Gmail address), every
-- category sent once to her address of record (COMP-R18: never to the Gmail address), request completed
-- with an answer that says where the data went.
local C = require("checks")
local F = require("privacy_facts")
local ON_RECORD = "margarethe.vollrath@t-online.de"
local r = F.request("m.vollrath.privat@gmail.com")
check("the request is tied to Margarethe Vollrath and verified by her ID document",
      r.subject_id == F.subject_id(ON_RECORD) and r.identity_status == "verified" and tostring(r.verification_method):match("^id_document") ~= nil,
      "subject " .. tostring(r.subject_id) .. ", " .. tostring(r.identity_status) .. " by " .. tostring(r.verification_method))
C.mentions_one_of_each("the identity check says what was checked", r.verification_method, { { "passport", "video call", "Henrik" } })
F.check_one_export("one copy of every category went to her address of record", r.id, ON_RECORD, { "contact", "invoices", "marketing", "support" })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says the data went to her address of record", r.response_summary,
                       { { ON_RECORD, "address of record", "address on record", "address on file", "registered address", "t-online" } })
C.status_is("done")
