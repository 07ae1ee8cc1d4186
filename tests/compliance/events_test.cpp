// The compliance clock events. Each test takes an event the seed scheduled (its due time read from the
// seeded World), starts one episode an hour before it and one an hour after, makes one call in each, and
// checks that the event acted only in the second: exceptions lapse (their control failing, a finding
// opened), evidence goes stale (its control untested), privacy requests are reminded and flagged overdue,
// the 72-hour breach deadline is flagged, risk acceptances lapse, training turns overdue. A record that
// moved on before its event (extended, answered, notified) is left alone.
#include <cstdint>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "opsgym/task.hpp"
#include "opsgym/world.hpp"

namespace {

using opsgym::Environment;
using opsgym::Episode;
using opsgym::Json;
using opsgym::Task;
using opsgym::World;

std::shared_ptr<const Environment> compliance() {
  static const std::shared_ptr<const Environment> env =
      Environment::load(OPSGYM_SOURCE_DIR "/environments/compliance", OPSGYM_SOURCE_DIR "/verifiers");
  return env;
}

constexpr uint64_t kSeed = 7;
constexpr int64_t kHour = 3600;

// The seeded World the events were scheduled in.
const World& seeded() {
  static const World w(compliance()->base_snapshot(kSeed, nullptr));
  return w;
}

int64_t value(const World& w, const std::string& sql) {
  const Json rows = w.query(sql);
  REQUIRE(rows.size() == 1);
  REQUIRE(!rows[0].begin().value().is_null());
  return rows[0].begin().value().get<int64_t>();
}

int64_t value(const Episode& e, const std::string& sql) { return value(e.world(), sql); }

// An episode of the seeded World starting at `start` after `setup`, which has made one call (the clock
// then runs the events due by then).
Episode run_at(int64_t start, const std::string& setup = "") {
  auto task = std::make_shared<Task>();
  task->id = "compliance-events-probe-" + std::to_string(start) + "-" + std::to_string(std::hash<std::string>{}(setup));
  task->title = "clock events";
  task->environment = "compliance";
  task->seed = kSeed;
  task->start_time = start;
  task->prompt = "Look someone up.";
  task->setup_lua = setup;
  task->setup_chunkname = "events_test setup";
  Episode episode(compliance(), task);
  REQUIRE(episode.step("search_users", Json{{"query", "noor"}}).ok);
  CHECK(value(episode, "SELECT count(*) FROM _events WHERE fired = 1 AND error IS NOT NULL") == 0);
  return episode;
}

// The earliest seeded event of `kind` whose record matches `where` (SQL over `e`, the event, and the
// record `r` of `table` joined on the payload's `key`): { due, record id }.
std::pair<int64_t, int64_t> first_event(const std::string& kind, const std::string& table, const std::string& key,
                                        const std::string& where = "1") {
  const Json rows = seeded().query("SELECT e.due, r.id FROM _events e JOIN " + table + " r ON r.id = json_extract(e.payload, '$." + key +
                                   "') WHERE e.kind = '" + kind + "' AND e.fired = 0 AND " + where + " ORDER BY e.due, e.id LIMIT 1");
  REQUIRE(rows.size() == 1);
  return {rows[0]["due"].get<int64_t>(), rows[0]["id"].get<int64_t>()};
}

}  // namespace

TEST_CASE("compliance events: an exception lapses at the end of its last day, its control failing", "[compliance][events]") {
  // An exception on a control that works at T0, with no other exception on it
  const auto [due, id] = first_event("grc_exception_expiry", "policy_exceptions", "exception_id",
                                     R"(r.control_id IN (SELECT id FROM grc_controls WHERE status = 'effective')
                                        AND NOT EXISTS (SELECT 1 FROM policy_exceptions o WHERE o.control_id = r.control_id AND o.id <> r.id
                                        AND o.status = 'approved'))");
  const std::string exc = "(SELECT * FROM policy_exceptions WHERE id = " + std::to_string(id) + ")";
  {
    Episode before = run_at(due - kHour);
    CHECK(value(before, "SELECT count(*) FROM " + exc + " WHERE status = 'approved'") == 1);
    CHECK(value(before, "SELECT count(*) FROM findings WHERE exception_id = " + std::to_string(id)) == 0);
  }
  Episode after = run_at(due + kHour);
  CHECK(value(after, "SELECT count(*) FROM " + exc + " WHERE status = 'expired'") == 1);
  CHECK(value(after, "SELECT count(*) FROM grc_controls c JOIN " + exc + " e ON e.control_id = c.id WHERE c.status = 'failing'") == 1);
  // One open finding on the control, owned by its owner, as severe as the exception's risk, due in 30 days
  CHECK(value(after, R"(SELECT count(*) FROM findings f JOIN )" + exc + R"( e ON e.id = f.exception_id
                        JOIN grc_controls c ON c.id = f.control_id AND c.id = e.control_id
                        WHERE f.source = 'exception_expiry' AND f.status = 'open' AND f.owner_id = c.owner_id
                        AND f.severity = e.risk_rating AND f.raised_by_id IS NULL AND f.due_on = date(f.raised_on, '+30 days'))") == 1);
  CHECK(value(after, "SELECT count(*) FROM notifications n JOIN " + exc + " e ON n.record_number = e.number AND n.recipient_id = e.requester_id "
                     "WHERE n.subject LIKE 'Exception expired:%'") == 1);
  CHECK(value(after, "SELECT count(*) FROM compliance_history h JOIN " + exc + " e ON h.record_number = e.number "
                     "WHERE h.field = 'status' AND h.new_value = 'expired' AND h.actor_id IS NULL") == 1);
}

TEST_CASE("compliance events: an exception extended before its end does not lapse at the old date", "[compliance][events]") {
  const auto [due, id] = first_event("grc_exception_expiry", "policy_exceptions", "exception_id", "r.control_id IS NOT NULL");
  const std::string setup = "db.exec(\"UPDATE policy_exceptions SET expires_on = date(expires_on, '+20 days') WHERE id = " +
                            std::to_string(id) + "\")";
  Episode after = run_at(due + kHour, setup);
  CHECK(value(after, "SELECT count(*) FROM policy_exceptions WHERE status = 'approved' AND id = " + std::to_string(id)) == 1);
  CHECK(value(after, "SELECT count(*) FROM findings WHERE exception_id = " + std::to_string(id)) == 0);
}

TEST_CASE("compliance events: evidence goes stale after its last valid day, its control untested", "[compliance][events]") {
  // An effective control with no exception; its evidence's expiry that leaves it with none current
  const Json rows = seeded().query(R"(
    SELECT c.id, max(e.valid_until) AS last FROM grc_controls c JOIN evidence e ON e.control_id = c.id AND e.status = 'current'
    WHERE c.status = 'effective' AND NOT EXISTS (SELECT 1 FROM policy_exceptions x WHERE x.control_id = c.id AND x.status = 'approved')
    GROUP BY c.id ORDER BY last, c.id LIMIT 1)");
  REQUIRE(rows.size() == 1);
  const std::string control = std::to_string(rows[0]["id"].get<int64_t>());
  const std::string last = rows[0]["last"].get<std::string>();
  const int64_t due = value(seeded(), "SELECT CAST(strftime('%s', date('" + last + "', '+1 day')) AS INTEGER)");
  {
    Episode before = run_at(due - kHour);
    CHECK(value(before, "SELECT count(*) FROM grc_controls WHERE status = 'effective' AND id = " + control) == 1);
    CHECK(value(before, "SELECT count(*) FROM evidence WHERE status = 'current' AND control_id = " + control) >= 1);
  }
  Episode after = run_at(due + kHour);
  CHECK(value(after, "SELECT count(*) FROM evidence WHERE status = 'current' AND control_id = " + control) == 0);
  CHECK(value(after, "SELECT count(*) FROM grc_controls WHERE status = 'not_tested' AND id = " + control) == 1);
  CHECK(value(after, "SELECT count(*) FROM notifications n JOIN grc_controls c ON c.number = n.record_number AND c.owner_id = n.recipient_id "
                     "WHERE c.id = " + control + " AND n.subject LIKE 'Control evidence expired:%'") == 1);
  // Every evidence item past its date is stale now, across the World
  CHECK(value(after, "SELECT count(*) FROM evidence WHERE status = 'current' AND valid_until < '" + last + "'") == 0);
}

TEST_CASE("compliance events: a data-subject request is reminded 3 days ahead and flagged overdue after its deadline", "[compliance][events]") {
  {
    const auto [due, id] = first_event("dsr_due_reminder", "dsr_requests", "dsr_id");
    const std::string reminders = "SELECT count(*) FROM notifications n JOIN dsr_requests r ON r.number = n.record_number WHERE r.id = " +
                                  std::to_string(id) + " AND n.subject LIKE 'Data-subject request due in 3 days:%'";
    CHECK(value(run_at(due - kHour), reminders) == 0);
    Episode after = run_at(due + kHour);
    CHECK(value(after, reminders) >= 1);
    CHECK(value(after, "SELECT overdue FROM dsr_requests WHERE id = " + std::to_string(id)) == 0);
  }
  const auto [due, id] = first_event("dsr_overdue", "dsr_requests", "dsr_id");
  const std::string dsr = std::to_string(id);
  CHECK(value(run_at(due - kHour), "SELECT overdue FROM dsr_requests WHERE id = " + dsr) == 0);
  Episode after = run_at(due + kHour);
  CHECK(value(after, "SELECT overdue FROM dsr_requests WHERE id = " + dsr) == 1);
  CHECK(value(after, "SELECT count(*) FROM compliance_history h JOIN dsr_requests r ON r.number = h.record_number WHERE r.id = " + dsr +
                     " AND h.field = 'overdue' AND h.new_value = '1' AND h.at >= '2026-03-02T09:00:00Z'") == 1);
  // The Data Protection Officer hears of it
  CHECK(value(after, R"(SELECT count(*) FROM notifications n JOIN dsr_requests r ON r.number = n.record_number
                        JOIN users u ON u.id = n.recipient_id WHERE u.user_name = 'henrik.aalto' AND r.id = )" + dsr +
                     " AND n.subject LIKE 'Data-subject request overdue:%'") == 1);
  // A request answered before its deadline is left alone
  Episode answered = run_at(due + kHour, "db.exec(\"UPDATE dsr_requests SET status = 'completed', closed_at = '2026-03-02T08:00:00Z', "
                                         "identity_status = 'verified', verified_at = coalesce(verified_at, received_at) WHERE id = " + dsr + "\")");
  CHECK(value(answered, "SELECT overdue FROM dsr_requests WHERE id = " + dsr) == 0);
}

TEST_CASE("compliance events: the 72-hour breach deadline is flagged when the authority was not told", "[compliance][events]") {
  const auto [due, id] = first_event("breach_notification_deadline", "breaches", "breach_id");
  const std::string breach = std::to_string(id);
  CHECK(value(run_at(due - kHour), "SELECT notification_overdue FROM breaches WHERE id = " + breach) == 0);
  Episode after = run_at(due + kHour);
  CHECK(value(after, "SELECT notification_overdue FROM breaches WHERE id = " + breach) == 1);
  CHECK(value(after, R"(SELECT count(*) FROM notifications n JOIN breaches b ON b.number = n.record_number
                        JOIN users u ON u.id = n.recipient_id WHERE b.id = )" + breach +
                     " AND u.user_name IN ('henrik.aalto', 'beatrice.strand') AND n.subject LIKE 'Breach notification deadline passed:%'") == 2);
  // Notified in time: nothing to flag
  Episode notified = run_at(due + kHour, "db.exec(\"UPDATE breaches SET authority_notified_at = '2026-03-02T08:30:00Z', status = 'notified' WHERE id = " +
                                         breach + "\")");
  CHECK(value(notified, "SELECT notification_overdue FROM breaches WHERE id = " + breach) == 0);
}

TEST_CASE("compliance events: a risk acceptance lapses and its finding is open again", "[compliance][events]") {
  const auto [due, id] = first_event("grc_risk_acceptance_expiry", "risk_acceptances", "acceptance_id");
  const std::string rac = std::to_string(id);
  {
    Episode before = run_at(due - kHour);
    CHECK(value(before, "SELECT count(*) FROM risk_acceptances a JOIN findings f ON f.id = a.finding_id WHERE a.id = " + rac +
                        " AND a.status = 'approved' AND f.status = 'risk_accepted'") == 1);
  }
  Episode after = run_at(due + kHour);
  CHECK(value(after, "SELECT count(*) FROM risk_acceptances a JOIN findings f ON f.id = a.finding_id WHERE a.id = " + rac +
                     " AND a.status = 'expired' AND f.status = 'open'") == 1);
  CHECK(value(after, R"(SELECT count(*) FROM notifications n JOIN risk_acceptances a ON a.id = )" + rac +
                     R"( JOIN findings f ON f.id = a.finding_id WHERE n.record_number = f.number AND n.recipient_id = f.owner_id
                        AND n.subject LIKE 'Risk acceptance expired:%')") == 1);
}

TEST_CASE("compliance events: training still open after its due date turns overdue", "[compliance][events]") {
  const Json rows = seeded().query(R"(SELECT due, json_extract(payload, '$.due_on') AS due_on FROM _events
                                      WHERE kind = 'grc_training_overdue' ORDER BY due LIMIT 1)");
  REQUIRE(rows.size() == 1);
  const int64_t due = rows[0]["due"].get<int64_t>();
  const std::string due_on = rows[0]["due_on"].get<std::string>();
  const std::string open = "SELECT count(*) FROM training_assignments WHERE status = 'assigned' AND due_on = '" + due_on + "'";
  const int64_t waiting = value(seeded(), open);
  REQUIRE(waiting >= 1);
  CHECK(value(run_at(due - kHour), open) == waiting);
  Episode after = run_at(due + kHour);
  CHECK(value(after, open) == 0);
  CHECK(value(after, "SELECT count(*) FROM training_assignments WHERE status = 'overdue' AND due_on = '" + due_on + "'") ==
        waiting + value(seeded(), "SELECT count(*) FROM training_assignments WHERE status = 'overdue' AND due_on = '" + due_on + "'"));
}
