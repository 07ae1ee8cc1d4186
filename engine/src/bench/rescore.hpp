#pragma once
// Rescore: replays every finished episode of a run against the current environments and verifiers,
// rewrites episodes.jsonl with the new scores (the old file kept as episodes.jsonl.prev), and says
// what changed. The agent's model is never called again. Judged checks get the verdicts the run's
// judge gave before (judge_cache.jsonl); with a judge client, the ones not in the cache are asked.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "opsgym/catalog.hpp"
#include "agent/llm_client.hpp"
#include "bench/episode_record.hpp"
#include "bench/judge.hpp"

namespace opsgym::bench {

struct RescoreChange {
  std::string task;
  int trial = 0;
  Json before;  // the stored score
  Json after;   // the replayed score, or {"error": "..."} when the replay could not run
  bool calls_changed = false;  // a replayed call returned something else than the stored one
};

struct RescoreOptions {
  // --judge MODEL: judged checks missing from the cache are asked of this model. A run records its
  // judge in run.json: a run without one gets this one; a run judged by another model is refused.
  std::shared_ptr<agent::LlmClient> judge;
};

struct RescoreOutcome {
  std::optional<JudgeIdentity> judge;  // whose verdicts were applied (none: every judged check unjudged)
  bool judge_asks = false;             // whether missing verdicts were asked (--judge) or left unjudged
  JudgingStats judging;                // summed over the replayed episodes
  int replayed = 0;
  int skipped = 0;   // not finished (infra or engine errors): nothing to replay
  int failed = 0;    // the replay itself failed (task or distractor gone, engine error)
  std::vector<RescoreChange> changes;  // sorted by task, trial
  std::vector<std::string> warnings;
};

// Throws std::invalid_argument when options.judge is not the judge run.json records.
RescoreOutcome rescore_run(const Catalog& catalog, const std::filesystem::path& dir, const RescoreOptions& options = {});
std::string render_rescore_text(const RescoreOutcome& outcome);
Json render_rescore_json(const RescoreOutcome& outcome);

}  // namespace opsgym::bench
