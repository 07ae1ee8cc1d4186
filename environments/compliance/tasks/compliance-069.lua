-- Rosalind Achterberg: a legal hold on her data, nothing erased (her contact, bank and recruitment records
-- would have been erasable without it), every record restricted naming the hold, the request completed with
-- an answer that says why nothing was erased.
local C = require("checks")
local F = require("privacy_facts")
local EMAIL = "rosalind.achterberg@kpnmail.nl"
local sid = F.subject_id(EMAIL)
local hold = db.one("SELECT * FROM legal_holds WHERE subject_id = ? AND status = 'active'", sid or -1) or {}
check("a legal hold covers all her data", hold.scope == "subject", tostring(hold.number))
C.mentions_one_of_each("the hold names the tribunal claim", hold.matter, { { "tribunal", "claim", "employment", "lawyer", "litigation" } })
local r = F.request(EMAIL)
F.check_verified("the request is tied to her, verified by her address of record", r, EMAIL, "address_of_record", { { EMAIL, "kpnmail" } })
F.check_restricted("every record is restricted, naming the hold", { "HRIS-CON-173390", "HRIS-EMP-173390", "HRIS-REC-173390", "PAY-BNK-173390", "PAY-EMP-173390" },
                   { { "legal hold", "litigation hold", hold.number or "LHD?", "tribunal", "claim" } })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says the data is preserved for the claim", r.response_summary,
                       { { "legal hold", "litigation hold", hold.number or "LHD?" }, { "tribunal", "claim", "proceedings" } })
C.status_is("done")
