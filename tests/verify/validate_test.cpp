// validate_environment: each reference passes, doing nothing fails, refusals are judged, replays agree.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/validate.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const TaskValidation& task_named(const EnvironmentValidation& validation, const std::string& id) {
  for (const auto& task : validation.tasks) {
    if (task.task == id) return task;
  }
  throw std::runtime_error("no validation of " + id);
}

std::string all_problems(const TaskValidation& task) {
  std::string out;
  for (const auto& p : task.problems) out += p + "\n";
  return out;
}

// A copy of deskling with one extra task file.
std::shared_ptr<const Environment> with_task(const std::string& name, const std::string& id, const std::string& yaml) {
  const auto dir = deskling_copy(name);
  write_text(dir / "tasks" / (id + ".yaml"), yaml);
  return Environment::load(dir, kVerifierLib, small_limits());
}

}  // namespace

TEST_CASE("validate passes every task of the deskling fixture", "[verify][validate]") {
  const EnvironmentValidation validation = validate_environment(deskling(), {.threads = 1});
  for (const auto& task : validation.tasks) {
    INFO(task.task << ":\n" << all_problems(task));
    CHECK(task.ok());
  }
  CHECK(validation.ok());
  REQUIRE(validation.tasks.size() == 2);
  CHECK(validation.tasks[0].reference_steps == 3);
  CHECK(validation.tasks[0].checks == 6);
  const Json counts = validation.counts();
  CHECK(counts["tasks"] == 2);
  CHECK(counts["feasible"] == 1);
  CHECK(counts["infeasible"] == 1);
  CHECK(counts["max_reference_steps"] == 3);
  CHECK(counts["failed"] == 0);
}

TEST_CASE("validate reports a vacuous verifier", "[verify][validate]") {
  const auto env = with_task("vacuous", "dl-003",
      "id: dl-003\nenvironment: deskling\nprompt: Close T-3.\nreference:\n  calls:\n"
      "    - { tool: close_ticket, args: { number: T-3 } }\n  answer: Closed T-3.\n"
      "expected_changes:\n  tickets: { updated: 1 }\nverifier: |\n  check('anything goes', true)\n");
  const EnvironmentValidation validation = validate_environment(env, {.threads = 1});
  CHECK_FALSE(validation.ok());
  const TaskValidation& task = task_named(validation, "dl-003");
  CHECK_FALSE(task.ok());
  CHECK_THAT(all_problems(task), Catch::Contains("vacuous"));
  CHECK(task_named(validation, "dl-001").ok());
  CHECK(validation.counts()["failed"] == 1);
}

TEST_CASE("validate reports a reference that fails its checks, breaks a rule and changes too much", "[verify][validate]") {
  const auto env = with_task("badref", "dl-004",
      "id: dl-004\nenvironment: deskling\nprompt: Close T-3.\nreference:\n  calls:\n"
      "    - { tool: close_ticket, args: { number: T-3 } }\n    - { tool: add_note, args: { number: T-3, body: x } }\n"
      "  answer: Closed T-3.\nexpected_changes:\n  tickets: { updated: 1 }\nverifier: |\n"
      "  check('T-3 assigned', db.value(\"SELECT assignee FROM tickets WHERE id = 3\") ~= nil)\n");
  const EnvironmentValidation validation = validate_environment(env, {.threads = 1});
  const TaskValidation& task = task_named(validation, "dl-004");
  const std::string problems = all_problems(task);
  CHECK_THAT(problems, Catch::Contains("fails checks") && Catch::Contains("T-3 assigned"));
  CHECK_THAT(problems, Catch::Contains("DL-02"));
  CHECK_THAT(problems, Catch::Contains("undeclared change") && Catch::Contains("notes"));
}

TEST_CASE("validate reports a reference call that fails", "[verify][validate]") {
  const auto env = with_task("failcall", "dl-005",
      "id: dl-005\nenvironment: deskling\nprompt: Close T-9.\nreference:\n  calls:\n"
      "    - { tool: close_ticket, args: { number: T-9 } }\n  answer: Closed.\n"
      "verifier: |\n  check('nothing changed', #diff == 0)\n  check('said closed', answer.text == 'Closed.')\n"
      "  check('no calls failed', calls[1] == nil or calls[1].ok)\n");
  const EnvironmentValidation validation = validate_environment(env, {.threads = 1});
  const TaskValidation& task = task_named(validation, "dl-005");
  CHECK_THAT(all_problems(task), Catch::Contains("reference call 1 (close_ticket) failed") && Catch::Contains("not_found"));
}

TEST_CASE("validate reports an infeasible task whose verifier accepts finishing done", "[verify][validate]") {
  const auto env = with_task("lenient", "dl-006",
      "id: dl-006\nenvironment: deskling\nfeasible: false\nprompt: Assign T-2 to cy.\n"
      "reference:\n  answer: No, cy is inactive.\n  status: refused\n"
      "verifier: |\n  check('nothing changed', #diff == 0)\n");
  const EnvironmentValidation validation = validate_environment(env, {.threads = 1});
  const TaskValidation& task = task_named(validation, "dl-006");
  CHECK_THAT(all_problems(task), Catch::Contains("status done passes every check"));
}

TEST_CASE("validate reports a verifier fault on the reference", "[verify][validate]") {
  const auto env = with_task("fault", "dl-007",
      "id: dl-007\nenvironment: deskling\nprompt: Nothing.\nreference:\n  answer: ok\n"
      "verifier: |\n  check('before the crash', true)\n  local t = nil\n  check('crash', t.x)\n");
  const EnvironmentValidation validation = validate_environment(env, {.threads = 1});
  const TaskValidation& task = task_named(validation, "dl-007");
  CHECK_THAT(all_problems(task), Catch::Contains("verifier fault"));
}

TEST_CASE("validation results are the same on one thread and on several", "[verify][validate]") {
  const Json one = validate_environment(deskling(), {.threads = 1}).to_json();
  const Json two = validate_environment(deskling(), {.threads = 2}).to_json();
  CHECK(one == two);
}
