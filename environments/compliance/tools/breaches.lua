-- Security incidents and personal-data breaches (BRC…): record with the time the company became aware,
-- assess the risk to people, notify the supervisory authority within 72 hours of awareness and the people
-- affected when the risk is high, link the failed control, and close.
local D = require("directory")
local G = require("compliance")
local Pol = require("comp_policy")
local Deadlines = require("grc_deadlines")

local function hours_between(from, to) return (clock.parse(to) - clock.parse(from)) / 3600 end

local function breach_view(b)
  local now = D.now()
  return {
    number = b.number, title = b.title, description = b.description, status = b.status,
    system = b.system_id and db.value("SELECT code FROM business_systems WHERE id = ?", b.system_id) or null,
    occurred_at = D.or_null(b.occurred_at), aware_at = b.aware_at, notify_by = b.notify_by,
    hours_since_awareness = math.floor(hours_between(b.aware_at, now) * 10 + 0.5) / 10,
    authority_deadline_passed = now > b.notify_by, risk_level = b.risk_level, personal_data = b.personal_data == 1,
    subjects_affected = b.subjects_affected, eu_subjects = b.eu_subjects, handled_by = D.name_of(b.handled_by_id),
    assessed_by = D.name_of(b.assessed_by_id), authority_notified_at = D.or_null(b.authority_notified_at),
    authority_reference = D.or_null(b.authority_reference), subjects_notified_at = D.or_null(b.subjects_notified_at),
    notification_overdue = b.notification_overdue == 1, control = G.number_of("grc_controls", b.control_id),
    finding = G.number_of("findings", b.finding_id), closed_at = D.or_null(b.closed_at),
  }
end

local function reload(b) return db.one("SELECT * FROM breaches WHERE id = ?", b.id) end

local search_breaches = {
  name = "search_breaches",
  description = "Security incidents and breaches (BRC…) by words in the title, status (open, assessed, contained, " ..
    "notified, closed), personal data only, or a breach number for its full record with the 72-hour clock.",
  read_only = true,
  parameters = D.with_paging({
    breach = { type = "string", description = "A breach number: that breach in full" },
    query = { type = "string" },
    status = { type = "string", enum = { "open", "assessed", "contained", "notified", "closed" } },
    personal_data_only = { type = "boolean" },
  }),
  run = function(args)
    if args.breach then return breach_view(G.must("breaches", args.breach)) end
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("b.status = ?", args.status)
      :add_if(args.personal_data_only, "b.personal_data = 1")
      :text(args.query, "(b.title LIKE ? OR b.number LIKE ? OR b.description LIKE ?)")
    local rows = db.query("SELECT b.*, COUNT(*) OVER () AS total_matches FROM breaches b" .. w:sql() ..
                          " ORDER BY b.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM breaches b" .. w:sql(), w:params())
    local items = {}
    for k, b in ipairs(rows) do
      items[k] = { number = b.number, title = b.title, status = b.status, aware_at = b.aware_at, notify_by = b.notify_by,
                   risk_level = b.risk_level, personal_data = b.personal_data == 1, authority_notified_at = D.or_null(b.authority_notified_at) }
    end
    return D.paged(items, total, page, size)
  end,
}

local record_breach = {
  name = "record_breach",
  description = "Record a security incident or suspected personal-data breach, with when the company became aware " ..
    "(default now): the authority must be told within 72 hours of that moment.",
  parameters = {
    title = { type = "string", minLength = 5, maxLength = 200, required = true },
    description = { type = "string", minLength = 10, maxLength = 4000, required = true },
    system = { type = "string", description = "System code where it happened" },
    aware_at = { type = "string", format = "date-time", description = "When the company became aware (default now)" },
    occurred_at = { type = "string", format = "date-time" },
    personal_data = { type = "boolean", required = true },
    subjects_affected = { type = "integer", minimum = 0, default = 0 },
    eu_subjects = { type = "integer", minimum = 0, default = 0 },
  },
  run = function(args)
    local me = D.actor_user()
    local sys = args.system and db.one("SELECT * FROM business_systems WHERE code = ? COLLATE NOCASE", args.system)
    if args.system and not sys then fail("not_found", "No system '" .. args.system .. "'") end
    local aware = D.time_arg(args.aware_at, "aware_at") or D.now()
    if aware > D.now() then fail("invalid_arguments", "aware_at is in the future") end
    if (args.eu_subjects or 0) > (args.subjects_affected or 0) then fail("invalid_arguments", "eu_subjects is more than subjects_affected") end
    local b = G.create("breaches", {
      title = args.title, description = args.description, system_id = sys and sys.id, occurred_at = D.time_arg(args.occurred_at, "occurred_at"),
      aware_at = aware, notify_by = D.plus(aware, Pol.BREACH_NOTIFY_HOURS * 3600), risk_level = "unassessed",
      personal_data = args.personal_data and 1 or 0, subjects_affected = args.subjects_affected or 0, eu_subjects = args.eu_subjects or 0,
      handled_by_id = me.id, status = "open",
    }, me.id)
    Deadlines.breach(b)
    return breach_view(b)
  end,
}

local assess_breach = {
  name = "assess_breach",
  description = "Assess a breach: the risk to people (low, medium, high), whether personal data is involved, how " ..
    "many people (and how many in the EU), and the control that failed, if known.",
  parameters = {
    breach = { type = "string", required = true },
    risk_level = { type = "string", enum = { "low", "medium", "high" }, required = true },
    personal_data = { type = "boolean", required = true },
    subjects_affected = { type = "integer", minimum = 0, required = true },
    eu_subjects = { type = "integer", minimum = 0, required = true },
    control = { type = "string", description = "Control number (CTL…) that failed" },
    note = { type = "string", minLength = 10, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local b = G.must("breaches", args.breach)
    if args.eu_subjects > args.subjects_affected then fail("invalid_arguments", "eu_subjects is more than subjects_affected") end
    local c = args.control and G.must("grc_controls", args.control)
    G.set("breaches", b, { risk_level = args.risk_level, personal_data = args.personal_data and 1 or 0, subjects_affected = args.subjects_affected,
                           eu_subjects = args.eu_subjects, control_id = c and c.id or b.control_id, assessed_by_id = me.id,
                           status = b.status == "open" and "assessed" or b.status }, me.id)
    G.history(b.number, "assessment", nil, args.note, me.id)
    local after = reload(b)
    if b.personal_data ~= 1 and after.personal_data == 1 then Deadlines.breach(after) end
    return breach_view(after)
  end,
}

local contain_breach = {
  name = "contain_breach",
  description = "Record that a breach is contained (the leak stopped: access removed, link disabled, keys rotated), " ..
    "saying how. Containment does not stop the 72-hour clock.",
  parameters = {
    breach = { type = "string", required = true },
    actions = { type = "string", minLength = 10, maxLength = 4000, required = true, description = "What was done to contain it" },
  },
  run = function(args)
    local me = D.actor_user()
    local b = G.must("breaches", args.breach)
    G.set("breaches", b, { status = "contained" }, me.id)
    G.history(b.number, "containment", nil, args.actions, me.id)
    return breach_view(reload(b))
  end,
}

local notify_breach_authority = {
  name = "notify_breach_authority",
  description = "Record the notification of an assessed personal-data breach to the supervisory authority, with " ..
    "the authority's reference and what was reported. Policy: within 72 hours of awareness.",
  parameters = {
    breach = { type = "string", required = true },
    reference = { type = "string", minLength = 3, maxLength = 80, required = true, description = "The authority's case reference" },
    summary = { type = "string", minLength = 20, maxLength = 4000, required = true, description = "What was reported" },
  },
  run = function(args)
    local me = D.actor_user()
    local b = G.must("breaches", args.breach)
    if b.authority_notified_at then fail("conflict", b.number .. " was already notified on " .. b.authority_notified_at) end
    G.set("breaches", b, { authority_notified_at = D.now(), authority_reference = args.reference, status = "notified" }, me.id)
    G.history(b.number, "authority_report", nil, args.summary, me.id)
    return breach_view(reload(b))
  end,
}

local notify_breach_subjects = {
  name = "notify_breach_subjects",
  description = "Record that the people affected by a high-risk personal-data breach were told, with the message sent.",
  parameters = {
    breach = { type = "string", required = true },
    message = { type = "string", minLength = 20, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local b = G.must("breaches", args.breach)
    if b.subjects_notified_at then fail("conflict", b.number .. "'s subjects were already told on " .. b.subjects_notified_at) end
    if b.personal_data ~= 1 then fail("invalid_state", b.number .. " involves no personal data") end
    G.set("breaches", b, { subjects_notified_at = D.now(), status = "notified" }, me.id)
    G.history(b.number, "subject_message", nil, args.message, me.id)
    return breach_view(reload(b))
  end,
}

local close_breach = {
  name = "close_breach",
  description = "Close a handled breach with a summary of what was done.",
  parameters = {
    breach = { type = "string", required = true },
    summary = { type = "string", minLength = 20, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local b = G.must("breaches", args.breach)
    G.set("breaches", b, { status = "closed", closed_at = D.now() }, me.id)
    G.history(b.number, "closure_summary", nil, args.summary, me.id)
    return breach_view(reload(b))
  end,
}

return { search_breaches, record_breach, assess_breach, contain_breach, notify_breach_authority, notify_breach_subjects, close_breach }
