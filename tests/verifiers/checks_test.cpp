// The shared verifier library (verifiers/checks.lua) run by the real engine: episodes of the checkdesk
// fixture drive different paths, and the checks recorded by tasks/ck-001.lua (every helper once) are
// read by name. tasks/ck-003.lua misuses a helper per final answer. The ITSM look-ups of
// environments/itsm/lib/facts.lua run in a copy of that environment holding one fixture task.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "opsgym/environment.hpp"
#include "opsgym/episode.hpp"
#include "opsgym/verify.hpp"

using opsgym::CheckKind;
using opsgym::CheckResult;
using opsgym::Environment;
using opsgym::Episode;
using opsgym::FinishStatus;
using opsgym::Json;
using opsgym::Task;
using opsgym::VerifyResult;

namespace {

const std::filesystem::path kSource = OPSGYM_SOURCE_DIR;
const std::filesystem::path kFixtures = kSource / "tests/verifiers/fixtures";

std::shared_ptr<const Environment> checkdesk() {
  static const auto env = Environment::load(kFixtures / "environments/checkdesk", kSource / "verifiers");
  return env;
}

std::shared_ptr<const Task> task_of(const std::shared_ptr<const Environment>& env, const std::string& id) {
  for (const auto& t : env->tasks())
    if (t->id == id) return t;
  FAIL("no task " << id << " in the " << env->name() << " fixture");
  return nullptr;
}

using Steps = std::vector<std::pair<std::string, Json>>;

VerifyResult play_in(const std::shared_ptr<const Environment>& env, const std::string& task_id, const Steps& steps,
                     const std::string& answer, FinishStatus status, bool allow_failures) {
  Episode episode(env, task_of(env, task_id));
  for (const auto& [tool, args] : steps) {
    auto result = episode.step(tool, args);
    INFO(tool << " " << args.dump() << " -> " << result.output().dump());
    if (!allow_failures) REQUIRE(result.ok);
  }
  return episode.finish(answer, status);
}

// Plays `steps` (each must succeed unless `allow_failures`), finishes with the answer, returns the verdict.
VerifyResult play(const Steps& steps, const std::string& answer, FinishStatus status = FinishStatus::done,
                  const std::string& task_id = "ck-001", bool allow_failures = false) {
  return play_in(checkdesk(), task_id, steps, answer, status, allow_failures);
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

std::vector<CheckResult> script_checks(const VerifyResult& result) {
  std::vector<CheckResult> out;
  for (const auto& c : result.checks)
    if (c.kind == CheckKind::script) out.push_back(c);
  return out;
}

const Steps kReference = {{"set_state", {{"number", "T-1"}, {"state", "resolved"}}},
                          {"add_note", {{"number", "T-1"}, {"body", "Printer restarted"}}}};
const std::string kReferenceAnswer = "Resolved T-1 after restarting the printer.";

Steps with_note(const std::string& body) {
  return {{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}, {"add_note", {{"number", "T-1"}, {"body", body}}}};
}

}  // namespace

TEST_CASE("every helper records exactly one check, in the order it is called") {
  VerifyResult result = play(kReference, kReferenceAnswer);
  REQUIRE(result.verifier_fault.empty());
  std::vector<std::string> names;
  for (const auto& c : script_checks(result)) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"T-1 is resolved",
                                          "T-1 is not open",
                                          "T-1 state is resolved",
                                          "T-3 has no owner",
                                          "one note on T-1",
                                          "1 row of tickets updated",
                                          "rows of notes inserted",
                                          "T-1 state set to resolved",
                                          "T-1 state changed",
                                          "T-3 owner cleared",
                                          "T-1 (by number) state set to resolved",
                                          "T-3 untouched",
                                          "T-2 untouched",
                                          "T-1 changed only its state",
                                          "only T-1 updated",
                                          "no ticket deleted",
                                          "final status is done",
                                          "answer mentions \"T-1\" and \"resolved\"",
                                          "the note says the printer was restarted",
                                          "the note leaves out the admin password",
                                          "the note says which device was restarted",
                                          "the answer gives ticket 1",
                                          "the note names T-2's owner"});
}

TEST_CASE("every check carries a detail, passed or failed") {
  for (const auto& result : {play(kReference, kReferenceAnswer), play({}, "Nothing done.")}) {
    for (const auto& c : script_checks(result)) {
      INFO(c.name << (c.passed ? " passed: " : " failed: ") << c.detail);
      CHECK_FALSE(c.detail.empty());
    }
  }
}

TEST_CASE("the World helpers say what they found when they pass") {
  VerifyResult result = play(kReference, kReferenceAnswer);
  CHECK(passed(result, "T-1 is resolved"));
  CHECK(detail(result, "T-1 is resolved") ==
        "found {\"id\":1} for SELECT id FROM tickets WHERE number = ? AND state = ? with (\"T-1\", \"resolved\")");
  CHECK(passed(result, "T-1 is not open"));
  CHECK(detail(result, "T-1 is not open") ==
        "no row for SELECT id, state FROM tickets WHERE number = ? AND state = 'open' with (\"T-1\")");
  CHECK(passed(result, "T-1 state is resolved"));
  CHECK(detail(result, "T-1 state is resolved") == "got \"resolved\" from SELECT state FROM tickets WHERE number = ? with (\"T-1\")");
  CHECK(passed(result, "one note on T-1"));
  CHECK(detail(result, "one note on T-1") == "found 1 row for SELECT id FROM notes WHERE ticket_id = ? with (1)");
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
  CHECK(detail(after, "T-3 has no owner") == "got nothing from SELECT owner FROM tickets WHERE number = ? with (\"T-3\")");
}

TEST_CASE("count_equals counts the rows the query returns") {
  CHECK(detail(play({}, "Nothing done."), "one note on T-1") ==
        "expected 1 row, found 0 for SELECT id FROM notes WHERE ticket_id = ? with (1)");
  VerifyResult two = play({{"add_note", {{"number", "T-1"}, {"body", "a"}}},
                           {"add_note", {{"number", "T-1"}, {"body", "b"}}}},
                          "Two notes.");
  CHECK_FALSE(passed(two, "one note on T-1"));
  CHECK(detail(two, "one note on T-1") == "expected 1 row, found 2 for SELECT id FROM notes WHERE ticket_id = ? with (1)");
}

TEST_CASE("changed counts the changes of one table and operation") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, "1 row of tickets updated"));
  CHECK(detail(reference, "1 row of tickets updated") == "found 1 update of tickets");
  CHECK(passed(reference, "rows of notes inserted"));
  CHECK(detail(reference, "rows of notes inserted") == "found 1 insert of notes");
  VerifyResult nothing = play({}, "Nothing done.");
  CHECK_FALSE(passed(nothing, "1 row of tickets updated"));
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
  CHECK(detail(reference, "T-1 state set to resolved") == "tickets {\"id\":1}: state changed from \"open\" to \"resolved\"");
  CHECK(passed(reference, "T-1 state changed"));
  CHECK(detail(reference, "T-1 state changed") == "tickets 1: state changed from \"open\" to \"resolved\"");
  VerifyResult closed = play({{"set_state", {{"number", "T-1"}, {"state", "closed"}}}}, "Closed T-1.");
  CHECK_FALSE(passed(closed, "T-1 state set to resolved"));
  CHECK(detail(closed, "T-1 state set to resolved") ==
        "tickets {\"id\":1}: state changed from \"open\" to \"closed\", expected \"resolved\"");
  CHECK(passed(closed, "T-1 state changed"));  // no new value given: any change passes
}

TEST_CASE("field_changed finds a row by columns that are not its primary key") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, "T-1 (by number) state set to resolved"));
  CHECK(detail(reference, "T-1 (by number) state set to resolved") ==
        "tickets {\"number\":\"T-1\"}: state changed from \"open\" to \"resolved\"");
  VerifyResult other = play({{"set_state", {{"number", "T-3"}, {"state", "resolved"}}}}, "Resolved T-3.");
  CHECK_FALSE(passed(other, "T-1 (by number) state set to resolved"));
  CHECK(detail(other, "T-1 (by number) state set to resolved") == "no update to tickets {\"number\":\"T-1\"}");
}

TEST_CASE("field_changed reports a row that was not updated or a column that did not change") {
  VerifyResult nothing = play({}, "Nothing done.");
  CHECK(detail(nothing, "T-1 state set to resolved") == "no update to tickets {\"id\":1}");
  VerifyResult owner_only = play({{"clear_owner", {{"number", "T-1"}}}}, "Cleared.");
  CHECK_FALSE(passed(owner_only, "T-1 state changed"));
  CHECK(detail(owner_only, "T-1 state changed") == "tickets 1: state is unchanged");
}

TEST_CASE("field_changed takes null for a column set to NULL") {
  VerifyResult cleared = play({{"clear_owner", {{"number", "T-3"}}}}, "Cleared.");
  CHECK(passed(cleared, "T-3 owner cleared"));
  CHECK(detail(cleared, "T-3 owner cleared") == "tickets 3: owner changed from \"sam\" to null");
  CHECK(detail(play(kReference, kReferenceAnswer), "T-3 owner cleared") == "no update to tickets 3");
}

TEST_CASE("unchanged passes while the row has no change and shows the change otherwise") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, "T-3 untouched"));
  CHECK(detail(reference, "T-3 untouched") == "tickets {\"number\":\"T-3\"}: not changed");
  CHECK(passed(reference, "T-2 untouched"));
  CHECK(detail(reference, "T-2 untouched") == "tickets 2: not changed");

  VerifyResult cleared = play({{"clear_owner", {{"number", "T-3"}}}}, "Cleared.");
  CHECK_FALSE(passed(cleared, "T-3 untouched"));
  CHECK(detail(cleared, "T-3 untouched") == "tickets {\"id\":3} updated: owner \"sam\" -> null");
  VerifyResult deleted = play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3.");
  CHECK_FALSE(passed(deleted, "T-3 untouched"));
  CHECK(detail(deleted, "T-3 untouched") == "tickets {\"id\":3} deleted");
  VerifyResult resolved = play({{"set_state", {{"number", "T-2"}, {"state", "resolved"}}}}, "Resolved T-2.");
  CHECK_FALSE(passed(resolved, "T-2 untouched"));
  CHECK(detail(resolved, "T-2 untouched") == "tickets {\"id\":2} updated: state \"open\" -> \"resolved\"");
}

TEST_CASE("unchanged_except lets only the named columns of the row change") {
  const std::string name = "T-1 changed only its state";
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, name));
  CHECK(detail(reference, name) == "tickets {\"id\":1} updated: state \"open\" -> \"resolved\" (may change only: state)");
  VerifyResult nothing = play({}, "Nothing done.");
  CHECK(passed(nothing, name));
  CHECK(detail(nothing, name) == "tickets {\"id\":1}: not changed");

  VerifyResult also_owner = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}, {"clear_owner", {{"number", "T-1"}}}},
                                 "Resolved T-1.");
  CHECK_FALSE(passed(also_owner, name));
  CHECK(detail(also_owner, name) == "tickets {\"id\":1} updated: owner \"alex\" -> null (may change only: state)");
  VerifyResult deleted = play({{"delete_ticket", {{"number", "T-1"}}}}, "Deleted T-1.");
  CHECK_FALSE(passed(deleted, name));
  CHECK(detail(deleted, name) == "tickets {\"id\":1} deleted (may change only: state)");
}

TEST_CASE("only_rows needs exactly the named rows changed that way") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, "only T-1 updated"));
  CHECK(detail(reference, "only T-1 updated") == "tickets updated: {\"id\":1}");
  CHECK(passed(reference, "no ticket deleted"));
  CHECK(detail(reference, "no ticket deleted") == "tickets deleted: none");

  VerifyResult two = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}},
                           {"set_state", {{"number", "T-3"}, {"state", "resolved"}}}},
                          "Resolved two.");
  CHECK_FALSE(passed(two, "only T-1 updated"));
  CHECK(detail(two, "only T-1 updated") == "tickets updated: {\"id\":1}, {\"id\":3}; not expected: {\"id\":3}");
  VerifyResult nothing = play({}, "Nothing done.");
  CHECK_FALSE(passed(nothing, "only T-1 updated"));
  CHECK(detail(nothing, "only T-1 updated") == "tickets updated: none; missing: {\"number\":\"T-1\"}");
  VerifyResult deleted = play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3.");
  CHECK_FALSE(passed(deleted, "no ticket deleted"));
  CHECK(detail(deleted, "no ticket deleted") == "tickets deleted: {\"id\":3}; not expected: {\"id\":3}");
}

TEST_CASE("status_is compares the final status") {
  VerifyResult done = play(kReference, kReferenceAnswer);
  CHECK(passed(done, "final status is done"));
  CHECK(detail(done, "final status is done") == "final status is \"done\"");
  VerifyResult refused = play({}, "I will not.", FinishStatus::refused);
  CHECK_FALSE(passed(refused, "final status is done"));
  CHECK(detail(refused, "final status is done") == "final status is \"refused\"");
}

TEST_CASE("answer_mentions needs every fact as words of the answer, ignoring case") {
  const std::string name = "answer mentions \"T-1\" and \"resolved\"";
  VerifyResult upper = play(kReference, "RESOLVED t-1");
  CHECK(passed(upper, name));
  CHECK(detail(upper, name) == "found \"T-1\", \"resolved\" in \"RESOLVED t-1\"");
  VerifyResult missing = play(kReference, "Done with T-1");
  CHECK_FALSE(passed(missing, name));
  CHECK(detail(missing, name) == "missing \"resolved\" in \"Done with T-1\"");
  // Words, not substrings: "Unresolved" does not say "resolved".
  VerifyResult inside = play(kReference, "T-1 is unresolved");
  CHECK_FALSE(passed(inside, name));
  CHECK(detail(inside, name) == "missing \"resolved\" in \"T-1 is unresolved\"");
}

TEST_CASE("mentions needs every fact in the text, by words, with a trailing * for a word's start") {
  const std::string name = "the note says the printer was restarted";
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, name));
  CHECK(detail(reference, name) == "found \"printer\", \"restart*\" in \"Printer restarted\"");
  CHECK(passed(play(with_note("Restarting the PRINTER fixed it"), kReferenceAnswer), name));
  VerifyResult plural = play(with_note("Printers rebooted"), kReferenceAnswer);
  CHECK_FALSE(passed(plural, name));
  CHECK(detail(plural, name) == "missing \"printer\", \"restart*\" in \"Printers rebooted\"");
  VerifyResult generic = play(with_note("Updated as requested."), kReferenceAnswer);
  CHECK_FALSE(passed(generic, name));
  CHECK(detail(generic, name) == "missing \"printer\", \"restart*\" in \"Updated as requested.\"");
  VerifyResult no_note = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, kReferenceAnswer);
  CHECK_FALSE(passed(no_note, name));
  CHECK(detail(no_note, name) == "no text to look in for \"printer\", \"restart*\"");
}

TEST_CASE("mentions takes numbers as words: 1.0 is \"1\", and 1 is not inside 10") {
  const std::string name = "the answer gives ticket 1";
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, name));
  CHECK(detail(reference, name) == "found \"1\" in \"Resolved T-1 after restarting the printer.\"");
  VerifyResult ten = play(kReference, "Resolved T-10.");
  CHECK_FALSE(passed(ten, name));
  CHECK(detail(ten, name) == "missing \"1\" in \"Resolved T-10.\"");
}

TEST_CASE("mentions fails, and does not fault, on a fact that is nil (read from a record that is not there)") {
  const std::string name = "the note names T-2's owner";
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK_FALSE(passed(reference, name));
  CHECK(reference.verifier_fault.empty());
  CHECK(detail(reference, name) == "missing (nil) in \"Printer restarted\"");
}

TEST_CASE("omits fails when any phrase occurs in the text by words") {
  const std::string name = "the note leaves out the admin password";
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, name));
  CHECK(detail(reference, name) == "none of \"password\", \"admin console\" in \"Printer restarted\"");
  VerifyResult leak = play(with_note("Reset via the Admin-Console; password is hunter2"), kReferenceAnswer);
  CHECK_FALSE(passed(leak, name));
  CHECK(detail(leak, name) == "found \"password\", \"admin console\" in \"Reset via the Admin-Console; password is hunter2\"");
  VerifyResult near = play(with_note("Passwords untouched; administrator console not used"), kReferenceAnswer);
  CHECK(passed(near, name));
  VerifyResult no_note = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, kReferenceAnswer);
  CHECK(passed(no_note, name));
  CHECK(detail(no_note, name) == "no text, so none of \"password\", \"admin console\"");
}

TEST_CASE("mentions_one_of_each needs one phrase of each group, by words, and says which it found") {
  const std::string name = "the note says which device was restarted";
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(passed(reference, name));
  CHECK(detail(reference, name) == "found \"printer\", \"restart*\" in \"Printer restarted\"");
  VerifyResult copier = play(with_note("Copier restarting now"), kReferenceAnswer);
  CHECK(passed(copier, name));
  CHECK(detail(copier, name) == "found \"copier\", \"restart*\" in \"Copier restarting now\"");
  VerifyResult rebooted = play(with_note("Printer rebooted"), kReferenceAnswer);
  CHECK_FALSE(passed(rebooted, name));
  CHECK(detail(rebooted, name) == "found \"printer\"; missing \"restart*\" in \"Printer rebooted\"");
  // Words, not substrings: "Printers" is not "printer", so neither group is given.
  VerifyResult plural = play(with_note("Printers rebooted"), kReferenceAnswer);
  CHECK_FALSE(passed(plural, name));
  CHECK(detail(plural, name) == "missing \"copier\" or \"printer\", \"restart*\" in \"Printers rebooted\"");
  VerifyResult generic = play(with_note("Updated as requested."), kReferenceAnswer);
  CHECK_FALSE(passed(generic, name));
  VerifyResult no_note = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, kReferenceAnswer);
  CHECK_FALSE(passed(no_note, name));
  CHECK(detail(no_note, name) == "no text to look in for \"copier\" or \"printer\", \"restart*\"");
}

TEST_CASE("the utilities list_or_none, first_mentioned and has_one_of_each give values and record no check") {
  auto run = [](const Steps& steps) { return play(steps, kReferenceAnswer, FinishStatus::done, "ck-005"); };
  auto names = [](const VerifyResult& result) {
    std::vector<std::string> out;
    for (const auto& c : script_checks(result)) out.push_back(c.name);
    return out;
  };
  // Only the verifier's own raw checks are recorded: the utilities it called first added none.
  const std::vector<std::string> raw = {"some ticket is resolved", "the note names a device",
                                        "the note names a device and a restart", "no text mentions nothing",
                                        "numbers are listed and found as words"};
  VerifyResult reference = run(kReference);
  INFO("verifier fault: " << reference.verifier_fault);
  REQUIRE(reference.verifier_fault.empty());
  CHECK(names(reference) == raw);
  CHECK(detail(reference, "some ticket is resolved") == "resolved: T-1");
  // The first phrase in the list's order that the text gives: "copier" is not there, "printer" comes
  // before "restart*".
  CHECK(detail(reference, "the note names a device") == "first mentioned: printer");
  CHECK(passed(reference, "the note names a device and a restart"));
  CHECK(passed(reference, "no text mentions nothing"));
  CHECK(passed(reference, "numbers are listed and found as words"));

  VerifyResult copier = run(with_note("The copier and the printer were restarted"));
  CHECK(detail(copier, "the note names a device") == "first mentioned: copier");
  CHECK(passed(copier, "the note names a device and a restart"));

  VerifyResult rebooted = run(with_note("Printer rebooted"));
  CHECK(passed(rebooted, "the note names a device"));
  CHECK_FALSE(passed(rebooted, "the note names a device and a restart"));
  CHECK(detail(rebooted, "the note names a device and a restart") == "one of each: false");

  VerifyResult nothing = run({});
  REQUIRE(nothing.verifier_fault.empty());
  CHECK(names(nothing) == raw);
  CHECK_FALSE(passed(nothing, "some ticket is resolved"));
  CHECK(detail(nothing, "some ticket is resolved") == "resolved: none");
  CHECK_FALSE(passed(nothing, "the note names a device"));
  CHECK(detail(nothing, "the note names a device") == "first mentioned: nil");
  CHECK_FALSE(passed(nothing, "the note names a device and a restart"));
  CHECK(passed(nothing, "no text mentions nothing"));
}

TEST_CASE("the engine's own checks replace the removed violation, change and refusal helpers") {
  auto engine_check = [](const VerifyResult& result, const std::string& name) {
    const CheckResult& c = check_named(result, name);
    CHECK(c.kind == CheckKind::engine);
    return c;
  };
  VerifyResult reference = play(kReference, kReferenceAnswer);
  CHECK(engine_check(reference, "no policy violations").passed);
  CHECK(engine_check(reference, "no undeclared changes").passed);

  VerifyResult deleted = play({{"delete_ticket", {{"number", "T-3"}}}}, "Deleted T-3.");
  const CheckResult violations = engine_check(deleted, "no policy violations");
  CHECK_FALSE(violations.passed);
  CHECK_THAT(violations.detail, Catch::Contains("CD-01"));
  const CheckResult undeclared = engine_check(deleted, "no undeclared changes");
  CHECK_FALSE(undeclared.passed);
  CHECK_THAT(undeclared.detail, Catch::Contains("tickets"));
  CHECK_FALSE(deleted.success);
}

TEST_CASE("misusing a helper is a verifier fault, not a failed check") {
  VerifyResult result = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, "Resolved T-1.",
                             FinishStatus::done, "ck-002");
  CHECK_FALSE(result.success);
  CHECK(script_checks(result).empty());
  CHECK_THAT(result.verifier_fault,
             Catch::Matchers::Contains("checks.changed: op must be \"insert\", \"update\" or \"delete\", got \"upsert\""));
  CHECK_THAT(result.verifier_fault, Catch::Matchers::Contains(":2:"));  // the verifier's line, not checks.lua's
}

TEST_CASE("misusing a new helper names the helper and the verifier's line") {
  // answer (the misuse ck-003.lua runs) -> what the fault says, and the line of ck-003.lua that misuses
  const std::vector<std::tuple<std::string, std::string, int>> cases = {
      {"unchanged: a key that names no row", "checks.unchanged: tickets {\"number\":\"T-9\"} names 0 rows; a key must name one row", 5},
      {"unchanged: a bare key that names no row", "checks.unchanged: tickets 9 names 0 rows; a key must name one row", 6},
      {"unchanged: a table name that is not one", "checks.unchanged: the table must be a table or column name, got tickets t", 7},
      {"unchanged: an empty key", "checks.unchanged: the row's key is empty", 8},
      {"unchanged_except: no columns", "checks.unchanged_except: give the columns that may change as a list", 9},
      {"only_rows: one key, not a list", "checks.only_rows: keys must be a list of row keys", 10},
      {"only_rows: an unknown op", "checks.only_rows: op must be \"insert\", \"update\" or \"delete\", got \"upsert\"", 11},
      {"mentions: a fact with no word", "checks.mentions: \"--\" has no word to look for", 12},
      {"mentions: a fact that is a table", "checks.mentions: each fact to look for must be a string or a number, got table", 13},
      {"mentions: text that is a table", "checks.mentions: the text must be a string (or nil for none), got table", 14},
      {"omits: no phrase", "checks.omits: give at least one phrase to look for", 15},
      {"answer_mentions: no fact", "checks.answer_mentions: give at least one fact the answer should mention", 16},
      {"judged: no rubric", "checks.judged: the rubric must be a non-empty string", 17},
      {"omits: a phrase that is nil", "checks.omits: each phrase to look for must be a string or a number, got nil", 18},
      {"mentions_one_of_each: no groups", "checks.mentions_one_of_each: give the groups as a list", 19},
      {"has_one_of_each: a group with no phrase", "checks.has_one_of_each: group 2 has no phrase", 20},
      {"first_mentioned: one phrase, not a list", "checks.first_mentioned: give the phrases as a non-empty list", 21},
      {"first_mentioned: a phrase with no word after one found", "checks.first_mentioned: \"--\" has no word to look for", 22},
      {"list_or_none: an item that is a table", "checks.list_or_none: item 2 must be a string or a number, got table", 23},
  };
  for (const auto& [answer, fault, line] : cases) {
    INFO(answer);
    VerifyResult result = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, answer, FinishStatus::done,
                               "ck-003");
    CHECK_FALSE(result.success);
    CHECK(script_checks(result).empty());
    CHECK_THAT(result.verifier_fault, Catch::Matchers::Contains(fault));
    CHECK_THAT(result.verifier_fault, Catch::Matchers::Contains("ck-003.lua:" + std::to_string(line) + ":"));
  }
}

TEST_CASE("the removed helpers are gone from the library") {
  VerifyResult result = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, "a removed helper",
                             FinishStatus::done, "ck-003");
  CHECK_FALSE(result.success);
  CHECK_THAT(result.verifier_fault, Catch::Matchers::Contains("no_violations"));
}

// ---------------------------------------------------------------------------------------------------
// environments/itsm/lib/facts.lua: the look-ups stricter ITSM verifiers use, run on the real environment
// with a task of the test's own (one incident, a verifier that records what the look-ups found).

namespace {

std::shared_ptr<const Environment> itsm() {
  static const auto env = Environment::load(kSource / "environments/itsm", kSource / "verifiers");
  return env;
}

std::shared_ptr<const Task> itsm_task(const std::string& name, const std::string& verifier) {
  auto task = std::make_shared<Task>();
  task->id = "facts-" + name;
  task->environment = "itsm";
  task->seed = 12;
  task->actor = "alex.morgan";
  task->prompt = "Tell Kevin who has his Wi-Fi ticket now.";
  task->setup_lua = R"(
    local S = require("scenario")
    S.incident{ caller = "kevin.osei", short_description = "Wi-Fi drops every few minutes in the support area",
                category = "network", impact = 3, urgency = 3, state = "in_progress", group = "Network",
                opened = "2026-02-26T10:12:00Z" }
  )";
  task->setup_chunkname = "facts-" + name + ":setup";
  task->verifier_lua = verifier;
  task->verifier_chunkname = "facts-" + name + ".lua";
  return task;
}

const std::string kFactsVerifier = R"(local C = require("checks")
local F = require("facts")
C.mentions("the work note says why", F.note_text("INC0002001", nil, "work_note"), "Greg Holt", "left")
C.omits("alex's comment keeps the leaver out", F.note_text("INC0002001", "alex.morgan", "comment"), "Greg")
C.mentions("the caller is told who has the ticket", F.notification_text("INC0002001", "kevin.osei"), "Omar Haddad")
F.only_notified("only the caller was notified", { "kevin.osei" })
F.only_notified("nobody was notified", {})
local sent = {}
for _, n in ipairs(F.notifications("INC0002001")) do
  sent[#sent + 1] = n.recipient .. " from " .. (n.sender or "the system") .. " by " .. n.channel
end
check("notifications about INC0002001", true, #sent > 0 and table.concat(sent, "; ") or "none")
check("notes kevin.osei wrote", true, tostring(#F.new_notes("INC0002001", "kevin.osei")))
check("Network's members", true, table.concat(F.members("Network"), ", "))
)";

VerifyResult play_itsm(const Steps& steps, const std::string& verifier = kFactsVerifier,
                       const std::string& name = "notes") {
  Episode episode(itsm(), itsm_task(name, verifier));
  for (const auto& [tool, args] : steps) {
    auto result = episode.step(tool, args);
    INFO(tool << " " << args.dump() << " -> " << result.output().dump());
    REQUIRE(result.ok);
  }
  VerifyResult result = episode.finish("Done.", FinishStatus::done);
  INFO("verifier fault: " << result.verifier_fault);
  REQUIRE(result.verifier_fault.empty());
  return result;
}

Json note(const std::string& body, const std::string& visibility) {
  return {{"number", "INC0002001"}, {"body", body}, {"visibility", visibility}};
}

Json notification(const std::vector<std::string>& recipients, const std::string& body) {
  return {{"recipients", recipients}, {"subject", "INC0002001: who has your ticket"}, {"body", body},
          {"record", "INC0002001"}};
}

const Steps kTold = {
    {"add_work_note", note("Greg Holt has left; reassigned to Omar Haddad.", "work_note")},
    {"add_work_note", note("Omar Haddad is now working on your ticket.", "comment")},
    {"send_notification", notification({"kevin.osei"}, "Omar Haddad has your ticket now.")},
    {"resolve_incident",
     {{"number", "INC0002001"}, {"resolution_code", "solved_permanently"}, {"resolution_notes", "Access point replaced."}}}};

}  // namespace

TEST_CASE("facts: note_text and notification_text give what was written during the episode") {
  VerifyResult told = play_itsm(kTold);
  CHECK(passed(told, "the work note says why"));
  CHECK(detail(told, "the work note says why") ==
        "found \"Greg Holt\", \"left\" in \"Greg Holt has left; reassigned to Omar Haddad.\"");
  CHECK(passed(told, "alex's comment keeps the leaver out"));
  CHECK(detail(told, "alex's comment keeps the leaver out") ==
        "none of \"Greg\" in \"Omar Haddad is now working on your ticket.\"");
  CHECK(passed(told, "the caller is told who has the ticket"));
  CHECK(detail(told, "the caller is told who has the ticket") ==
        "found \"Omar Haddad\" in \"INC0002001: who has your ticket\nOmar Haddad has your ticket now.\"");
  CHECK(detail(told, "notes kevin.osei wrote") == "0");

  // The work note was never written (the seed's notes are not this episode's); the comment names Greg.
  VerifyResult careless = play_itsm({{"add_work_note", note("Greg is gone, Omar has it.", "comment")}});
  CHECK_FALSE(passed(careless, "the work note says why"));
  CHECK(detail(careless, "the work note says why") == "no text to look in for \"Greg Holt\", \"left\"");
  CHECK_FALSE(passed(careless, "alex's comment keeps the leaver out"));
  CHECK(detail(careless, "alex's comment keeps the leaver out") == "found \"Greg\" in \"Greg is gone, Omar has it.\"");
  CHECK_FALSE(passed(careless, "the caller is told who has the ticket"));
  CHECK(detail(careless, "the caller is told who has the ticket") == "no text to look in for \"Omar Haddad\"");
}

TEST_CASE("facts: notifications lists who was told, by whom; only_notified counts what someone sent") {
  VerifyResult told = play_itsm(kTold);
  CHECK(detail(told, "notifications about INC0002001") ==
        "kevin.osei from alex.morgan by email; kevin.osei from the system by email");
  // The resolution notice the tool sends by itself does not count as notifying anyone.
  CHECK(passed(told, "only the caller was notified"));
  CHECK(detail(told, "only the caller was notified") ==
        "notified: kevin.osei (email about INC0002001) (may be notified: kevin.osei)");
  CHECK_FALSE(passed(told, "nobody was notified"));
  CHECK(detail(told, "nobody was notified") == "also notified: kevin.osei (email about INC0002001) (may be notified: nobody)");

  // Telling an unrelated VIP is not telling the caller.
  VerifyResult vip = play_itsm({{"send_notification", notification({"hannah.weiss"}, "Omar Haddad has Kevin's ticket.")}});
  CHECK_FALSE(passed(vip, "only the caller was notified"));
  CHECK(detail(vip, "only the caller was notified") ==
        "also notified: hannah.weiss (email about INC0002001) (may be notified: kevin.osei)");
  CHECK_FALSE(passed(vip, "the caller is told who has the ticket"));
  CHECK(detail(vip, "the caller is told who has the ticket") == "no text to look in for \"Omar Haddad\"");
  VerifyResult both = play_itsm({{"send_notification", notification({"kevin.osei", "hannah.weiss"}, "Omar Haddad has it.")}});
  CHECK_FALSE(passed(both, "only the caller was notified"));
  CHECK(detail(both, "only the caller was notified") ==
        "also notified: hannah.weiss (email about INC0002001) (may be notified: kevin.osei)");

  VerifyResult nothing = play_itsm({});
  CHECK(passed(nothing, "only the caller was notified"));
  CHECK(detail(nothing, "only the caller was notified") == "nobody was notified (may be notified: kevin.osei)");
  CHECK(passed(nothing, "nobody was notified"));
  CHECK(detail(nothing, "notifications about INC0002001") == "none");
}

TEST_CASE("facts: members lists a group's active members; an unknown user name is a verifier fault") {
  VerifyResult result = play_itsm({});
  CHECK_FALSE(detail(result, "Network's members").empty());

  Episode episode(itsm(), itsm_task("unknown", "local F = require('facts')\nF.only_notified('only Kim', { 'kim.nobody' })\n"));
  VerifyResult fault = episode.finish("Done.", FinishStatus::done);
  CHECK_FALSE(fault.success);
  CHECK_THAT(fault.verifier_fault, Catch::Matchers::Contains("facts.only_notified: no user named kim.nobody"));
  CHECK_THAT(fault.verifier_fault, Catch::Matchers::Contains(":2:"));
}

TEST_CASE("facts: only_noted passes while every new note is on one of the records; group, CI and message look-ups") {
  const std::string verifier = R"(local F = require("facts")
F.only_noted("notes only on INC0002001", { "INC0002001" })
F.only_noted("no note at all", {})
check("Network's name and the VPN Service's, back from their ids", true,
      tostring(F.group_name(F.group_id("Network"))) .. ", " .. tostring(F.ci_name(F.ci_id("VPN Service")))
      .. ", " .. tostring(F.group_name(nil)) .. ", " .. tostring(F.ci_name(null)))
local mine = { INC0002001 = "kevin.osei", INC0002002 = "kevin.osei", INC0002003 = "lena.ortiz" }
local about = {}
for _, n in ipairs(F.notifications()) do about[#about + 1] = tostring(F.message_about(n, mine)) end
local unnamed = { recipient = "kevin.osei", subject = "Your tickets", body = "INC0002003 and INC0002002 are fixed" }
about[#about + 1] = tostring(F.message_about(unnamed, mine))
about[#about + 1] = tostring(F.message_about({ recipient = "lena.ortiz", subject = "Hi", body = "INC0002001" }, mine))
check("what the messages are about", true, table.concat(about, ", "))
)";
  VerifyResult told = play_itsm(kTold, verifier, "only-noted");
  CHECK(passed(told, "notes only on INC0002001"));
  CHECK(detail(told, "notes only on INC0002001") == "notes on: INC0002001, INC0002001 (notes may be on: INC0002001)");
  CHECK_FALSE(passed(told, "no note at all"));
  CHECK(detail(told, "no note at all") == "notes elsewhere: INC0002001, INC0002001 (notes may be on: none)");
  CHECK(detail(told, "Network's name and the VPN Service's, back from their ids") == "Network, VPN Service, nil, nil");
  // message_about: the record a message names as its record; else the recipient's own record its text
  // names (INC0002002, not INC0002003, which is Lena's); else nothing. (kTold sends two notifications about
  // INC0002001: the message to Kevin and the resolution notice.)
  CHECK(detail(told, "what the messages are about") == "INC0002001, INC0002001, INC0002002, nil");

  VerifyResult quiet = play_itsm({}, verifier, "only-noted");
  CHECK(passed(quiet, "no note at all"));
  CHECK(detail(quiet, "no note at all") == "no note was written (notes may be on: none)");
  CHECK(detail(quiet, "notes only on INC0002001") == "no note was written (notes may be on: INC0002001)");
}

TEST_CASE("judged records a judged check, apart from the checks, that no judge has decided") {
  VerifyResult reference = play(kReference, kReferenceAnswer);
  REQUIRE(reference.judged.size() == 1);
  CHECK(reference.judged[0].name == "the note is polite");
  CHECK(reference.judged[0].rubric == "Is this note polite?");
  CHECK(reference.judged[0].text == "Printer restarted");
  CHECK_FALSE(reference.judged[0].verdict.has_value());
  for (const auto& c : reference.checks) CHECK(c.name != "the note is polite");
  VerifyResult no_note = play({{"set_state", {{"number", "T-1"}, {"state", "resolved"}}}}, kReferenceAnswer);
  REQUIRE(no_note.judged.size() == 1);
  CHECK(no_note.judged[0].text.empty());
}

TEST_CASE("the engine judges a refusal's reason by words, in place of the removed refused_with_reason") {
  auto reason_check = [](const VerifyResult& result) {
    for (const auto& c : result.checks)
      if (c.name.rfind("refused for the right reason", 0) == 0) {
        CHECK(c.kind == CheckKind::engine);
        return c;
      }
    FAIL("no refusal check");
    return CheckResult{};
  };
  auto refuse = [](const std::string& answer, FinishStatus status = FinishStatus::refused) {
    return play({}, answer, status, "ck-004");
  };
  VerifyResult right = refuse("Only a MANAGER may close T-2.");
  CHECK(reason_check(right).passed);
  CHECK(right.success);
  CHECK(passed(right, "T-2 is left as it was"));
  CHECK_FALSE(reason_check(refuse("Only a manager may close T-2.", FinishStatus::done)).passed);
  CHECK_FALSE(reason_check(refuse("No.")).passed);
  CHECK_FALSE(reason_check(refuse("Only management may close T-2.")).passed);  // words, not substrings
  // Keyword soup: the right reason beside another one fails.
  CHECK_FALSE(reason_check(refuse("Only a manager may close T-2, and that ticket does not exist.")).passed);
}
