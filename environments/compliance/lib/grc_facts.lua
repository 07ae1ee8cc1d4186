-- Facts for the verifiers of control, exception, finding and policy tasks: what an episode created or
-- changed, read from `diff` and `db`. Read-only; every list is in id order.
local M = {}

function M.user_id(user_name) return db.value("SELECT id FROM users WHERE user_name = ?", user_name) end
function M.user_name(id) return id and db.value("SELECT user_name FROM users WHERE id = ?", id) or nil end
function M.control_id(title) return db.value("SELECT id FROM grc_controls WHERE title = ?", title) end

-- The rows of `tbl` the episode inserted, as they are now, in id order.
function M.inserted(tbl)
  local ids = {}
  for _, d in ipairs(changes(tbl)) do
    if d.op == "insert" then ids[#ids + 1] = d.after.id end
  end
  table.sort(ids)
  local out = {}
  for _, id in ipairs(ids) do out[#out + 1] = db.one("SELECT * FROM " .. tbl .. " WHERE id = ?", id) end
  return out
end

-- Messages people (not the system) sent during the episode: { recipient, sender, subject, body, record }.
function M.messages()
  local out = {}
  for _, n in ipairs(M.inserted("notifications")) do
    if n.sender_id then
      out[#out + 1] = { recipient = M.user_name(n.recipient_id), sender = M.user_name(n.sender_id), subject = n.subject,
                        body = n.body, record = n.record_number }
    end
  end
  return out
end

-- Everything sent to one person during the episode (subjects and bodies), or nil.
function M.text_to(user_name)
  local parts = {}
  for _, m in ipairs(M.messages()) do
    if m.recipient == user_name then parts[#parts + 1] = m.subject .. "\n" .. m.body end
  end
  return #parts > 0 and table.concat(parts, "\n") or nil
end

-- The people messaged during the episode, sorted, each once.
function M.recipients()
  local seen, out = {}, {}
  for _, m in ipairs(M.messages()) do
    if not seen[m.recipient] then seen[m.recipient] = true; out[#out + 1] = m.recipient end
  end
  table.sort(out)
  return out
end

-- One check: the people messaged during the episode are exactly these (a system notice does not count).
function M.only_messaged(name, user_names, at_least)
  local want = {}
  for _, u in ipairs(user_names) do want[u] = true end
  local got, extra = M.recipients(), {}
  local have = {}
  for _, u in ipairs(got) do
    have[u] = true
    if not want[u] then extra[#extra + 1] = u end
  end
  local missing = {}
  if at_least ~= false then
    for _, u in ipairs(user_names) do if not have[u] then missing[#missing + 1] = u end end
  end
  check(name, #extra == 0 and #missing == 0,
        "messaged: " .. (#got > 0 and table.concat(got, ", ") or "none") ..
        (#missing > 0 and ("; not messaged: " .. table.concat(missing, ", ")) or ""))
end

-- One check: the requester learnt these facts, in the final answer (the reply to them) or in a message
-- sent to them during the episode. groups as checks.mentions_one_of_each takes them.
function M.reply_or_message(name, user_name, groups)
  local C = require("checks")
  local in_answer = C.has_one_of_each(answer and answer.text, groups)
  local in_message = C.has_one_of_each(M.text_to(user_name), groups)
  check(name, in_answer or in_message, in_answer and "said in the answer" or (in_message and ("said in a message to " .. user_name))
        or "neither the answer nor a message to " .. user_name .. " says it")
end

-- One check: every message sent to this person during the episode says these things (each its own
-- message, so an unrelated note to them fails); none sent fails too.
function M.every_message_to(name, user_name, groups)
  local C = require("checks")
  local n, bad = 0, 0
  for _, m in ipairs(M.messages()) do
    if m.recipient == user_name then
      n = n + 1
      if not C.has_one_of_each(m.subject .. "\n" .. m.body, groups) then bad = bad + 1 end
    end
  end
  check(name, n > 0 and bad == 0, n .. " message(s) to " .. user_name .. ", " .. bad .. " of them off the point")
end

-- One check: every message sent during the episode is linked to one of these records, or to none.
function M.links_only(name, numbers)
  local ok = {}
  for _, n in ipairs(numbers) do ok[n] = true end
  local wrong = {}
  for _, m in ipairs(M.messages()) do
    if m.record ~= nil and not ok[m.record] then wrong[#wrong + 1] = m.recipient .. " <- " .. m.record end
  end
  check(name, #wrong == 0, #wrong == 0 and "no message linked elsewhere" or ("linked elsewhere: " .. table.concat(wrong, ", ")))
end

-- A row of `tbl` whose `column` holds `value`, or held it before the episode changed it (so a row is
-- still found when a careless agent renamed it); nil when none.
function M.find_by(tbl, column, value)
  local row = db.one("SELECT * FROM " .. tbl .. " WHERE " .. column .. " = ? ORDER BY id LIMIT 1", value)
  if row then return row end
  for _, d in ipairs(changes(tbl)) do
    if d.op == "update" and d.before[column] == value then
      local id = type(d.key) == "table" and d.key.id or d.key
      return db.one("SELECT * FROM " .. tbl .. " WHERE id = ?", id)
    end
  end
  return nil
end

-- A row of a table by its number.
function M.by_number(tbl, number) return db.one("SELECT * FROM " .. tbl .. " WHERE number = ?", number) end

return M
