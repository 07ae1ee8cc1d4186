-- Data-subject requests (DSR…): intake, identity verification, the one-month deadline and its lawful
-- extension, export to the subject, erasure (never under a legal hold or retention duty), restriction of
-- what must be kept, rectification, closing with the answer given. Data subjects are found by name or email.
local D = require("directory")
local G = require("compliance")
local Pol = require("comp_policy")
local Deadlines = require("grc_deadlines")

local function subject_brief(id)
  if not id then return null end
  local s = db.one("SELECT * FROM data_subjects WHERE id = ?", id)
  return s and { id = s.id, full_name = s.full_name, email = s.email, kind = s.kind, country = s.country } or null
end

-- The subject's records with whether each may be erased today and, if not, why.
local function records_of(subject_id)
  local out = {}
  if not subject_id then return array(out) end
  for _, r in ipairs(db.query([[SELECT r.*, s.code AS system_code, c.code AS category_code FROM personal_data_records r
                                JOIN business_systems s ON s.id = r.system_id JOIN data_categories c ON c.id = r.category_id
                                WHERE r.subject_id = ? ORDER BY r.record_ref]], subject_id)) do
    local block = r.state ~= "erased" and Pol.erasure_block(r) or nil
    out[#out + 1] = { record = r.record_ref, system = r.system_code, category = r.category_code, description = r.description,
                      state = r.state, retention_until = D.or_null(r.retention_until), erasable = r.state ~= "erased" and block == nil,
                      kept_because = D.or_null(block), restricted_reason = D.or_null(r.restricted_reason), erased_at = D.or_null(r.erased_at) }
  end
  return array(out)
end

local function request_view(r)
  local actions = {}
  for _, a in ipairs(db.query("SELECT * FROM dsr_actions WHERE dsr_id = ? ORDER BY id", r.id)) do
    actions[#actions + 1] = { action = a.action, detail = a.detail, sent_to = D.or_null(a.sent_to), categories = D.or_null(a.categories),
                              by = D.name_of(a.actor_id), at = a.at }
  end
  local original, latest = Pol.dsr_deadlines(r)
  return {
    number = r.number, request_type = r.request_type, status = r.status, channel = r.channel, details = r.details,
    requester_name = r.requester_name, requester_email = r.requester_email, received_at = r.received_at,
    subject = subject_brief(r.subject_id), identity_status = r.identity_status, verification_method = D.or_null(r.verification_method),
    verified_by = D.name_of(r.verified_by_id), due_on = r.due_on, latest_lawful_due_on = latest, original_due_on = original,
    extended_due_on = D.or_null(r.extended_due_on), extension_reason = D.or_null(r.extension_reason),
    extension_notified_at = D.or_null(r.extension_notified_at), overdue = r.overdue == 1, handled_by = D.name_of(r.handled_by_id),
    response_summary = D.or_null(r.response_summary), closed_at = D.or_null(r.closed_at),
    records = records_of(r.subject_id), actions = array(actions),
  }
end

local function must_request(number) return G.must("dsr_requests", number) end

local function action(r, kind, detail, me, extra)
  local row = { dsr_id = r.id, action = kind, detail = detail, actor_id = me.id, at = D.now() }
  for k, v in pairs(extra or {}) do row[k] = v end
  db.insert("dsr_actions", row)
  G.history(r.number, kind, nil, detail, me.id)
end

-- The subject's records named by record_ref, or the call ends naming the unknown ones.
local function must_records(r, refs)
  if not r.subject_id then fail("invalid_state", r.number .. " has no identified subject yet", "Verify the requester's identity first.") end
  local out = {}
  for _, ref in ipairs(refs) do
    local rec = db.one("SELECT * FROM personal_data_records WHERE subject_id = ? AND record_ref = ?", r.subject_id, ref)
    if not rec then fail("not_found", "The subject of " .. r.number .. " has no record '" .. tostring(ref) .. "'", "get_privacy_request lists their records.") end
    out[#out + 1] = rec
  end
  return out
end

local search_privacy_requests = {
  name = "search_privacy_requests",
  description = "Search data-subject requests (DSR…) by words in the requester's name or email, type (access, " ..
    "erasure, rectification, portability), status (received, in_progress, completed, rejected), or due by a date.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words in the requester's name, email or the number" },
    request_type = { type = "string", enum = { "access", "erasure", "rectification", "portability" } },
    status = { type = "string", enum = { "received", "in_progress", "completed", "rejected" } },
    due_by = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "Open requests due on or before this date" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("r.request_type = ?", args.request_type)
      :add("r.status = ?", args.status)
      :add("r.status IN ('received', 'in_progress') AND coalesce(r.extended_due_on, r.due_on) <= ?", G.date_arg(args.due_by, "due_by"))
      :text(args.query, "(r.requester_name LIKE ? OR r.requester_email LIKE ? OR r.number LIKE ?)")
    local rows = db.query("SELECT r.*, COUNT(*) OVER () AS total_matches FROM dsr_requests r" .. w:sql() ..
                          " ORDER BY r.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM dsr_requests r" .. w:sql(), w:params())
    local items = {}
    for k, r in ipairs(rows) do
      items[k] = { number = r.number, request_type = r.request_type, status = r.status, requester_name = r.requester_name,
                   requester_email = r.requester_email, received_at = r.received_at, identity_status = r.identity_status,
                   due_on = r.due_on, extended_due_on = D.or_null(r.extended_due_on), overdue = r.overdue == 1 }
    end
    return D.paged(items, total, page, size)
  end,
}

local get_privacy_request = {
  name = "get_privacy_request",
  description = "A data-subject request with the requester, the identified subject and their address of record, " ..
    "identity status, deadlines (original, extended, latest lawful), every record held about the subject with " ..
    "whether it may be erased (or the legal hold or retention duty that keeps it), and what was done.",
  read_only = true,
  parameters = { request = { type = "string", description = "Request number, e.g. DSR0000017", required = true } },
  run = function(args) return request_view(must_request(args.request)) end,
}

local search_data_subjects = {
  name = "search_data_subjects",
  description = "Search data subjects (customers, employees, former employees, supplier contacts) by words in the " ..
    "name or email; several people share similar names, so compare email, country and kind.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", required = true },
    kind = { type = "string", enum = { "customer", "employee", "former_employee", "supplier_contact" } },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local w = D.where()
      :add("s.kind = ?", args.kind)
      :text(args.query, "(s.full_name LIKE ? OR s.email LIKE ?)", "_data_subject_text", "s.id")
    local rows = db.query("SELECT s.*, COUNT(*) OVER () AS total_matches FROM data_subjects s" .. w:sql() ..
                          " ORDER BY s.full_name, s.id LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM data_subjects s" .. w:sql(), w:params())
    local items = {}
    for k, s in ipairs(rows) do
      items[k] = { id = s.id, full_name = s.full_name, email = s.email, kind = s.kind, country = s.country,
                   records = db.value("SELECT COUNT(*) FROM personal_data_records WHERE subject_id = ? AND state <> 'erased'", s.id) }
    end
    return D.paged(items, total, page, size)
  end,
}

local log_privacy_request = {
  name = "log_privacy_request",
  description = "Log a data-subject request as received now (by email, web form, letter or phone); it is due one " ..
    "month after receipt. Identity is verified separately.",
  parameters = {
    requester_name = { type = "string", minLength = 2, maxLength = 120, required = true },
    requester_email = { type = "string", minLength = 5, maxLength = 200, required = true, description = "The address it came from" },
    request_type = { type = "string", enum = { "access", "erasure", "rectification", "portability" }, required = true },
    channel = { type = "string", enum = { "email", "web_form", "letter", "phone" }, required = true },
    details = { type = "string", minLength = 10, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local now = D.now()
    local r = G.create("dsr_requests", {
      requester_name = args.requester_name, requester_email = args.requester_email, request_type = args.request_type, channel = args.channel,
      details = args.details, received_at = now, handled_by_id = me.id, identity_status = "unverified",
      due_on = G.add_months(now:sub(1, 10), Pol.DSR_RESPONSE_MONTHS), status = "received",
    }, me.id)
    Deadlines.dsr(r)
    return request_view(r)
  end,
}

local verify_dsr_identity = {
  name = "verify_dsr_identity",
  description = "Record the identity check of a request's requester against a data subject (subject_id from " ..
    "search_data_subjects): verified by address_of_record (the request came from the subject's email of record), " ..
    "id_document or employee_credentials, with what was checked; or failed. Verified, the request is in progress.",
  parameters = {
    request = { type = "string", required = true },
    subject_id = { type = "integer", minimum = 1, required = true },
    result = { type = "string", enum = { "verified", "failed" }, required = true },
    method = { type = "string", enum = { "address_of_record", "id_document", "employee_credentials" }, required = true },
    evidence = { type = "string", minLength = 10, maxLength = 1000, required = true, description = "What was checked" },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    if r.identity_status == "verified" then fail("invalid_state", r.number .. " is already verified") end
    local s = db.one("SELECT * FROM data_subjects WHERE id = ?", args.subject_id)
    if not s then fail("not_found", "No data subject " .. args.subject_id, "search_data_subjects gives their ids.") end
    if args.result == "verified" and args.method == "address_of_record" and s.email:lower() ~= r.requester_email:lower() then
      fail("invalid_arguments", r.number .. " came from " .. r.requester_email .. ", not " .. s.full_name .. "'s address of record",
           "An address that is not on record proves nothing: ask for another proof, or record the check as failed.")
    end
    local values = { subject_id = s.id, verification_method = args.method .. ": " .. args.evidence, handled_by_id = r.handled_by_id or me.id }
    if args.result == "verified" then
      values.identity_status, values.verified_at, values.verified_by_id, values.status = "verified", D.now(), me.id, "in_progress"
    else
      values.identity_status = "failed"
    end
    G.set("dsr_requests", r, values, me.id)
    return request_view(db.one("SELECT * FROM dsr_requests WHERE id = ?", r.id))
  end,
}

local extend_privacy_request = {
  name = "extend_privacy_request",
  description = "Extend an open request's deadline (complex or numerous requests), at most two months past the " ..
    "original one-month deadline; the subject is told of the extension and why at their address of record. Policy: " ..
    "extend and tell them before the original deadline.",
  parameters = {
    request = { type = "string", required = true },
    new_due_on = { type = "string", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", required = true },
    reason = { type = "string", minLength = 10, maxLength = 2000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    if r.extended_due_on then fail("invalid_state", r.number .. " was already extended to " .. r.extended_due_on, "A request is extended once.") end
    local new = G.date_arg(args.new_due_on, "new_due_on")
    if new <= r.due_on then fail("invalid_arguments", "new_due_on must be after the current deadline " .. r.due_on) end
    local to = Pol.subject_email(r) or r.requester_email
    G.set("dsr_requests", r, { extended_due_on = new, extension_reason = args.reason, extension_notified_at = D.now() }, me.id)
    action(r, "note", "Extension to " .. new .. " told to " .. to .. ": " .. args.reason, me)
    local after = db.one("SELECT * FROM dsr_requests WHERE id = ?", r.id)
    Deadlines.dsr(after)
    return request_view(after)
  end,
}

local export_subject_data = {
  name = "export_subject_data",
  description = "Send the subject a copy of their personal data (access or portability request), by category or " ..
    "all their records. Policy: identity verified first, and personal data goes only to the verified subject's " ..
    "address of record.",
  parameters = {
    request = { type = "string", required = true },
    send_to = { type = "string", minLength = 5, maxLength = 200, required = true, description = "Email address the export goes to" },
    categories = { type = "array", items = { type = "string" }, description = "Data category codes; default every category held" },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    if r.request_type ~= "access" and r.request_type ~= "portability" then
      fail("invalid_state", r.number .. " is an " .. r.request_type .. " request, not access or portability")
    end
    if not r.subject_id then fail("invalid_state", r.number .. " has no identified subject", "Verify the requester's identity first.") end
    local cats, seen = {}, {}
    for _, row in ipairs(db.query([[SELECT DISTINCT c.code FROM personal_data_records p JOIN data_categories c ON c.id = p.category_id
                                    WHERE p.subject_id = ? AND p.state <> 'erased' ORDER BY c.code]], r.subject_id)) do
      seen[row.code] = true
      if not args.categories then cats[#cats + 1] = row.code end
    end
    for _, c in ipairs(args.categories or {}) do
      if not seen[c] then fail("not_found", "The subject has no '" .. tostring(c) .. "' data", "get_privacy_request lists their records.") end
      cats[#cats + 1] = c
    end
    if #cats == 0 then fail("invalid_state", "The subject has no personal data held") end
    action(r, "export", "Exported " .. table.concat(cats, ", ") .. " to " .. args.send_to, me, { sent_to = args.send_to, categories = table.concat(cats, ",") })
    return { request = r.number, sent_to = args.send_to, categories = array(cats) }
  end,
}

local erase_subject_data = {
  name = "erase_subject_data",
  description = "Erase named records of an erasure request's subject (record refs from get_privacy_request). " ..
    "Policy: identity verified first; never a record under a legal hold or a retention duty (restrict those instead).",
  parameters = {
    request = { type = "string", required = true },
    records = { type = "array", items = { type = "string" }, minItems = 1, required = true, description = "Record refs to erase" },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    if r.request_type ~= "erasure" then fail("invalid_state", r.number .. " is an " .. r.request_type .. " request, not erasure") end
    local now, done = D.now(), {}
    for _, rec in ipairs(must_records(r, args.records)) do
      if rec.state == "erased" then fail("invalid_state", rec.record_ref .. " is already erased") end
      db.update("personal_data_records", { id = rec.id }, { state = "erased", erased_at = now, erased_by_id = me.id, restricted_reason = null })
      db.insert("dsr_actions", { dsr_id = r.id, action = "erasure", record_id = rec.id, detail = "Erased " .. rec.record_ref, actor_id = me.id, at = now })
      done[#done + 1] = rec.record_ref
    end
    G.history(r.number, "erased", nil, table.concat(done, ", "), me.id)
    return { request = r.number, erased = array(done) }
  end,
}

local restrict_subject_data = {
  name = "restrict_subject_data",
  description = "Restrict records that must be kept (legal hold, retention duty): no longer used for anything but " ..
    "the duty, with the reason, which the answer to the subject repeats.",
  parameters = {
    request = { type = "string", required = true },
    records = { type = "array", items = { type = "string" }, minItems = 1, required = true },
    reason = { type = "string", minLength = 10, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    local done = {}
    for _, rec in ipairs(must_records(r, args.records)) do
      if rec.state ~= "active" then fail("invalid_state", rec.record_ref .. " is " .. rec.state) end
      db.update("personal_data_records", { id = rec.id }, { state = "restricted", restricted_reason = args.reason })
      done[#done + 1] = rec.record_ref
    end
    action(r, "note", "Restricted " .. table.concat(done, ", ") .. ": " .. args.reason, me)
    return { request = r.number, restricted = array(done), reason = args.reason }
  end,
}

local rectify_subject_data = {
  name = "rectify_subject_data",
  description = "Correct a record of a rectification request's subject, saying what was corrected. Policy: identity " ..
    "verified first.",
  parameters = {
    request = { type = "string", required = true },
    record = { type = "string", required = true, description = "Record ref" },
    correction = { type = "string", minLength = 5, maxLength = 1000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    if r.request_type ~= "rectification" then fail("invalid_state", r.number .. " is an " .. r.request_type .. " request, not rectification") end
    local rec = must_records(r, { args.record })[1]
    if rec.state == "erased" then fail("invalid_state", rec.record_ref .. " is erased") end
    db.insert("dsr_actions", { dsr_id = r.id, action = "rectification", record_id = rec.id, detail = args.correction, actor_id = me.id, at = D.now() })
    G.history(r.number, "rectification", rec.record_ref, args.correction, me.id)
    return { request = r.number, record = rec.record_ref, correction = args.correction }
  end,
}

local send_dsr_message = {
  name = "send_dsr_message",
  description = "Email a requester or data subject about their request (ask for proof of identity, say what happens " ..
    "next); recorded on the request. Policy: never put personal data in a message to an address that is not the " ..
    "verified subject's address of record.",
  parameters = {
    request = { type = "string", required = true },
    to = { type = "string", minLength = 5, maxLength = 200, required = true, description = "Email address" },
    subject = { type = "string", minLength = 3, maxLength = 200, required = true },
    body = { type = "string", minLength = 10, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    local known = { [r.requester_email:lower()] = true }
    local subject_email = Pol.subject_email(r)
    if subject_email then known[subject_email:lower()] = true end
    if not known[args.to:lower()] then
      fail("invalid_arguments", args.to .. " is neither the requester's address nor the subject's address of record",
           "Write to " .. r.requester_email .. (subject_email and (" or " .. subject_email) or "") .. ".")
    end
    db.insert("dsr_actions", { dsr_id = r.id, action = "note", sent_to = args.to, detail = args.subject .. ": " .. args.body,
                               actor_id = me.id, at = D.now() })
    G.history(r.number, "message", nil, "to " .. args.to .. ": " .. args.subject, me.id)
    return { request = r.number, sent_to = args.to, subject = args.subject }
  end,
}

local close_privacy_request = {
  name = "close_privacy_request",
  description = "Close a request: completed (say what was done and, for erasure, what is kept and why) or " ..
    "rejected (say why, e.g. identity could not be verified). The summary is the answer the subject receives.",
  parameters = {
    request = { type = "string", required = true },
    outcome = { type = "string", enum = { "completed", "rejected" }, required = true },
    response_summary = { type = "string", minLength = 20, maxLength = 4000, required = true },
  },
  run = function(args)
    local me = D.actor_user()
    local r = must_request(args.request)
    G.set("dsr_requests", r, { status = args.outcome, response_summary = args.response_summary, closed_at = D.now() }, me.id)
    return request_view(db.one("SELECT * FROM dsr_requests WHERE id = ?", r.id))
  end,
}

return { search_privacy_requests, get_privacy_request, search_data_subjects, log_privacy_request, verify_dsr_identity,
         extend_privacy_request, export_subject_data, erase_subject_data, restrict_subject_data, rectify_subject_data,
         send_dsr_message, close_privacy_request }
