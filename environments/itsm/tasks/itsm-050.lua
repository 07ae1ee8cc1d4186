-- The old ticket is closed: closed incidents stay closed (the engine sees any change to it), so a new
-- incident for Frank must carry the issue (the ERP export timing out) and point to the old number and its
-- fix (in its description or a note on it). It goes where the last one was fixed: Application Support, on
-- the ERP Service, category software as before. Frank alone is blocked (impact 3) and the month-end close
-- waits on it (urgency 1).
local C = require("checks")
local F = require("facts")

local new = F.inserted("incidents")
check("one new incident was opened", #new == 1, #new .. " opened")
local inc = db.one("SELECT * FROM incidents WHERE id = ?", (new[1] or {}).id or 0) or { number = "?", caller_id = 0 }
check("it is for Frank Delgado", inc.caller_id == F.user_id("frank.delgado"), "caller " .. tostring(F.user_name(inc.caller_id)))
local group = F.group_name(inc.assignment_group_id)
local ci = F.ci_name(inc.ci_id)
check("with Application Support on the ERP Service, category software",
      group == "Application Support" and ci == "ERP Service" and inc.category == "software",
      "group " .. tostring(group) .. ", CI " .. tostring(ci) .. ", category " .. tostring(inc.category))
check("impact 3 (Frank alone), urgency 1 (the month-end close waits)", inc.impact == 3 and inc.urgency == 1,
      "impact " .. tostring(inc.impact) .. ", urgency " .. tostring(inc.urgency))
local text = (inc.short_description or "") .. "\n" .. (inc.description or "")
check("it says the ERP export times out", C.has_one_of_each(text, { "export*", { "time* out", "timeout*" } }),
      "incident text: " .. text)
local notes = F.note_text(inc.number) or ""
local all = text .. "\n" .. notes
check("it points to the old ticket and its fix", mentions(all, "INC0002001") and C.first_mentioned(all, { "timeout*", "15 minutes", "15 min*" }),
      "text and notes of " .. inc.number .. ": " .. all)
check("a note on it, if any, says what happened before", notes == "" or C.first_mentioned(notes, { "INC0002001", "recurren*", "timeout*", "again" }),
      "notes: " .. (notes ~= "" and notes or "none"))
C.status_is("done")
