// `opsgym envs`: every environment with the size of its package.
#include <cstdio>
#include <iostream>

#include "cli/catalog_loading.hpp"
#include "cli/command.hpp"

namespace opsgym::cli {
namespace {

Json environment_json(const Environment& env) {
  return {{"name", env.name()},         {"description", env.description()}, {"version", env.version()},
          {"tables", env.tables().size()}, {"tools", env.tools().size()},     {"rules", env.rules().size()},
          {"tasks", env.tasks().size()}, {"builds_on", env.builds_on()}, {"includes", env.includes()}};
}

int run_envs(const Args& args) {
  const Catalog catalog = load_catalog_reporting_errors();
  if (args.has("json")) {
    Json out = Json::array();
    for (const auto& env : catalog.environments()) out.push_back(environment_json(*env));
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("%-12s %6s %6s %6s %6s  %s\n", "ENVIRONMENT", "TABLES", "TOOLS", "RULES", "TASKS", "DESCRIPTION");
    for (const auto& env : catalog.environments()) {
      std::printf("%-12s %6zu %6zu %6zu %6zu  %s\n", env->name().c_str(), env->tables().size(), env->tools().size(),
                  env->rules().size(), env->tasks().size(), env->description().c_str());
    }
  }
  return catalog.errors().empty() ? 0 : 1;
}

}  // namespace

OPSGYM_COMMAND({"envs", "envs [--json]", "List the environments with their tables, tools, rules and tasks", {"json"},
                run_envs});

}  // namespace opsgym::cli
