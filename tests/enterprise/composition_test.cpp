// A composite of ITSM, procurement and compliance holds them in one World. Each system seeds the same
// records inside it as alone, and its own tasks play alike: the reference and doing nothing pass and fail
// the same checks, break the same rules and make the same undeclared changes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "episode/reference_args.hpp"
#include "opsgym/episode.hpp"
#include "support/seed_world.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The three systems composed and nothing else: the enterprise environment's own seed adds records of its
// own (links, grants, roles), which moves the numbers later records get. A folder of links to the source
// tree's systems holds a composite with no folder of its own beyond env.yaml and policy.md.
const std::shared_ptr<const Environment>& composed() {
  static const auto env = [] {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("opsgym-composed-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "composed");
    for (const char* name : {"company", "itsm", "procurement", "compliance"}) {
      fs::create_directory_symlink(fs::path(OPSGYM_SOURCE_DIR) / "environments" / name, root / name);
    }
    std::ofstream(root / "composed" / "env.yaml") << "name: composed\ndescription: ITSM, procurement and compliance\n"
                                                     "version: 1\nincludes: [itsm, procurement, compliance]\n"
                                                     "default_actor: alex.morgan\nclock_start: 2026-03-02T09:00:00Z\n";
    std::ofstream(root / "composed" / "policy.md") << "# Three systems\n";
    return Environment::load(root / "composed", OPSGYM_SOURCE_DIR "/verifiers");
  }();
  return env;
}

// A finished episode's verdict: each check's name and outcome, the rules broken, the changes nobody
// declared, the reward. Details and the diff are left out: they name rows by id, and the ids of the
// systems' own staff differ between Worlds that hold different systems.
Json verdict(const VerifyResult& result) {
  Json checks = Json::array(), violations = Json::array();
  for (const auto& check : result.checks) checks.push_back({check.name, check.passed});
  for (const auto& violation : result.violations) violations.push_back({violation.rule, violation.enforced});
  return {{"checks", checks},   {"violations", violations}, {"unexpected_changes", result.unexpected_changes.size()},
          {"success", result.success}, {"reward", result.reward}, {"fault", result.verifier_fault}};
}

// The verdicts of the reference played through and of doing nothing.
std::pair<Json, Json> play(const std::shared_ptr<const Environment>& env, const std::shared_ptr<const Task>& task) {
  Episode episode(env, task);
  std::vector<Json> outputs;
  for (const auto& call : task->reference) outputs.push_back(episode.step(call.tool, resolve_reference_args(call.args, outputs)).output());
  const Json reference = verdict(episode.finish(task->reference_answer, task->reference_status));
  Episode idle(env, task);
  return {reference, verdict(idle.finish("", task->feasible ? FinishStatus::done : FinishStatus::refused))};
}

// Every `stride`-th task of the system (the first included), played alone and composed.
void check_system_plays_alike(const std::string& name, size_t stride = 1) {
  const auto alone = load_source_environment(name);
  const auto& tasks = alone->tasks();
  for (size_t i = 0; i < tasks.size(); i += stride) {
    INFO(tasks[i]->id);
    const auto [reference, nothing] = play(alone, tasks[i]);
    const auto [composed_reference, composed_nothing] = play(composed(), tasks[i]);
    CHECK(composed_reference == reference);
    CHECK(composed_nothing == nothing);
  }
}

}  // namespace

TEST_CASE("ITSM's tasks play alike alone and inside a composite World", "[enterprise][composition]") {
  // Each ITSM task has a seed of its own, and each seed builds a composite World (the three systems'
  // seeds, about a second): every fourth task keeps this case to a quarter of a minute.
  check_system_plays_alike("itsm", 4);
}

TEST_CASE("procurement's tasks play alike alone and inside a composite World", "[enterprise][composition]") {
  check_system_plays_alike("procurement");
}

TEST_CASE("compliance's tasks play alike alone and inside a composite World", "[enterprise][composition]") {
  check_system_plays_alike("compliance");
}

TEST_CASE("each system's seed gives the same records alone and inside a composite World", "[enterprise][composition]") {
  std::map<std::string, std::shared_ptr<const Environment>> systems;
  std::map<std::string, int> defined_by;  // table → how many systems have it: the company's are in all three
  for (const std::string name : {"itsm", "procurement", "compliance"}) {
    systems[name] = load_source_environment(name);
    for (const auto& table : systems[name]->tables()) ++defined_by[table];
  }
  const World& together = seed_world(composed(), 7);
  for (const auto& [name, alone] : systems) {
    const World& own = seed_world(alone, 7);
    for (const auto& table : alone->tables()) {
      if (defined_by[table] == 3) continue;
      INFO(name << ": " << table);
      const std::string count = "SELECT COUNT(*) FROM \"" + table + "\"";
      CHECK(value(together, count) == value(own, count));
    }
  }
}
