// The ITSM environment's time behaviours (events.lua): an SLA timer still running when the clock passes
// its due time is breached and the group's manager is emailed; a resolved incident closes itself 72 hours
// after resolution unless it was reopened. Due times are read from the World, not hard-coded, and the
// clock is moved by ordinary read-only calls (each call costs seconds_per_call).
#include <cstdint>
#include <functional>
#include <string>

#include <catch2/catch.hpp>

#include "itsm/itsm_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

constexpr int kMaxSteps = 200;  // far more than any test needs; stops a clock that does not move

// The response timer of an incident: id, stage and due time (unix seconds).
Json response_timer(const Episode& episode, const std::string& number) {
  const Json rows = episode.world().query(
      "SELECT t.id, t.stage, t.breached_at, CAST(strftime('%s', t.due_at) AS INTEGER) AS due "
      "FROM sla_timers t JOIN sla_definitions d ON d.id = t.definition_id "
      "JOIN incidents i ON i.id = t.incident_id WHERE i.number = ? AND d.kind = 'response'",
      Json::array({number}));
  REQUIRE(rows.size() == 1);
  return rows[0];
}

int64_t breach_emails(const Episode& episode, const std::string& number) {
  return scalar(episode,
                "SELECT count(*) FROM notifications n JOIN groups g ON g.manager_id = n.recipient_id "
                "JOIN incidents i ON i.assignment_group_id = g.id "
                "WHERE i.number = ? AND n.record_number = i.number AND n.subject = 'SLA breached: ' || i.number "
                "AND n.sender_id IS NULL",
                Json::array({number}))
      .get<int64_t>();
}

std::string state_of(const Episode& episode, const std::string& number) {
  return scalar(episode, "SELECT state FROM incidents WHERE number = ?", Json::array({number})).get<std::string>();
}

// One read-only call: moves the clock by one call's worth and changes nothing else.
void tick(Episode& episode, const std::string& number) {
  REQUIRE(episode.step("get_incident", {{"number", number}}).ok);
}

// Calls until the next call would carry the clock to `due` or past it.
void tick_until_just_before(Episode& episode, const std::string& number, int64_t due,
                            const std::function<void()>& still_before = [] {}) {
  const int64_t per_call = episode.environment().seconds_per_call();
  for (int i = 0; episode.now() + per_call < due; ++i) {
    REQUIRE(i < kMaxSteps);
    tick(episode, number);
    still_before();
  }
}

}  // namespace

TEST_CASE("a P1 response timer is breached once the clock passes its due time and the manager is emailed",
          "[itsm][time][sla]") {
  Episode episode = open_itsm("itsm-006");  // unowned P1 opened 08:52, response due 09:07; it is 09:00
  const Json timer = response_timer(episode, "INC0002001");
  REQUIRE(timer["stage"] == "in_progress");
  const int64_t due = timer["due"].get<int64_t>();
  REQUIRE(due > episode.now());

  tick_until_just_before(episode, "INC0002001", due, [&] {
    CHECK(response_timer(episode, "INC0002001")["stage"] == "in_progress");
    CHECK(breach_emails(episode, "INC0002001") == 0);
  });
  tick(episode, "INC0002001");
  REQUIRE(episode.now() >= due);
  const Json breached = response_timer(episode, "INC0002001");
  CHECK(breached["stage"] == "breached");
  CHECK(breached["breached_at"].is_string());
  CHECK(breach_emails(episode, "INC0002001") == 1);
  CHECK(scalar(episode, "SELECT count(*) FROM audit_log WHERE record_number = 'INC0002001' "
                        "AND field = 'sla_breached' AND actor_id IS NULL") == 1);

  tick(episode, "INC0002001");
  CHECK(breach_emails(episode, "INC0002001") == 1);  // the event fires once
}

TEST_CASE("starting work before the response due time stops the timer, and no breach fires",
          "[itsm][time][sla]") {
  Episode episode = open_itsm("itsm-006");
  const int64_t due = response_timer(episode, "INC0002001")["due"].get<int64_t>();
  REQUIRE(episode.step("set_incident_state", {{"number", "INC0002001"}, {"state", "in_progress"}}).ok);
  CHECK(response_timer(episode, "INC0002001")["stage"] == "completed");
  tick_until_just_before(episode, "INC0002001", due);
  tick(episode, "INC0002001");
  tick(episode, "INC0002001");
  REQUIRE(episode.now() > due);
  CHECK(response_timer(episode, "INC0002001")["stage"] == "completed");
  CHECK(breach_emails(episode, "INC0002001") == 0);
}

TEST_CASE("an incident raised in the episode starts a response timer that breaches when it runs out",
          "[itsm][time][sla]") {
  Episode episode = open_itsm("itsm-016");
  const StepResult created = episode.step("create_incident", {{"caller", "lena.ortiz"},
                                                              {"short_description", "Whole Berlin office offline"},
                                                              {"category", "network"},
                                                              {"impact", 1},
                                                              {"urgency", 1},
                                                              {"assignment_group", "Network"}});
  REQUIRE(created.ok);
  const std::string number = created.output().at("number").get<std::string>();
  const Json timer = response_timer(episode, number);
  REQUIRE(timer["stage"] == "in_progress");
  const int64_t due = timer["due"].get<int64_t>();
  CHECK(due - episode.now() <= 15 * 60);  // P1 response: 15 minutes from the call that raised it

  tick_until_just_before(episode, number, due, [&] { CHECK(response_timer(episode, number)["stage"] == "in_progress"); });
  tick(episode, number);
  CHECK(response_timer(episode, number)["stage"] == "breached");
  CHECK(breach_emails(episode, number) == 1);
}

TEST_CASE("a resolved incident closes itself 72 hours after resolution, not before", "[itsm][time][auto-close]") {
  Episode episode = open_itsm("itsm-010");  // INC0002001 resolved 27 Feb 11:05; it is 2 Mar 10:58
  const int64_t resolved_at = scalar(episode,
                                     "SELECT CAST(strftime('%s', resolved_at) AS INTEGER) FROM incidents "
                                     "WHERE number = 'INC0002001'")
                                  .get<int64_t>();
  const int64_t due = resolved_at + 72 * 3600;
  REQUIRE(due > episode.now());
  REQUIRE(state_of(episode, "INC0002001") == "resolved");

  tick_until_just_before(episode, "INC0002001", due,
                         [&] { CHECK(state_of(episode, "INC0002001") == "resolved"); });
  tick(episode, "INC0002001");
  REQUIRE(episode.now() >= due);
  CHECK(state_of(episode, "INC0002001") == "closed");
  CHECK(scalar(episode, "SELECT closed_at IS NOT NULL FROM incidents WHERE number = 'INC0002001'") == 1);
  // The other resolved incident of the task was resolved later and is still inside its 72 hours.
  CHECK(state_of(episode, "INC0002002") == "resolved");
}

TEST_CASE("an incident reopened before its auto-close stays open when the 72 hours pass", "[itsm][time][auto-close]") {
  Episode episode = open_itsm("itsm-010");
  const int64_t due = scalar(episode,
                             "SELECT CAST(strftime('%s', resolved_at) AS INTEGER) + 72 * 3600 FROM incidents "
                             "WHERE number = 'INC0002001'")
                          .get<int64_t>();
  REQUIRE(episode.step("reopen_incident", {{"number", "INC0002001"},
                                           {"reason", "The bank export failed again with BANK-417."}}).ok);
  REQUIRE(state_of(episode, "INC0002001") == "in_progress");
  tick_until_just_before(episode, "INC0002001", due);
  tick(episode, "INC0002001");
  tick(episode, "INC0002001");
  REQUIRE(episode.now() > due);
  CHECK(state_of(episode, "INC0002001") == "in_progress");
}
