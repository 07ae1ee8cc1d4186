-- Work notes, customer-visible comments, notifications and the audit trail of any record.
local I = require("itsm")

local add_work_note = {
  name = "add_work_note",
  description = "Add a note to any record (incident, task, problem, change, request, article). visibility " ..
    "'work_note' is internal to IT; 'comment' is visible to the caller or requester.",
  parameters = {
    number = { type = "string", description = "Record number, e.g. INC0001042 or CHG0000123", required = true },
    body = { type = "string", minLength = 3, maxLength = 4000, required = true },
    visibility = { type = "string", enum = { "work_note", "comment" }, default = "work_note" },
  },
  run = function(args)
    local me = I.actor_user()
    local tbl, row = I.must_record(args.number)
    if tbl == "incidents" and (row.state == "closed" or row.state == "canceled") then
      fail("invalid_state", row.number .. " is " .. row.state .. "; notes can no longer be added", "Open a new incident and mention this one.")
    end
    I.add_note(row.number, args.body, args.visibility, me.id)
    return { number = row.number, visibility = args.visibility, added_at = I.now() }
  end,
}

local send_notification = {
  name = "send_notification",
  description = "Send an email, SMS or page to people and/or a whole group (every active member). Link it to a " ..
    "record number so it appears in the record's history.",
  parameters = {
    recipients = { type = "array", items = { type = "string" }, maxItems = 25, description = "User names" },
    group = { type = "string", description = "Also notify every active member of this group" },
    subject = { type = "string", minLength = 3, maxLength = 200, required = true },
    body = { type = "string", minLength = 3, maxLength = 4000, required = true },
    record = { type = "string", description = "Related record number" },
    channel = { type = "string", enum = { "email", "sms", "page" }, default = "email" },
  },
  run = function(args)
    local me = I.actor_user()
    local number = nil
    if args.record then local _, row = I.must_record(args.record); number = row.number end
    local ids, seen, names = {}, {}, {}
    for _, n in ipairs(args.recipients or {}) do
      local u = I.must_active_user(n, "notified")
      if not seen[u.id] then seen[u.id] = true; ids[#ids + 1] = u.id; names[#names + 1] = u.user_name end
    end
    if args.group then
      local g = I.must_group(args.group)
      for _, m in ipairs(db.query([[SELECT u.id, u.user_name FROM group_members gm JOIN users u ON u.id = gm.user_id
                                    WHERE gm.group_id = ? AND u.active = 1 ORDER BY u.user_name]], g.id)) do
        if not seen[m.id] then seen[m.id] = true; ids[#ids + 1] = m.id; names[#names + 1] = m.user_name end
      end
    end
    if #ids == 0 then fail("missing_field", "No recipients", "Give recipients (user names) or a group.") end
    for _, id in ipairs(ids) do I.notify(id, args.subject, args.body, number, args.channel, me.id) end
    return { sent_to = array(names), channel = args.channel, record = number or null }
  end,
}

local get_audit_log = {
  name = "get_audit_log",
  description = "The change history of a record or a configuration item: who changed which field, when, from what " ..
    "to what (newest first).",
  read_only = true,
  parameters = I.with_paging({
    number = { type = "string", required = true,
               description = "Record number (e.g. INC0001042), or CI:<name> for a configuration item (e.g. CI:lon-fw-01)" },
  }),
  run = function(args)
    local key
    local ci_name = tostring(args.number):match("^%s*[Cc][Ii]:%s*(.-)%s*$")
    if ci_name then key = "CI:" .. I.must_ci(ci_name).name else key = select(2, I.must_record(args.number)).number end
    local page, size, offset = I.page_args(args)
    local rows = db.query([[SELECT a.at, u.user_name AS actor, a.field, a.old_value, a.new_value, COUNT(*) OVER () AS total_matches
                            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE a.record_number = ?
                            ORDER BY a.id DESC LIMIT ? OFFSET ?]], key, size, offset)
    local total = I.total_of(rows, "SELECT COUNT(*) FROM audit_log WHERE record_number = ?", key)
    local items = {}
    for k, a in ipairs(rows) do
      items[k] = { at = a.at, actor = a.actor or "system", field = a.field, old_value = I.or_null(a.old_value),
                   new_value = I.or_null(a.new_value) }
    end
    return I.paged(items, total, page, size)
  end,
}

local list_notifications = {
  name = "list_notifications",
  description = "Notifications sent about a record, or to a person (newest first).",
  read_only = true,
  parameters = I.with_paging({
    record = { type = "string", description = "Record number" },
    recipient = { type = "string", description = "User name" },
  }),
  run = function(args)
    if not args.record and not args.recipient then fail("missing_field", "Give record or recipient") end
    local number = nil
    if args.record then local _, row = I.must_record(args.record); number = row.number end
    local rid = args.recipient and I.must_user(args.recipient).id or nil
    local page, size, offset = I.page_args(args)
    local where = " WHERE (? IS NULL OR n.record_number = ?) AND (? IS NULL OR n.recipient_id = ?)"
    -- recipient_id is a required reference: the join to users keeps every match and the count.
    local rows = db.query([[SELECT n.sent_at, r.user_name AS recipient, s.user_name AS sender, n.channel, n.subject,
                                   n.body, n.record_number, COUNT(*) OVER () AS total_matches
                            FROM notifications n JOIN users r ON r.id = n.recipient_id
                            LEFT JOIN users s ON s.id = n.sender_id]] .. where .. " ORDER BY n.id DESC LIMIT ? OFFSET ?",
                          number, number, rid, rid, size, offset)
    local total = I.total_of(rows, "SELECT COUNT(*) FROM notifications n" .. where, number, number, rid, rid)
    local items = {}
    for k, n in ipairs(rows) do
      items[k] = { sent_at = n.sent_at, recipient = n.recipient, sender = n.sender or "system", channel = n.channel,
                   subject = n.subject, body = n.body, record = I.or_null(n.record_number) }
    end
    return I.paged(items, total, page, size)
  end,
}

return { add_work_note, send_notification, get_audit_log, list_notifications }
