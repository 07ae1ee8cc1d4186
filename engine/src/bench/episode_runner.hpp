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
#include "bench/judge.hpp"

namespace opsgym::bench {

struct PlayOptions {
  int distractors = 0;
  double fault_rate = 0;
  uint64_t run_seed = 0;
  Judge* judge = nullptr;  // --judge: gives the verifier's judged checks their verdicts
};

// Never throws for the agent's or the provider's faults: they become the line's outcome. Engine
// exceptions become outcome "engine_error" with the message.
Json play_episode(const Catalog& catalog, agent::Agent& agent, const std::shared_ptr<const Task>& task, int trial,
                  const PlayOptions& options);

// {"success","partial","violations","unexpected_changes","verifier_fault","checks":[...],
//  "judged":{"total","passed","failed","unjudged","errors"},"success_with_judged"}: the part of a
// verification that metrics and rescore compare. `judge_errors` counts the judged checks a failed
// judging left unjudged. success_with_judged: success, and every judged check judged PASS (an
// unjudged check is not a pass).
Json score_json(const VerifyResult& result, int judge_errors = 0);

// What verification puts in an episode line: the score, the verification (each judged check a failed
// judging left unjudged carries "judge_error": {kind, message}) and, with a judge, "judging" (JudgingStats
// plus the judge's name). Judges `result`'s judged checks first when `judge` is given.
struct ScoredEpisode {
  Json score;
  Json verification;
  Json judging;  // null without a judge
};
ScoredEpisode score_episode(VerifyResult result, Judge* judge);

struct Replay {
  Json calls;         // the new trajectory
  Json score;         // score_json of the new verification
  Json verification;  // VerifyResult::to_json
  Json judging;       // as ScoredEpisode
};
// Replays a finished line: same task, seed, fault rate and distractors; the stored calls in order;
// the stored answer. Throws NotFound when the task or a distractor no longer exists, and
// std::invalid_argument for a line that is not a finished episode. With `judge`, the replay's judged
// checks are judged (from the cache first) as a new episode's would be.
Replay replay_episode(const Catalog& catalog, const Json& line, Judge* judge = nullptr);

}  // namespace opsgym::bench
