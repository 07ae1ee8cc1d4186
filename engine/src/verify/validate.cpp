#include "opsgym/validate.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "episode/reference_args.hpp"
#include "opsgym/episode.hpp"

namespace opsgym {
namespace {

std::string failing_checks(const VerifyResult& result) {
  std::string out;
  for (const auto& check : result.checks) {
    if (!check.passed) out += "\n    - " + check.name + (check.detail.empty() ? "" : " (" + check.detail + ")");
  }
  return out;
}

struct Replay {
  Snapshot world;
  VerifyResult result;
};

// Plays the reference calls; with `status` overriding the reference's own finishing status.
Replay play_reference(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task,
                      FinishStatus status, std::vector<std::string>& problems) {
  Episode episode(env, task);
  std::vector<Json> outputs;
  int index = 0;
  for (const auto& call : task->reference) {
    ++index;
    Json args;
    try {
      args = resolve_reference_args(call.args, outputs);
    } catch (const std::exception& e) {
      problems.push_back("reference call " + std::to_string(index) + " (" + call.tool + "): " + e.what());
      break;
    }
    StepResult step = episode.step(call.tool, args);
    if (!step.ok) {
      problems.push_back("reference call " + std::to_string(index) + " (" + call.tool + ") failed: " + step.output_text);
    }
    outputs.push_back(step.output());
  }
  VerifyResult result = episode.finish(task->reference_answer, status);
  return {episode.world().snapshot(), std::move(result)};
}

}  // namespace

TaskValidation validate_task(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task) {
  TaskValidation out;
  out.task = task->id;
  out.feasible = task->feasible;
  out.reference_steps = static_cast<int>(task->reference.size());
  auto& problems = out.problems;
  try {
    const Replay first = play_reference(env, task, task->reference_status, problems);
    const VerifyResult& r = first.result;
    out.checks = static_cast<int>(r.checks.size());
    if (!r.verifier_fault.empty()) problems.push_back("verifier fault on the reference: " + r.verifier_fault);
    if (const std::string failed = failing_checks(r); !failed.empty()) {
      problems.push_back("the reference fails checks:" + failed);
    }
    for (const auto& v : r.violations) {
      problems.push_back("the reference breaks rule " + v.rule + " at call " + std::to_string(v.call_index) + ": " +
                         v.message);
    }
    for (const auto& change : r.unexpected_changes) {
      problems.push_back("the reference makes an undeclared change: " + change.to_json().dump());
    }

    std::vector<std::string> ignored;
    const Replay second = play_reference(env, task, task->reference_status, ignored);
    if (*first.world != *second.world) problems.push_back("two replays of the reference give different Worlds");
    if (first.result.to_json() != second.result.to_json()) {
      problems.push_back("two replays of the reference give different results");
    }

    if (task->feasible) {
      Episode idle(env, task);
      const VerifyResult& nothing = idle.finish("", FinishStatus::done);
      if (!nothing.verifier_fault.empty()) problems.push_back("verifier fault when nothing is done: " + nothing.verifier_fault);
      else if (nothing.success) problems.push_back("doing nothing passes every check: the verifier is vacuous");
    } else {
      const Replay done = play_reference(env, task, FinishStatus::done, ignored);
      if (!done.result.verifier_fault.empty()) {
        problems.push_back("verifier fault when finishing with status done: " + done.result.verifier_fault);
      } else if (done.result.success) {
        problems.push_back("finishing this infeasible task with status done passes every check");
      }
    }
  } catch (const std::exception& e) {
    problems.push_back(std::string("cannot play the task: ") + e.what());
  }
  return out;
}

EnvironmentValidation validate_environment(const std::shared_ptr<const Environment>& env, unsigned threads) {
  EnvironmentValidation out;
  out.environment = env->name();
  const auto& tasks = env->tasks();
  out.tasks.resize(tasks.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<size_t>(1, tasks.size())));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) out.tasks[i] = validate_task(env, tasks[i]);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  return out;
}

bool EnvironmentValidation::ok() const {
  return std::all_of(tasks.begin(), tasks.end(), [](const TaskValidation& t) { return t.ok(); });
}

Json TaskValidation::to_json() const {
  return {{"task", task},   {"ok", ok()},          {"feasible", feasible}, {"reference_steps", reference_steps},
          {"checks", checks}, {"problems", problems}};
}

Json EnvironmentValidation::counts() const {
  int feasible = 0, max_steps = 0, steps = 0, checks = 0;
  for (const auto& t : tasks) {
    feasible += t.feasible ? 1 : 0;
    max_steps = std::max(max_steps, t.reference_steps);
    steps += t.reference_steps;
    checks += t.checks;
  }
  const double n = tasks.empty() ? 1.0 : static_cast<double>(tasks.size());
  int failed = 0;
  for (const auto& t : tasks) failed += t.ok() ? 0 : 1;
  return {{"tasks", tasks.size()},
          {"feasible", feasible},
          {"infeasible", static_cast<int>(tasks.size()) - feasible},
          {"mean_reference_steps", steps / n},
          {"max_reference_steps", max_steps},
          {"checks_per_task", checks / n},
          {"failed", failed}};
}

Json EnvironmentValidation::to_json() const {
  Json results = Json::array();
  for (const auto& t : tasks) results.push_back(t.to_json());
  return {{"environment", environment}, {"ok", ok()}, {"counts", counts()}, {"tasks", std::move(results)}};
}

}  // namespace opsgym
