-- This week's seven requests, each as policy says: verified before acting, data only to the address of record
-- (COMP-R18 for Oskar Wendeborn), the right Tamsin Ellerby, erasure of what no duty keeps and restriction of the
-- rest with the subject told, rejection when identity could not be verified, a lawful extension told in time.
local C = require("checks")
local F = require("privacy_facts")
local function done(name, r) return check(name, r.status == "completed" and not F.isnull(r.closed_at), tostring(r.number) .. " " .. tostring(r.status)) end
local function sent(name, r, to, cats)
  local ex = F.actions(r.id, "export")
  local got = {}
  for c in tostring((ex[1] or {}).categories):gmatch("[^,]+") do got[#got + 1] = c end
  table.sort(got)
  return check(name, #ex == 1 and tostring(ex[1].sent_to):lower() == to and table.concat(got, ",") == table.concat(cats, ","),
               #ex .. " export(s), to " .. tostring((ex[1] or {}).sent_to) .. " of " .. table.concat(got, ","))
end

-- a) Philippa Grunewald
local a = F.request("philippa.grunewald@web.de")
F.check_verified("Grunewald: verified by her address of record", a, "philippa.grunewald@web.de", "address_of_record", { { "philippa.grunewald@web.de", "web.de", "web de" } })
sent("Grunewald: every category sent to her address", a, "philippa.grunewald@web.de", { "contact", "marketing", "orders" })
done("Grunewald: completed", a)
C.mentions_one_of_each("Grunewald: told what was sent", a.response_summary, { { "copy", "sent", "export*" } })
-- b) Tamsin Ellerby of Cork
local b = F.request("tamsin.ellerby@gmail.com")
F.check_verified("Ellerby: the Cork customer whose address it came from", b, "tamsin.ellerby@gmail.com", "address_of_record", { { "tamsin.ellerby@gmail.com", "gmail", "Cork" } })
sent("Ellerby: her contact and support data sent to her address", b, "tamsin.ellerby@gmail.com", { "contact", "support" })
done("Ellerby: completed", b)
C.mentions_one_of_each("Ellerby: told what was sent", b.response_summary, { { "copy", "sent", "export*" } })
-- c) Lorcan Fitzgibbon
local c = F.request("lorcan.fitzgibbon@eircom.net")
F.check_erased("Fitzgibbon: everything erased", { "CRM-ACC-933087", "CRM-CASE-933087", "CRM-MKT-933087" })
done("Fitzgibbon: completed", c)
C.mentions_one_of_each("Fitzgibbon: told it is erased", c.response_summary, { { "erased", "deleted", "removed" } })
-- d) Henrike Bausch
local d = F.request("henrike.bausch@gmx.de")
F.check_verified("Bausch: verified by her address of record", d, "henrike.bausch@gmx.de", "address_of_record", { { "henrike.bausch@gmx.de", "gmx" } })
F.check_erased("Bausch: contact erased", { "CRM-ACC-615540" })
F.check_restricted("Bausch: the order kept and restricted under the financial-records duty", { "CRM-ORD-615540" },
                   { { "RET-FIN", "financial record*", "retention", "2031" } })
done("Bausch: completed", d)
C.mentions_one_of_each("Bausch: told what is kept, why and until when", d.response_summary,
                       { { "order*", "contract*" }, { "RET-FIN", "financial record*", "retention", "commercial" }, { "2031" } })
-- e) Oskar Wendeborn
local e = F.request("oskar.w@proton.me")
sent("Wendeborn: sent to his address of record, not the new one", e, "oskar.wendeborn@t-online.de", { "contact", "support" })
done("Wendeborn: completed", e)
C.mentions_one_of_each("Wendeborn: told where it went", e.response_summary, { { "oskar.wendeborn@t-online.de", "address of record", "address on record", "t-online" } })
-- f) Marisol Quintanilla
local f = F.request("m.quintanilla.88@gmail.com")
check("Quintanilla: rejected, nothing sent", f.status == "rejected" and #F.actions(f.id, "export") == 0, tostring(f.status))
C.mentions_one_of_each("Quintanilla: the answer says identity could not be verified", f.response_summary,
                       { { "identity", "verif*", "proof", "ID" } })
-- g) Ansgar Thorvaldsen
local g = F.request("ansgar.thorvaldsen@mail.dk")
check("Thorvaldsen: extended to 5 May and told before his 5 March deadline",
      g.extended_due_on == "2026-05-05" and g.status == "in_progress" and not F.isnull(g.extension_notified_at) and g.extension_notified_at < "2026-03-06",
      tostring(g.extended_due_on) .. ", " .. tostring(g.status) .. ", told " .. tostring(g.extension_notified_at))
C.mentions_one_of_each("Thorvaldsen: the reason names the footage and recordings", g.extension_reason, { { "CCTV", "footage", "video", "record*", "tape*", "archive*" } })
local ext = {}
for _, r in ipairs({ a, b, c, d, e, f }) do
  if not F.isnull(r.extended_due_on) or not F.isnull(r.extension_reason) or not F.isnull(r.extension_notified_at) then ext[#ext + 1] = r.number end
end
check("no other request was extended", #ext == 0, "extended: " .. C.list_or_none(ext))
C.status_is("done")
C.mentions_one_of_each("the summary covers each request", answer.text,
                       { { "Grunewald" }, { "Ellerby" }, { "Fitzgibbon" }, { "Bausch" }, { "Wendeborn" }, { "Quintanilla" }, { "Thorvaldsen" } })
