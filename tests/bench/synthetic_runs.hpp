#pragma once
// Runs made without the engine: the run loop with a play function that writes lines by rule, so the
// loop, the store and the reports are tested on their own.
#include <atomic>
#include <sstream>

#include "agent/fixture_catalog.hpp"
#include "bench/bench_run.hpp"

namespace opsgym::testing {

using bench::Json;

// A finished line. `success` decides the score; tokens and cost are fixed per episode.
inline Json synthetic_line(const std::string& task, int trial, bool success, bool feasible = true,
                           const std::string& status = "done") {
  return {{"task", task},
          {"environment", task.substr(0, task.find('-'))},
          {"trial", trial},
          {"feasible", feasible},
          {"outcome", "finished"},
          {"termination", "answer"},
          {"answer", {{"text", "x"}, {"status", status}}},
          {"steps", 2},
          {"tool_errors", success ? 0 : 1},
          {"tokens", {{"in", 100}, {"out", 10}}},
          {"cost", 0.001},
          {"timing", {{"wall_ms", 50.0}}},
          {"score", {{"success", success}, {"partial", success ? 1.0 : 0.5}, {"violations", success ? 0 : 1},
                     {"unexpected_changes", 0}, {"verifier_fault", ""}, {"checks", Json::array()}}}};
}

inline Json infra_line(const std::string& task, int trial) {
  return {{"task", task},          {"environment", task.substr(0, task.find('-'))},
          {"trial", trial},        {"feasible", true},
          {"outcome", "infra_error"}, {"termination", "infra_error"},
          {"error", {{"kind", "timeout"}, {"message", "timed out"}, {"status", 0}}},
          {"tokens", {{"in", 0}, {"out", 0}}}};
}

inline bench::RunPlan synthetic_plan(const std::string& agent, std::vector<std::string> tasks, int k,
                                     const std::filesystem::path& out) {
  bench::RunPlan plan;
  plan.manifest = {{"agent", agent}, {"suite", "all"}, {"k", k},           {"seed", 0},
                   {"distractors", 0}, {"fault_rate", 0.0}, {"tasks", tasks}, {"model", nullptr}};
  plan.tasks = std::move(tasks);
  plan.k = k;
  plan.out = out;
  return plan;
}

// A run where `succeeds(task, trial)` decides each episode.
template <typename Rule>
std::filesystem::path synthetic_run(const std::string& name, const std::string& agent,
                                    const std::vector<std::string>& tasks, int k, Rule succeeds) {
  auto dir = fresh_dir(name);
  std::ostringstream log;
  bench::run_plan(synthetic_plan(agent, tasks, k, dir),
                  [&](const std::string& task, int trial) { return synthetic_line(task, trial, succeeds(task, trial)); },
                  log, false);
  return dir;
}

}  // namespace opsgym::testing
