-- The purchase catalog (items at list or contract price), spend categories with their GL accounts, and
-- the preferred suppliers of each category.
local D = require("directory")
local P = require("procurement")
local V = require("proc_views")

local search_purchase_catalog = {
  name = "search_purchase_catalog",
  description = "Search the purchase catalog: items with their supplier and today's price (the contract price while " ..
    "the item's contract is active and the price valid, else the list price).",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order, in the SKU, name or description" },
    category = { type = "string", description = "Spend category code, e.g. IT-HW" },
    supplier = { type = "string", description = "Supplier number or exact name" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local today = P.today()
    local w = D.where()
      :add_if(true, "i.active = 1")
      :add("i.category_id = ?", args.category and P.must_category(args.category).id)
      :add("i.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :text(args.query, "(i.sku LIKE ? OR i.name LIKE ? OR i.description LIKE ?)")
    local rows = db.query("SELECT i.*, COUNT(*) OVER () AS total_matches FROM purchase_catalog_items i" .. w:sql() ..
                          " ORDER BY i.sku LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM purchase_catalog_items i" .. w:sql(), w:params())
    local items = {}
    for k, i in ipairs(rows) do
      local contract = i.contract_id and db.one([[SELECT c.number, p.unit_price_cents FROM contracts c JOIN contract_prices p ON p.contract_id = c.id
          WHERE c.id = ? AND c.status = 'active' AND c.starts_on <= ? AND c.ends_on >= ? AND p.catalog_item_id = ?
          AND p.valid_from <= ? AND p.valid_to >= ? ORDER BY p.valid_from DESC LIMIT 1]], i.contract_id, today, today, i.id, today, today)
      items[k] = { sku = i.sku, name = i.name, category = P.category_code(i.category_id), unit = i.unit,
                   supplier = V.supplier_ref(i.supplier_id), list_price = P.dollars(i.list_price_cents),
                   price = P.dollars(contract and contract.unit_price_cents or i.list_price_cents),
                   contract = contract and contract.number or null }
    end
    return D.paged(items, total, page, size)
  end,
}

local list_spend_categories = {
  name = "list_spend_categories",
  description = "Spend categories (codes such as IT-HW, SVC-CONS) with their default GL account and preferred " ..
    "suppliers in rank order.",
  read_only = true,
  parameters = {},
  run = function()
    local today = P.today()
    local items = {}
    for _, c in ipairs(db.query([[SELECT c.*, g.code AS gl, g.name AS gl_name FROM spend_categories c
                                  JOIN gl_accounts g ON g.id = c.default_gl_account_id WHERE c.active = 1 ORDER BY c.code]])) do
      local preferred = {}
      for _, p in ipairs(db.query([[SELECT p.supplier_id FROM preferred_suppliers p WHERE p.category_id = ? AND p.valid_from <= ?
                                    AND (p.valid_to IS NULL OR p.valid_to >= ?) ORDER BY p.rank]], c.id, today, today)) do
        preferred[#preferred + 1] = V.supplier_ref(p.supplier_id)
      end
      items[#items + 1] = { code = c.code, name = c.name, gl_account = c.gl .. " " .. c.gl_name, preferred_suppliers = array(preferred) }
    end
    return { items = array(items), total = #items }
  end,
}

return { search_purchase_catalog, list_spend_categories }
