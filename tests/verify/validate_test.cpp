// validate_environment: each reference passes, doing nothing fails, refusals are judged, replays agree.
#include <catch2/catch.hpp>

#include <algorithm>

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

ValidateOptions on_threads(unsigned threads) {
  ValidateOptions options;
  options.threads = threads;
  return options;
}

ValidateOptions with_mutants() {
  ValidateOptions options = on_threads(1);
  options.mutants = true;
  return options;
}

std::shared_ptr<const Task> task_named_in(const std::shared_ptr<const Environment>& env, const std::string& id) {
  for (const auto& task : env->tasks()) {
    if (task->id == id) return task;
  }
  throw std::runtime_error("no task " + id);
}

// deskling whose infeasible task declares the refusal naming every reason as accepted.
std::shared_ptr<const Environment> deskling_copy_with_accepted_refusal() {
  const auto dir = deskling_copy("acceptrefusal");
  const auto file = dir / "tasks" / "dl-002.yaml";
  write_text(file, read_text(file) + "accepted_mutants:\n  - { mutant: every_reason, why: it says the reason too }\n");
  return Environment::load(dir, kVerifierLib, small_limits());
}

}  // namespace

TEST_CASE("validate passes every task of the deskling fixture", "[verify][validate]") {
  const EnvironmentValidation validation = validate_environment(deskling(), on_threads(1));
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
  const EnvironmentValidation validation = validate_environment(env, on_threads(1));
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
  const EnvironmentValidation validation = validate_environment(env, on_threads(1));
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
  const EnvironmentValidation validation = validate_environment(env, on_threads(1));
  const TaskValidation& task = task_named(validation, "dl-005");
  CHECK_THAT(all_problems(task), Catch::Contains("reference call 1 (close_ticket) failed") && Catch::Contains("not_found"));
}

TEST_CASE("an infeasible task's refusal is judged by the engine even when its script checks nothing", "[verify][validate]") {
  const auto env = with_task("lenient", "dl-006",
      "id: dl-006\nenvironment: deskling\nfeasible: false\nprompt: Assign T-2 to cy.\n"
      "reference:\n  answer: No, cy is inactive.\n  status: refused\nrefusal_reason: inactive_user\n");
  const EnvironmentValidation validation = validate_environment(env, on_threads(1));
  const TaskValidation& task = task_named(validation, "dl-006");
  INFO(all_problems(task));
  CHECK(task.ok());
  CHECK(task.checks == 3);  // the engine's: no violations, no undeclared changes, the refusal's reason
}

TEST_CASE("validate reports updates allowed with no columns named, listing the reference's", "[verify][validate]") {
  const auto env = with_task("nocolumns", "dl-008",
      "id: dl-008\nenvironment: deskling\nprompt: Close T-3.\nreference:\n  calls:\n"
      "    - { tool: close_ticket, args: { number: T-3 } }\n  answer: Closed T-3.\n"
      "expected_changes:\n  tickets: { updated: any }\nverifier: |\n"
      "  check('T-3 closed', db.value(\"SELECT state FROM tickets WHERE id = 3\") == 'closed')\n");
  const std::string problems = all_problems(task_named(validate_environment(env, on_threads(1)), "dl-008"));
  CHECK_THAT(problems, Catch::Contains("lists no columns") && Catch::Contains("the reference changes: state"));
  CHECK_THAT(problems, Catch::Contains("updated is 'any'"));
}

TEST_CASE("validate --mutants kills every mutant of the deskling fixture", "[verify][validate][mutants]") {
  const EnvironmentValidation validation = validate_environment(deskling(), with_mutants());
  for (const auto& task : validation.tasks) {
    INFO(task.task << ":\n" << all_problems(task));
    CHECK(task.ok());
    CHECK(task.mutants_run);
    for (const auto& m : task.mutants) {
      INFO(m.id);
      CHECK((m.fate == "killed" || m.fate == "rejected" || m.fate == "equivalent"));
    }
  }
  const Json counts = validation.mutant_counts();
  for (const char* kind : {"drop_write", "change_argument", "extra_call", "extra_column", "flip_status", "every_reason"}) {
    INFO(kind);
    REQUIRE(counts.contains(kind));
    CHECK(counts[kind]["played"].get<int>() > 0);
    CHECK(counts[kind]["kill_rate"] == 1.0);
  }
  // cy is inactive: assigning T-1 to cy is refused by rule DL-01, so that mutant is rejected, not played.
  CHECK(counts["change_argument"]["rejected"].get<int>() > 0);
  CHECK(validation.to_json()["mutants"] == counts);
  const Json first = validation.tasks[0].to_json();
  CHECK(first["mutant_counts"]["killed"].get<int>() > 0);
  CHECK(first["mutant_counts"]["killed"] == first["mutant_counts"]["played"]);
}

TEST_CASE("a surviving mutant is a problem that shows the mutant's calls", "[verify][validate][mutants]") {
  // Any two tickets may change, and the verifier looks at T-3 alone: giving ben another ticket too survives.
  const auto env = with_task("survivor", "dl-009",
      "id: dl-009\nenvironment: deskling\nprompt: Give T-3 to ben.\nreference:\n  calls:\n"
      "    - { tool: assign_ticket, args: { number: T-3, user: ben } }\n  answer: Gave T-3 to ben.\n"
      "expected_changes:\n  tickets: { updated: 2, columns: [assignee] }\nverifier: |\n"
      "  check('T-3 is with ben', db.value(\"SELECT assignee FROM tickets WHERE id = 3\") == 'ben', 'assignee of T-3')\n"
      "  check('finished done', answer.status == 'done', answer.status)\n");
  const TaskValidation task = validate_task(env, task_named_in(env, "dl-009"), with_mutants());
  const std::string problems = all_problems(task);
  CHECK_THAT(problems, Catch::Contains("mutant extra_call/1/number=T-2 survives") &&
                           Catch::Contains("assign_ticket {\"number\":\"T-2\",\"user\":\"ben\"}"));
  CHECK_FALSE(task.ok());
}

TEST_CASE("accepted mutants pass, and stale, killed, wrong-refusal or too many declarations are problems",
          "[verify][validate][mutants]") {
  const std::string task_yaml =
      "id: dl-009\nenvironment: deskling\nprompt: Give T-3 to ben.\nreference:\n  calls:\n"
      "    - { tool: assign_ticket, args: { number: T-3, user: ben } }\n  answer: Gave T-3 to ben.\n"
      "expected_changes:\n  tickets: { updated: 2, columns: [assignee] }\nverifier: |\n"
      "  check('T-3 is with ben', db.value(\"SELECT assignee FROM tickets WHERE id = 3\") == 'ben', 'assignee of T-3')\n"
      "  check('finished done', answer.status == 'done', answer.status)\n";
  const std::string accept_survivor = "  - { mutant: extra_call/1/number=T-2, why: ben may have T-2 as well }\n";
  {
    const auto env = with_task("accepted", "dl-009", task_yaml + "accepted_mutants:\n" + accept_survivor);
    const TaskValidation task = validate_task(env, task_named_in(env, "dl-009"), with_mutants());
    INFO(all_problems(task));
    CHECK(task.ok());
    CHECK(std::any_of(task.mutants.begin(), task.mutants.end(), [](const MutantOutcome& m) { return m.fate == "accepted"; }));
  }
  {
    const auto env = with_task("stale", "dl-009", task_yaml + "accepted_mutants:\n" + accept_survivor +
                                                       "  - { mutant: drop_write/1, why: no }\n"
                                                       "  - { mutant: drop_write/7, why: no }\n");
    const std::string problems = all_problems(validate_task(env, task_named_in(env, "dl-009"), with_mutants()));
    CHECK_THAT(problems, Catch::Contains("drop_write/1, but it is killed"));
    CHECK_THAT(problems, Catch::Contains("drop_write/7, which is not a mutant of this task"));
  }
  {
    std::string many = "accepted_mutants:\n" + accept_survivor;
    for (int i = 2; i <= 4; ++i) many += "  - { mutant: change_argument/1/number=T-" + std::to_string(i % 3 + 1) + "x, why: w }\n";
    const auto env = with_task("many", "dl-009", task_yaml + many);
    const std::string problems = all_problems(validate_task(env, task_named_in(env, "dl-009"), with_mutants()));
    CHECK_THAT(problems, Catch::Contains("accepts 4 mutants (at most 3)"));
  }
  {
    const auto env = deskling_copy_with_accepted_refusal();
    const std::string problems = all_problems(validate_task(env, task_named_in(env, "dl-002"), with_mutants()));
    CHECK_THAT(problems, Catch::Contains("every_reason, a wrong refusal, which can never be accepted"));
  }
}

TEST_CASE("validate --mutants reports a check that cannot fail", "[verify][validate][mutants]") {
  const auto env = with_task("always", "dl-010",
      "id: dl-010\nenvironment: deskling\nprompt: Give T-3 to ben.\nreference:\n  calls:\n"
      "    - { tool: assign_ticket, args: { number: T-3, user: ben } }\n  answer: Gave T-3 to ben.\n"
      "expected_changes:\n  tickets: { updated: [3], columns: [assignee] }\nverifier: |\n"
      "  check('T-3 is with ben', db.value(\"SELECT assignee FROM tickets WHERE id = 3\") == 'ben', 'assignee of T-3')\n"
      "  check('finished done', answer.status == 'done', answer.status)\n"
      "  check('the sky is up', true, 'it is')\n");
  const TaskValidation task = validate_task(env, task_named_in(env, "dl-010"), with_mutants());
  const std::string problems = all_problems(task);
  CHECK_THAT(problems, Catch::Contains("check 'the sky is up' cannot fail"));
  CHECK_THAT(problems, !Catch::Contains("'T-3 is with ben' cannot fail"));
}

TEST_CASE("validate reports a verifier fault on the reference", "[verify][validate]") {
  const auto env = with_task("fault", "dl-007",
      "id: dl-007\nenvironment: deskling\nprompt: Nothing.\nreference:\n  answer: ok\n"
      "verifier: |\n  check('before the crash', true)\n  local t = nil\n  check('crash', t.x)\n");
  const EnvironmentValidation validation = validate_environment(env, on_threads(1));
  const TaskValidation& task = task_named(validation, "dl-007");
  CHECK_THAT(all_problems(task), Catch::Contains("verifier fault"));
}

TEST_CASE("validation results are the same on one thread and on several", "[verify][validate]") {
  const Json one = validate_environment(deskling(), on_threads(1)).to_json();
  const Json two = validate_environment(deskling(), on_threads(2)).to_json();
  CHECK(one == two);
}

TEST_CASE("validate --mutants reports a verifier that crashes on a mutant", "[verify][validate][mutants]") {
  // The verifier looks the title up in a table of one: another title makes it raise, not fail a check.
  const auto env = with_task("crash", "dl-011",
      "id: dl-011\nenvironment: deskling\nprompt: Give T-3 to ben.\nreference:\n  calls:\n"
      "    - { tool: assign_ticket, args: { number: T-3, user: ben } }\n  answer: Gave T-3 to ben.\n"
      "expected_changes:\n  tickets: { updated: [3], columns: [assignee] }\nverifier: |\n"
      "  local t = db.one('SELECT title, assignee FROM tickets WHERE id = 3')\n"
      "  local short = ({ ['Password reset'] = 'pw' })[t.title]\n"
      "  check('T-3 is with ben', t.assignee == 'ben', tostring(t.assignee))\n"
      "  check('its title is kept', short:len() == 2, t.title)\n"
      "  check('finished done', answer.status == 'done', answer.status)\n");
  const TaskValidation task = validate_task(env, task_named_in(env, "dl-011"), with_mutants());
  CHECK_THAT(all_problems(task), Catch::Contains("verifier fault on mutant extra_column/tickets.title"));
}
