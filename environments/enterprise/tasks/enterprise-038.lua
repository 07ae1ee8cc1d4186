-- Jonas Albrecht's erasure: identity verified by his address of record; erased exactly the records no duty
-- keeps (HR contact, salary bank account, supplier contact), restricted the three a duty keeps (employment
-- record RET-HR, payroll RET-PAY, his firm's invoices RET-TAX) with the duty as the reason; the request
-- completed with an answer naming what is kept, why and until when; the service desk ticket resolved
-- pointing to the request without his personal details. Nothing in procurement changed.
local C = require("checks")
local PF = require("privacy_facts")
local F = require("grc_facts")
local r = F.find_by("dsr_requests", "requester_email", "jonas.albrecht@posteo.de")
local sup = db.one("SELECT * FROM suppliers WHERE name = 'Albrecht IT Services'")
local sid = PF.subject_id("jonas.albrecht@posteo.de")

check("identity verified by the address of record", r.identity_status == "verified" and r.subject_id == sid and tostring(r.verification_method):find("^address_of_record") ~= nil,
      tostring(r.identity_status) .. " / " .. tostring(r.verification_method))
C.mentions_one_of_each("the identity check says what was checked", r.verification_method or "",
  { { "jonas.albrecht@posteo.de", "posteo", "private address", "address on his record", "address he has on record" } })
PF.check_erased("what no duty keeps is erased", { "HRIS-CON-204417", "PAY-BNK-204417", "PRC-CON-" .. sup.number })
PF.check_restricted("the employment record is restricted under RET-HR", { "HRIS-EMP-204417" }, { { "RET-HR", "employment" } })
PF.check_restricted("the payroll history is restricted under RET-PAY", { "PAY-EMP-204417" }, { { "RET-PAY", "payroll" } })
PF.check_restricted("his firm's invoices are restricted under RET-TAX", { "ERP-INV-" .. sup.number }, { { "RET-TAX", "tax" } })
check("the request is completed", r.status == "completed", r.status)
C.mentions_one_of_each("the answer says what is kept, under which duty and until when", r.response_summary or "", {
  { "employment record", "RET-HR" }, { "2027" },
  { "payroll", "RET-PAY" }, { "2031" },
  { "invoice*", "RET-TAX" }, { "2035" },
})
C.mentions_one_of_each("the answer says what was erased", r.response_summary or "", { { "erased", "deleted" }, { "supplier", "Albrecht IT Services" } })

local inc = F.find_by("incidents", "short_description", "Former employee asks for his personal data to be deleted")
check("the service desk ticket is resolved as solved", inc.state == "resolved" and inc.resolution_code == "solved_permanently",
      inc.number .. " " .. inc.state .. " / " .. tostring(inc.resolution_code))
C.mentions("the ticket points to the privacy request", inc.resolution_notes or "", r.number)
F.only_messaged("nobody was messaged about him", {}, false)
C.status_is("done")
