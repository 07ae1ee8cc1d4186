// `opsgym tasks`: the tasks of one environment or of all.
#include <cstdio>
#include <iostream>

#include "cli/catalog_loading.hpp"
#include "cli/command.hpp"

namespace opsgym::cli {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ",") + word;
  return out;
}

int run_tasks(const Args& args) {
  const Catalog catalog = load_catalog_reporting_errors();
  const auto tasks = catalog.tasks(args.get("env"));
  if (args.has("json")) {
    Json out = Json::array();
    for (const auto& task : tasks) {
      out.push_back({{"id", task->id}, {"title", task->title}, {"environment", task->environment},
                     {"feasible", task->feasible}, {"reference_steps", task->reference.size()}, {"tags", task->tags}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("%-14s %-8s %5s  %-40s %s\n", "TASK", "KIND", "STEPS", "TAGS", "TITLE");
  for (const auto& task : tasks) {
    std::printf("%-14s %-8s %5zu  %-40s %s\n", task->id.c_str(), task->feasible ? "feasible" : "refuse",
                task->reference.size(), joined(task->tags).c_str(), task->title.c_str());
  }
  return 0;
}

}  // namespace

OPSGYM_COMMAND({"tasks", "tasks [--env E] [--json]", "List tasks (id, kind, reference steps, tags, title)", {"json"},
                run_tasks});

}  // namespace opsgym::cli
