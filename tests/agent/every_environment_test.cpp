// Over the project's own environments (Catalog::load_default): `reference` must solve every task and
// `noop` must fail every feasible one. These are the ceiling and the floor of every report.
#include <catch2/catch.hpp>

#include "agent/builtin_agents.hpp"
#include "bench/episode_runner.hpp"

using namespace opsgym;
using namespace opsgym::agent;

namespace {
const Catalog& project_catalog() {
  static const Catalog catalog = Catalog::load_default();
  return catalog;
}
}  // namespace

TEST_CASE("Every project environment loads") {
  for (const auto& e : project_catalog().errors()) FAIL_CHECK(e.environment + ": " + e.message);
  CHECK_FALSE(project_catalog().environments().empty());
}

TEST_CASE("The reference agent succeeds on every task of every environment") {
  ReferenceAgent reference;
  auto tasks = project_catalog().tasks();
  CHECK_FALSE(tasks.empty());
  for (const auto& task : tasks) {
    Json line = bench::play_episode(project_catalog(), reference, task, 1, {});
    INFO(task->id << ": " << line.value("score", Json()).dump() << " " << line.value("error", Json()).dump());
    CHECK(line["outcome"] == "finished");
    CHECK(line.value("score", Json()).value("success", false));
  }
}

TEST_CASE("The noop agent fails every feasible task of every environment") {
  NoopAgent noop;
  for (const auto& task : project_catalog().tasks()) {
    if (!task->feasible) continue;
    Json line = bench::play_episode(project_catalog(), noop, task, 1, {});
    INFO(task->id << ": " << line.value("score", Json()).dump());
    CHECK(line["outcome"] == "finished");
    CHECK_FALSE(line.value("score", Json()).value("success", true));
  }
}
