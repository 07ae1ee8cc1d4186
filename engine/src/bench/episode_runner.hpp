#pragma once
// Plays one (task, trial) with an agent and turns everything that happened into one episode line;
// and replays a stored line's tool calls through a fresh Episode (rescore, and the tests' check that
// stored results match an in-process replay).
#include <cstdint>
#include <memory>

#include "opsgym/catalog.hpp"
#include "opsgym/episode.hpp"
#include "agent/agent.hpp"
#include "bench/episode_record.hpp"

namespace opsgym::bench {

struct PlayOptions {
  int distractors = 0;
  double fault_rate = 0;
  uint64_t run_seed = 0;
};

// Never throws for the agent's or the provider's faults: they become the line's outcome. Engine
// exceptions become outcome "engine_error" with the message.
Json play_episode(const Catalog& catalog, agent::Agent& agent, const std::shared_ptr<const Task>& task, int trial,
                  const PlayOptions& options);

// {"success","partial","violations","unexpected_changes","verifier_fault","checks":[...]}: the part of a
// verification that metrics and rescore compare.
Json score_json(const VerifyResult& result);

struct Replay {
  Json calls;         // the new trajectory
  Json score;         // score_json of the new verification
  Json verification;  // VerifyResult::to_json
};
// Replays a finished line: same task, seed, fault rate and distractors; the stored calls in order;
// the stored answer. Throws NotFound when the task or a distractor no longer exists, and
// std::invalid_argument for a line that is not a finished episode.
Replay replay_episode(const Catalog& catalog, const Json& line);

}  // namespace opsgym::bench
