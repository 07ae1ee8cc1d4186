#include "opsgym/validate.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "episode/reference_args.hpp"
#include "opsgym/episode.hpp"
#include "verify/mutants.hpp"

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
  VerifyResult result;
  PlayedReference played;
};

// Plays the reference calls on `episode`, reset first; with `status` overriding the reference's own
// finishing status. The episode is the caller's: a reset is cheaper than a new episode (whose connection
// parses the schema again), and two replays' Worlds are compared in place.
Replay play_reference(Episode& episode, const std::shared_ptr<const Task>& task, FinishStatus status,
                      std::vector<std::string>& problems) {
  episode.reset();
  std::vector<Json> outputs;
  PlayedReference played;
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
    played.calls.push_back({call.tool, std::move(args)});
    played.ok.push_back(step.ok);
  }
  VerifyResult result = episode.finish(task->reference_answer, status);
  played.diff = result.diff;
  return {std::move(result), std::move(played)};
}

// Declarations the strict reading of expected_changes refuses: updates with no column list (the problem
// names the columns the reference changes, to copy), `any` updates.
void check_expectations(const Task& task, const Diff& reference, std::vector<std::string>& problems) {
  for (const auto& [table, expectation] : task.expected_changes) {
    if (expectation.updated != 0 && expectation.columns.empty()) {
      std::set<std::string> changed;
      for (const auto& change : reference.changes) {
        if (change.table != table || change.op != "update") continue;
        for (const auto& [column, _] : change.after.items()) changed.insert(column);
      }
      std::string listed;
      for (const auto& column : changed) listed += (listed.empty() ? "" : ", ") + column;
      problems.push_back("expected_changes." + table + " allows updates but lists no columns: name the columns an "
                         "update may change (the reference changes: " + (listed.empty() ? "none" : listed) + ")");
    }
    if (expectation.updated < 0) {
      problems.push_back("expected_changes." + table + ".updated is 'any': name the keys or the count of rows");
    }
  }
}

// Which script checks failed at least once; a check seen only passing cannot fail.
class CheckLedger {
 public:
  void add(const VerifyResult& result) {
    for (const auto& check : result.checks) {
      if (check.kind != CheckKind::script) continue;
      failed_[check.name] = failed_[check.name] || !check.passed;
    }
  }
  void report(std::vector<std::string>& problems) const {
    for (const auto& [name, failed] : failed_) {
      if (!failed) {
        problems.push_back("check '" + name + "' cannot fail: it passed on doing nothing, on the reference and on every "
                           "mutant");
      }
    }
  }

 private:
  std::map<std::string, bool> failed_;
};

// Plays one mutant on `episode`, reset first: a reset rolls back only the pages the last mutant wrote and
// keeps the connection's parsed schema and prepared statements.
MutantOutcome play_mutant(Episode& episode, const std::shared_ptr<const Task>& task, const Mutant& mutant,
                          const Replay& reference, CheckLedger& ledger) {
  MutantOutcome out{mutant.id, mutant.kind, "", mutant.describe(), {}, ""};
  episode.reset();
  int index = 0;
  for (const auto& call : mutant.calls) {
    const StepResult step = episode.step(call.tool, call.args);
    if (++index == mutant.changed_call && !step.ok) {
      out.fate = "rejected";
      return out;
    }
  }
  for (const auto& edit : mutant.edits) {
    try {
      episode.edit_world(edit.sql, edit.params);
    } catch (const std::exception&) {
      out.fate = "rejected";  // the schema refuses the value (a constraint): no such state can arise
      return out;
    }
  }
  const VerifyResult& result = episode.finish(mutant.answer, mutant.status);
  if (mutant.answer == task->reference_answer && mutant.status == task->reference_status &&
      result.diff.changes == reference.result.diff.changes) {
    out.fate = "equivalent";
    return out;
  }
  ledger.add(result);
  if (result.success) {
    out.fate = "survived";
  } else {
    out.fate = "killed";
    for (const auto& check : result.checks) {
      if (!check.passed) out.failed_checks.push_back(check.name);
    }
    out.fault = result.verifier_fault;
  }
  return out;
}

// Each line of `text` on a line of its own, indented under a problem.
std::string indented(const std::string& text) {
  std::string out;
  size_t start = 0;
  for (size_t end = text.find('\n'); start <= text.size(); end = text.find('\n', start)) {
    if (end == std::string::npos) end = text.size();
    out += "\n      " + text.substr(start, end - start);
    start = end + 1;
  }
  return out;
}

void run_mutants(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task,
                 Episode& episode, const Replay& reference, CheckLedger& ledger, TaskValidation& out) {
  const World base(env->base_snapshot(task->seed, task.get()));
  const std::vector<Mutant> mutants = generate_mutants(*env, *task, reference.played, base);
  std::map<std::string, int> valid_in_group;
  for (const auto& mutant : mutants) {
    if (!mutant.group.empty() && valid_in_group[mutant.group] >= mutant.keep) continue;
    MutantOutcome outcome = play_mutant(episode, task, mutant, reference, ledger);
    if (!mutant.group.empty() && outcome.fate != "rejected") ++valid_in_group[mutant.group];
    out.mutants.push_back(std::move(outcome));
  }
  out.mutants_run = true;

  std::set<std::string> refusals;
  for (const auto& mutant : mutants) {
    if (mutant.refusal) refusals.insert(mutant.id);
  }
  std::map<std::string, const AcceptedMutant*> accepted;
  for (const auto& a : task->accepted_mutants) accepted[a.id] = &a;
  if (static_cast<int>(accepted.size()) > kMaxAcceptedMutants) {
    out.problems.push_back("accepts " + std::to_string(accepted.size()) + " mutants (at most " +
                           std::to_string(kMaxAcceptedMutants) + "): the verifier is too loose to trust");
  }
  for (auto& outcome : out.mutants) {
    // A verifier that crashes leaves the episode unscored: an agent doing this would not be judged at all.
    if (!outcome.fault.empty()) {
      out.problems.push_back("verifier fault on mutant " + outcome.id + ": " + outcome.fault);
    }
    const bool declared = accepted.count(outcome.id) > 0;
    if (declared && refusals.count(outcome.id)) {
      out.problems.push_back("accepted_mutants names " + outcome.id + ", a wrong refusal, which can never be accepted");
    } else if (declared && outcome.fate == "survived") {
      outcome.fate = "accepted";
    } else if (declared) {
      out.problems.push_back("accepted_mutants names " + outcome.id + ", but it is " + outcome.fate +
                             ": drop the declaration");
    } else if (outcome.fate == "survived") {
      out.problems.push_back("mutant " + outcome.id + " survives (the verifier passes it):" + indented(outcome.calls));
    }
    accepted.erase(outcome.id);
  }
  for (const auto& [id, _] : accepted) {
    out.problems.push_back("accepted_mutants names " + id + ", which is not a mutant of this task");
  }
}

// {"played", "killed", "accepted", "survived", "equivalent", "rejected", "kill_rate"} of some outcomes.
Json fate_counts(std::map<std::string, int> fates) {
  const int played = fates["killed"] + fates["survived"] + fates["accepted"];
  return {{"played", played},
          {"killed", fates["killed"]},
          {"accepted", fates["accepted"]},
          {"survived", fates["survived"]},
          {"equivalent", fates["equivalent"]},
          {"rejected", fates["rejected"]},
          {"kill_rate", played ? static_cast<double>(fates["killed"]) / played : 1.0}};
}

}  // namespace

TaskValidation validate_task(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task,
                             const ValidateOptions& options) {
  TaskValidation out;
  out.task = task->id;
  out.feasible = task->feasible;
  out.reference_steps = static_cast<int>(task->reference.size());
  auto& problems = out.problems;
  try {
    Episode one(env, task), other(env, task);
    const Replay first = play_reference(one, task, task->reference_status, problems);
    const VerifyResult& r = first.result;
    check_expectations(*task, r.diff, problems);
    out.checks = static_cast<int>(r.checks.size());
    if (!r.verifier_fault.empty()) problems.push_back("verifier fault on the reference: " + r.verifier_fault);
    if (const std::string failed = failing_checks(r); !failed.empty()) {
      problems.push_back("the reference fails checks:" + failed);
    }

    std::vector<std::string> ignored;
    const Replay second = play_reference(other, task, task->reference_status, ignored);
    if (!one.world().same_bytes_as(other.world())) {
      problems.push_back("two replays of the reference give different Worlds");
    }
    if (first.result.to_json() != second.result.to_json()) {
      problems.push_back("two replays of the reference give different results");
    }

    // Doing nothing: finishing at once, as done (feasible) or refusing with no reason (infeasible).
    other.reset();
    const VerifyResult nothing = other.finish("", task->feasible ? FinishStatus::done : FinishStatus::refused);
    if (!nothing.verifier_fault.empty()) problems.push_back("verifier fault when nothing is done: " + nothing.verifier_fault);
    else if (nothing.success) problems.push_back("doing nothing passes every check: the verifier is vacuous");
    if (!task->feasible) {
      const Replay done = play_reference(other, task, FinishStatus::done, ignored);
      if (!done.result.verifier_fault.empty()) {
        problems.push_back("verifier fault when finishing with status done: " + done.result.verifier_fault);
      } else if (done.result.success) {
        problems.push_back("finishing this infeasible task with status done passes every check");
      }
    }

    if (options.mutants && problems.empty()) {
      CheckLedger ledger;
      ledger.add(r);
      ledger.add(nothing);
      run_mutants(env, task, other, first, ledger, out);
      ledger.report(problems);
    }
  } catch (const std::exception& e) {
    problems.push_back(std::string("cannot play the task: ") + e.what());
  }
  return out;
}

EnvironmentValidation validate_environment(const std::shared_ptr<const Environment>& env,
                                           const ValidateOptions& options) {
  EnvironmentValidation out;
  out.environment = env->name();
  const auto& tasks = env->tasks();
  out.tasks.resize(tasks.size());
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<size_t>(1, tasks.size())));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) out.tasks[i] = validate_task(env, tasks[i], options);
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

Json MutantOutcome::to_json() const {
  Json out = {{"id", id}, {"class", kind}, {"fate", fate}};
  if (fate == "survived" || fate == "accepted") out["calls"] = calls;
  if (fate == "killed") out["failed_checks"] = failed_checks;
  if (!fault.empty()) out["verifier_fault"] = fault;
  return out;
}

Json TaskValidation::to_json() const {
  Json out = {{"task", task},   {"ok", ok()},          {"feasible", feasible}, {"reference_steps", reference_steps},
              {"checks", checks}, {"problems", problems}};
  if (mutants_run) {
    Json list = Json::array();
    std::map<std::string, int> fates;
    for (const auto& m : mutants) {
      list.push_back(m.to_json());
      ++fates[m.fate];
    }
    out["mutant_counts"] = fate_counts(fates);
    out["mutants"] = std::move(list);
  }
  return out;
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

Json EnvironmentValidation::mutant_counts() const {
  std::map<std::string, std::map<std::string, int>> by_class;
  for (const auto& t : tasks) {
    for (const auto& m : t.mutants) ++by_class[m.kind][m.fate];
  }
  Json out = Json::object();
  for (auto& [kind, fates] : by_class) out[kind] = fate_counts(fates);
  return out;
}

Json EnvironmentValidation::to_json() const {
  Json results = Json::array();
  bool mutants_run = false;
  for (const auto& t : tasks) {
    results.push_back(t.to_json());
    mutants_run = mutants_run || t.mutants_run;
  }
  Json out = {{"environment", environment}, {"ok", ok()}, {"counts", counts()}, {"tasks", std::move(results)}};
  if (mutants_run) out["mutants"] = mutant_counts();
  return out;
}

}  // namespace opsgym
