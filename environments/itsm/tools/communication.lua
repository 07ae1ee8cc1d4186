-- Work notes, customer-visible comments and the audit trail of any record. (Notifications: the company
-- directory's tools.)
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

return { add_work_note, get_audit_log }
