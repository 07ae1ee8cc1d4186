#pragma once
// Rescore: replays every finished episode of a run against the current environments and verifiers,
// rewrites episodes.jsonl with the new scores (the old file kept as episodes.jsonl.prev), and says
// what changed. The model is never called again.
#include <filesystem>
#include <string>
#include <vector>

#include "opsgym/catalog.hpp"
#include "bench/episode_record.hpp"

namespace opsgym::bench {

struct RescoreChange {
  std::string task;
  int trial = 0;
  Json before;  // the stored score
  Json after;   // the replayed score, or {"error": "..."} when the replay could not run
  bool calls_changed = false;  // a replayed call returned something else than the stored one
};

struct RescoreOutcome {
  int replayed = 0;
  int skipped = 0;   // not finished (infra or engine errors): nothing to replay
  int failed = 0;    // the replay itself failed (task or distractor gone, engine error)
  std::vector<RescoreChange> changes;  // sorted by task, trial
  std::vector<std::string> warnings;
};

RescoreOutcome rescore_run(const Catalog& catalog, const std::filesystem::path& dir);
std::string render_rescore_text(const RescoreOutcome& outcome);
Json render_rescore_json(const RescoreOutcome& outcome);

}  // namespace opsgym::bench
