-- Purchase orders: search, read, create from an approved requisition, issue, change (re-approved at the
-- cumulative total), cancel, close.
local D = require("directory")
local P = require("procurement")
local A = require("approval_chain")
local B = require("purchasing")
local V = require("proc_views")

local search_purchase_orders = {
  name = "search_purchase_orders",
  description = "Search purchase orders (PO…) by text and filters, newest first (one page, with total and next page). " ..
    "Text matches the number or a line's description.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order" },
    status = { type = "string", enum = { "open", "draft", "pending_approval", "approved", "issued", "partially_received", "received", "closed", "cancelled" },
               description = "'open' means approved, issued, partially_received or received (not yet closed)" },
    supplier = { type = "string", description = "Supplier number or exact name" },
    buyer = { type = "string", description = "User name of the buyer" },
    requester = { type = "string", description = "User name of who raised the requisition" },
    cost_center = { type = "string" },
    contract = { type = "string", description = "Contract number" },
    budget_period = { type = "string", description = "Quarter, e.g. 2026-Q1" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :state(args.status, "o.status", "o.status IN ('approved', 'issued', 'partially_received', 'received')")
      :add("o.supplier_id = ?", args.supplier and P.must_supplier(args.supplier).id)
      :add("o.buyer_id = ?", args.buyer and D.must_user(args.buyer).id)
      :add("o.requisition_id IN (SELECT id FROM requisitions WHERE requester_id = ?)", args.requester and D.must_user(args.requester).id)
      :add("o.cost_center_id = ?", args.cost_center and P.must_cost_center(args.cost_center).id)
      :add("o.contract_id = ?", args.contract and P.must("contracts", args.contract).id)
      :add("o.budget_period = ?", args.budget_period)
      :text(args.query, "(o.number LIKE ? OR EXISTS (SELECT 1 FROM po_lines l WHERE l.po_id = o.id AND l.description LIKE ?))")
    local rows = db.query([[SELECT o.*, COUNT(*) OVER () AS total_matches FROM purchase_orders o]] .. w:sql() ..
                          " ORDER BY o.created_at DESC, o.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM purchase_orders o" .. w:sql(), w:params())
    local items = {}
    for k, o in ipairs(rows) do
      items[k] = { number = o.number, status = o.status, supplier = V.supplier_ref(o.supplier_id), buyer = D.name_of(o.buyer_id),
                   cost_center = P.cost_center_code(o.cost_center_id), total = P.dollars(o.total_cents),
                   requisition = P.number_of("requisitions", o.requisition_id), created_at = o.created_at,
                   issued_at = D.or_null(o.issued_at) }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_purchase_order = {
  name = "get_purchase_order",
  description = "Full details of a purchase order: lines with quantities ordered, received and invoiced, change orders " ..
    "with their approvals, receipts and returns, invoices.",
  read_only = true,
  parameters = { number = { type = "string", description = "e.g. PO0000817", required = true } },
  run = function(args) return V.purchase_order(P.must("purchase_orders", args.number)) end,
}

local create_purchase_order = {
  name = "create_purchase_order",
  description = "Turn an approved requisition into a purchase order (status approved) to its supplier, with the same " ..
    "lines and prices. The order commits the cost centre's budget for the current quarter and, when bought under a " ..
    "contract, consumes the contract. Then issue_purchase_order sends it.",
  parameters = {
    requisition = { type = "string", description = "Approved requisition number", required = true },
    ship_to = { type = "string", description = "Office name, e.g. London (default: the requester's office)" },
  },
  run = function(args, call)
    local me = D.actor_user()
    local r = P.must("requisitions", args.requisition)
    if r.status ~= "approved" then
      fail("invalid_state", r.number .. " is " .. r.status .. "; only an approved requisition is ordered",
           r.status == "ordered" and "It already has a purchase order (get_requisition)." or "It needs its approvals first.")
    end
    local s = db.one("SELECT * FROM suppliers WHERE id = ?", r.supplier_id)
    local now = D.now()
    local period = P.period_of(P.today())
    local po = P.create("purchase_orders", {
      requisition_id = r.id, supplier_id = s.id, contract_id = r.contract_id, buyer_id = me.id, cost_center_id = r.cost_center_id,
      budget_period = period, status = "approved", revision = 0, total_cents = r.total_cents, approved_total_cents = r.total_cents,
      payment_terms_days = s.payment_terms_days, ship_to = args.ship_to or db.value("SELECT location FROM users WHERE id = ?", r.requested_for_id),
      created_at = now, approved_at = now, updated_at = now,
    }, me.id)
    for _, l in ipairs(db.query("SELECT * FROM requisition_lines WHERE requisition_id = ? ORDER BY line_no", r.id)) do
      db.insert("po_lines", { po_id = po.id, line_no = l.line_no, requisition_line_id = l.id, catalog_item_id = l.catalog_item_id,
                              description = l.description, category_id = l.category_id, gl_account_id = l.gl_account_id, unit = l.unit,
                              quantity_ordered = l.quantity, unit_price_cents = l.unit_price_cents, amount_cents = l.amount_cents })
    end
    P.commit(r.cost_center_id, period, r.total_cents, me.id)
    if r.contract_id then
      db.exec("UPDATE contracts SET consumed_cents = consumed_cents + ?, updated_at = ? WHERE id = ?", r.total_cents, now, r.contract_id)
      P.history(P.number_of("contracts", r.contract_id), "consumed", nil, po.number .. " " .. P.money(r.total_cents), me.id)
    end
    P.set("requisitions", r, { status = "ordered" }, me.id)
    return V.purchase_order(db.one("SELECT * FROM purchase_orders WHERE id = ?", po.id))
  end,
}

local issue_purchase_order = {
  name = "issue_purchase_order",
  description = "Send an approved purchase order to its supplier (status issued); the requester is told.",
  parameters = { number = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local po = P.must("purchase_orders", args.number)
    if po.status ~= "approved" then fail("invalid_state", po.number .. " is " .. po.status .. "; only an approved order is issued") end
    P.set("purchase_orders", po, { status = "issued", issued_at = D.now() }, me.id)
    local req = po.requisition_id and db.one("SELECT * FROM requisitions WHERE id = ?", po.requisition_id)
    if req then
      D.notify(req.requester_id, po.number .. " issued", "Your requisition " .. req.number .. " was ordered from " ..
               V.supplier_ref(po.supplier_id) .. " on " .. po.number .. ".", po.number, "email", me.id)
    end
    return { number = po.number, status = "issued" }
  end,
}

local CHANGE_LINE = {
  type = "object",
  properties = {
    line_no = { type = "integer", minimum = 1, description = "Line to change (leave out to add a new line)" },
    quantity = { type = "integer", minimum = 0, maximum = 100000, description = "New quantity ordered" },
    unit_price = { type = "number", minimum = 0, description = "New unit price in dollars" },
    description = { type = "string", maxLength = 300, description = "New line: what is added" },
  },
}

local request_change_order = {
  name = "request_change_order",
  description = "Change an open purchase order's quantities, prices or add lines (a change order, PCO…). A change " ..
    "that keeps the order at or below the total already approved applies at once; one that raises it is re-approved " ..
    "at the new cumulative total by the approval bands and applies once approved. The budget must cover an increase.",
  parameters = {
    number = { type = "string", description = "Purchase order number", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
    lines = { type = "array", items = CHANGE_LINE, minItems = 1, maxItems = 20, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local po = P.must("purchase_orders", args.number)
    if not B.OPEN_STATUSES[po.status] then
      fail("invalid_state", po.number .. " is " .. po.status .. " and can no longer be changed",
           (po.status == "closed" or po.status == "cancelled") and "Raise a new requisition for further needs." or nil)
    end
    if B.pending_change(po.id) then
      fail("conflict", po.number .. " already has change order " .. B.pending_change(po.id).number .. " waiting for approval",
           "Wait for its decision.")
    end
    local new_total = po.total_cents
    local edits = {}
    for i, l in ipairs(args.lines) do
      if l.line_no then
        local pl = db.one("SELECT * FROM po_lines WHERE po_id = ? AND line_no = ?", po.id, l.line_no)
        if not pl then fail("not_found", po.number .. " has no line " .. l.line_no) end
        local qty = l.quantity or pl.quantity_ordered
        local price = l.unit_price and P.cents_arg(l.unit_price, "lines[" .. i .. "].unit_price") or pl.unit_price_cents
        if qty < pl.quantity_received then
          fail("conflict", "Line " .. pl.line_no .. " has " .. pl.quantity_received .. " received; it cannot go below that")
        end
        new_total = new_total - pl.amount_cents + qty * price
        edits[#edits + 1] = { po_line_id = pl.id, description = pl.description, old_quantity = pl.quantity_ordered, new_quantity = qty,
                              old_unit_price_cents = pl.unit_price_cents, new_unit_price_cents = price }
      else
        if not l.description or not l.quantity or l.unit_price == nil then
          fail("missing_field", "A new line (no line_no) needs description, quantity and unit_price")
        end
        local price = P.cents_arg(l.unit_price, "lines[" .. i .. "].unit_price")
        new_total = new_total + l.quantity * price
        edits[#edits + 1] = { description = l.description, new_quantity = l.quantity, new_unit_price_cents = price }
      end
    end
    local needs_approval = new_total > po.approved_total_cents
    local co = P.create("po_change_orders", {
      po_id = po.id, revision = po.revision + 1, requested_by_id = me.id, reason = args.reason, old_total_cents = po.total_cents,
      new_total_cents = new_total, status = "pending_approval", requested_at = D.now(),
    }, me.id)
    for _, e in ipairs(edits) do
      e.change_order_id = co.id
      db.insert("po_change_lines", e)
    end
    P.history(po.number, "change_order", nil, co.number .. " " .. P.money(po.total_cents) .. " -> " .. P.money(new_total), me.id)
    local out = { change_order = co.number, purchase_order = po.number, old_total = P.dollars(po.total_cents), new_total = P.dollars(new_total) }
    if needs_approval then
      local doc = A.document(co.number)
      A.start("change_order", co.id, co.number, new_total, po.cost_center_id, doc.interested)
      local first = A.current("change_order", co.id)
      D.notify(first.approver_id, "Approval needed: " .. co.number, "Change order " .. co.number .. " raises " .. po.number .. " to " ..
               P.money(new_total) .. ": " .. args.reason, co.number, "email", me.id)
      out.status, out.approver = "pending_approval", D.name_of(first.approver_id)
    else
      B.apply_change(co, me.id)
      out.status = "approved"
    end
    return out
  end,
}

local cancel_purchase_order = {
  name = "cancel_purchase_order",
  description = "Cancel a purchase order nothing has been received or invoiced on, with a reason (the supplier is told " ..
    "by the buyer). Its budget commitment and contract consumption are released. Policy: tell the requester first.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", minLength = 3, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local po = P.must("purchase_orders", args.number)
    if po.status ~= "approved" and po.status ~= "issued" then
      fail("invalid_state", po.number .. " is " .. po.status .. " and cannot be cancelled",
           (po.status == "partially_received" or po.status == "received") and "Goods were received: return them, then close the order." or nil)
    end
    if db.value("SELECT 1 FROM supplier_invoices WHERE po_id = ? AND status <> 'rejected'", po.id) then
      fail("conflict", po.number .. " has invoices against it", "Settle or reject its invoices first.")
    end
    local open = B.open_commitment(po)
    P.set("purchase_orders", po, { status = "cancelled", cancelled_at = D.now(), cancel_reason = args.reason }, me.id)
    db.exec("UPDATE po_change_orders SET status = 'cancelled' WHERE po_id = ? AND status = 'pending_approval'", po.id)
    P.commit(po.cost_center_id, po.budget_period, -open, me.id)
    if po.contract_id then
      db.exec("UPDATE contracts SET consumed_cents = MAX(0, consumed_cents - ?), updated_at = ? WHERE id = ?", po.total_cents, D.now(), po.contract_id)
      P.history(P.number_of("contracts", po.contract_id), "released", nil, po.number .. " " .. P.money(po.total_cents), me.id)
    end
    return { number = po.number, status = "cancelled", released_commitment = P.dollars(open) }
  end,
}

local close_purchase_order = {
  name = "close_purchase_order",
  description = "Close an issued or received purchase order (no more receipts or invoices expected); what is left of " ..
    "its budget commitment is released. Open invoices on it must be settled first.",
  parameters = {
    number = { type = "string", required = true },
    reason = { type = "string", maxLength = 1000, description = "Why, when closing short of full receipt" },
  },
  run = function(args)
    local me = D.actor_user()
    local po = P.must("purchase_orders", args.number)
    if po.status ~= "issued" and po.status ~= "partially_received" and po.status ~= "received" then
      fail("invalid_state", po.number .. " is " .. po.status .. "; only issued or received orders are closed",
           po.status == "approved" and "An order never issued is cancelled instead." or nil)
    end
    local open_inv = db.value("SELECT number FROM supplier_invoices WHERE po_id = ? AND status IN ('received', 'matched', 'on_hold', 'approved', 'scheduled') ORDER BY id LIMIT 1", po.id)
    if open_inv then fail("conflict", po.number .. " has invoice " .. open_inv .. " still open", "Settle it first (pay, or reject it).") end
    if po.status ~= "received" and (args.reason == nil or args.reason:match("^%s*$")) then
      fail("missing_field", po.number .. " is not fully received; closing it short needs a reason")
    end
    local open = B.open_commitment(po)
    P.set("purchase_orders", po, { status = "closed", closed_at = D.now() }, me.id)
    if args.reason then P.history(po.number, "close_reason", nil, args.reason, me.id) end
    P.commit(po.cost_center_id, po.budget_period, -open, me.id)
    return { number = po.number, status = "closed", released_commitment = P.dollars(open) }
  end,
}

return { search_purchase_orders, get_purchase_order, create_purchase_order, issue_purchase_order, request_change_order,
         cancel_purchase_order, close_purchase_order }
