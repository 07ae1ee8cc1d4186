-- Notifications to people and groups, linked to a record of any system.
local D = require("directory")

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
    local me = D.actor_user()
    local number = args.record and D.must_record_number(args.record) or nil
    local ids, seen, names = {}, {}, {}
    for _, n in ipairs(args.recipients or {}) do
      local u = D.must_active_user(n, "notified")
      if not seen[u.id] then seen[u.id] = true; ids[#ids + 1] = u.id; names[#names + 1] = u.user_name end
    end
    if args.group then
      local g = D.must_group(args.group)
      for _, m in ipairs(db.query([[SELECT u.id, u.user_name FROM group_members gm JOIN users u ON u.id = gm.user_id
                                    WHERE gm.group_id = ? AND u.active = 1 ORDER BY u.user_name]], g.id)) do
        if not seen[m.id] then seen[m.id] = true; ids[#ids + 1] = m.id; names[#names + 1] = m.user_name end
      end
    end
    if #ids == 0 then fail("missing_field", "No recipients", "Give recipients (user names) or a group.") end
    for _, id in ipairs(ids) do D.notify(id, args.subject, args.body, number, args.channel, me.id) end
    return { sent_to = array(names), channel = args.channel, record = number or null }
  end,
}

local list_notifications = {
  name = "list_notifications",
  description = "Notifications sent about a record, or to a person (newest first).",
  read_only = true,
  parameters = D.with_paging({
    record = { type = "string", description = "Record number" },
    recipient = { type = "string", description = "User name" },
  }),
  run = function(args)
    if not args.record and not args.recipient then fail("missing_field", "Give record or recipient") end
    local number = args.record and D.must_record_number(args.record) or nil
    local rid = args.recipient and D.must_user(args.recipient).id or nil
    local page, size, offset = D.page_args(args)
    local where = " WHERE (? IS NULL OR n.record_number = ?) AND (? IS NULL OR n.recipient_id = ?)"
    -- recipient_id is a required reference: the join to users keeps every match and the count.
    local rows = db.query([[SELECT n.sent_at, r.user_name AS recipient, s.user_name AS sender, n.channel, n.subject,
                                   n.body, n.record_number, COUNT(*) OVER () AS total_matches
                            FROM notifications n JOIN users r ON r.id = n.recipient_id
                            LEFT JOIN users s ON s.id = n.sender_id]] .. where .. " ORDER BY n.id DESC LIMIT ? OFFSET ?",
                          number, number, rid, rid, size, offset)
    local total = D.total_of(rows, "SELECT COUNT(*) FROM notifications n" .. where, number, number, rid, rid)
    local items = {}
    for k, n in ipairs(rows) do
      items[k] = { sent_at = n.sent_at, recipient = n.recipient, sender = n.sender or "system", channel = n.channel,
                   subject = n.subject, body = n.body, record = D.or_null(n.record_number) }
    end
    return D.paged(items, total, page, size)
  end,
}

return { send_notification, list_notifications }
