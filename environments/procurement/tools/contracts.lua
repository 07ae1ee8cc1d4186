-- Contracts and price agreements: search, read (ceiling, consumption, expiry, agreed prices).
local D = require("directory")
local P = require("procurement")
local V = require("proc_views")

local search_contracts = {
  name = "search_contracts",
  description = "Search contracts (CTR…) by text, supplier, category, status or expiry. Each shows its ceiling, how " ..
    "much is consumed and what is left.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order, in the number or title" },
    supplier = { type = "string", description = "Supplier number or exact name" },
    category = { type = "string", description = "Spend category code" },
    status = { type = "string", enum = { "draft", "active", "expired", "terminated" } },
    expiring_before = { type = "string", description = "Ends on or before this date, e.g. 2026-06-30" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("c.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :add("c.category_id = ?", args.category and P.must_category(args.category).id)
      :add("c.status = ?", args.status)
      :add("c.ends_on <= ?", P.date_arg(args.expiring_before, "expiring_before"))
      :text(args.query, "(c.number LIKE ? OR c.title LIKE ?)")
    local rows = db.query("SELECT c.*, COUNT(*) OVER () AS total_matches FROM contracts c" .. w:sql() ..
                          " ORDER BY c.ends_on, c.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM contracts c" .. w:sql(), w:params())
    local items = {}
    for k, c in ipairs(rows) do
      items[k] = { number = c.number, title = c.title, supplier = V.supplier_ref(c.supplier_id), category = P.category_code(c.category_id),
                   status = c.status, starts_on = c.starts_on, ends_on = c.ends_on, ceiling = P.dollars(c.ceiling_cents),
                   consumed = P.dollars(c.consumed_cents), remaining = P.dollars(c.ceiling_cents - c.consumed_cents) }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_contract = {
  name = "get_contract",
  description = "Full details of a contract: supplier, dates, ceiling, consumption and remaining value, owner, agreed " ..
    "catalog prices, and the purchase orders placed against it.",
  read_only = true,
  parameters = { number = { type = "string", description = "e.g. CTR0000007", required = true } },
  run = function(args)
    local c = P.must("contracts", args.number)
    local prices, orders = {}, {}
    for _, p in ipairs(db.query([[SELECT i.sku, i.name, i.list_price_cents, p.unit_price_cents, p.valid_from, p.valid_to
                                  FROM contract_prices p JOIN purchase_catalog_items i ON i.id = p.catalog_item_id
                                  WHERE p.contract_id = ? ORDER BY i.sku, p.valid_from]], c.id)) do
      prices[#prices + 1] = { sku = p.sku, name = p.name, list_price = P.dollars(p.list_price_cents), contract_price = P.dollars(p.unit_price_cents),
                              valid_from = p.valid_from, valid_to = p.valid_to }
    end
    for _, o in ipairs(db.query("SELECT number, status, total_cents FROM purchase_orders WHERE contract_id = ? ORDER BY id DESC LIMIT 30", c.id)) do
      orders[#orders + 1] = { number = o.number, status = o.status, total = P.dollars(o.total_cents) }
    end
    return {
      number = c.number, title = c.title, supplier = V.supplier_ref(c.supplier_id), category = P.category_code(c.category_id),
      status = c.status, starts_on = c.starts_on, ends_on = c.ends_on, ceiling = P.dollars(c.ceiling_cents),
      consumed = P.dollars(c.consumed_cents), remaining = P.dollars(c.ceiling_cents - c.consumed_cents),
      owner = D.name_of(c.owner_id), prices = array(prices), purchase_orders = array(orders),
    }
  end,
}

return { search_contracts, get_contract }
