-- Casimir Vandersteen's erasure against retention duties: contact, marketing, support and bank details
-- erased; orders (RET-FIN) and invoices (RET-TAX, tax-audit hold) restricted with the reason; the answer says
-- what was erased and what is kept, why and until when; completed, not rejected.
local C = require("checks")
local F = require("privacy_facts")
local EMAIL = "casimir.vandersteen@telenet.be"
local r = F.request(EMAIL)
F.check_verified("the request is tied to Casimir Vandersteen, verified by his address of record", r, EMAIL, "address_of_record", { { EMAIL, "telenet" } })
F.check_erased("contact, marketing, support and bank details are erased", { "CRM-ACC-291877", "CRM-CASE-291877", "CRM-MKT-291877", "ERP-BNK-291877" })
F.check_restricted("the orders are restricted under the financial-records duty", { "CRM-ORD-291877" },
                   { { "RET-FIN", "financial record*", "commercial code", "retention", "2032" } })
F.check_restricted("the invoices are restricted under the tax duty or the tax-audit hold", { "ERP-AR-291877" },
                   { { "RET-TAX", "tax", "retention", "2035", "legal hold", "LHD*" } })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says what was erased and what is kept, why and until when", r.response_summary,
                       { { "erased", "deleted" }, { "order*", "contract*" }, { "invoice*" }, { "2032" }, { "2035" },
                         { "financial record*", "RET-FIN", "commercial code", "accounting" }, { "tax", "RET-TAX" } })
C.status_is("done")
