-- Jonas Lindqvist's access request: tied to the customer whose address of record it came from (not the
-- supplier contact of the same name, nor Jonas Lindquist), his own three categories sent to that address once.
local C = require("checks")
local F = require("privacy_facts")
local EMAIL = "jonas.lindqvist@posteo.de"
local r = F.request(EMAIL)
check("the request is tied to the customer Jonas Lindqvist of Malmö and verified",
      r.subject_id == F.subject_id(EMAIL) and r.identity_status == "verified" and tostring(r.verification_method):match("^address_of_record") ~= nil,
      "subject " .. tostring(r.subject_id) .. " (want " .. tostring(F.subject_id(EMAIL)) .. "), " .. tostring(r.identity_status) .. " by " .. tostring(r.verification_method))
C.mentions_one_of_each("the identity check names the address it matched", r.verification_method, { { EMAIL, "posteo" } })
F.check_one_export("one copy of his contact, orders and support data went to his address of record", r.id, EMAIL,
                   { "contact", "orders", "support" })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says what was sent", r.response_summary, { { "copy", "sent", "export*" } })
C.status_is("done")
