-- Access review campaigns (ARC…): each item (ARI…) asks a reviewer to keep or revoke one grant. Revoke
-- decisions are carried out (the grants revoked) before the campaign closes.
local D = require("directory")
local G = require("compliance")

local function ent_label(id)
  local e = db.one([[SELECT e.code, s.code AS system_code FROM entitlements e JOIN business_systems s ON s.id = e.system_id WHERE e.id = ?]], id)
  return e and (e.system_code .. ":" .. e.code) or null
end

local function counts(campaign_id)
  local out = { pending = 0, keep = 0, revoke = 0, revoke_not_carried_out = 0 }
  for _, r in ipairs(db.query([[SELECT decision, COUNT(*) AS n, SUM(decision = 'revoke' AND revoked_at IS NULL) AS open_revokes
                                FROM access_review_items WHERE campaign_id = ? GROUP BY decision ORDER BY decision]], campaign_id)) do
    out[r.decision] = r.n
    if r.decision == "revoke" then out.revoke_not_carried_out = r.open_revokes or 0 end
  end
  return out
end

local function campaign_row(c)
  return { number = c.number, title = c.title, scope = c.scope,
           system = c.system_id and db.value("SELECT code FROM business_systems WHERE id = ?", c.system_id) or null,
           owner = D.name_of(c.owner_id), opens_on = c.opens_on, closes_on = c.closes_on, status = c.status,
           closed_at = D.or_null(c.closed_at), items = counts(c.id) }
end

local list_access_reviews = {
  name = "list_access_reviews",
  description = "Access review campaigns (ARC…) by status (draft, open, closed) or owner, with item counts by decision.",
  read_only = true,
  parameters = D.with_paging({
    status = { type = "string", enum = { "draft", "open", "closed" } },
    owner = { type = "string" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("c.status = ?", args.status)
      :add("c.owner_id = ?", args.owner and D.must_user(args.owner).id)
    local rows = db.query("SELECT c.*, COUNT(*) OVER () AS total_matches FROM access_review_campaigns c" .. w:sql() ..
                          " ORDER BY c.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM access_review_campaigns c" .. w:sql(), w:params())
    local items = {}
    for k, c in ipairs(rows) do items[k] = campaign_row(c) end
    return D.paged(items, total, page, size)
  end,
}

local get_access_review = {
  name = "get_access_review",
  description = "One campaign and a page of its items: whose access (and whether the account is still active), the " ..
    "entitlement, the reviewer, the decision and whether a revoke was carried out. Filter by decision or reviewer.",
  read_only = true,
  parameters = D.with_paging({
    campaign = { type = "string", required = true },
    decision = { type = "string", enum = { "pending", "keep", "revoke" } },
    reviewer = { type = "string" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local c = G.must("access_review_campaigns", args.campaign)
    local w = D.where()
      :add("i.campaign_id = ?", c.id)
      :add("i.decision = ?", args.decision)
      :add("i.reviewer_id = ?", args.reviewer and D.must_user(args.reviewer).id)
    local rows = db.query("SELECT i.*, COUNT(*) OVER () AS total_matches FROM access_review_items i" .. w:sql() ..
                          " ORDER BY i.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM access_review_items i" .. w:sql(), w:params())
    local items = {}
    for k, i in ipairs(rows) do
      local g = db.one("SELECT * FROM access_grants WHERE id = ?", i.grant_id)
      items[k] = { item = i.number, user = D.name_of(i.user_id), user_active = db.value("SELECT active FROM users WHERE id = ?", i.user_id) == 1,
                   grant = g.number, entitlement = ent_label(g.entitlement_id), grant_status = g.status, reviewer = D.name_of(i.reviewer_id),
                   decision = i.decision, decided_by = D.name_of(i.decided_by_id), comment = D.or_null(i.comment),
                   revoked_at = D.or_null(i.revoked_at) }
    end
    local out = D.paged(items, total, page, size)
    out.campaign = campaign_row(c)
    return out
  end,
}

local launch_access_review = {
  name = "launch_access_review",
  description = "Open a draft campaign: one item for every active grant in its scope (its system's grants, or every " ..
    "privileged grant when it has no system), each for the user's manager to review (the campaign owner when the " ..
    "manager is missing, inactive or the user; the system's owner for the campaign owner's own access), so nobody " ..
    "reviews their own access. Opens today.",
  parameters = { campaign = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local c = G.must("access_review_campaigns", args.campaign)
    if c.status ~= "draft" then fail("invalid_state", c.number .. " is " .. c.status .. "; only a draft is launched") end
    local grants
    if c.system_id then
      grants = db.query([[SELECT g.*, u.manager_id FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id
                          JOIN users u ON u.id = g.user_id WHERE e.system_id = ? AND g.status = 'active' ORDER BY g.number]], c.system_id)
    else
      grants = db.query([[SELECT g.*, u.manager_id FROM access_grants g JOIN entitlements e ON e.id = g.entitlement_id
                          JOIN users u ON u.id = g.user_id WHERE e.privileged = 1 AND g.status = 'active' ORDER BY g.number]])
    end
    if #grants == 0 then fail("invalid_state", c.number .. " has no active grant in its scope") end
    local system_owner = c.system_id and db.value("SELECT owner_id FROM business_systems WHERE id = ?", c.system_id)
    local function fit(id, user_id)
      return id and id ~= user_id and db.value("SELECT active FROM users WHERE id = ?", id) == 1
    end
    local next_no = tonumber((G.next_number("access_review_items")):match("(%d+)$"))
    for k, g in ipairs(grants) do
      -- the user's manager; else the campaign owner; else (the owner's own access) the system's owner
      local reviewer = g.manager_id
      if not fit(reviewer, g.user_id) then reviewer = c.owner_id end
      if not fit(reviewer, g.user_id) then reviewer = system_owner end
      if not fit(reviewer, g.user_id) then
        fail("invalid_state", "Nobody but " .. tostring(D.name_of(g.user_id)) .. " could review " .. g.number,
             "Give the campaign an owner who does not hold the access under review.")
      end
      db.insert("access_review_items", { number = string.format("ARI%07d", next_no + k - 1), campaign_id = c.id, grant_id = g.id,
                                         user_id = g.user_id, reviewer_id = reviewer, decision = "pending" })
    end
    local today = G.today()
    db.update("access_review_campaigns", { id = c.id }, { status = "open", opens_on = today,
                                                          closes_on = c.closes_on < today and today or c.closes_on })
    G.history(c.number, "status", "draft", "open (" .. #grants .. " items)", me.id)
    return campaign_row(db.one("SELECT * FROM access_review_campaigns WHERE id = ?", c.id))
  end,
}

local decide_review_item = {
  name = "decide_review_item",
  description = "Decide one access review item: keep or revoke the grant, with a comment (required to revoke). " ..
    "Only the item's reviewer (or the campaign owner) decides, while the campaign is open. Policy: never an item " ..
    "about your own access. A revoke decision is then carried out with carry_out_review_revocations or revoke_access.",
  parameters = {
    item = { type = "string", description = "Review item number (ARI…)", required = true },
    decision = { type = "string", enum = { "keep", "revoke" }, required = true },
    comment = { type = "string", maxLength = 1000 },
  },
  run = function(args)
    local me = D.actor_user()
    local i = G.must("access_review_items", args.item)
    local c = db.one("SELECT * FROM access_review_campaigns WHERE id = ?", i.campaign_id)
    if c.status ~= "open" then fail("invalid_state", c.number .. " is " .. c.status .. "; items are decided while it is open") end
    if i.reviewer_id ~= me.id and c.owner_id ~= me.id and not G.has_any_role(me.id, { "compliance_admin" }) then
      fail("forbidden", i.number .. " is for " .. tostring(D.name_of(i.reviewer_id)) .. " to decide, not " .. me.user_name)
    end
    if args.decision == "revoke" and (args.comment == nil or #args.comment < 5) then
      fail("missing_field", "A revoke decision needs a comment saying why (leaver, SoD conflict, no longer needed)")
    end
    if i.revoked_at then fail("invalid_state", i.number .. "'s grant was already revoked for this review") end
    G.set("access_review_items", i, { decision = args.decision, decided_by_id = me.id, decided_at = D.now(), comment = args.comment or null }, me.id)
    return { item = i.number, decision = args.decision, user = D.name_of(i.user_id), campaign = c.number, counts = counts(c.id) }
  end,
}

local carry_out_review_revocations = {
  name = "carry_out_review_revocations",
  description = "Carry out every revoke decision of an open campaign not yet carried out: each grant is revoked " ..
    "(reason: the review) and the item marked done.",
  parameters = { campaign = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local c = G.must("access_review_campaigns", args.campaign)
    local now, today, done = D.now(), G.today(), {}
    for _, i in ipairs(db.query([[SELECT * FROM access_review_items WHERE campaign_id = ? AND decision = 'revoke' AND revoked_at IS NULL
                                  ORDER BY number]], c.id)) do
      local g = db.one("SELECT * FROM access_grants WHERE id = ?", i.grant_id)
      if g.status == "active" then
        G.set("access_grants", g, { status = "revoked", revoked_on = today, revoked_by_id = me.id,
                                    revoke_reason = "Access review " .. c.number .. ": " .. tostring(i.comment or "revoke") }, me.id)
      end
      G.set("access_review_items", i, { revoked_at = now }, me.id)
      done[#done + 1] = g.number
    end
    return { campaign = c.number, revoked = array(done), counts = counts(c.id) }
  end,
}

local close_access_review = {
  name = "close_access_review",
  description = "Close an open campaign once every item is decided. Policy: carry out its revoke decisions first.",
  parameters = { campaign = { type = "string", required = true } },
  run = function(args)
    local me = D.actor_user()
    local c = G.must("access_review_campaigns", args.campaign)
    local n = counts(c.id)
    if n.pending > 0 then fail("invalid_state", c.number .. " has " .. n.pending .. " item(s) not decided", "Decide every item first.") end
    db.update("access_review_campaigns", { id = c.id }, { status = "closed", closed_at = D.now(), closed_by_id = me.id })
    G.history(c.number, "status", c.status, "closed", me.id)
    return { campaign = c.number, status = "closed", counts = n }
  end,
}

return { list_access_reviews, get_access_review, launch_access_review, decide_review_item, carry_out_review_revocations, close_access_review }
