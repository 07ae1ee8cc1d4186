#include <catch2/catch.hpp>

#include <mutex>
#include <set>

#include "bench/results_store.hpp"
#include "bench/synthetic_runs.hpp"

using namespace opsgym;
using namespace opsgym::bench;
using namespace opsgym::testing;

TEST_CASE("Parallel workers play every (task, trial) exactly once and append each line") {
  auto dir = fresh_dir("loop-parallel");
  std::vector<std::string> tasks = {"a-1", "a-2", "b-1", "b-2", "b-3"};
  auto plan = synthetic_plan("fake", tasks, 3, dir);
  plan.parallel = 4;
  std::mutex mutex;
  std::multiset<std::pair<std::string, int>> played;
  std::ostringstream log;
  BenchOutcome out = run_plan(plan, [&](const std::string& task, int trial) {
    std::lock_guard lock(mutex);
    played.insert({task, trial});
    return synthetic_line(task, trial, trial != 3);
  }, log, false);
  CHECK(played.size() == 15);
  for (const auto& t : tasks)
    for (int trial = 1; trial <= 3; ++trial) CHECK(played.count({t, trial}) == 1);
  CHECK(out.played == 15);
  CHECK(load_run(dir).lines.size() == 15);
  CHECK(*out.metrics.run.success_rate == Approx(2.0 / 3));
  CHECK(*out.metrics.run.pass_k[2] == 0.0);
  CHECK(out.metrics.environments.size() == 2);
  CHECK(std::filesystem::exists(dir / "metrics.json"));
  std::string text = log.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 15);
}

TEST_CASE("Resume plays infrastructure errors and missing trials again, and only those") {
  auto dir = fresh_dir("loop-resume");
  std::ostringstream log;
  run_plan(synthetic_plan("fake", {"a-1", "a-2"}, 2, dir), [](const std::string& task, int trial) {
    return task == "a-2" && trial == 2 ? infra_line(task, trial) : synthetic_line(task, trial, true);
  }, log, false);
  auto plan = synthetic_plan("fake", {"a-1", "a-2"}, 3, dir);
  plan.resume = true;
  std::set<std::pair<std::string, int>> replayed;
  BenchOutcome out = run_plan(plan, [&](const std::string& task, int trial) {
    replayed.insert({task, trial});
    return synthetic_line(task, trial, true);
  }, log, false);
  CHECK(replayed == std::set<std::pair<std::string, int>>{{"a-1", 3}, {"a-2", 2}, {"a-2", 3}});
  CHECK(out.skipped == 3);
  CHECK(out.metrics.run.infra_errors == 0);
  CHECK(out.metrics.run.scored == 6);
  CHECK(load_run(dir).manifest["k"] == 3);
}

TEST_CASE("A run folder is not overwritten without --resume") {
  auto dir = fresh_dir("loop-guard");
  std::ostringstream log;
  auto play = [](const std::string& task, int trial) { return synthetic_line(task, trial, true); };
  run_plan(synthetic_plan("fake", {"a-1"}, 1, dir), play, log, false);
  CHECK_THROWS_WITH(run_plan(synthetic_plan("fake", {"a-1"}, 1, dir), play, log, false),
                    Catch::Contains("already holds a run") && Catch::Contains("--resume"));
  CHECK(load_run(dir).lines.size() == 1);
}

TEST_CASE("A run folder is resumed only by the same run") {
  auto dir = fresh_dir("loop-other");
  std::ostringstream log;
  auto play = [](const std::string& task, int trial) { return synthetic_line(task, trial, true); };
  run_plan(synthetic_plan("fake", {"a-1"}, 1, dir), play, log, false);
  auto other = synthetic_plan("other", {"a-1"}, 1, dir);
  other.resume = true;
  other.manifest["fault_rate"] = 0.2;
  CHECK_THROWS_WITH(run_plan(other, play, log, false),
                    Catch::Contains("agent was \"fake\", now \"other\"") && Catch::Contains("fault_rate"));
  CHECK(load_run(dir).manifest["agent"] == "fake");
}

TEST_CASE("Resume of an empty folder starts a fresh run") {
  auto dir = fresh_dir("loop-fresh");
  auto plan = synthetic_plan("fake", {"a-1"}, 2, dir);
  plan.resume = true;
  std::ostringstream log;
  BenchOutcome out = run_plan(plan, [](const std::string& t, int n) { return synthetic_line(t, n, true); }, log, false);
  CHECK(out.played == 2);
  CHECK(out.skipped == 0);
}

TEST_CASE("Lines of tasks outside the suite or beyond k do not count in the metrics") {
  auto dir = fresh_dir("loop-scope");
  std::ostringstream log;
  auto play = [](const std::string& task, int trial) { return synthetic_line(task, trial, false); };
  run_plan(synthetic_plan("fake", {"a-1", "a-2"}, 3, dir), play, log, false);
  auto smaller = synthetic_plan("fake", {"a-1", "a-2"}, 2, dir);
  smaller.resume = true;
  BenchOutcome out = run_plan(smaller, play, log, false);
  CHECK(out.played == 0);
  CHECK(out.metrics.run.episodes == 4);
}

TEST_CASE("Bad run options are refused") {
  std::ostringstream log;
  auto play = [](const std::string& task, int trial) { return synthetic_line(task, trial, true); };
  auto plan = synthetic_plan("fake", {"a-1"}, 0, fresh_dir("loop-bad"));
  CHECK_THROWS_WITH(run_plan(plan, play, log, false), Catch::Contains("-k"));
  plan.k = 1;
  plan.parallel = 0;
  CHECK_THROWS_WITH(run_plan(plan, play, log, false), Catch::Contains("--parallel"));
}

TEST_CASE("Resume over episodes stored without run.json keeps and skips them") {
  auto dir = fresh_dir("loop-norun");
  {
    EpisodeWriter writer(dir);
    writer.append(synthetic_line("a-1", 1, true));
  }
  auto plan = synthetic_plan("fake", {"a-1"}, 2, dir);
  plan.resume = true;
  std::ostringstream log;
  BenchOutcome out = run_plan(plan, [](const std::string& t, int n) { return synthetic_line(t, n, false); }, log, false);
  CHECK(out.skipped == 1);
  CHECK(out.played == 1);
  CHECK(*out.metrics.run.success_rate == 0.5);
}
