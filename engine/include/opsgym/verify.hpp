#pragma once
// What a verifier concludes about a finished episode.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "opsgym/world.hpp"

namespace opsgym {

// Who recorded a check: the task's verifier script, or the engine itself (the checks every task gets:
// no policy violation, no undeclared change, and for an infeasible task the refusal's reason).
enum class CheckKind { script, engine };
const char* to_string(CheckKind kind);

struct CheckResult {
  std::string name;
  bool passed = false;
  std::string detail;  // what was found, whether the check passed or failed
  CheckKind kind = CheckKind::script;
};

// A check only judgement can decide (is this note courteous, does it leak internal detail), recorded by
// a verifier's judge(name, rubric, text). It never decides success: without a judge model its verdict
// stays empty (unjudged), and a run with a judge reports judged checks apart from the others.
struct JudgedCheck {
  std::string name;
  std::string rubric;
  std::string text;
  std::optional<bool> verdict;  // empty: not judged
  std::string reason;           // the judge's one-line reason, when judged
};

// A policy rule broken by a tool call. Enforced rules also made the call fail.
struct Violation {
  std::string rule;
  std::string message;
  int call_index = 0;  // 1-based index of the call in the trajectory
  bool enforced = false;
  Json to_json() const;
};

// What an episode's reward pays for. success (the default): 1 when the episode succeeded, else 0.
// shaped: the fraction of checks passed, but 0 for an episode that changed nothing on a feasible task,
// so that partial credit never pays for doing nothing.
enum class RewardMode { success, shaped };
const char* to_string(RewardMode mode);
std::optional<RewardMode> reward_mode_named(std::string_view name);  // "success" | "shaped"

struct VerifyResult {
  std::vector<CheckResult> checks;
  // Every check passed (so no violation and no undeclared change either) and the verifier did not fail.
  bool success = false;
  double partial = 0.0;  // fraction of checks passed, engine checks included
  double reward = 0.0;   // as the episode's RewardMode says
  std::vector<JudgedCheck> judged;  // apart from `checks`: see JudgedCheck
  std::vector<Violation> violations;
  std::vector<RowChange> unexpected_changes;  // changes the task did not declare
  Diff diff;                                  // every change to environment tables
  std::string verifier_fault;                 // non-empty: the verifier crashed (not the agent's failure)
  Json to_json() const;
};

}  // namespace opsgym
