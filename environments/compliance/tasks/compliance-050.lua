-- Annelie Brandauer's erasure under a legal hold: nothing erased, every record restricted naming the hold,
-- the request completed with an answer that says what is kept and why.
local C = require("checks")
local F = require("privacy_facts")
local EMAIL = "annelie.brandauer@gmx.at"
local r = F.request(EMAIL)
local hold = db.one("SELECT * FROM legal_holds WHERE subject_id = ?", F.subject_id(EMAIL) or -1) or {}
F.check_verified("the request is tied to Annelie Brandauer, verified by her address of record", r, EMAIL, "address_of_record",
                 { { EMAIL, "gmx" } })
F.check_restricted("every record is restricted, naming the legal hold", { "CRM-ACC-520644", "CRM-CASE-520644", "CRM-MKT-520644", "CRM-ORD-520644" },
                   { { "legal hold", "litigation hold", hold.number or "LHD?", "court", "claim", "proceedings" } })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says the data is kept under the legal hold and until when", r.response_summary,
                       { { "legal hold", "litigation hold", hold.number or "LHD?" }, { "released", "release", "end of the proceedings", "proceedings end", "concluded", "until" } })
C.status_is("done")
