-- Purchase requisitions: search, read, raise (catalog lines at contract price, non-catalog lines),
-- attach quotes, submit into the approval chain, cancel.
local D = require("directory")
local P = require("procurement")
local A = require("approval_chain")
local V = require("proc_views")

local search_requisitions = {
  name = "search_requisitions",
  description = "Search purchase requisitions (PR…) by text and filters, newest first (one page, with total and " ..
    "next page). Text matches when every word occurs in the number, title, justification, a line's description " ..
    "or the requester's name.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order, e.g. 'laptops onboarding'" },
    status = { type = "string", enum = { "open", "draft", "pending_approval", "approved", "rejected", "ordered", "cancelled" },
               description = "'open' means draft, pending_approval or approved" },
    requester = { type = "string", description = "User name of who raised it (or who it is for)" },
    cost_center = { type = "string", description = "Cost centre code, e.g. CC-3100" },
    supplier = { type = "string", description = "Supplier number or exact name" },
    created_after = { type = "string", format = "date-time" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local who = args.requester and D.must_user(args.requester).id
    local w = D.where()
      :state(args.status, "r.status", "r.status IN ('draft', 'pending_approval', 'approved')")
      :add_if(who, "(r.requester_id = ? OR r.requested_for_id = ?)", who, who)
      :add("r.cost_center_id = ?", args.cost_center and P.must_cost_center(args.cost_center).id)
      :add("r.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :add("r.created_at >= ?", D.time_arg(args.created_after, "created_after"))
      :text(args.query, [[(r.number LIKE ? OR r.title LIKE ? OR r.justification LIKE ? OR u.user_name LIKE ?
             OR (u.first_name || ' ' || u.last_name) LIKE ?
             OR EXISTS (SELECT 1 FROM requisition_lines l WHERE l.requisition_id = r.id AND l.description LIKE ?))]])
    local from = " FROM requisitions r JOIN users u ON u.id = r.requester_id"
    local rows = db.query([[SELECT r.number, r.title, r.status, u.user_name AS requester, r.cost_center_id, r.supplier_id,
                                   r.total_cents, r.created_at, COUNT(*) OVER () AS total_matches]] .. from .. w:sql() ..
                          " ORDER BY r.created_at DESC, r.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, title = r.title, status = r.status, requester = r.requester,
                   cost_center = P.cost_center_code(r.cost_center_id), supplier = V.supplier_ref(r.supplier_id),
                   total = P.dollars(r.total_cents), created_at = r.created_at }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_requisition = {
  name = "get_requisition",
  description = "Full details of a requisition: lines, quotes, its approval chain (who approves each step, who acted) " ..
    "and the purchase orders made from it.",
  read_only = true,
  parameters = { number = { type = "string", description = "Requisition number, e.g. PR0001042", required = true } },
  run = function(args) return V.requisition(P.must("requisitions", args.number)) end,
}

-- The unit price of a catalog item today: the price of its active contract when one holds, else list price.
local function catalog_price(item, today)
  if item.contract_id then
    local c = db.one("SELECT * FROM contracts WHERE id = ?", item.contract_id)
    if c and c.status == "active" and c.starts_on <= today and c.ends_on >= today then
      local price = db.value([[SELECT unit_price_cents FROM contract_prices WHERE contract_id = ? AND catalog_item_id = ?
                               AND valid_from <= ? AND valid_to >= ? ORDER BY valid_from DESC LIMIT 1]], c.id, item.id, today, today)
      if price then return price, c.id end
    end
  end
  return item.list_price_cents, nil
end

local LINE = {
  type = "object",
  properties = {
    sku = { type = "string", description = "Catalog item SKU (search_purchase_catalog); priced by the system" },
    description = { type = "string", maxLength = 300, description = "Non-catalog line: what is bought" },
    category = { type = "string", description = "Non-catalog line: spend category code, e.g. SVC-CONS" },
    quantity = { type = "integer", minimum = 1, maximum = 100000, description = "Whole units" },
    unit = { type = "string", maxLength = 20, description = "Non-catalog line: unit, e.g. day, hour, month, each" },
    unit_price = { type = "number", minimum = 0, description = "Non-catalog line: agreed unit price in dollars (from the quote)" },
    gl_account = { type = "string", description = "GL account code (default: the category's)" },
  },
}

local create_requisition = {
  name = "create_requisition",
  description = "Raise a purchase requisition (status draft) for a cost centre. Catalog lines name a SKU and are " ..
    "priced at the contract price while the item's contract is active (else list price); non-catalog lines give " ..
    "description, category, quantity, unit and unit price and need a supplier. All lines go to one supplier. Then " ..
    "attach quotes if policy asks for them and submit_requisition.",
  parameters = {
    title = { type = "string", minLength = 3, maxLength = 160, required = true },
    cost_center = { type = "string", description = "Cost centre code, e.g. CC-3100", required = true },
    lines = { type = "array", items = LINE, minItems = 1, maxItems = 20, required = true },
    supplier = { type = "string", description = "Supplier number or exact name (catalog lines: the item's supplier)" },
    requested_for = { type = "string", description = "User name of who needs it (default: you)" },
    justification = { type = "string", maxLength = 2000 },
    needed_by = { type = "string", description = "Date, e.g. 2026-03-20" },
  },
  run = function(args)
    local me = D.actor_user()
    local cc = P.must_cost_center(args.cost_center)
    local who = args.requested_for and D.must_active_user(args.requested_for, "requested for") or me
    local today = P.today()
    local supplier = args.supplier and P.must_supplier(args.supplier) or nil
    local lines, total, contract_id = {}, 0, nil
    for i, l in ipairs(args.lines) do
      local row = { line_no = i, quantity = l.quantity }
      if not l.quantity then fail("missing_field", "Line " .. i .. " needs a quantity") end
      if l.sku then
        local item = db.one("SELECT * FROM purchase_catalog_items WHERE sku = ? COLLATE NOCASE", l.sku)
        if not item then fail("not_found", "No catalog item with SKU '" .. l.sku .. "'", "Search the purchase catalog for the SKU.") end
        if item.active ~= 1 then fail("invalid_state", item.sku .. " (" .. item.name .. ") is no longer in the catalog", "Search the catalog for its replacement.") end
        if l.unit_price then fail("invalid_arguments", "Line " .. i .. ": catalog lines are priced by the catalog; leave unit_price out") end
        if supplier and supplier.id ~= item.supplier_id then
          fail("conflict", item.sku .. " is sold by " .. V.supplier_ref(item.supplier_id) .. ", not " .. supplier.name,
               "Raise one requisition per supplier.")
        end
        supplier = supplier or db.one("SELECT * FROM suppliers WHERE id = ?", item.supplier_id)
        local price, cid = catalog_price(item, today)
        row.catalog_item_id, row.contract_id, row.description = item.id, cid, item.name
        row.category_id, row.unit, row.unit_price_cents = item.category_id, item.unit, price
        contract_id = contract_id or cid
      else
        if not l.description or not l.category or not l.unit or l.unit_price == nil then
          fail("missing_field", "Line " .. i .. " is not a catalog line, so it needs description, category, unit and unit_price",
               "Or give the SKU of a catalog item.")
        end
        local cat = P.must_category(l.category)
        row.description, row.category_id, row.unit = l.description, cat.id, l.unit
        row.unit_price_cents = P.cents_arg(l.unit_price, "lines[" .. i .. "].unit_price")
      end
      local cat = db.one("SELECT * FROM spend_categories WHERE id = ?", row.category_id)
      row.gl_account_id = l.gl_account and P.must_gl(l.gl_account).id or cat.default_gl_account_id
      row.amount_cents = row.quantity * row.unit_price_cents
      total = total + row.amount_cents
      lines[i] = row
    end
    if not supplier then fail("missing_field", "A requisition with non-catalog lines needs a supplier", "Give supplier (number or exact name).") end
    if supplier.status == "blocked" or supplier.status == "inactive" then
      fail("invalid_state", supplier.number .. " " .. supplier.name .. " is " .. supplier.status, "Choose an active supplier (search_suppliers).")
    end
    local now = D.now()
    local r = P.create("requisitions", {
      title = args.title, requester_id = me.id, requested_for_id = who.id, cost_center_id = cc.id,
      gl_account_id = lines[1].gl_account_id, supplier_id = supplier.id, contract_id = contract_id,
      justification = args.justification, needed_by = P.date_arg(args.needed_by, "needed_by"), total_cents = total,
      status = "draft", created_at = now, updated_at = now,
    }, me.id)
    for _, row in ipairs(lines) do
      row.requisition_id = r.id
      db.insert("requisition_lines", row)
    end
    return V.requisition(r)
  end,
}

local attach_quote = {
  name = "attach_quote",
  description = "Attach a supplier's written quote to a draft requisition: from an inbox document (a quote received " ..
    "by email) or typed in. Policy asks for three quotes above the quotes threshold unless the supplier is " ..
    "preferred or contracted.",
  parameters = {
    requisition = { type = "string", description = "Requisition number", required = true },
    supplier = { type = "string", description = "Quoting supplier: number or exact name", required = true },
    amount = { type = "number", minimum = 0.01, description = "Quoted total in dollars", required = true },
    document = { type = "string", description = "Inbox document the quote came in, e.g. DOC0000021" },
    valid_until = { type = "string", description = "Date, e.g. 2026-04-30" },
    select = { type = "boolean", default = false, description = "This is the quote the requisition buys on" },
    notes = { type = "string", maxLength = 1000 },
  },
  run = function(args)
    local me = D.actor_user()
    local r = P.must("requisitions", args.requisition)
    if r.status ~= "draft" then fail("invalid_state", r.number .. " is " .. r.status .. "; quotes are attached before it is submitted") end
    local s = P.must_supplier(args.supplier)
    local doc = args.document and P.must("ap_inbox_documents", args.document)
    if doc and doc.kind ~= "quote" then fail("invalid_arguments", doc.number .. " is a " .. doc.kind .. ", not a quote") end
    if doc and db.value("SELECT 1 FROM quotes WHERE document_id = ? AND requisition_id IS NOT NULL", doc.id) then
      fail("conflict", doc.number .. " is already attached as a quote", "Each quote document is attached once.")
    end
    local now = D.now()
    if args.select then db.exec("UPDATE quotes SET selected = 0 WHERE requisition_id = ?", r.id) end
    local q = P.create("quotes", {
      requisition_id = r.id, supplier_id = s.id, document_id = doc and doc.id or nil,
      amount_cents = P.cents_arg(args.amount, "amount"), valid_until = P.date_arg(args.valid_until, "valid_until"),
      received_at = doc and doc.received_at or now, selected = args.select and 1 or 0, attached_by_id = me.id,
      attached_at = now, notes = args.notes,
    }, me.id, "attached to " .. r.number)
    P.history(r.number, "quote_attached", nil, q.number, me.id)
    if doc and doc.processed ~= 1 then
      P.set("ap_inbox_documents", doc, { processed = 1, processed_by_id = me.id, processed_at = now, linked_record_number = q.number }, me.id)
    end
    return { quote = q.number, requisition = r.number, supplier = V.supplier_ref(s.id), amount = P.dollars(q.amount_cents),
             quotes_attached = db.value("SELECT COUNT(*) FROM quotes WHERE requisition_id = ?", r.id) }
  end,
}

local submit_requisition = {
  name = "submit_requisition",
  description = "Submit a draft requisition for approval. The chain follows the amount bands of the total (policy) " ..
    "for its cost centre; the first approver is notified. The cost centre's budget for the quarter must cover it.",
  parameters = { number = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local r = P.must("requisitions", args.number)
    if r.status ~= "draft" then fail("invalid_state", r.number .. " is " .. r.status .. ", not draft") end
    local steps = A.start("requisition", r.id, r.number, r.total_cents, r.cost_center_id, { r.requester_id, r.requested_for_id })
    P.set("requisitions", r, { status = "pending_approval", submitted_at = D.now() }, me.id)
    local first = A.current("requisition", r.id)
    if first then
      D.notify(first.approver_id, "Approval needed: " .. r.number,
               D.name_of(r.requester_id) .. " asks you to approve " .. r.number .. " '" .. r.title .. "' (" .. P.money(r.total_cents) .. ").",
               r.number, "email", me.id)
    end
    local out = V.requisition(db.one("SELECT * FROM requisitions WHERE id = ?", r.id))
    out.approval_steps = #steps
    return out
  end,
}

local cancel_requisition = {
  name = "cancel_requisition",
  description = "Cancel a requisition that has not been ordered (draft, pending approval or approved), with a reason; " ..
    "its pending approvals are withdrawn. Policy: tell the requester first when it is not yours.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = P.must("requisitions", args.number)
    if r.status ~= "draft" and r.status ~= "pending_approval" and r.status ~= "approved" then
      fail("invalid_state", r.number .. " is " .. r.status .. " and cannot be cancelled",
           r.status == "ordered" and "Cancel its purchase order instead." or "It is already final.")
    end
    db.exec("UPDATE procurement_approvals SET status = 'cancelled' WHERE object_type = 'requisition' AND object_id = ? AND status = 'pending'", r.id)
    P.set("requisitions", r, { status = "cancelled", cancelled_reason = args.reason }, me.id)
    return { number = r.number, status = "cancelled", reason = args.reason }
  end,
}

return { search_requisitions, get_requisition, create_requisition, attach_quote, submit_requisition, cancel_requisition }
