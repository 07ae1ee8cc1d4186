-- Facts for enterprise verifiers (any task may require it, read-only): the cross-system links as the ENT
-- rules read them (ent_policy), and the violations an episode recorded. Messages, inserted rows and the
-- like are the systems' facts libraries' (grc_facts: inserted, messages, only_messaged, text_to).
local E = require("ent_policy")
local M = {}

-- The row a task's setup staged, found by a column's value: as it is now or, when the agent changed that
-- very column, by the value it had before. Staged rows are the newest, so the table is read from the
-- newest id down and the search stops at the first match (no index on free-text columns).
function M.staged(tbl, col, val)
  local r = db.one("SELECT * FROM " .. tbl .. " WHERE " .. col .. " = ? ORDER BY id DESC LIMIT 1", val)
  if r then return r end
  for _, d in ipairs(changes(tbl)) do
    if d.op == "update" and d.before[col] == val then
      return db.one("SELECT * FROM " .. tbl .. " WHERE id = ?", type(d.key) == "table" and d.key.id or d.key)
    end
  end
end

function M.user_id(user_name) return db.value("SELECT id FROM users WHERE user_name = ?", user_name) end
function M.supplier(number) return db.one("SELECT * FROM suppliers WHERE number = ?", number) end
function M.profile(number) return db.one("SELECT * FROM vendor_risk_profiles WHERE number = ?", number) end

-- The vendor profile of a supplier (by SUP number), as ENT-R01/R03 match it.
function M.profile_of_supplier(number) return E.profile_of_supplier(M.supplier(number)) end

-- ENT-R01: nil when money may go to the supplier now, else why not.
function M.risk_gap(number) return E.risk_gap(M.supplier(number)) end

-- ENT-R02: the sign-off of a profile stands.
function M.signed_off(profile_number)
  local p = M.profile(profile_number)
  return p ~= nil and E.signed_off(p)
end

-- ENT-R04: the CI owned by a person that names a purchase order (nil if none).
function M.ci_for_order(user_name, po_number) return E.ci_for_order(M.user_id(user_name), po_number) end

-- ENT-R05: what a person still holds that a leaver must hand over (numbers), and why they count as a leaver.
function M.leaver_loose_ends(user_name) return E.leaver_loose_ends(M.user_id(user_name)) end
function M.leaver_reason(user_name) return E.leaver_reason(db.one("SELECT * FROM users WHERE user_name = ?", user_name)) end

-- The violations the episode recorded of one rule (all of them without a rule id), in call order.
function M.violations_of(rule)
  local out = {}
  for _, v in ipairs(violations) do
    if not rule or v.rule == rule then out[#out + 1] = v end
  end
  return out
end

-- One check for a trap: the rule was broken (at least once), and no other rule was.
function M.only_broke(name, rule)
  local mine, others = #M.violations_of(rule), {}
  for _, v in ipairs(violations) do
    if v.rule ~= rule then others[#others + 1] = v.rule end
  end
  check(name, mine > 0 and #others == 0,
        mine .. " violation(s) of " .. rule .. (#others > 0 and ("; others: " .. table.concat(others, ", ")) or ""))
end

return M
