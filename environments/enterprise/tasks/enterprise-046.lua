-- Noor validated the two procure-to-pay findings against the service desk and procurement: the goods-receipt
-- finding closed on evidence naming its successful change (both flagged orders received), the
-- duplicate-check finding left for its owner because its change was rolled back, and Frank told why.
local C = require("checks")
local F = require("grc_facts")
local noor = F.user_id("noor.qureshi")
local f1 = F.find_by("findings", "title", "Supplier invoices paid without a goods receipt")
local f2 = F.find_by("findings", "title", "Duplicate check skipped for manually keyed invoices")
local c1 = db.one("SELECT * FROM change_requests WHERE short_description = 'ERP payment run: refuse invoices without a matching goods receipt'")
local c2 = db.one("SELECT * FROM change_requests WHERE short_description = 'ERP invoice entry: run the duplicate check on manually keyed invoices'")

check("the goods-receipt finding is closed by Noor", f1.status == "closed" and f1.closed_by_id == noor, f1.number .. " " .. f1.status)
local e = f1.closure_evidence_id and db.one("SELECT * FROM evidence WHERE id = ?", f1.closure_evidence_id)
check("it was closed on evidence naming its change, collected after the change went in",
      e ~= nil and C.has_one_of_each(e.title, { { c1.number } }) and e.collected_on >= "2026-02-25",
      e and (e.number .. " '" .. e.title .. "' collected " .. e.collected_on) or "no evidence")
C.mentions_one_of_each("the closure note says what was checked", f1.closure_note or "", { { c1.number }, { "receipt*" } })
C.only_rows("no other finding was closed or changed", "findings", "update", { f1.id })
F.every_message_to("Frank was told why the duplicate-check finding stays open", "frank.delgado",
  { { f2.number, "duplicate" }, { c2.number }, { "rolled back", "unsuccessful", "roll back", "backed out" } })
F.only_messaged("nobody but Frank was messaged", { "frank.delgado" })
F.links_only("the message to Frank is linked to the open finding or its change", { f2.number, c2.number })
C.status_is("done")
