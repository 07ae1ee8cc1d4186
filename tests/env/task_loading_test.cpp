// Task::load: fields read and checked, each fault naming the file and the field.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/task.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::filesystem::path task_file(const std::string& name, const std::string& text) {
  const auto file = fresh_dir("task-" + name) / "tasks" / (name + ".yaml");
  write_text(file, text);
  return file;
}

const char* const kMinimal = "id: t-1\nenvironment: deskling\nprompt: Do it.\nreference:\n  calls: []\n"
                             "verifier: check('x', true)\n";

}  // namespace

TEST_CASE("a task file's fields are read", "[env][task]") {
  const Task task = Task::load(kDeskling / "tasks" / "dl-001.yaml");
  CHECK(task.id == "dl-001");
  CHECK(task.environment == "deskling");
  CHECK(task.seed == 7);
  CHECK(task.feasible);
  CHECK(task.max_steps == 10);
  CHECK(task.tags == std::vector<std::string>{"close", "easy"});
  CHECK(task.tools == std::vector<std::string>{"search_tickets", "assign_ticket", "close_ticket", "add_note"});
  REQUIRE(task.reference.size() == 3);
  CHECK(task.reference[1].tool == "assign_ticket");
  CHECK(task.reference[1].args == Json{{"number", "${1.items.1.number}"}, {"user", "ben"}});
  CHECK(task.reference_status == FinishStatus::done);
  REQUIRE(task.expected_changes.count("tickets"));
  CHECK(task.expected_changes.at("tickets").updated_keys == std::vector<Json>{1});
  CHECK_THAT(task.verifier_lua, Catch::Contains("require(\"checks\")"));
  CHECK(task.verifier_chunkname == "deskling/tasks/dl-001.lua");
}

TEST_CASE("a minimal task gets the documented defaults", "[env][task]") {
  const Task task = Task::load(task_file("t-1", kMinimal));
  CHECK(task.seed == 1);
  CHECK(task.max_steps == 50);
  CHECK(task.tools.empty());
  CHECK(task.feasible);
  CHECK_FALSE(task.start_time);
  CHECK(task.verifier_lua == "check('x', true)");
}

TEST_CASE("malformed task YAML names the file and the line", "[env][task]") {
  const auto file = task_file("t-1", "id: t-1\nenvironment: deskling\nprompt: \"open\nseed: 2\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("t-1.yaml:"));
}

TEST_CASE("a duplicate key in a task names the key and the line", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) + "seed: 3\nseed: 4\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("t-1.yaml:8") && Catch::Contains("seed"));
}

TEST_CASE("an unknown task field is refused with the known ones listed", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) + "priority: high\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("unknown field 'priority'") && Catch::Contains("known:"));
}

TEST_CASE("a missing required field is named", "[env][task]") {
  const auto file = task_file("t-1", "id: t-1\nenvironment: deskling\nreference: {}\nverifier: check('x', true)\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("'prompt'"));
}

TEST_CASE("an infeasible task whose reference ends done is refused", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) + "feasible: false\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("refused"));
}

TEST_CASE("a bad expected_changes count is refused", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) + "expected_changes:\n  notes: { inserted: lots }\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("expected_changes.notes.inserted"));
}

TEST_CASE("a verifier file that does not exist is named", "[env][task]") {
  std::string text = kMinimal;
  text.replace(text.find("check('x', true)"), 16, "missing.lua");
  const auto file = task_file("t-1", text);
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("missing.lua"));
}

TEST_CASE("a reference longer than max_steps is refused", "[env][task]") {
  const auto file = task_file("t-1",
      "id: t-1\nenvironment: deskling\nprompt: Do it.\nmax_steps: 1\nreference:\n  calls:\n"
      "    - { tool: a }\n    - { tool: b }\nverifier: check('x', true)\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("max_steps"));
}

TEST_CASE("a bad start time is refused", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) + "start: tomorrow\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("start"));
}

TEST_CASE("an infeasible task must name its refusal reason and declare no changes", "[env][task]") {
  const std::string refused = "id: t-1\nenvironment: deskling\nfeasible: false\nprompt: p\n"
                              "reference:\n  answer: No.\n  status: refused\n";
  CHECK_THAT(authoring_error_of([&] { Task::load(task_file("t-1", refused)); }), Catch::Contains("refusal_reason"));
  const std::string changes = refused + "refusal_reason: inactive_user\nexpected_changes:\n  notes: { inserted: 1 }\n";
  CHECK_THAT(authoring_error_of([&] { Task::load(task_file("t-1", changes)); }),
             Catch::Contains("expected_changes") && Catch::Contains("nothing changed"));
  const Task task = Task::load(task_file("t-1", refused + "refusal_reason: inactive_user\n"));
  CHECK(task.refusal_reason == "inactive_user");
  CHECK(task.verifier_lua.empty());
}

TEST_CASE("a feasible task naming a refusal reason is refused", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) + "refusal_reason: inactive_user\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(file); }), Catch::Contains("infeasible tasks only"));
}

TEST_CASE("expected_changes columns and accepted mutants are read, each accepted mutant with its why", "[env][task]") {
  const auto file = task_file("t-1", std::string(kMinimal) +
      "expected_changes:\n  tickets: { updated: 1, columns: [state] }\n"
      "accepted_mutants:\n  - { mutant: \"change_argument/1/user=ben\", why: ben is on the same team }\n");
  const Task task = Task::load(file);
  REQUIRE(task.expected_changes.at("tickets").columns == std::vector<std::string>{"state"});
  REQUIRE(task.accepted_mutants.size() == 1);
  CHECK(task.accepted_mutants[0].id == "change_argument/1/user=ben");
  CHECK(task.accepted_mutants[0].why == "ben is on the same team");
  const auto no_why = task_file("t-1", std::string(kMinimal) + "accepted_mutants:\n  - { mutant: flip_status }\n");
  CHECK_THAT(authoring_error_of([&] { Task::load(no_why); }), Catch::Contains("why"));
}
