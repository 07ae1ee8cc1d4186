-- Wilhelmina Oosterhuis's rectification: her CRM account and ERP billing contact corrected to the Haarlem
-- address, nothing else (not the issued invoices), the request completed with a reply giving the new address.
local C = require("checks")
local F = require("privacy_facts")
local EMAIL = "w.oosterhuis@ziggo.nl"
local r = F.request(EMAIL)
F.check_verified("the request is tied to Wilhelmina Oosterhuis, verified by her address of record", r, EMAIL, "address_of_record", { { EMAIL, "ziggo" } })
local fixed, texts = {}, {}
for _, a in ipairs(F.actions(r.id, "rectification")) do
  local ref = db.value("SELECT record_ref FROM personal_data_records WHERE id = ?", a.record_id or -1) or "?"
  fixed[#fixed + 1] = ref
  texts[ref] = a.detail
end
table.sort(fixed)
check("exactly her account and billing contact were corrected", table.concat(fixed, ",") == "CRM-ACC-446139,ERP-CON-446139",
      "corrected: " .. C.list_or_none(fixed))
C.mentions_one_of_each("the account correction gives the new address", texts["CRM-ACC-446139"], { { "Kleine Houtstraat" }, { "Haarlem" } })
C.mentions_one_of_each("the billing correction gives the new address", texts["ERP-CON-446139"], { { "Kleine Houtstraat" }, { "Haarlem" } })
check("the request is completed", r.status == "completed" and not F.isnull(r.closed_at), tostring(r.status))
C.mentions_one_of_each("the reply gives the corrected address", r.response_summary, { { "Kleine Houtstraat" }, { "Haarlem" } })
C.status_is("done")
