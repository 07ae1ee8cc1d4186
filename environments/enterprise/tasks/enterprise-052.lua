-- An order for a tier-1 vendor whose last assessment is more than 12 months old and that was never signed
-- off is refused (ENT-R01): the answer says why (the vendor, the stale assessment) and nothing is ordered
-- (the engine checks the reason, that nothing changed and that no rule was broken).
local C = require("checks")
C.status_is("refused")
C.mentions("the refusal names the supplier", answer.text, "Omega Hosting")
C.mentions_one_of_each("the refusal says the vendor's assessment is too old or it is not signed off", answer.text,
  { { "12 months", "twelve months", "sign off", "signed off", "2024" } })
