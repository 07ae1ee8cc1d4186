-- Seed step: requisitions with their lines, quotes and approval chains, oldest first, and the plans of
-- the purchase orders the approved ones became (p2p_seed_orders inserts those). Called by seed.lua
-- with its context `ctx`.
local C = require("p2p_catalog")
local A = require("p2p_approvals")
local Doc = require("p2p_documents")
local Tm = require("p2p_time")

local M = {}

local DAY, HOUR = Tm.DAY, 3600
local REQUISITIONS = 1200

local function chance(p) return rng.float() < p end

-- Whole units of a catalog item someone orders at once, by its price.
local function catalog_quantity(price)
  if price >= 1000000 then return rng.int(1, 2) end
  if price >= 100000 then return rng.int(1, 6) end
  if price >= 10000 then return rng.int(1, 12) end
  return rng.int(2, 30)
end

local SERVICE_QTY = { day = { 3, 20 }, hour = { 10, 60 }, month = { 1, 3 }, week = { 2, 8 }, seat = { 1, 10 },
                      each = { 1, 2 }, visit = { 1, 4 }, quarter = { 1, 2 }, license = { 1, 5 } }

local function weighted_category()
  local total = 0
  for _, b in ipairs(C.BUYING) do total = total + b[2] end
  local r = rng.int(1, total)
  for _, b in ipairs(C.BUYING) do
    r = r - b[2]
    if r <= 0 then return b end
  end
end

-- Lines of a catalog buy: 1-3 items of one supplier in the category, at the contract price while the
-- item's contract is in force, else at list price.
local function catalog_lines(ctx, code, date)
  local items = ctx.items_by_category[code]
  local sup = rng.pick(items).supplier
  local mine = {}
  for _, it in ipairs(items) do if it.supplier == sup then mine[#mine + 1] = it end end
  rng.shuffle(mine)
  local lines, contract = {}, nil
  for k = 1, math.min(#mine, rng.int(1, 3)) do
    local it = mine[k]
    local in_force = it.contract and it.contract.starts_on <= date and date <= it.contract.ends_on
    local price = in_force and it.contract_price or it.list_price
    if in_force then contract = it.contract end
    lines[#lines + 1] = { item = it, description = it.name, category = code, unit = it.unit, quantity = catalog_quantity(price),
                          price = price, contract = in_force and it.contract or nil }
  end
  return sup, contract, lines
end

-- A non-catalog buy: one or two service lines from a preferred supplier most of the time.
local function service_lines(ctx, code, date)
  local list = ctx.preferred[code]
  local sup
  local r = rng.float()
  if r < 0.55 and list[1] then sup = list[1]
  elseif r < 0.75 and list[2] then sup = list[2]
  else sup = rng.pick(ctx.active_by_category[code]) end
  local contract = ctx.contract_on(sup, date)
  local lines = {}
  local options = {}
  for i, s in ipairs(C.SERVICES[code]) do options[i] = s end
  rng.shuffle(options)
  for k = 1, math.min(#options, chance(0.25) and 2 or 1) do  -- two lines are two different services
    local s = options[k]
    local q = SERVICE_QTY[s[2]] or { 1, 3 }
    local price = rng.int(s[3] // 1000, s[4] // 1000) * 1000
    lines[#lines + 1] = { description = s[1], category = code, unit = s[2], quantity = rng.int(q[1], q[2]), price = price,
                          contract = contract }
  end
  return sup, contract, lines
end

-- Times of the working day: 08:00-18:00 UTC on a business day at or after `t`.
local function working_time(t)
  local day = t - t % DAY
  if t > day + 18 * HOUR then day = day + DAY end
  while not Tm.is_business_day(day) do day = day + DAY end
  return math.max(t, day + 8 * HOUR)
end
M.working_time = working_time

-- The approval chain of a document, acted step by step from `from` (unix time). `plan.stop`:
-- "pending" leaves the first real step from `plan.pending_step` on waiting at T0; "withdrawn" cancels it
-- at `plan.withdrawn_at`; "rejected" rejects the last step. Returns the time the chain ended and its
-- outcome: "approved", "rejected", "pending" or "withdrawn". (When every step from pending_step on is
-- skipped, the chain ends approved.)
function M.approve(ctx, doc, from, plan)
  local chain = A.chain_for(doc.amount)
  local seen, t = {}, from
  local last_real
  for i, band in ipairs(chain) do
    local approver = A.approver_for(band.approver_kind, doc.requester, doc.cost_center)
    local row = { object_type = doc.object_type, object_id = doc.object_id, record_number = doc.number, step = band.step,
                  approver_id = approver, amount_cents = doc.amount, requested_at = clock.iso(t) }
    if seen[approver] then
      row.status, row.acted_at, row.comment = "skipped", clock.iso(t), "Approved at an earlier step by the same person."
      db.insert("procurement_approvals", row)
    else
      seen[approver] = true
      local waiting = (plan.stop == "pending" or plan.stop == "withdrawn") and i >= (plan.pending_step or #chain)
      if waiting and plan.stop == "pending" then
        ctx.pending_step(row, t, approver)
        return nil, "pending"
      elseif waiting and math.max(plan.withdrawn_at, t + HOUR) < ctx.T0 then
        local at = math.max(plan.withdrawn_at, t + HOUR)
        row.status, row.acted_at, row.comment = "cancelled", clock.iso(at), "Withdrawn by the requester."
        db.insert("procurement_approvals", row)
        return at, "withdrawn"
      end
      local acted = working_time(t + (chance(0.05) and rng.int(60, 130) or rng.int(1, 30)) * HOUR)
      if waiting or acted >= ctx.T0 then  -- still waiting at T0
        ctx.pending_step(row, t, approver)
        return nil, "pending"
      end
      local due = A.escalation_due(t)
      if acted >= due and ctx.manager_of[approver] then  -- waited too long: escalated to the approver's manager
        local manager = ctx.manager_of[approver]
        row.status, row.escalated_to_id, row.acted_at = "escalated", manager, clock.iso(due)
        row.comment = "Pending " .. A.ESCALATION_BUSINESS_DAYS .. " business days; escalated."
        db.insert("procurement_approvals", row)
        ctx.hist(doc.number, "approval_escalated", ctx.name_of[approver], ctx.name_of[manager], nil, due)
        row = { object_type = doc.object_type, object_id = doc.object_id, record_number = doc.number, step = band.step,
                approver_id = manager, amount_cents = doc.amount, requested_at = clock.iso(due) }
        approver, t = manager, due
        acted = working_time(due + rng.int(1, 20) * HOUR)
        if acted >= ctx.T0 then
          ctx.pending_step(row, t, approver)
          return nil, "pending"
        end
      end
      local rejected = plan.stop == "rejected" and i == #chain
      local delegate = A.delegate_at(approver, clock.iso(acted))
      if delegate == doc.requester then delegate = nil end  -- a delegate never approves their own purchase
      row.acted_by_id = delegate or approver
      row.status, row.acted_at = rejected and "rejected" or "approved", clock.iso(acted)
      if rejected then row.comment = rng.pick(ctx.TEXT.REJECT_COMMENTS) end
      db.insert("procurement_approvals", row)
      t, last_real = acted, acted
      if rejected then return acted, "rejected" end
    end
  end
  return last_real or t, "approved"
end

-- A draft over the threshold is still collecting quotes: the suppliers' answers sit in the inbox, not yet
-- attached (the chosen supplier's at the requisition's price, two others dearer).
local function quote_documents(ctx, sup, lines, total, t)
  local others = {}
  for _, s in ipairs(ctx.active_by_category[sup.category] or {}) do if s ~= sup then others[#others + 1] = s end end
  rng.shuffle(others)
  for k = 1, 3 do
    local s = k == 1 and sup or others[k - 1]
    if s then
      local factor = k == 1 and 100 or rng.int(104, 135)
      local quoted, sum = {}, 0
      for i, l in ipairs(lines) do
        quoted[i] = { description = l.description, qty = l.quantity, unit = l.unit, price = l.price * factor // 100 }
        sum = sum + quoted[i].qty * quoted[i].price
      end
      local at = math.min(t + rng.int(2, 60) * HOUR, ctx.T0 - rng.int(1, 20) * HOUR)
      ctx.extra_documents[#ctx.extra_documents + 1] = {
        at = at, seq = 0, kind = "quote", sender = "sales@" .. s.domain, supplier_id = s.id,
        subject = "Quotation: " .. lines[1].description, format = "text", processed = false,
        body = Doc.quote_text({ supplier_name = s.name, reference = "Q-" .. rng.int(10000, 99999), date = Tm.date_of(at),
                                valid_until = Tm.add_days(Tm.date_of(at), 45), lines = quoted, total = sum,
                                contact = db.value("SELECT name FROM supplier_contacts WHERE supplier_id = ? AND is_primary = 1", s.id) }),
      }
    end
  end
end

-- Quotes for a non-catalog buy over the threshold: three as policy asks (now and then fewer).
local function add_quotes(ctx, req, sup, total, t, requester)
  local count = chance(0.88) and 3 or rng.int(1, 2)
  local others = {}
  for _, s in ipairs(ctx.active_by_category[sup.category] or {}) do if s ~= sup then others[#others + 1] = s end end
  rng.shuffle(others)
  for k = 1, count do
    local s = k == 1 and sup or others[k - 1]
    if s then
      ctx.quote_n = ctx.quote_n + 1
      local amount = k == 1 and total or total * rng.int(104, 135) // 100
      local at = t - rng.int(1, 9) * DAY
      db.insert("quotes", {
        number = string.format("QT%07d", ctx.quote_n), requisition_id = req, supplier_id = s.id, amount_cents = amount,
        valid_until = Tm.add_days(Tm.date_of(at), 60), received_at = clock.iso(at), selected = k == 1 and 1 or 0,
        attached_by_id = requester, attached_at = clock.iso(t), notes = k == 1 and "Best value" or nil,
      })
    end
  end
end

function M.requisitions(ctx)
  local T0 = ctx.T0
  local times = {}
  for i = 1, REQUISITIONS do times[i] = ctx.HISTORY_START + rng.int(0, T0 - ctx.HISTORY_START - HOUR) end
  table.sort(times)
  ctx.po_plans, ctx.quote_n = {}, 0
  for n, t0 in ipairs(times) do
    local t = working_time(t0)
    if t >= T0 - HOUR then t = T0 - rng.int(2, 20) * HOUR end
    local u = rng.pick(ctx.requesters)
    local buying = weighted_category()
    local code = buying[1]
    local date = Tm.date_of(t)
    local sup, contract, lines
    if buying[3] and ctx.items_by_category[code] and chance(0.85) then
      sup, contract, lines = catalog_lines(ctx, code, date)
    else
      sup, contract, lines = service_lines(ctx, code, date)
    end
    local total = 0
    for _, l in ipairs(lines) do l.amount = l.quantity * l.price; total = total + l.amount end
    -- What became of it, by age
    local age = (T0 - t) / DAY
    local r = rng.float()
    local fate
    if age > 12 then
      fate = r < 0.04 and "cancelled" or (r < 0.09 and "rejected" or ((age < 25 and r > 0.96) and "approved" or "ordered"))
    elseif age > 5 then
      fate = r < 0.05 and "rejected" or (r < 0.5 and "ordered" or (r < 0.75 and "approved" or "pending_approval"))
    else
      fate = r < 0.15 and "draft" or (r < 0.55 and "pending_approval" or (r < 0.6 and "rejected" or (r < 0.85 and "approved" or "ordered")))
    end
    local submitted = working_time(t + rng.int(0, 3) * HOUR)
    if fate == "pending_approval" then  -- waiting now: submitted within the last week
      submitted = math.max(submitted, T0 - rng.int(6, 140) * HOUR)
    end
    if submitted >= T0 then submitted = T0 - HOUR end
    local number = string.format("PR%07d", n)
    local gl = ctx.category[code].gl
    local req = db.insert("requisitions", {
      number = number, title = lines[1].description .. (#lines > 1 and " and more" or ""), requester_id = u.id,
      requested_for_id = u.id, cost_center_id = u.cc, gl_account_id = gl, supplier_id = sup.id,
      contract_id = contract and contract.id or nil,
      justification = rng.pick(ctx.TEXT.JUSTIFICATIONS[code] or ctx.TEXT.JUSTIFICATIONS.default), needed_by = Tm.add_days(date, rng.int(7, 45)),
      total_cents = total, status = "draft", created_at = clock.iso(t), updated_at = clock.iso(t),
    })
    for i, l in ipairs(lines) do
      l.id = db.insert("requisition_lines", {
        requisition_id = req, line_no = i, catalog_item_id = l.item and l.item.id or nil, contract_id = l.contract and l.contract.id or nil,
        description = l.description, category_id = ctx.category[code].id, gl_account_id = gl, quantity = l.quantity, unit = l.unit,
        unit_price_cents = l.price, amount_cents = l.amount,
      })
    end
    ctx.hist(number, "created", nil, "draft", u.id, t)
    if not lines[1].item and total > ctx.QUOTES_THRESHOLD then
      if fate == "draft" then quote_documents(ctx, sup, lines, total, t)
      else add_quotes(ctx, req, sup, total, submitted, u.id) end
    end
    local values = { updated_at = clock.iso(t) }
    if fate ~= "draft" then
      values.submitted_at = clock.iso(submitted)
      ctx.hist(number, "status", "draft", "pending_approval", u.id, submitted)
      local doc = { object_type = "requisition", object_id = req, number = number, amount = total, requester = u.id,
                    cost_center = u.cc }
      local stop = ({ pending_approval = "pending", rejected = "rejected", cancelled = "withdrawn" })[fate]
      local chain_length = #A.chain_for(total)
      local ended, outcome = M.approve(ctx, doc, submitted, { stop = stop, pending_step = rng.int(1, chain_length),
                                                              withdrawn_at = submitted + rng.int(2, 40) * HOUR })
      values.status = ({ pending = "pending_approval", rejected = "rejected", withdrawn = "cancelled" })[outcome]
        or (fate == "ordered" and "ordered" or "approved")
      if outcome == "withdrawn" then  -- withdrawn by the requester while waiting
        values.cancelled_reason = rng.pick({ "No longer needed", "Ordered through another requisition", "Budget moved to next quarter" })
        values.updated_at = clock.iso(ended)
        ctx.hist(number, "status", "pending_approval", "cancelled", u.id, ended)
      elseif outcome == "approved" then
        values.approved_at = clock.iso(ended)
        values.updated_at = clock.iso(ended)
        ctx.hist(number, "status", "pending_approval", "approved", nil, ended)
        local po_at = working_time(ended + rng.int(2, 50) * HOUR)
        if fate == "ordered" and po_at >= T0 then values.status = "approved" end
        if values.status == "ordered" then
          values.updated_at = clock.iso(po_at)
          ctx.hist(number, "status", "approved", "ordered", nil, po_at)
          ctx.po_plans[#ctx.po_plans + 1] = { at = po_at, requisition = req, req_number = number, supplier = sup,
                                              contract = contract, requester = u, lines = lines, total = total, code = code }
        end
      elseif outcome == "rejected" then
        values.updated_at = clock.iso(ended)
        ctx.hist(number, "status", "pending_approval", "rejected", nil, ended)
      end
    end
    db.update("requisitions", { id = req }, values)
  end
end

return M
