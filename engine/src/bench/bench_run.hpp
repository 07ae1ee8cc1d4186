#pragma once
// A run: an agent × a suite × k trials, played by a pool of worker threads, every episode appended to
// DIR/episodes.jsonl as it finishes. With `resume`, (task, trial) pairs already finished are skipped
// and infrastructure or engine errors are played again.
#include <filesystem>
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
};

struct BenchOutcome {
  RunMetrics metrics;
  int played = 0;   // episodes played by this invocation
  int skipped = 0;  // finished pairs found on --resume
  std::vector<std::string> warnings;
};

// Throws std::invalid_argument for bad options (k < 1, unknown suite term, a run folder that holds a
// different run, an existing run without --resume) before any episode is played.
BenchOutcome run_bench(const Catalog& catalog, agent::AgentFactory& agents, const BenchOptions& options,
                       std::ostream& progress_out, bool terminal);

}  // namespace opsgym::bench
