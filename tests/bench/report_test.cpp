#include <catch2/catch.hpp>

#include <sstream>

#include "agent/agent_factory.hpp"
#include "agent/fixture_catalog.hpp"
#include "bench/bench_run.hpp"
#include "bench/report.hpp"

using namespace opsgym;
using namespace opsgym::bench;
using namespace opsgym::testing;

namespace {
std::filesystem::path run_of(const std::string& agent, const std::string& name) {
  auto dir = fresh_dir(name);
  agent::AgentFactory factory(std::nullopt, agent::make_curl_transport());
  BenchOptions o;
  o.agent = agent;
  o.suite = "all";
  o.k = 2;
  o.out = dir;
  std::ostringstream log;
  run_bench(fixture_catalog(), factory, o, log, false);
  return dir;
}
}  // namespace

TEST_CASE("A report shows the run, each environment and each task") {
  auto dir = run_of("reference", "report-ref");
  std::string text = render_text(load_report(dir));
  CHECK_THAT(text, Catch::Contains("agent reference") && Catch::Contains("k=2"));
  CHECK_THAT(text, Catch::Contains("pass^2") && Catch::Contains("viol/ep") && Catch::Contains("refuse ok"));
  CHECK_THAT(text, Catch::Contains("env minidesk") && Catch::Contains("env miniwiki") && Catch::Contains("md-003"));
  CHECK_THAT(text, Catch::Contains("Episodes: 8 of 8 stored, 8 scored"));
}

TEST_CASE("A JSON report holds the manifest and every metric") {
  auto dir = run_of("noop", "report-json");
  Json j = render_json(load_report(dir));
  CHECK(j["run"]["agent"] == "noop");
  CHECK(j["metrics"]["run"]["success_rate"] == 0.0);
  CHECK(j["metrics"]["tasks"]["md-001"]["pass_k"]["2"] == 0.0);
  CHECK(j["metrics"]["environments"].size() == 2);
  CHECK(j["metrics"]["run"]["wrong_refusal_rate"] == 0.0);
}

TEST_CASE("A report is the same whatever order the episodes finished in") {
  auto dir = run_of("reference", "report-order");
  std::string before = render_json(load_report(dir)).dump();
  StoredRun run = load_run(dir);
  std::reverse(run.lines.begin(), run.lines.end());
  rewrite_episodes(dir, run.lines);
  CHECK(render_json(load_report(dir)).dump() == before);
}

TEST_CASE("Comparing two runs lists the tasks that got better or worse") {
  auto a = run_of("reference", "cmp-a");
  auto b = run_of("noop", "cmp-b");
  std::string text = render_compare_text(load_report(a), load_report(b));
  CHECK_THAT(text, Catch::Contains("A: agent reference") && Catch::Contains("B: agent noop"));
  CHECK_THAT(text, Catch::Contains("Worse in B (4): md-001 md-002 md-003 mw-001"));
  Json j = render_compare_json(load_report(a), load_report(b));
  CHECK(j["tasks"]["md-001"]["success_delta"] == -1.0);
  std::string same = render_compare_text(load_report(a), load_report(a));
  CHECK_THAT(same, Catch::Contains("No task changed"));
}

TEST_CASE("Reporting a folder that holds no run is a clear error") {
  CHECK_THROWS_WITH(load_report(fresh_dir("report-empty")), Catch::Contains("no run.json"));
}
