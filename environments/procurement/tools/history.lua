-- The history of any procurement record: every field change made through the tools, with who and when.
local D = require("directory")
local P = require("procurement")

return {
  name = "get_procurement_history",
  description = "Every recorded change of a procurement record (PR, PO, PCO, GR, INV, PAY, QT, DOC, SUP, CTR number), " ..
    "oldest first, with who made it and when.",
  read_only = true,
  parameters = D.with_paging({ number = { type = "string", required = true } }),
  run = function(args) return D.history_page("procurement_history", P.normalize_number(args.number), args) end,
}
