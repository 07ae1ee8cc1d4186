-- The history of any compliance record: every field change made through the tools or by the system's
-- clock events, with who and when.
local D = require("directory")
local G = require("compliance")

return {
  name = "get_compliance_history",
  description = "Every recorded change of a compliance record (CTL, CTT, EVD, FND, RMT, RAC, POL, EXC, AGT, ARC, ARI, " ..
    "VRP, VAS, DSR, LHD, BRC, TRN number), oldest first, with who made it (null: the system) and when.",
  read_only = true,
  parameters = D.with_paging({ number = { type = "string", required = true } }),
  run = function(args) return D.history_page("compliance_history", G.normalize_number(args.number), args) end,
}
