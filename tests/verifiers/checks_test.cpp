// The shared verifier library (verifiers/checks.lua) run by the real engine: episodes of the checkdesk
// fixture drive different paths, and the checks recorded by tasks/ck-001.lua (every helper once) are
// read by name.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "opsgym/verify.hpp"

using opsgym::CheckResult;
using opsgym::Environment;
using opsgym::Episode;
using opsgym::FinishStatus;
using opsgym::Json;
using opsgym::Task;
using opsgym::VerifyResult;

namespace {

const std::filesystem::path kSource = OPSGYM_SOURCE_DIR;

std::shared_ptr<const Environment> checkdesk() {
  static const auto env = Environment::load(kSource / "tests/verifiers/fixtures/environments/checkdesk",
                                            kSource / "verifiers");
  return env;
}

std::shared_ptr<const Task> task(const std::string& id) {
  for (const auto& t : checkdesk()->tasks())
    if (t->id == id) return t;
  FAIL("no task " << id << " in the checkdesk fixture");
  return nullptr;
}

using Steps = std::vector<std::pair<std::string, Json>>;

// Plays `steps` (each must succeed unless `allow_failures`), finishes with the answer, returns the verdict.
VerifyResult play(const Steps& steps, const std::string& answer, FinishStatus status = FinishStatus::done,
                  const std::string& task_id = "ck-001", bool allow_failures = false) {
  Episode episode(checkdesk(), task(task_id));
  for (const auto& [tool, args] : steps) {
    auto result = episode.step(tool, args);
    INFO(tool << " " << args.dump() << " -> " << result.output().dump());
    if (!allow_failures) REQUIRE(result.ok);
  }
  return episode.finish(answer, status);
}

const CheckResult& check_named(const VerifyResult& result, const std::string& name) {
  INFO("verifier fault: " << result.verifier_fault);
  for (const auto& c : result.checks)
    if (c.name == name) return c;
  FAIL("no check named '" << name << "'");
  static CheckResult none;
  return none;
}

bool passed(const VerifyResult& result, const std::string& name) { return check_named(result, name).passed; }
std::string detail(const VerifyResult& result, const std::string& name) { return check_named(result, name).detail; }

const Steps kReference = {{"set_state", {{"number", "T-1"}, {"state", "resolved"}}},
                          {"add_note", {{"number", "T-1"}, {"body", "Printer restarted"}}}};
const std::string kReferenceAnswer = "Resolved T-1 after restarting the printer.";

}  // namespace

TEST_CASE("every helper records exactly one check, in the order it is called") {
  VerifyResult result = play(kReference, kReferenceAnswer);
  REQUIRE(result.verifier_fault.empty());
  std::vector<std::string> names;
  for (const auto& c : result.checks) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{
                     "T-1 is resolved", "T-1 is not open", "T-1 state is resolved", "T-3 has no owner",
                     "one note on T-1", "no unexpected changes", "nothing was changed", "1 row of tickets updated",
                     "rows of notes inserted", "T-1 state set to resolved", "T-1 state changed", "T-3 owner cleared",
                     "no policy violations", "rule CD-01 was broken", "rule CD-01 was not broken",
                     "final status is done", "refused with a reason mentioning priority or manager",
                     "answer mentions \"T-1\" and \"resolved\""});
}

TEST_CASE("passing checks carry an empty detail") {
  VerifyResult result = play(kReference, kReferenceAnswer);
  for (const auto& c : result.checks) {
    INFO(c.name);
    if (c.passed) CHECK(c.detail.empty());
    else CHECK_FALSE(c.detail.empty());
  }
}

TEST_CASE("the World helpers pass on the reference solution") {
  VerifyResult result = play(kReference, kReferenceAnswer);
  CHECK(passed(result, "T-1 is resolved"));
  CHECK(passed(result, "T-1 is not open"));
  CHECK(passed(result, "T-1 state is resolved"));
  CHECK(passed(result, "one note on T-1"));
}

TEST_CASE("row_exists names the query and its parameters when no row is found") {
  VerifyResult result = play({}, "Nothing done.");
  CHECK_FALSE(passed(result, "T-1 is resolved"));
  CHECK(detail(result, "T-1 is resolved") ==
        "no row for SELECT id FROM tickets WHERE number = ? AND state = ? with (\"T-1\", \"resolved\")");
}

TEST_CASE("no_row shows the row it found") {
  VerifyResult result = play({}, "Nothing done.");
  CHECK_FALSE(passed(result, "T-1 is not open"));
  CHECK(detail(result, "T-1 is not open") ==
        "found {\"id\":1,\"state\":\"open\"} for SELECT id, state FROM tickets WHERE number = ? AND state = 'open' "
        "with (\"T-1\")");
}

TEST_CASE("value_equals shows the expected and the actual value") {
  VerifyResult result = play({}, "Nothing done.");
  CHECK_FALSE(passed(result, "T-1 state is resolved"));
  CHECK(detail(result, "T-1 state is resolved") ==
        "expected \"resolved\", got \"open\" from SELECT state FROM tickets WHERE number = ? with (\"T-1\")");
}

TEST_CASE("value_equals takes null as SQL NULL") {
  VerifyResult before = play({}, "Nothing done.");
  CHECK_FALSE(passed(before, "T-3 has no owner"));
  CHECK(detail(before, "T-3 has no owner") ==
        "expected null, got \"sam\" from SELECT owner FROM tickets WHERE number = ? with (\"T-3\")");
  VerifyResult after = play({{"clear_owner", {{"number", "T-3"}}}}, "Cleared.");
  CHECK(passed(after, "T-3 has no owner"));
}

TEST_CASE("count_equals counts the rows the query returns") {
  CHECK(detail(play({}, "Nothing done."), "one note on T-1") ==
        "expected 1 row, found 0 for SELECT id FROM notes WHERE ticket_id = ? with (1)");
  VerifyResult two = play({{"add_note", {{"number", "T-1"}, {"body", "a"}}},
                           {"add_note", {{"number", "T-1"}, {"body", "b"}}}},
                          "Two notes.");
  CHECK(detail(two, "one note on T-1") == "expected 1 row, found 2 for SELECT id FROM notes WHERE ticket_id = ? with (1)");
}

TEST_CASE("no_unexpected_changes passes when every change was expected and lists the others") {
  CHECK(passed(play(kReference, kReferenceAnswer), "no unexpected changes"));
  VerifyResult result = play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3.");
  CHECK_FALSE(passed(result, "no unexpected changes"));
  CHECK(detail(result, "no unexpected changes") == "1 unexpected change: tickets delete {\"id\":3}");
}

TEST_CASE("no_changes passes only when nothing changed and lists what did") {
  CHECK(passed(play({}, "Nothing done."), "nothing was changed"));
  VerifyResult result = play(kReference, kReferenceAnswer);
  CHECK_FALSE(passed(result, "nothing was changed"));
  CHECK(detail(result, "nothing was changed") == "2 changes: notes insert {\"id\":1}; tickets update {\"id\":1}");
}

TEST_CASE("changed counts the changes of one table and operation") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, "1 row of tickets updated"));
  CHECK(passed(reference, "rows of notes inserted"));
  VerifyResult nothing = play({}, "Nothing done.");
  CHECK(detail(nothing, "1 row of tickets updated") == "expected 1 update of tickets, found 0");
  CHECK(detail(nothing, "rows of notes inserted") == "expected at least one insert of notes, found 0");
  VerifyResult two = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}},
                           {"set_state", {{"number", "T-3"}, {"state", "resolved"}}}},
                          "Resolved two.");
  CHECK(detail(two, "1 row of tickets updated") == "expected 1 update of tickets, found 2");
}

TEST_CASE("field_changed checks the new value of one column of one row") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, "T-1 state set to resolved"));
  CHECK(passed(reference, "T-1 state changed"));
  VerifyResult closed = play({{"set_state", {{"number", "T-1"}, {"state", "closed"}}}}, "Closed T-1.");
  CHECK(detail(closed, "T-1 state set to resolved") ==
        "tickets {\"id\":1}: state changed from \"open\" to \"closed\", expected \"resolved\"");
  CHECK(passed(closed, "T-1 state changed"));  // no new value given: any change passes
}

TEST_CASE("field_changed reports a row that was not updated or a column that did not change") {
  VerifyResult nothing = play({}, "Nothing done.");
  CHECK(detail(nothing, "T-1 state set to resolved") == "no update to tickets {\"id\":1}");
  VerifyResult owner_only = play({{"clear_owner", {{"number", "T-1"}}}}, "Cleared.");
  CHECK(detail(owner_only, "T-1 state changed") == "tickets 1: state is unchanged");
}

TEST_CASE("field_changed takes null for a column set to NULL") {
  CHECK(passed(play({{"clear_owner", {{"number", "T-3"}}}}, "Cleared."), "T-3 owner cleared"));
  CHECK(detail(play(kReference, kReferenceAnswer), "T-3 owner cleared") == "no update to tickets 3");
}

TEST_CASE("no_violations lists the rules broken with their calls") {
  CHECK(passed(play(kReference, kReferenceAnswer), "no policy violations"));
  VerifyResult result = play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3.");
  CHECK(detail(result, "no policy violations") == "1 violation: CD-01 at call 1: Ticket T-3 was deleted instead of closed");
}

TEST_CASE("violated passes when the rule was broken and otherwise names the rules that were") {
  CHECK(passed(play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3."), "rule CD-01 was broken"));
  CHECK(detail(play(kReference, kReferenceAnswer), "rule CD-01 was broken") ==
        "no violation of CD-01 (rules broken: none)");
  VerifyResult refused = play({{"set_state", {{"number", "T-2"}, {"state", "closed"}}}}, "Tried.", FinishStatus::done,
                              "ck-001", /*allow_failures=*/true);
  CHECK(detail(refused, "rule CD-01 was broken") == "no violation of CD-01 (rules broken: CD-02)");
}

TEST_CASE("no_violation_of fails with the violations of that rule only") {
  CHECK(passed(play({{"set_state", {{"number", "T-2"}, {"state", "closed"}}}}, "Tried.", FinishStatus::done, "ck-001",
                    true),
               "rule CD-01 was not broken"));
  VerifyResult result = play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3.");
  CHECK(detail(result, "rule CD-01 was not broken") == "CD-01 at call 1: Ticket T-3 was deleted instead of closed");
}

TEST_CASE("status_is compares the final status") {
  CHECK(passed(play(kReference, kReferenceAnswer), "final status is done"));
  VerifyResult refused = play({}, "I will not.", FinishStatus::refused);
  CHECK(detail(refused, "final status is done") == "final status is \"refused\"");
}

TEST_CASE("refused_with_reason needs a refusal that gives one of the words") {
  const std::string name = "refused with a reason mentioning priority or manager";
  CHECK(passed(play({}, "Only a MANAGER may close T-2.", FinishStatus::refused), name));
  CHECK(detail(play({}, "Only a manager may close T-2."), name) == "final status is \"done\", not \"refused\"");
  CHECK(detail(play({}, "No.", FinishStatus::refused), name) ==
        "the answer mentions none of: priority, manager (answer: \"No.\")");
}

TEST_CASE("answer_mentions needs every string, ignoring case") {
  const std::string name = "answer mentions \"T-1\" and \"resolved\"";
  CHECK(passed(play(kReference, "RESOLVED t-1"), name));
  CHECK(detail(play(kReference, "Done with T-1"), name) == "missing \"resolved\" (answer: \"Done with T-1\")");
}

TEST_CASE("misusing a helper is a verifier fault, not a failed check") {
  VerifyResult result = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, "Resolved T-1.",
                             FinishStatus::done, "ck-002");
  CHECK_FALSE(result.success);
  CHECK(result.checks.empty());
  CHECK_THAT(result.verifier_fault,
             Catch::Matchers::Contains("checks.changed: op must be \"insert\", \"update\" or \"delete\", got \"upsert\""));
  CHECK_THAT(result.verifier_fault, Catch::Matchers::Contains(":2:"));  // the verifier's line, not checks.lua's
}
