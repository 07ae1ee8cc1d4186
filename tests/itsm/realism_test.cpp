// ITSM as a careful agent meets it: tools that do what their descriptions and the policy say, seed data
// that keeps the tools' own rules, and records that show what really concerns them.
#include <string>

#include "itsm_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

TEST_CASE("a request is canceled with a reason, kept as its close notes; without one ITSM-R03 refuses",
          "[itsm][requests][ITSM-R03]") {
  Episode episode = open_itsm("itsm-051");  // REQ0000401: Kevin Osei's approved second monitor
  const Snapshot before = episode.world().snapshot();
  const StepResult bare = episode.step("update_request", {{"number", "REQ0000401"}, {"state", "canceled"}});
  require_refused_by(episode, before, bare, "ITSM-R03");

  const std::string why = "Not needed: a spare monitor was set up on his desk.";
  const StepResult canceled =
      episode.step("update_request", {{"number", "REQ0000401"}, {"state", "canceled"}, {"reason", why}});
  INFO(canceled.output().dump());
  REQUIRE(canceled.ok);
  CHECK(scalar(episode, "SELECT state FROM requests WHERE number = 'REQ0000401'") == "canceled");
  CHECK(scalar(episode, "SELECT close_notes FROM requests WHERE number = 'REQ0000401'") == why);
}

TEST_CASE("close notes still serve as a request's cancel reason, and fulfilling needs them",
          "[itsm][requests][ITSM-R03]") {
  Episode episode = open_itsm("itsm-051");  // REQ0000402: Kevin's headset, in progress with zoe.martin
  const Snapshot before = episode.world().snapshot();
  const StepResult bare = episode.step("update_request", {{"number", "REQ0000402"}, {"state", "fulfilled"}});
  require_refused_by(episode, before, bare, "ITSM-R03");
  const StepResult canceled = episode.step(
      "update_request", {{"number", "REQ0000401"}, {"state", "canceled"}, {"close_notes", "Duplicate of REQ0000402."}});
  INFO(canceled.output().dump());
  REQUIRE(canceled.ok);
  CHECK(scalar(episode, "SELECT close_notes FROM requests WHERE number = 'REQ0000401'") == "Duplicate of REQ0000402.");
}

TEST_CASE("a CI lists only the open incidents that concern it", "[itsm][cmdb][seed]") {
  Episode episode = open_itsm("itsm-001");
  // Open seeded incidents carry the business service their text is about, or none (a laptop, a how-to
  // question). (Old closed tickets may have lost the description that named it.)
  CHECK(scalar(episode,
               "SELECT COUNT(*) FROM incidents i JOIN configuration_items c ON c.id = i.ci_id WHERE c.name = 'Payroll Service' "
               "AND i.state IN ('new', 'in_progress', 'on_hold') AND lower(i.short_description || ' ' || coalesce(i.description, '')) NOT LIKE '%payroll%'") == 0);
  CHECK(scalar(episode, "SELECT COUNT(*) FROM incidents WHERE category IN ('hardware', 'inquiry') AND ci_id IS NOT NULL "
                        "AND short_description NOT LIKE '%printer%'") == 0);
  CHECK(scalar(episode,
               "SELECT COUNT(*) FROM incidents i JOIN configuration_items c ON c.id = i.ci_id WHERE c.name = 'VPN Service' "
               "AND i.state IN ('new', 'in_progress', 'on_hold') AND lower(i.short_description || ' ' || coalesce(i.description, '')) NOT LIKE '%vpn%'") == 0);

  const StepResult ci = episode.step("get_ci", {{"name", "Payroll Service"}});
  REQUIRE(ci.ok);
  const Json& open = ci.output()["open_incidents"];
  CHECK_FALSE(open.empty());
  for (const auto& inc : open) {
    const std::string text = scalar(episode,
                                    "SELECT lower(short_description || ' ' || coalesce(description, '')) FROM incidents "
                                    "WHERE number = ?",
                                    Json::array({inc["number"]}))
                                 .get<std::string>();
    INFO(inc.dump());
    CHECK(text.find("payroll") != std::string::npos);
  }
}

TEST_CASE("the seed keeps the rules its own tools keep", "[itsm][seed]") {
  for (const std::string task : {"itsm-001", "itsm-037", "itsm-044", "itsm-065"}) {
    Episode episode = open_itsm(task);
    INFO("seed of " << task);
    // ITSM-R07: no change is approved (or awaits approval) by its requester or its implementer.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM change_approvals a JOIN change_requests c ON c.id = a.change_id "
                          "WHERE c.number <= 'CHG0000300' AND a.approver_id IN (c.requested_by_id, c.assigned_to_id)") == 0);
    // ITSM-R06: a normal change past authorize has its manager's or the CAB's approval.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM change_requests c WHERE c.number <= 'CHG0000300' AND c.type = 'normal' "
                          "AND c.state IN ('scheduled', 'implement', 'review', 'closed') AND NOT EXISTS (SELECT 1 FROM "
                          "change_approvals a WHERE a.change_id = c.id AND a.state = 'approved')") == 0);
    // ITSM-R13: no published article was reviewed by its author.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM kb_articles WHERE state = 'published' AND (reviewer_id IS NULL "
                          "OR reviewer_id = author_id)") == 0);
    // ITSM-R10: nobody works or fulfilled a request raised for themselves.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM requests WHERE number <= 'REQ0000400' AND (assigned_to_id = requested_for_id "
                          "OR fulfilled_by_id = requested_for_id)") == 0);
    // submit_request: an item that needs approval has an approver, the manager of the person it is for.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM requests r JOIN catalog_items c ON c.id = r.catalog_item_id "
                          "WHERE r.number <= 'REQ0000400' AND c.approval = 'manager' AND r.approver_id IS NULL") == 0);
    CHECK(scalar(episode, "SELECT COUNT(*) FROM users u WHERE u.active = 1 AND u.manager_id IS NULL "
                          "AND u.user_name <> 'olivia.grant' AND u.department_id IS NOT NULL") == 0);
    // update_ci: a CI's owner is an active person.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM configuration_items ci JOIN users u ON u.id = ci.owner_id "
                          "WHERE ci.ci_class = 'service' AND u.active = 0") == 0);
    // The on-call rota is the group's engineers; the manager is the escalation point.
    CHECK(scalar(episode, "SELECT COUNT(*) FROM on_call_shifts s JOIN groups g ON g.id = s.group_id "
                          "WHERE s.user_id = g.manager_id") == 0);
  }
}

TEST_CASE("a known error's article names a reviewer other than its author, or ITSM-R13 records the breach",
          "[itsm][knowledge][ITSM-R13]") {
  Episode episode = open_itsm("itsm-011");  // lucas.silva, Application Support
  const StepResult problem = episode.step("create_problem", {{"short_description", "Payroll bank export fails with BANK-417"},
                                                             {"assignment_group", "Application Support"}});
  REQUIRE(problem.ok);
  const std::string number = problem.output()["number"].get<std::string>();
  REQUIRE(episode.step("update_problem", {{"number", number}, {"state", "assess"}}).ok);
  const Json known_error{{"problem", number},
                         {"title", "Payroll export fails with BANK-417"},
                         {"symptoms", "The export to the bank stops with BANK-417."},
                         {"workaround", "Restart the export service and run the export again."}};

  const StepResult unreviewed = episode.step("create_known_error", known_error);
  require_recorded(unreviewed, "ITSM-R13");
  const std::string first = unreviewed.output()["article"].get<std::string>();
  CHECK(scalar(episode, "SELECT state FROM kb_articles WHERE number = ?", Json::array({first})) == "published");

  Json self = known_error;
  self["reviewer"] = "lucas.silva";
  require_recorded(episode.step("create_known_error", self), "ITSM-R13");

  Json reviewed = known_error;
  reviewed["reviewer"] = "emma.davis";
  const StepResult clean = episode.step("create_known_error", reviewed);
  require_clean(clean);
  CHECK(clean.output()["reviewer"] == "emma.davis");
  CHECK(scalar(episode, "SELECT u.user_name FROM kb_articles a JOIN users u ON u.id = a.reviewer_id WHERE a.number = ?",
               Json::array({clean.output()["article"]})) == "emma.davis");
}

TEST_CASE("a leaver's problems, changes and tasks are found by assignee and handed over within the group",
          "[itsm][search][ITSM-R05][breaks]") {
  Episode episode = open_itsm("itsm-035");  // pat.quinn holds PRB0000061 and ITASK0000001 besides tickets
  const StepResult problems = episode.step("search_problems", {{"assigned_to", "pat.quinn"}, {"state", "open"}});
  REQUIRE(problems.ok);
  REQUIRE(problems.output()["total"] == 1);
  CHECK(problems.output()["items"][0]["number"] == "PRB0000061");
  CHECK(problems.output()["items"][0]["assigned_to"] == "pat.quinn");
  const StepResult changes = episode.step("search_changes", {{"assigned_to", "pat.quinn"}});
  REQUIRE(changes.ok);
  CHECK(changes.output()["total"] == 0);
  const StepResult tasks = episode.step("search_tasks", {{"assigned_to", "pat.quinn"}, {"state", "not_closed"}});
  REQUIRE(tasks.ok);
  REQUIRE(tasks.output()["total"] == 1);
  CHECK(tasks.output()["items"][0]["number"] == "ITASK0000001");
  CHECK(tasks.output()["items"][0]["kind"] == "incident");
  CHECK(tasks.output()["items"][0]["record"] == "INC0002008");
  // Change tasks are searched too.
  const StepResult change_tasks = episode.step("search_tasks", {{"kind", "change"}, {"assigned_to", "pat.quinn"}});
  REQUIRE(change_tasks.ok);
  CHECK(change_tasks.output()["total"] == 0);

  const Snapshot before = episode.world().snapshot();
  const StepResult outsider =
      episode.step("update_incident_task", {{"number", "ITASK0000001"}, {"assigned_to", "nina.petrova"}});
  require_refused_by(episode, before, outsider, "ITSM-R05");
  const StepResult handed =
      episode.step("update_incident_task", {{"number", "ITASK0000001"}, {"assigned_to", "taylor.brooks"}});
  require_clean(handed);
  CHECK(handed.output()["state"] == "in_progress");
  CHECK(scalar(episode, "SELECT u.user_name FROM incident_tasks t JOIN users u ON u.id = t.assigned_to_id "
                        "WHERE t.number = 'ITASK0000001'") == "taylor.brooks");
  const StepResult after = episode.step("search_tasks", {{"assigned_to", "pat.quinn"}, {"state", "not_closed"}});
  REQUIRE(after.ok);
  CHECK(after.output()["total"] == 0);
}

TEST_CASE("a configuration item's history is read as CI:<name>, as the CMDB tools write it", "[itsm][cmdb]") {
  Episode episode = open_itsm("itsm-056");  // dana.whitfield (admin) wires lon-hrportal-app-09 into the CMDB
  REQUIRE(episode.step("update_ci", {{"name", "lon-hrportal-app-09"}, {"owner", "karl.jensen"}}).ok);
  const StepResult history = episode.step("get_audit_log", {{"number", "CI:lon-hrportal-app-09"}});
  INFO(history.output().dump());
  REQUIRE(history.ok);
  REQUIRE(history.output()["total"] == 1);
  CHECK(history.output()["items"][0]["field"] == "owner_id");
  CHECK(history.output()["items"][0]["actor"] == "dana.whitfield");
  const StepResult unknown = episode.step("get_audit_log", {{"number", "CI:no-such-ci"}});
  CHECK_FALSE(unknown.ok);
  CHECK(error_code(unknown) == "not_found");
}

TEST_CASE("knowledge, catalog, request and problem searches match every word in any order", "[itsm][search]") {
  Episode episode = open_itsm("itsm-029");  // Lena Ortiz's CRM and Tableau requests wait for Hannah
  const auto total = [&](const std::string& tool, const Json& args) {
    const StepResult step = episode.step(tool, args);
    INFO(tool << " " << args.dump() << " -> " << step.output().dump());
    REQUIRE(step.ok);
    return step.output()["total"].get<int64_t>();
  };
  const int64_t in_order = total("search_knowledge", {{"query", "Outlook outbox"}});
  CHECK(in_order > 0);
  CHECK(total("search_knowledge", {{"query", "outbox Outlook"}}) == in_order);
  CHECK(total("search_catalog", {{"query", "monitor second"}}) == 1);
  CHECK(total("search_requests", {{"query", "Tableau Ortiz"}, {"state", "open"}}) ==
        total("search_requests", {{"query", "Ortiz Tableau"}, {"state", "open"}}));
  CHECK(total("search_requests", {{"query", "Tableau Lena"}, {"requested_for", "lena.ortiz"}}) >= 1);
  CHECK(total("search_problems", {{"query", "Payroll Recurring"}}) == total("search_problems", {{"query", "Recurring Payroll"}}));
  CHECK(total("search_catalog", {{"query", "monitor zzqxj"}}) == 0);
}
