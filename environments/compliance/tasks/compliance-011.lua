-- One new exception request to the server patching control: high risk, from today for exactly 90 days,
-- with the firewall rule review as its compensating control; Peter is told its number.
local C = require("checks")

local function control_id(title) return db.value("SELECT id FROM grc_controls WHERE title = ?", title) end
local F = require("grc_facts")
local made = F.inserted("policy_exceptions")
local x = made[1] or {}
check("exactly one exception was requested", #made == 1 and x.status == "requested",
      #made .. " new exception(s); " .. tostring(x.number) .. " is " .. tostring(x.status))
check("it departs from the server patching control", x.control_id == control_id("Server patch compliance"),
      "control id " .. tostring(x.control_id))
check("it is rated high risk", x.risk_rating == "high", "risk " .. tostring(x.risk_rating))
check("the firewall rule review is its compensating control", x.compensating_control_id == control_id("Firewall rule review"),
      "compensating control id " .. tostring(x.compensating_control_id))
check("it runs 90 days from today (2 March to 31 May 2026)", x.starts_on == "2026-03-02" and x.expires_on == "2026-05-31",
      tostring(x.starts_on) .. " to " .. tostring(x.expires_on))
C.mentions_one_of_each("the justification says why and until when", (x.title or "") .. "\n" .. (x.justification or ""),
                       { { "2012", "2022", "certif*", "vendor", "connector" }, { "migrat*", "May" } })
F.reply_or_message("Peter was told the exception number", "peter.hall", { x.number or "no exception" })
F.only_messaged("nobody but Peter was messaged", { "peter.hall" }, false)
C.status_is("done")
