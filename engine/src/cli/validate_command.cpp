// `opsgym validate`: prove every task sound (see opsgym/validate.hpp) and print a summary per environment.
#include <cstdio>
#include <iostream>

#include "cli/catalog_loading.hpp"
#include "cli/command.hpp"
#include "opsgym/validate.hpp"

namespace opsgym::cli {
namespace {

void print_mutants(const EnvironmentValidation& env) {
  const Json counts = env.mutant_counts();
  if (counts.empty()) return;
  std::printf("\nMUTANTS of %s\n%-16s %7s %7s %9s %9s %11s %9s %10s\n", env.environment.c_str(), "CLASS", "PLAYED",
              "KILLED", "ACCEPTED", "SURVIVED", "EQUIVALENT", "REJECTED", "KILL RATE");
  for (const auto& [kind, c] : counts.items()) {
    std::printf("%-16s %7d %7d %9d %9d %11d %9d %9.1f%%\n", kind.c_str(), c["played"].get<int>(), c["killed"].get<int>(),
                c["accepted"].get<int>(), c["survived"].get<int>(), c["equivalent"].get<int>(), c["rejected"].get<int>(),
                100.0 * c["kill_rate"].get<double>());
  }
}

void print_table(const std::vector<EnvironmentValidation>& results) {
  for (const auto& env : results) {
    for (const auto& task : env.tasks) {
      if (task.ok()) continue;
      std::cout << "FAIL " << task.task << "\n";
      for (const auto& problem : task.problems) std::cout << "  - " << problem << "\n";
    }
  }
  std::printf("%-12s %6s %9s %11s %11s %10s %13s %7s\n", "ENVIRONMENT", "TASKS", "FEASIBLE", "INFEASIBLE",
              "MEAN STEPS", "MAX STEPS", "CHECKS/TASK", "FAILED");
  for (const auto& env : results) {
    const Json c = env.counts();
    std::printf("%-12s %6d %9d %11d %11.1f %10d %13.1f %7d\n", env.environment.c_str(), c["tasks"].get<int>(),
                c["feasible"].get<int>(), c["infeasible"].get<int>(), c["mean_reference_steps"].get<double>(),
                c["max_reference_steps"].get<int>(), c["checks_per_task"].get<double>(), c["failed"].get<int>());
  }
  for (const auto& env : results) print_mutants(env);
}

int run_validate(const Args& args) {
  const Catalog catalog = load_catalog_reporting_errors();
  std::vector<std::shared_ptr<const Environment>> envs;
  if (auto name = args.get("env")) {
    envs.push_back(catalog.environment(*name));
  } else {
    envs = catalog.environments();
  }
  std::vector<EnvironmentValidation> results;
  bool ok = catalog.errors().empty() || args.has("env");
  const ValidateOptions options{args.has("mutants"), static_cast<unsigned>(args.get_int("threads", 0))};
  if (auto id = args.get("task")) {  // one task: its environment's summary counts that task alone
    const auto task = catalog.task(*id);
    EnvironmentValidation one{task->environment, {validate_task(catalog.environment(task->environment), task, options)}};
    ok = one.ok();
    results.push_back(std::move(one));
    envs.clear();
  }
  for (const auto& env : envs) {
    results.push_back(validate_environment(env, options));
    ok = ok && results.back().ok();
  }
  if (args.has("json")) {
    Json out = {{"ok", ok}, {"environments", Json::array()}, {"load_errors", Json::array()}};
    for (const auto& r : results) out["environments"].push_back(r.to_json());
    for (const auto& e : catalog.errors()) out["load_errors"].push_back({{"environment", e.environment}, {"message", e.message}});
    std::cout << out.dump(2) << "\n";
  } else {
    print_table(results);
    std::cout << (ok ? "all tasks valid\n" : "validation FAILED\n");
  }
  return ok ? 0 : 1;
}

}  // namespace

OPSGYM_COMMAND({"validate", "validate [--env E | --task ID] [--mutants] [--json] [--threads N]",
                "Prove every task sound: reference passes, doing nothing fails, refusals judged, replays identical; "
                "with --mutants, every mutant of the reference dies and every check can fail",
                {"json", "mutants"}, run_validate});

}  // namespace opsgym::cli
