-- Compliance policies: search and read them with their versions and reviews, draft a new version,
-- publish it (approved by someone other than its author), and record the annual review.
local D = require("directory")
local G = require("compliance")

local function policy_view(p)
  local versions, reviews = {}, {}
  for _, v in ipairs(db.query("SELECT * FROM policy_versions WHERE policy_id = ? ORDER BY id DESC", p.id)) do
    versions[#versions + 1] = { version = v.version, status = v.status, summary = v.summary, author = D.name_of(v.author_id),
                                approved_by = D.name_of(v.approved_by_id), published_on = D.or_null(v.published_on) }
  end
  for _, r in ipairs(db.query("SELECT * FROM policy_reviews WHERE policy_id = ? ORDER BY reviewed_on DESC, id DESC LIMIT 5", p.id)) do
    reviews[#reviews + 1] = { reviewed_on = r.reviewed_on, reviewer = D.name_of(r.reviewer_id), outcome = r.outcome, notes = D.or_null(r.notes) }
  end
  return {
    number = p.number, title = p.title, status = p.status, current_version = p.current_version, owner = D.name_of(p.owner_id),
    framework = p.framework_id and db.value("SELECT code FROM frameworks WHERE id = ?", p.framework_id) or null, summary = p.summary,
    published_on = D.or_null(p.published_on), last_reviewed_on = D.or_null(p.last_reviewed_on), next_review_on = D.or_null(p.next_review_on),
    review_overdue = p.next_review_on ~= nil and p.status ~= "retired" and p.next_review_on < G.today(),
    versions = array(versions), reviews = array(reviews),
  }
end

local search_policies = {
  name = "search_policies",
  description = "Search compliance policies (POL…) by words in the title, status (draft, in_review, published, " ..
    "retired), owner, or those whose annual review is overdue.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string" },
    status = { type = "string", enum = { "draft", "in_review", "published", "retired" } },
    owner = { type = "string" },
    review_overdue = { type = "boolean", description = "Only policies past their next review date" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("p.status = ?", args.status)
      :add("p.owner_id = ?", args.owner and D.must_user(args.owner, "policy owner").id)
      :add_if(args.review_overdue, "p.status <> 'retired' AND p.next_review_on < ?", G.today())
      :text(args.query, "(p.title LIKE ? OR p.number LIKE ? OR p.summary LIKE ?)")
    local rows = db.query("SELECT p.*, COUNT(*) OVER () AS total_matches FROM compliance_policies p" .. w:sql() ..
                          " ORDER BY p.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM compliance_policies p" .. w:sql(), w:params())
    local items = {}
    for k, p in ipairs(rows) do
      items[k] = { number = p.number, title = p.title, status = p.status, current_version = p.current_version,
                   owner = D.name_of(p.owner_id), next_review_on = D.or_null(p.next_review_on) }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_policy = {
  name = "get_policy",
  description = "A policy with its versions (who wrote and approved each), reviews and next review date.",
  read_only = true,
  parameters = { policy = { type = "string", description = "Policy number (POL…) or exact title", required = true } },
  run = function(args)
    local p = G.find("compliance_policies", args.policy) or db.one("SELECT * FROM compliance_policies WHERE title = ? COLLATE NOCASE", args.policy)
    if not p then G.must("compliance_policies", args.policy) end
    return policy_view(p)
  end,
}

local draft_policy_version = {
  name = "draft_policy_version",
  description = "Draft a new version of a policy (e.g. 3.2) saying what changes; the policy goes in review until " ..
    "a risk approver other than the author publishes it.",
  parameters = {
    policy = { type = "string", required = true },
    version = { type = "string", pattern = "^[0-9]+\\.[0-9]+$", required = true, description = "e.g. 3.2" },
    summary = { type = "string", minLength = 10, maxLength = 2000, required = true, description = "What changes in this version" },
  },
  run = function(args)
    local me = D.actor_user()
    local p = G.must("compliance_policies", args.policy)
    if p.status == "retired" then fail("invalid_state", p.number .. " is retired") end
    if db.value("SELECT 1 FROM policy_versions WHERE policy_id = ? AND version = ?", p.id, args.version) then
      fail("conflict", p.number .. " already has version " .. args.version)
    end
    if db.value("SELECT 1 FROM policy_versions WHERE policy_id = ? AND status IN ('draft', 'in_review')", p.id) then
      fail("conflict", p.number .. " already has a version in draft or review", "Publish or finish that one first.")
    end
    local cur_major, cur_minor = tostring(p.current_version):match("^(%d+)%.(%d+)$")
    local major, minor = args.version:match("^(%d+)%.(%d+)$")
    if cur_major and (tonumber(major) * 1000 + tonumber(minor) <= tonumber(cur_major) * 1000 + tonumber(cur_minor)) then
      fail("invalid_arguments", "Version " .. args.version .. " is not after the current " .. p.current_version)
    end
    db.insert("policy_versions", { policy_id = p.id, version = args.version, status = "in_review", summary = args.summary,
                                   author_id = me.id, created_at = D.now() })
    G.history(p.number, "version_drafted", p.current_version, args.version, me.id)
    if p.status ~= "draft" then G.set("compliance_policies", p, { status = "in_review" }, me.id) end
    return policy_view(db.one("SELECT * FROM compliance_policies WHERE id = ?", p.id))
  end,
}

local publish_policy_version = {
  name = "publish_policy_version",
  description = "Approve and publish the version of a policy in review: it becomes the current version, the old " ..
    "one is superseded, and the next review falls due in 12 months. Policy: never a version you wrote.",
  parameters = {
    policy = { type = "string", required = true },
    version = { type = "string", required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local p = G.must("compliance_policies", args.policy)
    local v = db.one("SELECT * FROM policy_versions WHERE policy_id = ? AND version = ?", p.id, args.version)
    if not v then fail("not_found", p.number .. " has no version " .. args.version, "get_policy lists its versions.") end
    if v.status ~= "in_review" and v.status ~= "draft" then fail("invalid_state", "Version " .. v.version .. " is " .. v.status) end
    local today = G.today()
    db.exec("UPDATE policy_versions SET status = 'superseded' WHERE policy_id = ? AND status = 'published'", p.id)
    db.update("policy_versions", { id = v.id }, { status = "published", approved_by_id = me.id, approved_on = today, published_on = today })
    G.set("compliance_policies", p, { status = "published", current_version = v.version, published_on = today, last_reviewed_on = today,
                                      next_review_on = G.add_months(today, 12), summary = v.summary }, me.id)
    return policy_view(db.one("SELECT * FROM compliance_policies WHERE id = ?", p.id))
  end,
}

local record_policy_review = {
  name = "record_policy_review",
  description = "Record the annual review of a published policy: no_change (the next review is due 12 months on) " ..
    "or revise (draft a new version next).",
  parameters = {
    policy = { type = "string", required = true },
    outcome = { type = "string", enum = { "no_change", "revise" }, required = true },
    notes = { type = "string", minLength = 10, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local p = G.must("compliance_policies", args.policy)
    if p.status ~= "published" then fail("invalid_state", p.number .. " is " .. p.status .. "; only a published policy is reviewed") end
    local today = G.today()
    db.insert("policy_reviews", { policy_id = p.id, reviewer_id = me.id, reviewed_on = today, outcome = args.outcome, notes = args.notes })
    local values = { last_reviewed_on = today }
    if args.outcome == "no_change" then values.next_review_on = G.add_months(today, 12) end
    G.set("compliance_policies", p, values, me.id)
    G.history(p.number, "review", nil, args.outcome .. ": " .. args.notes, me.id)
    return policy_view(db.one("SELECT * FROM compliance_policies WHERE id = ?", p.id))
  end,
}

return { search_policies, get_policy, draft_policy_version, publish_policy_version, record_policy_review }
