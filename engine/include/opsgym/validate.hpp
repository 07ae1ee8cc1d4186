#pragma once
// Proof that an environment's tasks are sound: each reference solution passes every check, doing
// nothing fails (so no verifier is vacuous), refusals are judged, and replays are byte-identical.
#include <memory>
#include <string>
#include <vector>

#include "opsgym/environment.hpp"

namespace opsgym {

struct TaskValidation {
  std::string task;
  bool feasible = true;
  int reference_steps = 0;
  int checks = 0;
  std::vector<std::string> problems;  // empty: the task is sound
  bool ok() const { return problems.empty(); }
  Json to_json() const;
};

struct EnvironmentValidation {
  std::string environment;
  std::vector<TaskValidation> tasks;  // in task id order
  bool ok() const;
  Json counts() const;  // tasks, feasible, infeasible, mean/max reference steps, mean checks per task
  Json to_json() const;
};

TaskValidation validate_task(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task);
// Validates every task, on up to `threads` threads (0: one per core); results keep task order.
EnvironmentValidation validate_environment(const std::shared_ptr<const Environment>& env, unsigned threads = 0);

}  // namespace opsgym
