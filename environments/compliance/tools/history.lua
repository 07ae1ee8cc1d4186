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
  run = function(args)
    local page, size, offset = D.page_args(args)
    local n = G.normalize_number(args.number)
    local rows = db.query([[SELECT h.*, COUNT(*) OVER () AS total_matches FROM compliance_history h WHERE h.record_number = ?
                            ORDER BY h.id LIMIT ? OFFSET ?]], n, size, offset)
    local total = D.total_of(rows, "SELECT COUNT(*) FROM compliance_history WHERE record_number = ?", n)
    local items = {}
    for k, h in ipairs(rows) do
      items[k] = { at = h.at, actor = D.name_of(h.actor_id), field = h.field, old_value = D.or_null(h.old_value),
                   new_value = D.or_null(h.new_value) }
    end
    return D.paged(items, total, page, size)
  end,
}
