// The enterprise tasks are cross-system work: every reference solution calls the tools of two systems or
// more, and the suite holds the mix the environment promises (infeasible tasks, observed-rule traps, long
// workflows, work across all three systems).
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "env/package.hpp"
#include "support/seed_world.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The systems a task's reference solution calls tools of (the directory's shared tools count for none).
std::set<std::string> systems_called(const Environment& env, const Task& task) {
  std::set<std::string> parts, systems;
  for (const auto& package : env.packages()) {
    if (package.is_part) parts.insert(package.name);
  }
  for (const auto& call : task.reference) {
    const ToolSpec* tool = env.tool(call.tool);
    REQUIRE(tool);
    const std::string package = tool->file.substr(0, tool->file.find('/'));
    if (!parts.count(package)) systems.insert(package);
  }
  return systems;
}

}  // namespace

TEST_CASE("every enterprise task's reference works in two systems or more", "[enterprise][tasks]") {
  const auto env = load_source_environment("enterprise");
  int all_three = 0, infeasible = 0, traps = 0, long_tasks = 0, very_long = 0;
  for (const auto& task : env->tasks()) {
    INFO(task->id);
    const auto systems = systems_called(*env, *task);
    CHECK(systems.size() >= 2);
    if (systems.size() == 3) ++all_three;
    if (!task->feasible) ++infeasible;
    if (std::count(task->tags.begin(), task->tags.end(), "trap")) ++traps;
    if (task->reference.size() >= 20) ++long_tasks;
    if (task->reference.size() >= 35) ++very_long;
  }
  CHECK(env->tasks().size() >= 40);
  CHECK(all_three >= 15);
  CHECK(infeasible >= 8);
  CHECK(traps >= 8);
  CHECK(long_tasks >= 15);
  CHECK(very_long >= 5);
}
