-- The service catalog and requests: browse, submit, approve, assign, fulfil.
local I = require("itsm")
local V = require("views")

local search_catalog = {
  name = "search_catalog",
  description = "Browse the service catalog: what can be requested, who fulfils it, whether it needs approval.",
  read_only = true,
  parameters = {
    query = { type = "string", description = "Words, any order, in the item's name or description" },
    category = { type = "string", enum = { "hardware", "software", "access", "services" } },
  },
  run = function(args)
    local w = I.where()
      :add_if(true, "c.active = 1")
      :text(args.query, "(c.name LIKE ? OR c.description LIKE ?)")
      :add("c.category = ?", args.category)
    local items = {}
    for k, r in ipairs(db.query([[SELECT c.name, c.category, c.description, c.approval, c.price, g.name AS fulfilled_by
                                  FROM catalog_items c JOIN groups g ON g.id = c.fulfillment_group_id]] .. w:sql() ..
                                " ORDER BY c.category, c.name", w:params())) do
      items[k] = { name = r.name, category = r.category, description = r.description,
                   approval = r.approval == "manager" and "requester's manager" or "none", price = r.price, fulfilled_by = r.fulfilled_by }
    end
    return { items = array(items), total = #items }
  end,
}

local submit_request = {
  name = "submit_request",
  description = "Order a catalog item for someone (default: yourself). Items that need approval wait for the " ..
    "manager of the person it is for; the others go straight to the fulfilment group.",
  parameters = {
    item = { type = "string", description = "Catalog item name, e.g. 'Second Monitor'", required = true },
    requested_for = { type = "string", description = "User name (default: you)" },
    quantity = { type = "integer", minimum = 1, maximum = 20, default = 1 },
    justification = { type = "string", maxLength = 2000 },
  },
  run = function(args)
    local me = I.actor_user()
    local item = db.one("SELECT * FROM catalog_items WHERE name = ? COLLATE NOCASE", args.item)
    if not item then fail("not_found", "No catalog item '" .. args.item .. "'", "Browse the catalog for exact names.") end
    if item.active ~= 1 then fail("invalid_state", item.name .. " is no longer offered", "Browse the catalog for a current item.") end
    local who = args.requested_for and I.must_active_user(args.requested_for, "requested for") or me
    local needs = item.approval == "manager"
    if needs and not who.manager_id then fail("conflict", who.user_name .. " has no manager on record to approve", "Ask IT to fix the profile first.") end
    local number = I.next_number("requests")
    local now = I.now()
    local id = db.insert("requests", {
      number = number, catalog_item_id = item.id, requested_for_id = who.id, opened_by_id = me.id, quantity = args.quantity,
      justification = args.justification, state = needs and "pending_approval" or "approved",
      approver_id = needs and who.manager_id or nil, assignment_group_id = item.fulfillment_group_id,
      opened_at = now, updated_at = now,
    })
    I.audit(number, "created", nil, needs and "pending_approval" or "approved", me.id)
    if needs then
      I.notify(who.manager_id, "Approval needed: " .. number, I.name_of(who.id) .. " requests " .. item.name .. ".", number)
    end
    return V.request(db.one("SELECT * FROM requests WHERE id = ?", id))
  end,
}

local search_requests = {
  name = "search_requests",
  description = "Search catalog requests by state, person, group, approver or text.",
  read_only = true,
  parameters = I.with_paging({
    query = { type = "string", description = "Words, any order, in the item name, number, justification or the name " ..
                                             "of the person it is for" },
    state = { type = "string", enum = { "open", "pending_approval", "approved", "in_progress", "fulfilled", "rejected", "canceled" },
              description = "'open' means pending_approval, approved or in_progress" },
    requested_for = { type = "string" },
    assignment_group = { type = "string" },
    approver = { type = "string" },
    assigned_to = { type = "string", description = "User name of the assignee" },
  }),
  run = function(args)
    local page, size, offset = I.page_args(args)
    local w = I.where()
      :state(args.state, "r.state", "r.state IN ('pending_approval', 'approved', 'in_progress')")
      :add("r.requested_for_id = ?", args.requested_for and I.must_user(args.requested_for).id)
      :add("r.assignment_group_id = ?", args.assignment_group and I.must_group(args.assignment_group).id)
      :add("r.approver_id = ?", args.approver and I.must_user(args.approver).id)
      :add("r.assigned_to_id = ?", args.assigned_to and I.must_user(args.assigned_to).id)
      :text(args.query, "(c.name LIKE ? OR r.number LIKE ? OR r.justification LIKE ? OR u.user_name LIKE ? " ..
                        "OR (u.first_name || ' ' || u.last_name) LIKE ?)")
    -- requested_for_id is a required reference: the join to users keeps every match and the count.
    local from = " FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id JOIN users u ON u.id = r.requested_for_id"
    local rows = db.query([[SELECT r.number, c.name AS item, r.state, u.user_name AS requested_for, r.opened_at,
                                   g.name AS assignment_group, a.user_name AS assigned_to, COUNT(*) OVER () AS total_matches]] .. from ..
                          [[ LEFT JOIN groups g ON g.id = r.assignment_group_id LEFT JOIN users a ON a.id = r.assigned_to_id]] ..
                          w:sql() .. " ORDER BY r.opened_at DESC, r.number DESC LIMIT ? OFFSET ?", w:params(size, offset))
    local total = I.total_of(rows, "SELECT COUNT(*)" .. from .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, item = r.item, state = r.state, requested_for = r.requested_for,
                   assignment_group = I.or_null(r.assignment_group), assigned_to = I.or_null(r.assigned_to), opened_at = r.opened_at }
    end
    return I.paged(items, total, page, size)
  end,
}

local get_request = {
  name = "get_request",
  description = "Full details of a catalog request.",
  read_only = true,
  parameters = { number = { type = "string", required = true } },
  run = function(args) return V.request(I.must_request(args.number)) end,
}

local decide_request_approval = {
  name = "decide_request_approval",
  description = "Approve or reject a request waiting for approval, as the acting manager (who must be its approver).",
  parameters = {
    number = { type = "string", required = true },
    decision = { type = "string", enum = { "approved", "rejected" }, required = true },
    comments = { type = "string", maxLength = 2000 },
  },
  run = function(args)
    local me = I.actor_user()
    local r = I.must_request(args.number)
    if r.state ~= "pending_approval" then fail("invalid_state", r.number .. " is " .. r.state .. ", not waiting for approval") end
    if r.approver_id ~= me.id then
      fail("forbidden", r.number .. " is waiting for " .. tostring(I.name_of(r.approver_id)) .. ", not " .. me.user_name,
           "Only the named approver can decide.")
    end
    local values = { state = args.decision }
    if args.decision == "approved" then values.approved_at = I.now() else values.closed_at = I.now(); values.close_notes = args.comments end
    I.set("requests", r, values, me.id)
    if args.comments then I.add_note(r.number, args.comments, "comment", me.id) end
    I.notify(r.requested_for_id, r.number .. " " .. args.decision, "Your request " .. r.number .. " was " .. args.decision .. ".", r.number)
    return { number = r.number, state = args.decision }
  end,
}

local update_request = {
  name = "update_request",
  description = "Work a request: assign it within its group, start it (in_progress), mark it fulfilled (with close " ..
    "notes), or cancel it (with a reason, kept as its close notes; policy: tell the requester first).",
  parameters = {
    number = { type = "string", required = true },
    state = { type = "string", enum = { "in_progress", "fulfilled", "canceled" } },
    assigned_to = { type = "string", description = "User name of an active member of the fulfilment group" },
    close_notes = { type = "string", maxLength = 2000, description = "What was done (needed to fulfil)" },
    reason = { type = "string", maxLength = 2000, description = "Why it is canceled (needed to cancel; close notes also serve)" },
  },
  run = function(args)
    local me = I.actor_user()
    local r = I.must_request(args.number)
    local values = {}
    if args.assigned_to then values.assigned_to_id = I.must_user(args.assigned_to).id end
    if args.state and args.state ~= r.state then
      if not I.can_move(I.REQUEST_TRANSITIONS, r.state, args.state) then
        fail("invalid_state", "Cannot move " .. r.number .. " from " .. r.state .. " to " .. args.state,
             "Allowed from " .. r.state .. ": " .. I.allowed_list(I.REQUEST_TRANSITIONS, r.state))
      end
      values.state = args.state
      if args.state == "fulfilled" then
        if not args.close_notes then fail("missing_field", "Fulfilling a request needs close_notes") end
        values.close_notes, values.closed_at, values.fulfilled_by_id = args.close_notes, I.now(), me.id
      elseif args.state == "canceled" then
        -- the reason is what the request's close notes keep; close notes given beside it come first
        local why = args.reason
        if args.close_notes then why = args.reason and (args.close_notes .. " Reason: " .. args.reason) or args.close_notes end
        if not why then fail("missing_field", "Canceling a request needs a reason", "Give reason (why it is canceled).") end
        values.close_notes, values.closed_at = why, I.now()
      end
    end
    if next(values) == nil then fail("missing_field", "Nothing to change", "Give state and/or assigned_to.") end
    local changed = I.set("requests", r, values, me.id)
    if values.state == "fulfilled" then
      I.notify(r.requested_for_id, r.number .. " fulfilled", "Your request " .. r.number .. " is complete: " .. args.close_notes, r.number)
    end
    return { number = r.number, changed = changed, request = V.request(db.one("SELECT * FROM requests WHERE id = ?", r.id)) }
  end,
}

return { search_catalog, submit_request, search_requests, get_request, decide_request_approval, update_request }
