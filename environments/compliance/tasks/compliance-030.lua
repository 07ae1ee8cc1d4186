-- Desmond decides the 28 items of the Q1 Ledger ERP review waiting for him: the three leavers lose every
-- grant, the four unmitigated SoD pairs lose their approving side, everything else (Philippa's pair under
-- its approved exception included) is kept; the removals are carried out before the campaign closes
-- (COMP-R11, observed: the engine fails an episode that closes first). Frank's decision on Desmond's own
-- grant stands (only_rows below).
local C = require("checks")

local desmond = db.value("SELECT id FROM users WHERE user_name = 'desmond.achebe'")
local c = db.one([[SELECT c.* FROM access_review_campaigns c JOIN access_review_items i ON i.campaign_id = c.id
                   JOIN access_grants g ON g.id = i.grant_id JOIN users u ON u.id = g.user_id
                   WHERE u.user_name = 'dorothea.quaye' ORDER BY c.id LIMIT 1]])
-- The items in number order (the setup's order): whose grant, which entitlement, and the decision due.
local EXPECTED = {
  { "rhiannon.castellano", "gl_read" }, { "ottilie.brennan", "vendor_invoice_post" }, { "casimir.lindgren", "payment_release", "sod" },
  { "philippa.marchetti", "vendor_invoice_post" }, { "dorothea.quaye", "gl_read", "leaver" }, { "ignatius.farrow", "gl_read", "leaver" },
  { "solveig.amundsen", "gl_read" }, { "leopold.varga", "gl_read" }, { "marisol.ebbesen", "payment_release", "sod" },
  { "thaddeus.molyneux", "journal_entry_post" }, { "wilhelmina.achterberg", "vendor_invoice_post" },
  { "desmond.achebe", "erp_user_admin", "own" }, { "cordelia.fairbanks", "payment_release", "leaver" }, { "evander.kowalczyk", "erp_user_admin" },
  { "rosalind.oyelaran", "gl_read" }, { "rhiannon.castellano", "journal_entry_post" }, { "ottilie.brennan", "payment_release", "sod" },
  { "casimir.lindgren", "bank_reconciliation" }, { "philippa.marchetti", "payment_release" }, { "dorothea.quaye", "journal_entry_post", "leaver" },
  { "dorothea.quaye", "vendor_invoice_post", "leaver" }, { "ignatius.farrow", "bank_reconciliation", "leaver" }, { "solveig.amundsen", "journal_entry_approve" },
  { "leopold.varga", "journal_entry_post" }, { "leopold.varga", "vendor_invoice_post" }, { "marisol.ebbesen", "vendor_invoice_post" },
  { "thaddeus.molyneux", "journal_entry_approve", "sod" }, { "rosalind.oyelaran", "journal_entry_post" }, { "wilhelmina.achterberg", "gl_read" },
}
local WHY = {
  leaver = { { "left", "leaver", "inactive", "no longer with", "departed", "deactivated", "disabled" } },
  sod = { { "sod", "segregation", "conflict*", "incompatible", "toxic" } },
}

local items = db.query([[SELECT i.*, u.user_name, g.user_id AS grant_user, e.code, g.status AS grant_status, g.number AS grant_number
                         FROM access_review_items i JOIN access_grants g ON g.id = i.grant_id JOIN users u ON u.id = g.user_id
                         JOIN entitlements e ON e.id = g.entitlement_id WHERE i.campaign_id = ? ORDER BY i.number]], c.id)
local decided, revoked = {}, {}
for k, want in ipairs(EXPECTED) do
  local i = items[k] or {}
  local key = want[1] .. ":" .. want[2]
  local same = i.user_name == want[1] and i.code == want[2] and i.user_id == i.grant_user
  if want[3] ~= "own" then
    decided[#decided + 1] = { id = i.id or -1 }
    if want[3] then
      revoked[#revoked + 1] = { number = i.grant_number or "" }
      check(key .. " revoked by Desmond and carried out",
            same and i.decision == "revoke" and i.decided_by_id == desmond and i.grant_status == "revoked",
            tostring(i.number) .. ": " .. tostring(i.user_name) .. ":" .. tostring(i.code) .. ", decision " .. tostring(i.decision) ..
            ", revoked_at " .. tostring(i.revoked_at) .. ", grant " .. tostring(i.grant_status))
      C.mentions_one_of_each(key .. ": the revoke decision says why (" .. want[3] .. ")", i.comment, WHY[want[3]])
    else
      check(key .. " kept by Desmond",
            same and i.decision == "keep" and i.decided_by_id == desmond and i.revoked_at == nil and i.grant_status == "active",
            tostring(i.number) .. ": " .. tostring(i.user_name) .. ":" .. tostring(i.code) .. ", decision " .. tostring(i.decision) ..
            ", revoked_at " .. tostring(i.revoked_at) .. ", grant " .. tostring(i.grant_status))
    end
  end
end
C.only_rows("only this campaign's items were decided, Desmond's own excepted", "access_review_items", "update", decided)
C.only_rows("only the ten grants the review removes were revoked", "access_grants", "update", revoked)
C.field_changed("the campaign is closed", "access_review_campaigns", { id = c.id }, "status", "closed")
C.status_is("done")
C.mentions_one_of_each("the answer names the leavers and the SoD removals", answer.text,
                       { { "Quaye", "Farrow", "Fairbanks", "left", "leaver*" }, { "SoD", "SOD-01", "SOD-03", "segregation", "conflict*" } })
