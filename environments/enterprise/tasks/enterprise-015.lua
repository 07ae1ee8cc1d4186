-- One grant, payment release in Ledger ERP, to Lucia Ferreira (not Lucia Pereira), linked to her approved
-- SOD-01 exception and naming her ERP Access request; that request (only it) fulfilled with notes that
-- give the grant and the exception; nobody but Lucia (and Frank) told.
local C = require("checks")
local function uid(n) return db.value("SELECT id FROM users WHERE user_name = ?", n) end
local lucia, david = uid("lucia.ferreira"), uid("david.cohen")
local release = db.value([[SELECT e.id FROM entitlements e JOIN business_systems s ON s.id = e.system_id
                           WHERE s.code = 'ERP' AND e.code = 'payment_release']])
local exc = db.one("SELECT * FROM policy_exceptions WHERE user_id = ? AND status = 'approved'", lucia) or {}
local req = db.one([[SELECT r.* FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id
                     WHERE r.requested_for_id = ? AND c.name = 'ERP Access']], lucia) or {}

local grants = {}
for _, d in ipairs(changes("access_grants")) do
  if d.op == "insert" then grants[#grants + 1] = d.after end
end
local g = grants[1] or {}
check("exactly one grant was made", #grants == 1, #grants .. " grant(s) inserted")
check("the grant is payment release in Ledger ERP for Lucia Ferreira, by David",
      g.user_id == lucia and g.entitlement_id == release and g.status == "active" and g.granted_by_id == david,
      "user " .. tostring(g.user_id) .. ", entitlement " .. tostring(g.entitlement_id) .. ", by " .. tostring(g.granted_by_id))
check("the grant is linked to her approved SOD-01 exception", exc.id ~= nil and g.exception_id == exc.id,
      "exception_id " .. tostring(g.exception_id) .. ", approved exception " .. tostring(exc.number))
check("the grant names her ERP Access request", req.number ~= nil and g.request_ref == req.number,
      "request_ref " .. tostring(g.request_ref) .. ", request " .. tostring(req.number))

check("her ERP Access request is fulfilled", req.state == "fulfilled" and req.fulfilled_by_id == david,
      tostring(req.number) .. " is " .. tostring(req.state))
C.only_rows("only her request changed (not Lucia Pereira's CRM request)", "requests", "update", { { id = req.id or 0 } })
C.mentions("the close notes give the grant", req.close_notes, g.number or "AGT-none")
C.mentions("the close notes give the exception that mitigates the pair", req.close_notes, exc.number or "EXC-none")

local told = {}
for _, d in ipairs(changes("notifications")) do
  if d.op == "insert" then
    told[#told + 1] = db.value("SELECT user_name FROM users WHERE id = ?", d.after.recipient_id)
  end
end
table.sort(told)
local ok = #told >= 1
for _, n in ipairs(told) do if n ~= "lucia.ferreira" and n ~= "frank.delgado" then ok = false end end
check("only Lucia (and Frank) were told", ok, "told: " .. table.concat(told, ", "))
C.status_is("done")
C.answer_mentions("Lucia")
