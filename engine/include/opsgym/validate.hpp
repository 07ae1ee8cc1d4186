#pragma once
// Proof that an environment's tasks are sound: each reference solution passes every check, doing
// nothing fails (so no verifier is vacuous), refusals are judged, and replays are byte-identical. With
// mutants, also that every variation of the reference that is not a correct solution fails, and that
// every check of the verifier can fail.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "opsgym/environment.hpp"

namespace opsgym {

struct ValidateOptions {
  bool mutants = false;  // also play every mutant of each reference (verify/mutants.hpp)
  unsigned threads = 0;  // 0: one per core
};

inline constexpr int kMaxAcceptedMutants = 3;  // a task accepting more has a verifier too loose to trust

// What became of one mutant: killed (the verifier failed it), survived (it passed: the verifier is too
// weak, unless the task accepts it), equivalent (same changes and answer as the reference), rejected
// (the tool refused the changed call: the system caught the mistake itself).
struct MutantOutcome {
  std::string id;
  std::string kind;
  std::string fate;  // "killed", "survived", "accepted", "equivalent", "rejected"
  std::string calls;  // the mutant's calls, for survivors
  std::vector<std::string> failed_checks;  // names of the checks that killed it
  std::string fault;  // the verifier's fault, if it crashed on this mutant (a problem of its own)
  Json to_json() const;
};

struct TaskValidation {
  std::string task;
  bool feasible = true;
  int reference_steps = 0;
  int checks = 0;
  std::vector<std::string> problems;  // empty: the task is sound
  bool mutants_run = false;
  std::vector<MutantOutcome> mutants;
  bool ok() const { return problems.empty(); }
  Json to_json() const;
};

struct EnvironmentValidation {
  std::string environment;
  std::vector<TaskValidation> tasks;  // in task id order
  bool ok() const;
  Json counts() const;  // tasks, feasible, infeasible, mean/max reference steps, mean checks per task
  // Per mutant class: {"played", "killed", "accepted", "survived", "equivalent", "rejected", "kill_rate"}
  // (each task's to_json() has its own totals as "mutant_counts").
  Json mutant_counts() const;
  Json to_json() const;
};

TaskValidation validate_task(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task,
                             const ValidateOptions& options = {});
// Validates every task, on up to options.threads threads; results keep task order.
EnvironmentValidation validate_environment(const std::shared_ptr<const Environment>& env,
                                           const ValidateOptions& options = {});

}  // namespace opsgym
