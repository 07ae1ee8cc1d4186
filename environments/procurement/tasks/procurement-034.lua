-- Felix Brant's twelve open orders: seven closed (two short, with a reason saying the rest is not taken),
-- three cancelled with a reason after their requesters were told (PROC-R16, judged by the engine too), two
-- with an open invoice left alone and reported.
local C = require("checks")
local function po(title)
  return db.one([[SELECT o.* FROM purchase_orders o JOIN requisitions r ON r.id = o.requisition_id
                  WHERE r.title = ? ORDER BY o.id DESC LIMIT 1]], title) or {}
end
local CLOSE = { "Office supplies for HR", "Ergonomic chairs for the Berlin sales office", "Developer IDE subscriptions",
                "Courier shipments of replacement units to customers", "Mobile voice and data plans, January" }
local SHORT = { "Docking stations for the platform team", "Roll-up banners for the spring trade fairs" }
local CANCEL = { { "Sit-stand desks for the sales floor", "hannah.weiss" }, { "Leadership training workshop seats", "rachel.adams" },
                 { "Coffee beans for the support floor", "kevin.osei" } }
local LEAVE = { "HVAC filter replacement, server room", "Wireless keyboard and mouse sets for the service desk" }
local touched = {}
local COLUMNS = { closed = { "status", "closed_at", "updated_at" }, cancelled = { "status", "cancelled_at", "cancel_reason", "updated_at" } }
local function status(title, want)
  local o = po(title)
  touched[#touched + 1] = { id = o.id or -1 }
  check(title .. ": " .. want, o.status == want, tostring(o.number) .. " is " .. tostring(o.status))
  if o.id then touched[#touched].allowed = COLUMNS[want] end
  return o
end
for _, t in ipairs(CLOSE) do status(t, "closed") end
for _, t in ipairs(SHORT) do
  local o = status(t, "closed")
  local why = db.value("SELECT new_value FROM procurement_history WHERE record_number = ? AND field = 'close_reason' ORDER BY id DESC LIMIT 1",
                       o.number or "")
  C.mentions_one_of_each(t .. ": closed short, saying the rest is not taken", why,
                         { { "rest", "remaining", "remainder", "outstanding", "balance", "undelivered", "not taking", "short" } })
end
local told = {}
for _, c in ipairs(CANCEL) do
  local o = status(c[1], "cancelled")
  C.mentions_one_of_each(c[1] .. ": the cancellation says why", o.cancel_reason,
                         { { "felix", "left", "close out", "close-out", "closeout", "nothing deliver*", "nothing received",
                             "not delivered", "never issued", "no longer", "new requisition" } })
  told[#told + 1] = c[2]
  local note = {}
  for _, n in ipairs(db.query("SELECT subject, body FROM notifications WHERE recipient_id = (SELECT id FROM users WHERE user_name = ?) AND record_number = ? ORDER BY id",
                              c[2], o.number or "")) do
    note[#note + 1] = n.subject .. "\n" .. n.body
  end
  C.mentions_one_of_each(c[2] .. " was told the order is cancelled and what to do", #note > 0 and table.concat(note, "\n") or nil,
                         { { "cancel*" }, { "requisition", "raise", "re-order", "reorder", "order again", "let me know", "tell me" } })
end
-- the two orders with an open invoice (LEAVE) are left alone: only_rows below
local stray = {}
for _, d in ipairs(changes("purchase_orders")) do
  if d.op == "update" then
    local allowed = {}
    for _, t in ipairs(touched) do
      if t.id == d.key.id then for _, c in ipairs(t.allowed or {}) do allowed[c] = true end end
    end
    local cols = {}
    for c in pairs(d.after) do cols[#cols + 1] = c end
    table.sort(cols)
    for _, c in ipairs(cols) do if not allowed[c] then stray[#stray + 1] = tostring(d.key.id) .. "." .. c end end
  end
end
check("closed orders changed only in their closing fields, cancelled ones in their cancelling fields", #stray == 0,
      "other changes: " .. C.list_or_none(stray))
for _, t in ipairs(touched) do t.allowed = nil end
C.only_rows("only Felix's ten settled orders changed", "purchase_orders", "update", touched)
local others = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    local who = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
    local ok = false
    for _, u in ipairs(told) do if u == who then ok = true end end
    if not ok then others[#others + 1] = tostring(who) end
  end
end
check("nobody but the three requesters was told", #others == 0, "also told: " .. C.list_or_none(others))
C.status_is("done")
C.mentions_one_of_each("the answer names the two orders left open", answer.text,
                       { { "coho", "hvac", "filter", "CFS-2026-0207" }, { "keyboard*", "7236", "mouse" } })
