// The verifier: judged on the end state, read-only, with faults kept apart from the agent's failure.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/validate.hpp"
#include "verify/unexpected_changes.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// Plays dl-001's reference by hand.
void play_reference(Episode& episode) {
  REQUIRE(episode.step("search_tickets", Json{{"query", "Printer"}}).ok);
  REQUIRE(episode.step("assign_ticket", Json{{"number", "T-1"}, {"user", "ben"}}).ok);
  REQUIRE(episode.step("close_ticket", Json{{"number", "T-1"}}).ok);
}

std::shared_ptr<Task> dl001_with(const std::string& verifier) {
  auto task = std::make_shared<Task>(*deskling_task("dl-001"));
  task->verifier_lua = verifier;
  task->verifier_chunkname = "deskling/tasks/dl-001-" + std::to_string(std::hash<std::string>{}(verifier)) + ".lua";
  return task;
}

// The script's own checks (each must pass), counted.
int passed_script_checks(const VerifyResult& result) {
  int count = 0;
  for (const auto& check : result.checks) {
    if (check.kind != CheckKind::script) continue;
    ++count;
    INFO(check.name << ": " << check.detail);
    CHECK(check.passed);
  }
  return count;
}

}  // namespace

TEST_CASE("the reference solution passes every check", "[verify]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  play_reference(episode);
  const VerifyResult& result = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  CHECK(result.verifier_fault.empty());
  CHECK(result.checks.size() == 6);
  for (const auto& check : result.checks) {
    INFO(check.name << ": " << check.detail);
    CHECK(check.passed);
  }
  CHECK(result.success);
  CHECK(result.partial == 1.0);
  CHECK(result.unexpected_changes.empty());
  CHECK(result.violations.empty());
  CHECK(result.diff.changes.size() == 1);
}

TEST_CASE("doing nothing fails and earns partial credit only for what holds", "[verify]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  const VerifyResult& result = episode.finish("Nothing to do for T-1.", FinishStatus::done);
  CHECK(result.verifier_fault.empty());
  CHECK_FALSE(result.success);
  CHECK(result.partial > 0.0);
  CHECK(result.partial < 1.0);
  CHECK(result.diff.changes.empty());
}

TEST_CASE("a crashing verifier is a verifier fault, never a success", "[verify]") {
  Episode episode(deskling(), dl001_with("check('first', true)\nerror('verifier exploded')\n"));
  play_reference(episode);
  const VerifyResult& result = episode.finish("done", FinishStatus::done);
  CHECK_FALSE(result.success);
  CHECK_THAT(result.verifier_fault, Catch::Contains("verifier exploded") && Catch::Contains(":2:"));
}

TEST_CASE("a verifier that records no check is a verifier fault", "[verify]") {
  Episode episode(deskling(), dl001_with("local x = 1"));
  const VerifyResult& result = episode.finish("done", FinishStatus::done);
  CHECK_FALSE(result.success);
  CHECK_FALSE(result.verifier_fault.empty());
}

TEST_CASE("a verifier cannot change the World", "[verify]") {
  Episode episode(deskling(), dl001_with("db.exec('DELETE FROM notes')\ncheck('wrote', true)"));
  const VerifyResult& result = episode.finish("done", FinishStatus::done);
  CHECK_FALSE(result.success);
  CHECK_THAT(result.verifier_fault, Catch::Contains("read-only"));
}

TEST_CASE("the verifier sees the answer, the calls, the diff, the violations and the task", "[verify]") {
  Episode episode(deskling(), dl001_with(
      "check('answer', answer.text == 'my answer' and answer.status == 'refused', tostring(answer.text))\n"
      "check('calls', #calls == 2 and calls[1].tool == 'close_ticket' and calls[2].ok == false, tostring(#calls))\n"
      "check('diff', #diff == 1 and diff[1].table == 'tickets' and diff[1].op == 'update' and diff[1].after.state == 'closed', tostring(#diff))\n"
      "check('violations', #violations == 1 and violations[1].rule == 'DL-02' and violations[1].call_index == 1, tostring(#violations))\n"
      "check('task', task.id == 'dl-001' and task.feasible == true and task.actor == 'ana' and task.seed == 7, tostring(task.id))\n"));
  REQUIRE(episode.step("close_ticket", Json{{"number", "T-2"}}).ok);  // T-2 has no assignee: DL-02
  episode.step("close_ticket", Json{{"number", "T-2"}});           // already closed: fails
  const VerifyResult& result = episode.finish("my answer", FinishStatus::refused);
  CHECK(result.verifier_fault.empty());
  CHECK(passed_script_checks(result) == 5);
  // The engine's own checks follow the script's: the DL-02 violation and T-2's undeclared update fail them.
  REQUIRE(result.checks.size() == 7);
  CHECK_FALSE(result.checks[5].passed);
  CHECK_FALSE(result.checks[6].passed);
}

TEST_CASE("changes(tbl) gives one table's changes, the very rows diff holds", "[verify]") {
  Episode episode(deskling(), dl001_with(
      "local t = changes('tickets')\n"
      "check('tickets', #t == 1 and t[1].op == 'update' and t[1].after.state == 'closed', tostring(#t))\n"
      "check('notes', #changes('notes') == 1 and changes('notes')[1].op == 'insert', tostring(#changes('notes')))\n"
      "check('the same table twice', changes('tickets') == t, 'two lists')\n"
      "check('untouched or unknown', #changes('users') == 0 and #changes('no_such_table') == 0, 'rows')\n"
      "check('diff holds them', #diff == 2 and diff[1] == changes('notes')[1] and diff[2] == t[1], tostring(#diff))\n"
      "local n = 0\nfor _ in pairs(diff) do n = n + 1 end\n"
      "check('pairs', n == 2, tostring(n))\n"
      "check('unexpected', #unexpected == 1 and unexpected[1].table == 'notes', tostring(#unexpected))\n"));
  play_reference(episode);
  REQUIRE(episode.step("add_note", Json{{"number", "T-1"}, {"body", "extra"}}).ok);
  const VerifyResult& result = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  CHECK(result.verifier_fault.empty());
  CHECK(passed_script_checks(result) == 7);
}

TEST_CASE("a change to an undeclared table is unexpected", "[verify]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  play_reference(episode);
  REQUIRE(episode.step("add_note", Json{{"number", "T-1"}, {"body", "extra"}}).ok);
  const VerifyResult& result = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  REQUIRE(result.unexpected_changes.size() == 1);
  CHECK(result.unexpected_changes[0].table == "notes");
  CHECK(result.unexpected_changes[0].op == "insert");
  CHECK_FALSE(result.success);
}

TEST_CASE("an update of an undeclared key is unexpected", "[verify]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  play_reference(episode);
  REQUIRE(episode.step("assign_ticket", Json{{"number", "T-3"}, {"user", "ana"}}).ok);
  const VerifyResult& result = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  REQUIRE(result.unexpected_changes.size() == 1);
  CHECK(result.unexpected_changes[0].key == Json{{"id", 3}});
  CHECK_FALSE(result.success);
}

TEST_CASE("changes over a declared count are unexpected, and 'any' has no bound", "[verify]") {
  Diff diff;
  for (int id = 1; id <= 3; ++id) diff.changes.push_back({"notes", "insert", Json{{"id", id}}, Json::object(), Json::object()});
  diff.changes.push_back({"tickets", "delete", Json{{"id", 1}}, Json::object(), Json::object()});
  std::map<std::string, TableExpectation> expected;
  expected["notes"].inserted = 2;
  const auto over = unexpected_changes(diff, expected);
  REQUIRE(over.size() == 2);
  CHECK(over[0].table == "notes");
  CHECK(over[0].key == Json{{"id", 3}});
  CHECK(over[1].table == "tickets");

  expected["notes"].inserted = -1;
  expected["tickets"].deleted = 1;
  CHECK(unexpected_changes(diff, expected).empty());
  expected["tickets"].deleted = 0;
  CHECK(unexpected_changes(diff, expected).size() == 1);
}

TEST_CASE("declared updated keys may be whole key objects or bare values", "[verify]") {
  Diff diff;
  diff.changes.push_back({"tickets", "update", Json{{"id", 1}}, Json::object(), Json::object()});
  diff.changes.push_back({"tickets", "update", Json{{"id", 2}}, Json::object(), Json::object()});
  std::map<std::string, TableExpectation> expected;
  expected["tickets"].updated_keys = {Json(1), Json{{"id", 2}}};
  expected["tickets"].updated = 2;
  CHECK(unexpected_changes(diff, expected).empty());
  expected["tickets"].updated_keys = {Json(2)};
  const auto out = unexpected_changes(diff, expected);
  REQUIRE(out.size() == 1);
  CHECK(out[0].key == Json{{"id", 1}});
}

TEST_CASE("the result JSON holds checks, success, partial, violations and unexpected changes", "[verify]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  play_reference(episode);
  const Json json = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done).to_json();
  CHECK(json["success"] == true);
  CHECK(json["partial"] == 1.0);
  CHECK(json["checks"].size() == 6);
  CHECK(json["checks"][0].contains("name"));
  CHECK(json["checks"][0].contains("passed"));
  CHECK(json.contains("violations"));
  CHECK(json.contains("unexpected_changes"));
}
