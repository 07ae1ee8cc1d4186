-- Facts and checks for the verifiers of privacy tasks (requests, records, holds, breaches): what an episode
-- did, read from `diff` and `db`. Read-only; every list is in id order. Each check_* records exactly one check.
local C = require("checks")
local M = {}

local function isnull(v) return v == nil or v == null end
M.isnull = isnull

-- The request that came from this address (the newest, should a task stage two).
function M.request(email)
  return db.one("SELECT * FROM dsr_requests WHERE requester_email = ? ORDER BY id DESC LIMIT 1", email) or {}
end

function M.record(ref) return db.one("SELECT * FROM personal_data_records WHERE record_ref = ?", ref) or {} end

function M.subject_id(email) return db.value("SELECT id FROM data_subjects WHERE email = ?", email) end

function M.user_id(user_name) return db.value("SELECT id FROM users WHERE user_name = ?", user_name) end

-- One check: the request is tied to the subject with this address of record, verified by `method`
-- (address_of_record, id_document, employee_credentials), and the evidence recorded mentions one phrase of
-- each group (what was checked).
function M.check_verified(name, r, email, method, groups)
  local how = tostring(r.verification_method)
  local ok = r.subject_id ~= nil and r.subject_id == M.subject_id(email) and r.identity_status == "verified"
    and how:sub(1, #method + 1) == method .. ":" and C.has_one_of_each(how:sub(#method + 2), groups)
  return check(name, ok, "subject " .. tostring(r.subject_id) .. " (want " .. tostring(M.subject_id(email)) .. "), " ..
               tostring(r.identity_status) .. " by " .. how)
end

-- The actions of a request of one kind ('export', 'erasure', 'rectification', 'note'), in id order.
function M.actions(dsr_id, kind)
  return db.query("SELECT * FROM dsr_actions WHERE dsr_id = ? AND action = ? ORDER BY id", dsr_id or -1, kind)
end

-- Every export the episode made, of any request.
function M.exports()
  local out = {}
  for _, d in ipairs(changes("dsr_actions")) do
    if d.op == "insert" and d.after.action == "export" then out[#out + 1] = d.after end
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out
end

-- The newest history value of a record's field (e.g. a breach's 'authority_report'), or nil.
function M.history(number, field)
  return db.value("SELECT new_value FROM compliance_history WHERE record_number = ? AND field = ? ORDER BY id DESC LIMIT 1",
                  number or "", field)
end

-- All notes of a request joined (restrictions and extensions are written as notes).
function M.notes(dsr_id)
  local parts = {}
  for _, a in ipairs(M.actions(dsr_id, "note")) do parts[#parts + 1] = a.detail end
  return #parts > 0 and table.concat(parts, "\n") or nil
end

local function states(refs)
  local parts = {}
  for _, ref in ipairs(refs) do parts[#parts + 1] = ref .. " " .. tostring(M.record(ref).state) end
  return table.concat(parts, ", ")
end

-- One check: every record named is erased (by the acting user).
function M.check_erased(name, refs)
  local ok = true
  local me = M.user_id(task.actor)
  for _, ref in ipairs(refs) do
    local r = M.record(ref)
    if r.state ~= "erased" or isnull(r.erased_at) or not isnull(r.restricted_reason) or r.erased_by_id ~= me then ok = false end
  end
  return check(name, ok, states(refs))
end

-- One check: every record named is restricted (not erased), its reason mentioning one phrase of each group.
function M.check_restricted(name, refs, groups)
  local ok, why = true, {}
  for _, ref in ipairs(refs) do
    local r = M.record(ref)
    if r.state ~= "restricted" or not isnull(r.erased_by_id) or not isnull(r.erased_at) or (groups and not C.has_one_of_each(r.restricted_reason, groups)) then
      ok = false
      why[#why + 1] = ref .. ": " .. tostring(r.state) .. " (" .. tostring(r.restricted_reason) .. ")"
    end
  end
  return check(name, ok, ok and states(refs) or table.concat(why, "; "))
end

-- One check: the records named are exactly as they were (neither erased nor restricted).
function M.check_untouched(name, refs)
  local ok = true
  for _, ref in ipairs(refs) do
    local id = M.record(ref).id or -1
    for _, d in ipairs(changes("personal_data_records")) do
      if d.key and (d.key.id == id or d.key == id) then ok = false end
    end
  end
  return check(name, ok, states(refs))
end

-- One check: exactly one export was made in the episode, of this request, to this address, of these
-- categories (a sorted list of codes; nil: any).
function M.check_one_export(name, dsr_id, to, categories)
  local ex = M.exports()
  local e = ex[1] or {}
  local ok = #ex == 1 and e.dsr_id == dsr_id and tostring(e.sent_to):lower() == to:lower()
  if ok and categories then
    local got = {}
    for c in tostring(e.categories):gmatch("[^,]+") do got[#got + 1] = c end
    table.sort(got)
    ok = table.concat(got, ",") == table.concat(categories, ",")
  end
  return check(name, ok, #ex .. " export(s); first to " .. tostring(e.sent_to) .. " of " .. tostring(e.categories))
end

-- One check: no export was made in the episode.
function M.check_no_export(name)
  local ex = M.exports()
  return check(name, #ex == 0, #ex .. " export(s)" .. (#ex > 0 and (", first to " .. tostring(ex[1].sent_to)) or ""))
end

-- The breach with this title.
function M.breach(title) return db.one("SELECT * FROM breaches WHERE title = ?", title) or {} end

-- The findings the episode raised, in id order.
function M.new_findings()
  local out = {}
  for _, d in ipairs(changes("findings")) do
    if d.op == "insert" then out[#out + 1] = db.one("SELECT * FROM findings WHERE id = ?", d.after.id) end
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out
end

return M
