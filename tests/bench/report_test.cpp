#include <catch2/catch.hpp>

#include "bench/report.hpp"
#include "bench/synthetic_runs.hpp"

using namespace opsgym;
using namespace opsgym::bench;
using namespace opsgym::testing;

namespace {
const std::vector<std::string> kTasks = {"a-1", "a-2", "b-1"};
auto always = [](const std::string&, int) { return true; };
auto never = [](const std::string&, int) { return false; };
}  // namespace

TEST_CASE("A report shows the run, each environment and each task") {
  auto dir = synthetic_run("report-text", "alpha", kTasks, 2, always);
  std::string text = render_text(load_report(dir));
  CHECK_THAT(text, Catch::Contains("agent alpha") && Catch::Contains("k=2"));
  CHECK_THAT(text, Catch::Contains("pass^2") && Catch::Contains("viol/ep") && Catch::Contains("refuse ok"));
  CHECK_THAT(text, Catch::Contains("env a") && Catch::Contains("env b") && Catch::Contains("b-1"));
  CHECK_THAT(text, Catch::Contains("Episodes: 6 of 6 stored, 6 scored"));
  CHECK_THAT(text, Catch::Contains("100.0%"));
}

TEST_CASE("A JSON report holds the manifest and every metric") {
  auto dir = synthetic_run("report-json", "beta", kTasks, 2, never);
  Json j = render_json(load_report(dir));
  CHECK(j["run"]["agent"] == "beta");
  CHECK(j["metrics"]["run"]["success_rate"] == 0.0);
  CHECK(j["metrics"]["run"]["violations_per_episode"] == 1.0);
  CHECK(j["metrics"]["tasks"]["a-1"]["pass_k"]["2"] == 0.0);
  CHECK(j["metrics"]["environments"].size() == 2);
  CHECK(j["metrics"]["run"]["tokens_in"] == 600);
}

TEST_CASE("A report is the same whatever order the episodes finished in") {
  auto dir = synthetic_run("report-order", "alpha", kTasks, 2, [](const std::string& t, int n) { return t < "b" || n == 1; });
  std::string before = render_json(load_report(dir)).dump();
  StoredRun run = load_run(dir);
  std::reverse(run.lines.begin(), run.lines.end());
  rewrite_episodes(dir, run.lines);
  CHECK(render_json(load_report(dir)).dump() == before);
}

TEST_CASE("A report names unscored episodes and how to retry them") {
  auto dir = fresh_dir("report-infra");
  std::ostringstream log;
  run_plan(synthetic_plan("alpha", {"a-1"}, 2, dir),
           [](const std::string& t, int n) { return n == 1 ? synthetic_line(t, n, true) : infra_line(t, n); }, log, false);
  std::string text = render_text(load_report(dir));
  CHECK_THAT(text, Catch::Contains("1 infrastructure errors (retry with --resume)"));
}

TEST_CASE("Comparing two runs lists the tasks that got better or worse") {
  auto a = synthetic_run("cmp-a", "alpha", kTasks, 2, [](const std::string& t, int) { return t != "b-1"; });
  auto b = synthetic_run("cmp-b", "beta", kTasks, 2, [](const std::string& t, int) { return t == "b-1"; });
  std::string text = render_compare_text(load_report(a), load_report(b));
  CHECK_THAT(text, Catch::Contains("A: agent alpha") && Catch::Contains("B: agent beta"));
  CHECK_THAT(text, Catch::Contains("Better in B (1): b-1"));
  CHECK_THAT(text, Catch::Contains("Worse in B (2): a-1 a-2"));
  Json j = render_compare_json(load_report(a), load_report(b));
  CHECK(j["tasks"]["a-1"]["success_delta"] == -1.0);
  CHECK(j["tasks"]["b-1"]["success_delta"] == 1.0);
  CHECK_THAT(render_compare_text(load_report(a), load_report(a)), Catch::Contains("No task changed"));
}

TEST_CASE("Comparing runs over different suites lists the tasks only one of them has") {
  auto a = synthetic_run("cmp-only-a", "alpha", {"a-1", "a-2"}, 1, always);
  auto b = synthetic_run("cmp-only-b", "alpha", {"a-2", "b-1"}, 1, always);
  std::string text = render_compare_text(load_report(a), load_report(b));
  CHECK_THAT(text, Catch::Contains("Only in A (1): a-1") && Catch::Contains("Only in B (1): b-1"));
}

TEST_CASE("Reporting a folder that holds no run is a clear error") {
  CHECK_THROWS_WITH(load_report(fresh_dir("report-empty")), Catch::Contains("no run.json"));
}
