#include <catch2/catch.hpp>

#include <sstream>

#include "agent/agent_factory.hpp"
#include "agent/fixture_catalog.hpp"
#include "bench/bench_run.hpp"
#include "bench/rescore.hpp"
#include "bench/results_store.hpp"

using namespace opsgym;
using namespace opsgym::bench;
using namespace opsgym::testing;

namespace {
std::filesystem::path reference_run(const std::string& name) {
  auto dir = fresh_dir(name);
  agent::AgentFactory factory(std::nullopt, agent::make_curl_transport());
  BenchOptions o;
  o.agent = "reference";
  o.suite = "env:minidesk";
  o.k = 1;
  o.out = dir;
  std::ostringstream log;
  run_bench(fixture_catalog(), factory, o, log, false);
  return dir;
}
}  // namespace

TEST_CASE("Rescoring an untouched run changes nothing and rewrites nothing") {
  auto dir = reference_run("rescore-same");
  RescoreOutcome out = rescore_run(fixture_catalog(), dir);
  CHECK(out.replayed == 4);
  CHECK(out.changes.empty());
  CHECK_FALSE(std::filesystem::exists(dir / "episodes.jsonl.prev"));
  CHECK_THAT(render_rescore_text(out), Catch::Contains("No outcome changed"));
}

TEST_CASE("Rescoring replaces a stale score with the current verifier's and reports the change") {
  auto dir = reference_run("rescore-stale");
  StoredRun run = load_run(dir);
  run.lines[0]["score"]["success"] = false;  // as if an older, buggy verifier had failed it
  run.lines[0]["score"]["partial"] = 0.25;
  rewrite_episodes(dir, run.lines);
  RescoreOutcome out = rescore_run(fixture_catalog(), dir);
  REQUIRE(out.changes.size() == 1);
  CHECK(out.changes[0].task == "md-001");
  CHECK(out.changes[0].after["success"] == true);
  CHECK_FALSE(out.changes[0].calls_changed);
  CHECK_THAT(render_rescore_text(out), Catch::Contains("md-001 #1: failure -> success"));
  Json rescored = load_run(dir).lines[0];
  CHECK(rescored["score"]["success"] == true);
  CHECK(rescored["rescored"]["previous_score"]["partial"] == 0.25);
  CHECK(rescore_run(fixture_catalog(), dir).changes.empty());
}

TEST_CASE("Rescoring notices tool results that differ from the recorded ones") {
  auto dir = reference_run("rescore-calls");
  StoredRun run = load_run(dir);
  run.lines[0]["calls"][0]["output"] = {{"number", "T-2"}, {"state", "pending"}};
  rewrite_episodes(dir, run.lines);
  RescoreOutcome out = rescore_run(fixture_catalog(), dir);
  REQUIRE(out.changes.size() == 1);
  CHECK(out.changes[0].calls_changed);
}

TEST_CASE("An episode whose task is gone is reported and kept, not dropped") {
  auto dir = reference_run("rescore-gone");
  StoredRun run = load_run(dir);
  run.lines[0]["task"] = "md-999";
  rewrite_episodes(dir, run.lines);
  RescoreOutcome out = rescore_run(fixture_catalog(), dir);
  CHECK(out.failed == 1);
  REQUIRE(out.changes.size() == 1);
  CHECK(out.changes[0].after.contains("error"));
  CHECK(load_run(dir).lines.size() == 4);
  CHECK_THAT(render_rescore_text(out), Catch::Contains("replay failed"));
}

TEST_CASE("Infrastructure errors are skipped by rescore: there is nothing to replay") {
  auto dir = reference_run("rescore-infra");
  StoredRun run = load_run(dir);
  run.lines[1]["outcome"] = "infra_error";
  run.lines[1]["error"] = {{"kind", "timeout"}, {"message", "timed out"}};
  rewrite_episodes(dir, run.lines);
  RescoreOutcome out = rescore_run(fixture_catalog(), dir);
  CHECK(out.skipped == 1);
  CHECK(out.replayed == 3);
}
