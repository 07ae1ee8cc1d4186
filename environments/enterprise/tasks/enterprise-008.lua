-- Five joiners: each laptop owned, operational and naming the order bought for that person before the
-- request closes (ENT-R04), each request fulfilled naming the CI and the order; nothing else touched.
local C = require("checks")

local JOINERS = { { "lorcan.abernathy", "LT-40301" }, { "maelle.oyarzun", "LT-40302" }, { "nikolai.brennan", "LT-40303" },
                  { "ottilie.ferreira", "LT-40304" }, { "quentin.adeyemi", "LT-40305" } }
local ci_keys, req_keys, bad_ci, bad_req, people = {}, {}, {}, {}, {}
for _, j in ipairs(JOINERS) do
  local who = db.value("SELECT id FROM users WHERE user_name = ?", j[1])
  people[who] = true
  local po = db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                      WHERE r.requested_for_id = ? ORDER BY o.id LIMIT 1]], who) or { number = "(no order for " .. j[1] .. ")" }
  local ci = db.one("SELECT * FROM configuration_items WHERE name = ?", j[2]) or { id = -1, status = "missing" }
  ci_keys[#ci_keys + 1] = { id = ci.id }
  if not (ci.owner_id == who and ci.status == "operational" and mentions(ci.description or "", po.number)) then
    bad_ci[#bad_ci + 1] = j[2]
  end
  local req = db.one([[SELECT q.* FROM requests q WHERE q.requested_for_id = ? ORDER BY q.id DESC LIMIT 1]], who)
    or { id = -1, number = "(no request for " .. j[1] .. ")" }
  req_keys[#req_keys + 1] = { id = req.id }
  local recorded = db.value("SELECT MIN(at) FROM audit_log WHERE record_number = ? AND field = 'owner_id'", "CI:" .. j[2])
  if not (req.state == "fulfilled" and mentions(req.close_notes or "", j[2]) and mentions(req.close_notes or "", po.number)
          and recorded and req.closed_at and recorded <= req.closed_at) then
    bad_req[#bad_req + 1] = tostring(req.number)
  end
end
check("each laptop belongs to its joiner, is operational and names the order bought for them", #bad_ci == 0,
      #bad_ci == 0 and "all five" or ("wrong: " .. table.concat(bad_ci, ", ")))
check("each request is fulfilled after its laptop was recorded, naming the laptop and the order", #bad_req == 0,
      #bad_req == 0 and "all five" or ("wrong: " .. table.concat(bad_req, ", ")))
C.only_rows("only the five laptops changed in the CMDB", "configuration_items", "update", ci_keys)
C.only_rows("only the five requests changed", "requests", "update", req_keys)
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" and not people[d.after.recipient_id] then
    others[#others + 1] = tostring(db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id))
  end
end
check("only the joiners were told", #others == 0, #others == 0 and "only the joiners" or table.concat(others, ", "))
C.status_is("done")
