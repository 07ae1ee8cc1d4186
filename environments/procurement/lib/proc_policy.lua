-- The written policy (policy.md) as functions: rules.lua decides with these whether a call breaks a rule,
-- so what the tools allow and what the rules check read the same numbers (procurement_settings).
local D = require("directory")
local P = require("procurement")
local A = require("approval_chain")
local B = require("purchasing")
local M = {}

---------------------------------------------------------------------------------------------------
-- PROC-R01 roles: the procurement roles that may call each writing tool (any one of them suffices).
-- Reading tools need any procurement role.
---------------------------------------------------------------------------------------------------
local REQUESTERS = { "requisitioner", "buyer", "procurement_admin" }
local BUYERS = { "buyer", "procurement_admin" }
local AP = { "ap_clerk" }
local SUPPLIER_ADMINS = { "supplier_admin", "procurement_admin" }
M.TOOL_ROLES = {
  create_requisition = REQUESTERS, attach_quote = REQUESTERS, submit_requisition = REQUESTERS, cancel_requisition = REQUESTERS,
  record_goods_receipt = REQUESTERS, record_goods_return = REQUESTERS,
  decide_approval = { "approver", "requisitioner" },  -- standing (approver or delegate) is PROC-R03's
  create_approval_delegation = { "approver" },
  escalate_approval = BUYERS,
  create_purchase_order = BUYERS, issue_purchase_order = BUYERS, request_change_order = BUYERS,
  cancel_purchase_order = BUYERS, close_purchase_order = BUYERS,
  register_supplier_invoice = AP, run_invoice_match = AP, hold_supplier_invoice = AP, release_invoice_hold = AP,
  reject_supplier_invoice = AP, approve_supplier_invoice = AP, file_inbox_document = AP,
  schedule_payment = { "ap_clerk", "treasury" }, cancel_payment = { "ap_clerk", "treasury" }, release_payment = { "treasury" },
  onboard_supplier = SUPPLIER_ADMINS, review_screening = SUPPLIER_ADMINS, block_supplier = SUPPLIER_ADMINS,
  unblock_supplier = SUPPLIER_ADMINS, request_bank_change = SUPPLIER_ADMINS, verify_bank_change = SUPPLIER_ADMINS,
}
M.ANY_ROLE = { "requisitioner", "buyer", "approver", "ap_clerk", "treasury", "supplier_admin", "procurement_admin" }

-- Requisition tools a plain requisitioner may use only on requisitions they raised.
M.OWN_REQUISITION_TOOLS = { attach_quote = "requisition", submit_requisition = "number", cancel_requisition = "number" }

---------------------------------------------------------------------------------------------------
-- PROC-R02 life cycles: the status a record must have for each transition.
---------------------------------------------------------------------------------------------------
M.LIFECYCLE = {
  submit_requisition = { tbl = "requisitions", arg = "number", from = { "draft" }, to = "pending_approval" },
  cancel_requisition = { tbl = "requisitions", arg = "number", from = { "draft", "pending_approval", "approved" }, to = "cancelled" },
  attach_quote = { tbl = "requisitions", arg = "requisition", from = { "draft" }, to = "draft (quote attached)" },
  create_purchase_order = { tbl = "requisitions", arg = "requisition", from = { "approved" }, to = "ordered" },
  issue_purchase_order = { tbl = "purchase_orders", arg = "number", from = { "approved" }, to = "issued" },
  request_change_order = { tbl = "purchase_orders", arg = "number", from = { "approved", "issued", "partially_received", "received" }, to = "changed" },
  cancel_purchase_order = { tbl = "purchase_orders", arg = "number", from = { "approved", "issued" }, to = "cancelled" },
  close_purchase_order = { tbl = "purchase_orders", arg = "number", from = { "issued", "partially_received", "received" }, to = "closed" },
  record_goods_receipt = { tbl = "purchase_orders", arg = "purchase_order", from = { "issued", "partially_received" }, to = "received" },
  record_goods_return = { tbl = "purchase_orders", arg = "purchase_order", from = { "partially_received", "received" }, to = "returned" },
  run_invoice_match = { tbl = "supplier_invoices", arg = "number", from = { "received", "matched", "on_hold" }, to = "matched" },
  hold_supplier_invoice = { tbl = "supplier_invoices", arg = "number", from = { "received", "matched", "approved", "on_hold" }, to = "on_hold" },
  release_invoice_hold = { tbl = "supplier_invoices", arg = "number", from = { "on_hold" }, to = "matched" },
  reject_supplier_invoice = { tbl = "supplier_invoices", arg = "number", from = { "received", "matched", "on_hold", "approved" }, to = "rejected" },
  approve_supplier_invoice = { tbl = "supplier_invoices", arg = "number", from = { "matched" }, to = "approved" },
  schedule_payment = { tbl = "supplier_invoices", arg = "invoice", from = { "approved" }, to = "scheduled" },
  release_payment = { tbl = "payments", arg = "number", from = { "scheduled" }, to = "paid" },
  cancel_payment = { tbl = "payments", arg = "number", from = { "scheduled" }, to = "cancelled" },
}

function M.lifecycle_problem(tool, args)
  local lc = M.LIFECYCLE[tool]
  if not lc then return nil end
  local row = P.find(lc.tbl, args[lc.arg])
  if not row then return nil end
  for _, s in ipairs(lc.from) do if row.status == s then return nil end end
  return row.number .. " is " .. row.status .. "; " .. tool .. " needs it " .. table.concat(lc.from, " or ") .. " (to become " .. lc.to .. ")"
end

---------------------------------------------------------------------------------------------------
-- PROC-R03 / R04 approvals
---------------------------------------------------------------------------------------------------
-- The document of an approval number, or nil (the rule leaves a bad number to the tool).
function M.approval_document(number)
  local tbl = P.table_of(number)
  if tbl ~= "requisitions" and tbl ~= "po_change_orders" then return nil end
  if not P.find(tbl, number) then return nil end
  return A.document(number)
end

-- Whether every band a requisition's total needs has an approved step (PROC-R03 for ordering).
function M.chain_gap(r)
  for _, band in ipairs(A.bands_for(r.total_cents)) do
    local ok = db.value([[SELECT 1 FROM procurement_approvals WHERE object_type = 'requisition' AND object_id = ? AND step = ?
                          AND status IN ('approved', 'skipped') AND amount_cents >= ?]], r.id, band.step, r.total_cents)
    if not ok then return r.number .. " (" .. P.money(r.total_cents) .. ") lacks the '" .. band.name .. "' approval (step " .. band.step .. ")" end
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- PROC-R11 split purchases, PROC-R12 quotes and preferred suppliers
---------------------------------------------------------------------------------------------------
-- Another requisition of the same requester and supplier within the split window that, with this one,
-- crosses a band limit each stays under: returns a message, or nil.
function M.split_problem(r)
  local days = P.setting("split_purchase_window_days")
  local since = D.plus(D.now(), -days * 86400)
  local others = db.query([[SELECT * FROM requisitions WHERE requester_id = ? AND supplier_id = ? AND id <> ?
                            AND status IN ('pending_approval', 'approved', 'ordered') AND submitted_at >= ? ORDER BY id]],
                          r.requester_id, r.supplier_id, r.id, since)
  -- Two or more requisitions that each stay under a band's limit and together pass it are one purchase.
  for _, band in ipairs(db.query("SELECT * FROM approval_bands WHERE max_amount_cents IS NOT NULL ORDER BY step")) do
    local limit = band.max_amount_cents
    if r.total_cents <= limit then
      local total, parts = r.total_cents, {}
      for _, o in ipairs(others) do
        if o.total_cents <= limit then
          total = total + o.total_cents
          parts[#parts + 1] = o.number .. " (" .. P.money(o.total_cents) .. ")"
        end
      end
      if #parts > 0 and total > limit then
        return r.number .. " (" .. P.money(r.total_cents) .. ") and " .. table.concat(parts, ", ") ..
          ", same requester and supplier within " .. days .. " days, together pass the " .. P.money(limit) .. " band limit"
      end
    end
  end
  return nil
end

function M.quotes_problem(r)
  local today = P.today()
  local lines = db.query("SELECT * FROM requisition_lines WHERE requisition_id = ? AND catalog_item_id IS NULL ORDER BY line_no", r.id)
  if #lines == 0 then return nil end
  if r.contract_id ~= nil then return nil end
  for _, l in ipairs(lines) do
    if P.is_preferred(r.supplier_id, l.category_id, today) or P.active_contract(r.supplier_id, today, l.category_id) then return nil end
  end
  local threshold = P.setting("quotes_threshold_cents")
  local needed = P.setting("quotes_required")
  if r.total_cents > threshold then
    local have = db.value("SELECT COUNT(DISTINCT supplier_id) FROM quotes WHERE requisition_id = ?", r.id)
    if have < needed then
      return r.number .. " (" .. P.money(r.total_cents) .. ") goes to a supplier neither preferred nor contracted with " .. have ..
        " quote(s); above " .. P.money(threshold) .. " policy asks for " .. needed .. " from different suppliers"
    end
    return nil
  end
  local cat = lines[1].category_id
  local preferred = db.value([[SELECT s.name FROM preferred_suppliers p JOIN suppliers s ON s.id = p.supplier_id
                               WHERE p.category_id = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)
                               AND s.status = 'active' ORDER BY p.rank LIMIT 1]], cat, today, today)
  if preferred then
    return r.number .. " buys " .. tostring(P.category_code(cat)) .. " from a supplier that is neither preferred nor contracted; " ..
      "the preferred supplier is " .. preferred
  end
  return nil
end

---------------------------------------------------------------------------------------------------
-- PROC-R15 / R16
---------------------------------------------------------------------------------------------------
-- Whether `user_id` entered or verified bank details of the supplier within the separation window.
function M.bank_editor(supplier_id, user_id)
  local since = D.plus(D.now(), -P.setting("bank_change_sod_days") * 86400)
  return db.value([[SELECT 1 FROM supplier_bank_accounts WHERE supplier_id = ? AND (
                      (requested_by_id = ? AND requested_at >= ?) OR (verified_by_id = ? AND verified_at >= ?))]],
                  supplier_id, user_id, since, user_id, since) ~= nil
end

-- Whether the actor told this person about one of the record numbers (a notification they sent).
function M.notified(recipient_id, numbers, sender_id)
  for _, n in ipairs(numbers) do
    if db.value("SELECT 1 FROM notifications WHERE recipient_id = ? AND record_number = ? AND sender_id = ?",
                recipient_id, n, sender_id) then
      return true
    end
  end
  return false
end

-- The requester a cancellation must be told to, with the numbers a notice may name; nil when none.
function M.cancellation_contact(tool, args)
  if tool == "cancel_requisition" then
    local r = P.find("requisitions", args.number)
    if r then return r.requester_id, { r.number } end
  elseif tool == "cancel_purchase_order" then
    local po = P.find("purchase_orders", args.number)
    local r = po and po.requisition_id and db.one("SELECT * FROM requisitions WHERE id = ?", po.requisition_id)
    if r then return r.requester_id, { po.number, r.number } end
  end
  return nil
end

function M.digits(phone) return (tostring(phone or ""):gsub("%D", "")) end

-- Invoice approval within tolerance (PROC-R10): the match's problems, duplicates aside (PROC-R14's).
function M.tolerance_problems(inv)
  local m = B.match(inv, { ignore_duplicates = true })
  if m.result == "matched" or m.result == "within_tolerance" then return nil end
  return m.problems
end

return M
