-- The history of any procurement record: every field change made through the tools, with who and when.
local D = require("directory")
local P = require("procurement")

return {
  name = "get_procurement_history",
  description = "Every recorded change of a procurement record (PR, PO, PCO, GR, INV, PAY, QT, DOC, SUP, CTR number), " ..
    "oldest first, with who made it and when.",
  read_only = true,
  parameters = D.with_paging({ number = { type = "string", required = true } }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local n = P.normalize_number(args.number)
    local rows = db.query([[SELECT h.*, COUNT(*) OVER () AS total_matches FROM procurement_history h WHERE h.record_number = ?
                            ORDER BY h.id LIMIT ? OFFSET ?]], n, size, offset)
    local total = D.total_of(rows, "SELECT COUNT(*) FROM procurement_history WHERE record_number = ?", n)
    local items = {}
    for k, h in ipairs(rows) do
      items[k] = { at = h.at, actor = D.name_of(h.actor_id), field = h.field, old_value = D.or_null(h.old_value),
                   new_value = D.or_null(h.new_value) }
    end
    return D.paged(items, total, page, size)
  end,
}
