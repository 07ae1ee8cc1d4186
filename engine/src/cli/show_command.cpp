// `opsgym show TASK`: what an agent is given, and the reference solution.
#include <iostream>

#include "cli/catalog_loading.hpp"
#include "cli/command.hpp"
#include "script/time_format.hpp"

namespace opsgym::cli {
namespace {

int run_show(const Args& args) {
  if (args.positional().size() != 1) throw UsageError("give exactly one task id");
  const Catalog catalog = load_catalog_reporting_errors();
  const auto task = catalog.task(args.positional()[0]);
  const auto env = catalog.environment(task->environment);
  std::cout << task->id << ": " << task->title << "\n"
            << "environment: " << env->name() << "   seed: " << task->seed
            << "   actor: " << env->actor_of(*task)
            << "   start: " << format_iso8601(task->start_time.value_or(env->clock_start()))
            << "   feasible: " << (task->feasible ? "yes" : "no (must be refused)") << "   max steps: " << task->max_steps
            << "\n\nprompt:\n" << task->prompt << "\ntools: ";
  if (task->tools.empty()) {
    std::cout << "all " << env->tools().size();
  } else {
    for (const auto& tool : task->tools) std::cout << tool << " ";
  }
  std::cout << "\n\nreference (" << task->reference.size() << " calls):\n";
  int index = 0;
  for (const auto& call : task->reference) std::cout << "  " << ++index << ". " << call.tool << " " << call.args.dump() << "\n";
  std::cout << "  finish (" << to_string(task->reference_status) << "): " << task->reference_answer << "\n";
  if (!task->expected_changes.empty()) {
    std::cout << "\nexpected changes:";
    for (const auto& [table, e] : task->expected_changes) {
      auto bound = [](int n) { return n < 0 ? std::string("any") : std::to_string(n); };
      std::cout << "\n  " << table << ": inserted " << bound(e.inserted) << ", updated " << bound(e.updated)
                << ", deleted " << bound(e.deleted);
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

OPSGYM_COMMAND({"show", "show TASK", "Show a task: prompt, tools, reference solution, expected changes", {}, run_show});

}  // namespace opsgym::cli
