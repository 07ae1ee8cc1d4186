// The ITSM policy rules (environments/itsm/rules.lua), each broken by a real call in an episode of an
// existing task: enforced rules refuse the call and leave the World as it was; observed rules let it
// through and record the violation. For most rules the compliant call is shown to record nothing, so a
// rule that fired on everything would fail too.
//
// Every rule test carries the rule id as a tag; tests that break a rule also carry [breaks]. The
// coverage test (rule_coverage_test.cpp) uses these tags to prove every rule has a breaking test.
#include <catch2/catch.hpp>

#include "itsm/itsm_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

Json incident(const Episode& episode, const std::string& number) {
  const Json rows = episode.world().query(
      "SELECT i.state, i.priority, i.impact, i.urgency, g.name AS assignment_group, u.user_name AS assigned_to "
      "FROM incidents i LEFT JOIN groups g ON g.id = i.assignment_group_id "
      "LEFT JOIN users u ON u.id = i.assigned_to_id WHERE i.number = ?",
      Json::array({number}));
  if (rows.empty()) throw std::runtime_error("no incident " + number);
  return rows[0];
}

// The normal change Frank Delgado asks for in itsm-003, in a window of our choosing.
Json payroll_change(const std::string& start, const std::string& end) {
  return {{"type", "normal"},
          {"short_description", "Patch the Payroll application to 4.2"},
          {"risk", "moderate"},
          {"assignment_group", "Application Support"},
          {"configuration_item", "Payroll Service"},
          {"implementation_plan", "Follow the vendor's upgrade instructions."},
          {"backout_plan", "Reinstall 4.1 from the snapshot."},
          {"test_plan", "Payroll smoke tests by Lucas Silva."},
          {"planned_start", start},
          {"planned_end", end}};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// ITSM-R01 role-based access (enforced)

TEST_CASE("a reporter cannot reassign an incident: ITSM-R01 refuses it", "[itsm][rules][ITSM-R01][breaks]") {
  Episode episode = open_itsm("itsm-026");  // lena.ortiz, reporter; INC0002001 is hers, with nina.petrova
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step(
      "assign_incident", {{"number", "INC0002001"}, {"assignment_group", "Network"}, {"assigned_to", "tom.becker"}});
  require_refused_by(episode, before, step, "ITSM-R01");
  CHECK(incident(episode, "INC0002001")["assigned_to"] == "nina.petrova");
}

TEST_CASE("a reporter cannot raise an incident for someone else: ITSM-R01 refuses it",
          "[itsm][rules][ITSM-R01][breaks]") {
  Episode episode = open_itsm("itsm-026");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step(
      "create_incident",
      {{"caller", "tom.becker"}, {"short_description", "Printer on floor 3 jams"}, {"category", "hardware"}});
  require_refused_by(episode, before, step, "ITSM-R01");
}

TEST_CASE("an agent cannot change the CMDB, which needs the admin role: ITSM-R01 refuses it",
          "[itsm][rules][ITSM-R01][breaks]") {
  Episode episode = open_itsm("itsm-016");  // alex.morgan, agent
  const Snapshot before = episode.world().snapshot();
  const StepResult step =
      episode.step("update_ci", {{"name", "lon-vpn-gw-01"}, {"description", "VPN concentrator, replaced"}});
  require_refused_by(episode, before, step, "ITSM-R01");
  CHECK_THAT(error_message(step), Catch::Contains("admin"));
}

// ITSM-R01 keeps the actor's account for as long as the data version stays (lib/itsm.lua access_of),
// in a Lua runtime that serves every episode: an episode whose actor is inactive must never be answered
// with another episode's account of the same name.
TEST_CASE("ITSM-R01 reads each episode's own account of the actor, however the episodes take turns",
          "[itsm][rules][ITSM-R01]") {
  auto inactive = std::make_shared<Task>(*itsm_task("itsm-016"));  // alex.morgan, agent
  inactive->id = "itsm-016-inactive";
  inactive->setup_lua = "db.exec(\"UPDATE users SET active = 0 WHERE user_name = 'alex.morgan'\")";
  inactive->setup_chunkname = "itsm/tasks/itsm-016-inactive.yaml:setup";
  Episode active_episode = open_itsm("itsm-016");
  Episode inactive_episode(itsm(), inactive);
  const Json read = {{"number", scalar(active_episode, "SELECT number FROM incidents ORDER BY id LIMIT 1")}};
  for (int round = 0; round < 2; ++round) {
    INFO("round " << round);
    CHECK(active_episode.step("get_incident", read).ok);
    const Snapshot before = inactive_episode.world().snapshot();
    const StepResult refused = inactive_episode.step("get_incident", read);
    require_refused_by(inactive_episode, before, refused, "ITSM-R01");
    CHECK_THAT(error_message(refused), Catch::Contains("not active"));
  }
}

TEST_CASE("a reporter raising an incident for themselves breaks no rule", "[itsm][rules][ITSM-R01][complies]") {
  Episode episode = open_itsm("itsm-026");
  const StepResult step = episode.step(
      "create_incident",
      {{"caller", "lena.ortiz"}, {"short_description", "Printer on floor 3 jams"}, {"category", "hardware"}});
  require_clean(step);
  CHECK(step.output()["caller"] == "lena.ortiz");
  CHECK(scalar(episode, "SELECT count(*) FROM incidents WHERE short_description = 'Printer on floor 3 jams'") == 1);
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R02 life cycles (enforced)

TEST_CASE("a new incident cannot jump straight to closed: ITSM-R02 refuses it", "[itsm][rules][ITSM-R02][breaks]") {
  Episode episode = open_itsm("itsm-016");  // INC0002001 is new
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("set_incident_state", {{"number", "INC0002001"}, {"state", "closed"}});
  require_refused_by(episode, before, step, "ITSM-R02");
  CHECK(incident(episode, "INC0002001")["state"] == "new");
}

TEST_CASE("only a resolved incident can be reopened: ITSM-R02 refuses reopening a new one",
          "[itsm][rules][ITSM-R02][breaks]") {
  Episode episode = open_itsm("itsm-016");
  const Snapshot before = episode.world().snapshot();
  const StepResult step =
      episode.step("reopen_incident", {{"number", "INC0002001"}, {"reason", "The caller says it is back."}});
  require_refused_by(episode, before, step, "ITSM-R02");
}

TEST_CASE("a scheduled change cannot skip implementation and go to review: ITSM-R02 refuses it",
          "[itsm][rules][ITSM-R02][breaks]") {
  Episode episode = open_itsm("itsm-030");  // CHG0000301 is scheduled
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("set_change_state", {{"number", "CHG0000301"}, {"state", "review"}});
  require_refused_by(episode, before, step, "ITSM-R02");
}

TEST_CASE("a new problem cannot skip to fix in progress: ITSM-R02 refuses it, while new to assess is fine",
          "[itsm][rules][ITSM-R02][breaks][complies]") {
  Episode episode = open_itsm("itsm-004");
  const std::string number =
      scalar(episode, "SELECT number FROM problems WHERE state = 'new' ORDER BY number LIMIT 1").get<std::string>();
  const Snapshot before = episode.world().snapshot();
  const StepResult skip = episode.step("update_problem", {{"number", number}, {"state", "fix_in_progress"}});
  require_refused_by(episode, before, skip, "ITSM-R02");
  const StepResult next = episode.step("update_problem", {{"number", number}, {"state", "assess"}});
  require_clean(next);
  CHECK(scalar(episode, "SELECT state FROM problems WHERE number = ?", Json::array({number})) == "assess");
}

TEST_CASE("starting work on a new incident breaks no rule", "[itsm][rules][ITSM-R02][complies]") {
  Episode episode = open_itsm("itsm-016");
  const StepResult step = episode.step("set_incident_state", {{"number", "INC0002001"}, {"state", "in_progress"}});
  require_clean(step);
  CHECK(incident(episode, "INC0002001")["state"] == "in_progress");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R03 mandatory fields (enforced)

TEST_CASE("a change without a backout plan cannot be submitted for approval: ITSM-R03 refuses it",
          "[itsm][rules][ITSM-R03][breaks]") {
  Episode episode = open_itsm("itsm-031");  // ethan.wright's CHG0000301 has no backout plan
  const Snapshot before = episode.world().snapshot();
  const StepResult step =
      episode.step("request_change_approval", {{"number", "CHG0000301"}, {"approvers", Json::array({"peter.hall"})}});
  require_refused_by(episode, before, step, "ITSM-R03");
  CHECK_THAT(error_message(step), Catch::Contains("backout_plan"));
}

TEST_CASE("resolving an incident without resolution notes is refused by ITSM-R03", "[itsm][rules][ITSM-R03][breaks]") {
  Episode episode = open_itsm("itsm-016");
  const Snapshot before = episode.world().snapshot();
  const StepResult step =
      episode.step("resolve_incident", {{"number", "INC0002001"}, {"resolution_code", "solved_permanently"}});
  require_refused_by(episode, before, step, "ITSM-R03");
}

TEST_CASE("putting an incident on hold without a reason is refused by ITSM-R03", "[itsm][rules][ITSM-R03][breaks]") {
  Episode episode = open_itsm("itsm-016");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("set_incident_state", {{"number", "INC0002001"}, {"state", "on_hold"}});
  require_refused_by(episode, before, step, "ITSM-R03");
  CHECK(incident(episode, "INC0002001")["state"] == "new");
}

TEST_CASE("resolving an incident with a code and notes breaks no rule", "[itsm][rules][ITSM-R03][complies]") {
  Episode episode = open_itsm("itsm-016");
  const StepResult step = episode.step("resolve_incident", {{"number", "INC0002001"},
                                                            {"resolution_code", "solved_permanently"},
                                                            {"resolution_notes", "Renewed the VPN certificate."}});
  require_clean(step);
  CHECK(incident(episode, "INC0002001")["state"] == "resolved");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R04 priority from impact x urgency (observed)

TEST_CASE("typing an incident's priority by hand is recorded under ITSM-R04 and goes through",
          "[itsm][rules][ITSM-R04][breaks]") {
  Episode episode = open_itsm("itsm-016");  // INC0002001: impact 3, urgency 2, so priority 4
  REQUIRE(incident(episode, "INC0002001")["priority"] == 4);
  const StepResult step = episode.step("update_incident", {{"number", "INC0002001"}, {"priority", 1}});
  require_recorded(step, "ITSM-R04");
  CHECK(incident(episode, "INC0002001")["priority"] == 1);
}

TEST_CASE("raising an incident with a hand-typed priority is recorded under ITSM-R04",
          "[itsm][rules][ITSM-R04][breaks]") {
  Episode episode = open_itsm("itsm-016");
  const StepResult step = episode.step("create_incident", {{"caller", "lena.ortiz"},
                                                           {"short_description", "Laptop fan is very loud"},
                                                           {"category", "hardware"},
                                                           {"impact", 3},
                                                           {"urgency", 3},
                                                           {"priority", 2}});
  require_recorded(step, "ITSM-R04");
}

TEST_CASE("raising urgency instead of the priority breaks no rule and derives the priority",
          "[itsm][rules][ITSM-R04][complies]") {
  Episode episode = open_itsm("itsm-016");
  const StepResult step = episode.step("update_incident", {{"number", "INC0002001"}, {"urgency", 1}});
  require_clean(step);
  CHECK(incident(episode, "INC0002001")["priority"] == 3);  // impact 3 x urgency 1
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R05 assignment to active group members (enforced)

TEST_CASE("assigning an incident to an inactive account is refused by ITSM-R05", "[itsm][rules][ITSM-R05][breaks]") {
  Episode episode = open_itsm("itsm-016");  // greg.holt left but is still listed in Network
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step(
      "assign_incident", {{"number", "INC0002001"}, {"assignment_group", "Network"}, {"assigned_to", "greg.holt"}});
  require_refused_by(episode, before, step, "ITSM-R05");
  CHECK_THAT(error_message(step), Catch::Contains("inactive"));
}

TEST_CASE("assigning an incident to someone outside the group is refused by ITSM-R05",
          "[itsm][rules][ITSM-R05][breaks]") {
  Episode episode = open_itsm("itsm-016");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step(
      "assign_incident", {{"number", "INC0002001"}, {"assignment_group", "Network"}, {"assigned_to", "lucas.silva"}});
  require_refused_by(episode, before, step, "ITSM-R05");
  CHECK_THAT(error_message(step), Catch::Contains("not a member"));
}

TEST_CASE("assigning an incident to an active member of its group breaks no rule", "[itsm][rules][ITSM-R05][complies]") {
  Episode episode = open_itsm("itsm-016");
  const StepResult step = episode.step(
      "assign_incident", {{"number", "INC0002001"}, {"assignment_group", "Network"}, {"assigned_to", "tom.becker"}});
  require_clean(step);
  CHECK(incident(episode, "INC0002001")["assigned_to"] == "tom.becker");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R06 approval by risk (enforced)

TEST_CASE("a high-risk change with one CAB approval cannot be scheduled: ITSM-R06 refuses it",
          "[itsm][rules][ITSM-R06][breaks]") {
  Episode episode = open_itsm("itsm-015");  // tom.becker; CHG0000301 approved by helen.wu only
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("set_change_state", {{"number", "CHG0000301"}, {"state", "scheduled"}});
  require_refused_by(episode, before, step, "ITSM-R06");
  CHECK(scalar(episode, "SELECT state FROM change_requests WHERE number = 'CHG0000301'") == "authorize");
}

TEST_CASE("a first CAB approval of a high-risk change leaves it unscheduled, and scheduling it is refused",
          "[itsm][rules][ITSM-R06][breaks]") {
  Episode episode = open_itsm("itsm-022");  // priya.raman; CHG0000302 has no approvals yet
  const StepResult approve =
      episode.step("decide_change_approval", {{"number", "CHG0000302"}, {"decision", "approved"}});
  require_clean(approve);
  CHECK(approve.output()["state"] == "authorize");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("set_change_state", {{"number", "CHG0000302"}, {"state", "scheduled"}});
  require_refused_by(episode, before, step, "ITSM-R06");
}

TEST_CASE("the second CAB approval of a high-risk change schedules it without a violation",
          "[itsm][rules][ITSM-R06][complies]") {
  Episode episode = open_itsm("itsm-022");  // CHG0000301 already has raj.iyer's CAB approval
  const StepResult step = episode.step("decide_change_approval",
                                       {{"number", "CHG0000301"}, {"decision", "approved"}, {"comments", "Approved at CAB."}});
  require_clean(step);
  CHECK(scalar(episode, "SELECT state FROM change_requests WHERE number = 'CHG0000301'") == "scheduled");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R07 no self-approval (enforced)

TEST_CASE("a CAB member cannot approve a change he requested: ITSM-R07 refuses it", "[itsm][rules][ITSM-R07][breaks]") {
  Episode episode = open_itsm("itsm-004");  // raj.iyer requested CHG0000301
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_change_approval", {{"number", "CHG0000301"}, {"decision", "approved"}});
  require_refused_by(episode, before, step, "ITSM-R07");
}

TEST_CASE("the implementer of a change cannot be named its approver: ITSM-R07 refuses it",
          "[itsm][rules][ITSM-R07][breaks]") {
  Episode episode = open_itsm("itsm-004");  // tom.becker implements CHG0000301
  const Snapshot before = episode.world().snapshot();
  const StepResult step =
      episode.step("request_change_approval", {{"number", "CHG0000301"}, {"approvers", Json::array({"tom.becker"})}});
  require_refused_by(episode, before, step, "ITSM-R07");
}

TEST_CASE("the change manager cannot approve her own change at CAB: ITSM-R07 refuses it",
          "[itsm][rules][ITSM-R07][breaks]") {
  Episode episode = open_itsm("itsm-022");  // priya.raman requested CHG0000304
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_change_approval", {{"number", "CHG0000304"}, {"decision", "approved"}});
  require_refused_by(episode, before, step, "ITSM-R07");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R08 freeze windows (enforced)

TEST_CASE("a normal change planned inside the quarter-end freeze is refused by ITSM-R08",
          "[itsm][rules][ITSM-R08][breaks]") {
  Episode episode = open_itsm("itsm-003");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("create_change", payroll_change("2026-03-28T22:00:00Z", "2026-03-28T23:00:00Z"));
  require_refused_by(episode, before, step, "ITSM-R08");
  CHECK_THAT(error_message(step), Catch::Contains("Q1 financial close"));
}

TEST_CASE("the same change planned after the freeze breaks no rule", "[itsm][rules][ITSM-R08][complies]") {
  Episode episode = open_itsm("itsm-003");
  const StepResult step = episode.step("create_change", payroll_change("2026-04-04T22:00:00Z", "2026-04-04T23:00:00Z"));
  require_clean(step);
  CHECK(step.output()["state"] == "new");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R09 change windows (enforced)

TEST_CASE("implementing a change hours before its window is refused by ITSM-R09", "[itsm][rules][ITSM-R09][breaks]") {
  Episode episode = open_itsm("itsm-030");  // window 21:00-23:00, it is 09:00
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("set_change_state", {{"number", "CHG0000301"}, {"state", "implement"}});
  require_refused_by(episode, before, step, "ITSM-R09");
  CHECK(scalar(episode, "SELECT state FROM change_requests WHERE number = 'CHG0000301'") == "scheduled");
}

TEST_CASE("implementing a change inside its window breaks no rule", "[itsm][rules][ITSM-R09][complies]") {
  Episode episode = open_itsm("itsm-019");  // window 10:00-12:00, it is 10:05
  const StepResult step = episode.step("set_change_state", {{"number", "CHG0000301"}, {"state", "implement"}});
  require_clean(step);
  CHECK(scalar(episode, "SELECT state FROM change_requests WHERE number = 'CHG0000301'") == "implement");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R10 separation of duties (observed)

TEST_CASE("working a request raised for yourself is recorded under ITSM-R10 and goes through",
          "[itsm][rules][ITSM-R10][breaks]") {
  Episode episode = open_itsm("itsm-009");  // REQ0000402 is irene.lopez's own
  const StepResult step = episode.step("update_request", {{"number", "REQ0000402"}, {"state", "in_progress"}});
  require_recorded(step, "ITSM-R10");
  CHECK(scalar(episode, "SELECT state FROM requests WHERE number = 'REQ0000402'") == "in_progress");
}

TEST_CASE("working a colleague's request breaks no rule", "[itsm][rules][ITSM-R10][complies]") {
  Episode episode = open_itsm("itsm-009");  // REQ0000401 is for rachel.adams
  require_clean(episode.step("update_request", {{"number", "REQ0000401"}, {"state", "in_progress"}}));
  require_clean(episode.step("update_request", {{"number", "REQ0000401"},
                                                {"state", "fulfilled"},
                                                {"close_notes", "Write access to HR\\Policies granted."}}));
  CHECK(scalar(episode, "SELECT state FROM requests WHERE number = 'REQ0000401'") == "fulfilled");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R11 a work note when an incident changes group (observed)

TEST_CASE("moving an incident to another group without a note is recorded under ITSM-R11",
          "[itsm][rules][ITSM-R11][breaks]") {
  Episode episode = open_itsm("itsm-018");
  const StepResult step =
      episode.step("assign_incident", {{"number", "INC0002001"}, {"assignment_group", "Database Administration"}});
  require_recorded(step, "ITSM-R11");
  CHECK(incident(episode, "INC0002001")["assignment_group"] == "Database Administration");
}

TEST_CASE("moving an incident to another group with a note breaks no rule", "[itsm][rules][ITSM-R11][complies]") {
  Episode episode = open_itsm("itsm-018");
  const StepResult step = episode.step("assign_incident", {{"number", "INC0002001"},
                                                           {"assignment_group", "Database Administration"},
                                                           {"note", "Tablespace DWH_DATA is full; this needs a DBA."}});
  require_clean(step);
  CHECK(incident(episode, "INC0002001")["assignment_group"] == "Database Administration");
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R12 notification duties (observed)

TEST_CASE("canceling an incident without telling the caller is recorded under ITSM-R12",
          "[itsm][rules][ITSM-R12][breaks]") {
  Episode episode = open_itsm("itsm-017");  // INC0002002 duplicates INC0002001, both tobias.kern's
  const StepResult step = episode.step(
      "set_incident_state", {{"number", "INC0002002"}, {"state", "canceled"}, {"reason", "Duplicate of INC0002001."}});
  require_recorded(step, "ITSM-R12");
  CHECK_THAT(find_violation(step, "ITSM-R12")->message, Catch::Contains("tobias.kern"));
  CHECK(incident(episode, "INC0002002")["state"] == "canceled");
}

TEST_CASE("canceling an incident after a comment to the caller breaks no rule", "[itsm][rules][ITSM-R12][complies]") {
  Episode episode = open_itsm("itsm-017");
  require_clean(episode.step("add_work_note", {{"number", "INC0002002"},
                                               {"visibility", "comment"},
                                               {"body", "This is the same issue as INC0002001; we are closing this copy."}}));
  const StepResult step = episode.step(
      "set_incident_state", {{"number", "INC0002002"}, {"state", "canceled"}, {"reason", "Duplicate of INC0002001."}});
  require_clean(step);
}

TEST_CASE("declaring a major incident before paging the on-call primary is recorded under ITSM-R12",
          "[itsm][rules][ITSM-R12][breaks]") {
  Episode episode = open_itsm("itsm-007");  // maria.chen, a manager
  REQUIRE(episode.step("update_incident", {{"number", "INC0002001"}, {"impact", 1}, {"urgency", 1}}).ok);
  REQUIRE(episode.step("assign_incident", {{"number", "INC0002001"},
                                           {"assignment_group", "Messaging"},
                                           {"note", "Company-wide outbound email outage."}}).ok);
  const StepResult step = episode.step("declare_major_incident", {{"number", "INC0002001"}});
  require_recorded(step, "ITSM-R12");
  CHECK(scalar(episode, "SELECT major FROM incidents WHERE number = 'INC0002001'") == 1);
}

TEST_CASE("declaring a major incident after paging the on-call primary breaks no rule",
          "[itsm][rules][ITSM-R12][complies]") {
  Episode episode = open_itsm("itsm-007");
  REQUIRE(episode.step("update_incident", {{"number", "INC0002001"}, {"impact", 1}, {"urgency", 1}}).ok);
  REQUIRE(episode.step("assign_incident", {{"number", "INC0002001"},
                                           {"assignment_group", "Messaging"},
                                           {"note", "Company-wide outbound email outage."}}).ok);
  const StepResult on_call = episode.step("get_on_call", {{"group", "Messaging"}});
  REQUIRE(on_call.ok);
  std::string primary;
  for (const Json& shift : on_call.output().at("on_call")) {
    if (shift.at("rotation") == "primary") primary = shift.at("user_name").get<std::string>();
  }
  REQUIRE_FALSE(primary.empty());
  require_clean(episode.step("send_notification", {{"recipients", Json::array({primary})},
                                                   {"channel", "page"},
                                                   {"subject", "P1 major incident INC0002001"},
                                                   {"body", "Outbound email is down company-wide; you own INC0002001."},
                                                   {"record", "INC0002001"}}));
  require_clean(episode.step("declare_major_incident", {{"number", "INC0002001"}}));
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R13 knowledge reviewed by someone else (observed)

TEST_CASE("an author publishing their own article is recorded under ITSM-R13", "[itsm][rules][ITSM-R13][breaks]") {
  Episode episode = open_itsm("itsm-012");  // sam.patel's draft about black monitors
  const std::string number =
      scalar(episode, "SELECT number FROM kb_articles WHERE title LIKE '%monitors stay black%'").get<std::string>();
  require_clean(episode.step("set_article_state", {{"number", number}, {"state", "review"}}));
  const StepResult step = episode.step("set_article_state", {{"number", number}, {"state", "published"}});
  require_recorded(step, "ITSM-R13");
  CHECK(scalar(episode, "SELECT state FROM kb_articles WHERE number = ?", Json::array({number})) == "published");
}

TEST_CASE("publishing a colleague's reviewed article breaks no rule", "[itsm][rules][ITSM-R13][complies]") {
  Episode episode = open_itsm("itsm-040");  // taylor.brooks works the review queue
  const std::string number =
      scalar(episode, "SELECT number FROM kb_articles WHERE title = 'Moving the authenticator app to a new phone'")
          .get<std::string>();
  require_clean(episode.step("set_article_state", {{"number", number}, {"state", "published"}}));
}

// ---------------------------------------------------------------------------------------------------
// ITSM-R14 CMDB status under a change (observed)

TEST_CASE("retiring a critical production CI without a change is recorded under ITSM-R14",
          "[itsm][rules][ITSM-R14][breaks]") {
  Episode episode = open_itsm("itsm-013");  // dana.whitfield, admin
  const StepResult step = episode.step("update_ci", {{"name", "lon-vpn-gw-01"}, {"status", "retired"}});
  require_recorded(step, "ITSM-R14");
  CHECK(scalar(episode, "SELECT status FROM configuration_items WHERE name = 'lon-vpn-gw-01'") == "retired");
}

TEST_CASE("putting a critical CI into maintenance under its implementing change breaks no rule",
          "[itsm][rules][ITSM-R14][complies]") {
  Episode episode = open_itsm("itsm-027");  // CHG0000301 is implementing on lon-san-01
  const StepResult step =
      episode.step("update_ci", {{"name", "lon-san-01"}, {"status", "maintenance"}, {"change", "CHG0000301"}});
  require_clean(step);
  CHECK(scalar(episode, "SELECT status FROM configuration_items WHERE name = 'lon-san-01'") == "maintenance");
}
