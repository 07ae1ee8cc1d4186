-- Inkwell billed about 8 % over the PO price (PROC-R10, tolerance 2 %): the refusal names the invoice and
-- the two ways out (a change order confirming the price, or a credit note); nothing changed (engine).
local C = require("checks")
C.status_is("refused")
check("the answer names the invoice", mentions(answer.text or "", "IPP-26-0712") or mentions(answer.text or "", "brochure*"),
      "answer: " .. tostring(answer.text))
C.mentions_one_of_each("the answer says how it can be resolved", answer.text,
                       { { "change order", "credit note", "confirm* the price", "corrected invoice" } })
