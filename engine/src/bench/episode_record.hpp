#pragma once
// One finished (or failed) episode as stored: one JSON line of episodes.jsonl. The full line keeps
// messages, tool calls, results, timings and the verification; EpisodeSummary is the part metrics use,
// read back from the line, so reports need nothing but the file.
#include <string>

#include <nlohmann/json.hpp>

namespace opsgym::bench {

using Json = nlohmann::json;

// outcome of an episode line:
//   "finished"     the agent answered (or hit a limit) and the verifier ran
//   "infra_error"  the model could not be reached: not scored, retried on --resume
//   "engine_error" the engine failed (a bug or broken package): not scored, retried on --resume
struct EpisodeSummary {
  std::string task;
  std::string environment;
  int trial = 0;
  bool feasible = true;
  std::string outcome;
  std::string termination;
  std::string answer_status;  // done | refused
  bool success = false;
  double partial = 0;
  int violations = 0;
  int unexpected_changes = 0;
  std::string verifier_fault;
  // Judged checks (reported apart: they never decide success). Lines written before judged checks
  // existed have none.
  int judged_total = 0;
  int judged_passed = 0;
  int judged_failed = 0;
  int judge_errors = 0;  // left unjudged by an unparseable reply or an unreachable judge
  int judged_unjudged() const { return judged_total - judged_passed - judged_failed; }
  // Success, and every judged check judged PASS (an unjudged check is not a pass).
  bool success_with_judged() const { return success && judged_passed == judged_total; }
  double judge_cost = 0;
  int steps = 0;
  int tool_errors = 0;
  long long tokens_in = 0;
  long long tokens_out = 0;
  double cost = 0;
  double wall_ms = 0;
  std::string error;

  // Scored episodes count toward success, pass^k and the per-episode means.
  bool scored() const { return outcome == "finished" && verifier_fault.empty(); }
  // Whether --resume must play this (task, trial) again.
  bool needs_retry() const { return outcome != "finished"; }

  // Throws std::invalid_argument naming the missing or mistyped field.
  static EpisodeSummary from_json(const Json& line);
};

}  // namespace opsgym::bench
