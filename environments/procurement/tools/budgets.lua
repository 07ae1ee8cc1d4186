-- Budgets per cost centre and quarter: amount, committed (open orders), actual (paid), available.
local D = require("directory")
local P = require("procurement")

local function view(b)
  return { cost_center = P.cost_center_code(b.cost_center_id),
           cost_center_name = db.value("SELECT name FROM cost_centers WHERE id = ?", b.cost_center_id),
           owner = D.name_of(db.value("SELECT owner_id FROM cost_centers WHERE id = ?", b.cost_center_id)),
           period = b.period, amount = P.dollars(b.amount_cents), committed = P.dollars(b.committed_cents),
           actual = P.dollars(b.actual_cents), available = P.dollars(P.available(b)) }
end

local get_budget = {
  name = "get_budget",
  description = "A cost centre's budget for a quarter (default: the current one): amount, committed by open purchase " ..
    "orders, actual (paid), and available for new commitments.",
  read_only = true,
  parameters = {
    cost_center = { type = "string", description = "Cost centre code (CC-3100) or name", required = true },
    period = { type = "string", pattern = "^[0-9]{4}-Q[1-4]$", description = "Quarter, e.g. 2026-Q1" },
  },
  run = function(args)
    local cc = P.must_cost_center(args.cost_center)
    local period = args.period or P.period_of(P.today())
    local b = P.budget(cc.id, period)
    if not b then fail("not_found", "No budget for " .. cc.code .. " in " .. period, "Budgets exist per quarter; list_budgets shows them.") end
    local out = view(b)
    out.period_status = db.value("SELECT status FROM budget_periods WHERE code = ?", period)
    return out
  end,
}

local list_budgets = {
  name = "list_budgets",
  description = "Every cost centre's budget for a quarter (default: the current one), with what is available.",
  read_only = true,
  parameters = { period = { type = "string", description = "Quarter, e.g. 2026-Q1" } },
  run = function(args)
    local period = args.period or P.period_of(P.today())
    local items = {}
    for _, b in ipairs(db.query([[SELECT b.* FROM budgets b JOIN cost_centers c ON c.id = b.cost_center_id WHERE b.period = ?
                                  ORDER BY c.code]], period)) do
      items[#items + 1] = view(b)
    end
    return { period = period, items = array(items), total = #items }
  end,
}

return { get_budget, list_budgets }
