-- Wrap-up of the email major incident: both tasks closed complete with notes saying what was done, the
-- major incident resolved with notes on the fix (its children with it), a new Messaging problem on the
-- Email Service linked to it that asks why no expiry warning came, and Ken's workaround published as a
-- known error whose article Ken is recorded as having reviewed. Nobody is messaged by hand.
local C = require("checks")
local F = require("facts")


local master = F.incident("INC0002001")
-- The renewal restored service; the missing warning stays open as the problem, so either code fits.
check("the major incident is resolved as solved", master.state == "resolved"
      and (master.resolution_code == "solved_permanently" or master.resolution_code == "solved_workaround"),
      "INC0002001 is " .. master.state .. " (" .. tostring(master.resolution_code) .. ")")
C.mentions_one_of_each("the resolution notes say what fixed it", master.resolution_notes,
      { { "certificate*", "cert", "certs" }, { "renew*", "replaced", "new certificate" } })
C.no_row("every child incident was resolved with it",
         "SELECT number FROM incidents WHERE parent_id = ? AND state NOT IN ('resolved', 'closed')", master.id)

local function itask(number) return db.one("SELECT * FROM incident_tasks WHERE number = ?", number) end
local queues, status = itask("ITASK0000001"), itask("ITASK0000002")
check("both incident tasks are closed complete", queues.state == "closed_complete" and status.state == "closed_complete",
      "ITASK0000001 " .. queues.state .. ", ITASK0000002 " .. status.state)
C.mentions_one_of_each("the queue task's notes say the queues were restarted", queues.close_notes,
      { { "restart*", "queue*", "transport", "flowing", "mail flow*" } })
C.mentions_one_of_each("the status-update task's notes say the updates went out", status.close_notes,
      { { "status", "sent", "all-clear", "all clear", "announc*", "communicat*", "informed", "notified" } })

local prb = master.problem_id and db.one("SELECT * FROM problems WHERE id = ?", master.problem_id)
check("a new Messaging problem on the Email Service is linked to the major incident", prb ~= nil
      and prb.assignment_group_id == F.group_id("Messaging") and prb.ci_id == F.ci_id("Email Service")
      and prb.opened_at >= "2026-03-02T13:00:00Z",
      prb and (prb.number .. " with group " .. tostring(F.group_name(prb.assignment_group_id))
        .. " on " .. tostring(F.ci_name(prb.ci_id))) or "no problem linked to INC0002001")
-- A company-wide outage is impact 1 (policy's table); service is back, so it is not urgency 1.
check("the problem is impact 1 (company-wide), not urgent now that mail flows", prb ~= nil and prb.impact == 1 and prb.urgency ~= 1,
      prb and ("impact " .. prb.impact .. ", urgency " .. prb.urgency) or "no problem")
C.mentions_one_of_each("the problem says it is about the certificate expiring without a warning",
      prb and (prb.short_description .. "\n" .. (prb.description or "")),
      { { "certificate*", "cert", "certs" }, { "warn*", "alert*", "monitor*", "unnoticed", "notif*", "expir*" } })

local ke = prb and db.one("SELECT * FROM known_errors WHERE problem_id = ?", prb.id)
C.mentions("the known error carries Ken's workaround", ke and ke.workaround, "renew", "certificate", "restart", "transport")
local kb = ke and ke.kb_article_id and db.one("SELECT * FROM kb_articles WHERE id = ?", ke.kb_article_id)
check("the known error's article is published with Ken as its reviewer", kb ~= nil and kb.state == "published"
      and kb.reviewer_id == F.user_id("ken.watanabe"),
      kb and (kb.number .. " " .. kb.state .. ", reviewed by " .. tostring(F.user_name(kb.reviewer_id))) or "no article")
F.only_notified("nobody was notified by hand", {})
C.status_is("done")
