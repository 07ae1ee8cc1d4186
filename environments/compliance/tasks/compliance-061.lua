-- Zdenka Horakova's overdue access request: not extended (COMP-R13 would record a late extension), every
-- category sent once to her address of record, the request completed with an apology for the delay.
local C = require("checks")
local F = require("privacy_facts")
local EMAIL = "zdenka.horakova@seznam.cz"
local r = F.request(EMAIL)
F.check_one_export("one copy of every category went to her address of record", r.id, EMAIL, { "contact", "invoices", "orders" })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the answer says what was sent and owns the delay", r.response_summary,
                       { { "copy", "sent", "export*" }, { "apolog*", "sorry", "late", "delay*", "after the deadline", "overdue" } })
C.status_is("done")
