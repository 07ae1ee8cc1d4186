// The `opsgym` command end to end: exit codes (0 ok, 1 job failed, 2 command line, 3 unknown name or
// authoring error), validate over the real environments, show, and play driven through stdin.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// A home folder with environments/<the given copies of deskling> and the shared verifier library.
std::filesystem::path make_home(const std::string& name, const std::vector<std::string>& environments) {
  const auto home = fresh_dir(name);
  std::filesystem::create_directories(home / "environments");
  for (const auto& env : environments) {
    std::filesystem::copy(kDeskling, home / "environments" / env, std::filesystem::copy_options::recursive);
  }
  std::filesystem::create_directory_symlink(kVerifierLib, home / "verifiers");
  return home;
}

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs `opsgym ARGS` with OPSGYM_HOME=home, feeding `input` on stdin; stderr is kept unless `json_only`.
Run run_opsgym(const std::filesystem::path& home, const std::string& args, const std::string& input = "",
           bool json_only = false) {
  const auto dir = fresh_dir("cli-run");
  write_text(dir / "stdin.txt", input);
  const std::string command = "OPSGYM_HOME='" + home.string() + "' '" OPSGYM_BINARY_DIR "/engine/opsgym' " + args +
                              " < '" + (dir / "stdin.txt").string() + "'" +
                              (json_only ? " 2>/dev/null" : " 2>&1");
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A home holding only the deskling fixture and the shared verifier library.
std::filesystem::path fixture_home() {
  static const std::filesystem::path home = make_home("cli-home", {"deskling"});
  return home;
}

}  // namespace

// CI's threshold on verifier strength: every task of every environment kills every mutant it does not
// accept, and every check of every verifier can fail.
TEST_CASE("opsgym validate exits 0 on every real environment, every mutant killed", "[cli]") {
  const Run run = run_opsgym(OPSGYM_SOURCE_DIR, "validate --mutants");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("all tasks valid"));
  CHECK_THAT(run.out, Catch::Contains("MUTANTS of itsm") && Catch::Contains("wrong_reason"));
}

TEST_CASE("opsgym envs --json lists the real environments with the parts they build on, not the parts", "[cli]") {
  const Run run = run_opsgym(OPSGYM_SOURCE_DIR, "envs --json", "", true);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  bool itsm_on_company = false;
  for (const auto& env : Json::parse(run.out)) {
    CHECK(env["name"] != "company");
    if (env["name"] == "itsm") itsm_on_company = env["builds_on"] == Json::array({"company"});
  }
  CHECK(itsm_on_company);
}

TEST_CASE("opsgym validate --task validates that task alone", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "validate --task dl-001 --mutants --json", "", true);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  const Json out = Json::parse(run.out);
  REQUIRE(out["environments"].size() == 1);
  REQUIRE(out["environments"][0]["tasks"].size() == 1);
  CHECK(out["environments"][0]["tasks"][0]["task"] == "dl-001");
  CHECK(out["environments"][0]["mutants"]["drop_write"]["killed"] == 2);
  CHECK(run_opsgym(fixture_home(), "validate --task dl-404").exit_code == 3);
}

TEST_CASE("opsgym validate --json gives per-environment counts", "[cli]") {
  const Run run = run_opsgym(OPSGYM_SOURCE_DIR, "validate --json", "", true);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  const Json out = Json::parse(run.out);
  CHECK(out["ok"] == true);
  CHECK(out["load_errors"].empty());
  REQUIRE_FALSE(out["environments"].empty());
  for (const auto& env : out["environments"]) {
    INFO(env["environment"]);
    const Json& counts = env["counts"];
    CHECK(counts["tasks"].get<int>() > 0);
    CHECK(counts["feasible"].get<int>() + counts["infeasible"].get<int>() == counts["tasks"].get<int>());
    CHECK(counts["max_reference_steps"].get<int>() >= counts["mean_reference_steps"].get<double>());
    CHECK(counts["checks_per_task"].get<double>() > 0);
    CHECK(counts["failed"] == 0);
    CHECK(env["tasks"].size() == counts["tasks"].get<size_t>());
  }
}

TEST_CASE("opsgym validate --env on the fixture reports its counts", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "validate --env deskling --json", "", true);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  const Json out = Json::parse(run.out);
  REQUIRE(out["environments"].size() == 1);
  CHECK(out["environments"][0]["counts"]["tasks"] == 2);
  CHECK(out["environments"][0]["counts"]["infeasible"] == 1);
}

TEST_CASE("opsgym validate exits 1 when a task is unsound", "[cli]") {
  const auto home = make_home("cli-vacuous", {"deskling"});
  write_text(home / "environments" / "deskling" / "tasks" / "dl-003.yaml",
             "id: dl-003\nenvironment: deskling\nprompt: Nothing.\nreference:\n  answer: ok\n"
             "verifier: |\n  check('always', true)\n");
  const Run run = run_opsgym(home, "validate");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("FAIL dl-003") && Catch::Contains("vacuous"));
}

TEST_CASE("opsgym show of an unknown task exits 3 with a clear message", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "show dl-404");
  INFO(run.out);
  CHECK(run.exit_code == 3);
  CHECK_THAT(run.out, Catch::Contains("unknown task 'dl-404'"));
}

TEST_CASE("opsgym show prints the prompt and the reference", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "show dl-001");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Assign it to ben") && Catch::Contains("assign_ticket") &&
                          Catch::Contains("reference (3 calls)"));
}

TEST_CASE("an unknown command exits 2", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "frobnicate");
  INFO(run.out);
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("unknown command 'frobnicate'"));
}

TEST_CASE("a wrong command line exits 2", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "show");
  INFO(run.out);
  CHECK(run.exit_code == 2);
}

TEST_CASE("opsgym play runs JSON calls from stdin and prints every check when finished", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "play dl-001",
                         "{\"tool\": \"assign_ticket\", \"args\": {\"number\": \"T-1\", \"user\": \"ben\"}}\n"
                         "{\"tool\": \"close_ticket\", \"args\": {\"number\": \"T-1\"}}\n"
                         "finish done Assigned T-1 to ben and closed it.\n");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("\"assignee\": \"ben\""));
  CHECK_THAT(run.out, Catch::Contains("PASS  T-1 is closed") && Catch::Contains("PASS  T-1 is assigned to ben"));
  CHECK_THAT(run.out, Catch::Contains("success"));
}

TEST_CASE("opsgym play reports failed checks and exits 1 when the task is not done", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "play dl-001",
                         "not json\n{\"tool\": \"warp\"}\nfinish done Did nothing to T-1.\n");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("error: type"));
  CHECK_THAT(run.out, Catch::Contains("unknown_tool"));
  CHECK_THAT(run.out, Catch::Contains("FAIL  T-1 is closed") && Catch::Contains("failure"));
}

TEST_CASE("opsgym play without a finish exits 1 and verifies nothing", "[cli]") {
  const Run run = run_opsgym(fixture_home(), "play dl-001", "{\"tool\": \"search_tickets\"}\n");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("nothing was verified"));
}

TEST_CASE("opsgym tasks and envs list the fixture", "[cli]") {
  const Run tasks = run_opsgym(fixture_home(), "tasks");
  INFO(tasks.out);
  CHECK(tasks.exit_code == 0);
  CHECK_THAT(tasks.out, Catch::Contains("dl-001") && Catch::Contains("dl-002"));
  const Run envs = run_opsgym(fixture_home(), "envs --json");
  INFO(envs.out);
  CHECK(envs.exit_code == 0);
  CHECK_THAT(envs.out, Catch::Contains("deskling"));
}

TEST_CASE("a broken environment is reported on stderr and the others still work", "[cli]") {
  const auto home = make_home("cli-broken", {"deskling", "broken"});
  write_text(home / "environments" / "broken" / "env.yaml", "name: broken\n");
  const Run show = run_opsgym(home, "show dl-001");
  INFO(show.out);
  CHECK(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::Contains("environment broken did not load"));
  const Run validate = run_opsgym(home, "validate");
  CHECK(validate.exit_code == 1);  // a load error fails a full validation
}
