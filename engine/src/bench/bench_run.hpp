#pragma once
// A run: an agent × a suite × k trials, played by a pool of worker threads, every episode appended to
// DIR/episodes.jsonl as it finishes. With `resume`, (task, trial) pairs already finished are skipped
// and infrastructure or engine errors are played again.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "opsgym/catalog.hpp"
#include "agent/agent_factory.hpp"
#include "bench/metrics.hpp"

namespace opsgym::bench {

struct BenchOptions {
  std::string agent;
  std::string suite;
  int k = 1;
  std::filesystem::path out;
  int distractors = 0;
  double fault_rate = 0;
  uint64_t seed = 0;
  bool resume = false;
  int parallel = 1;
  std::string judge;  // --judge MODEL: a model of --models that judges the verifiers' judged checks
};

struct BenchOutcome {
  RunMetrics metrics;
  int played = 0;   // episodes played by this invocation
  int skipped = 0;  // finished pairs found on --resume
  std::vector<std::string> warnings;
};

// What a run plays, independent of how an episode is played: the manifest (run.json), the task ids and
// k. `play(task, trial)` returns one episode line and must not throw.
struct RunPlan {
  Json manifest;
  std::vector<std::string> tasks;
  int k = 1;
  std::filesystem::path out;
  bool resume = false;
  int parallel = 1;
};
using PlayFunction = std::function<Json(const std::string& task, int trial)>;

// The run loop: guards the folder (no overwrite without resume; resume only the same run: agent, suite,
// seed, distractors, fault rate and judge), skips
// finished pairs, plays the rest on `parallel` threads, appends each line as it finishes, and computes
// the metrics of the suite's latest lines.
BenchOutcome run_plan(const RunPlan& plan, const PlayFunction& play, std::ostream& progress_out, bool terminal);

// Throws std::invalid_argument for bad options (k < 1, unknown suite term, a run folder that holds a
// different run, an existing run without --resume) before any episode is played.
BenchOutcome run_bench(const Catalog& catalog, agent::AgentFactory& agents, const BenchOptions& options,
                       std::ostream& progress_out, bool terminal);

}  // namespace opsgym::bench
