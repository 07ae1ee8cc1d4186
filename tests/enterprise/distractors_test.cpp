// Distractor tools for a composite's task come from the systems it is not about: an enterprise task
// offered ITSM and procurement tools gets compliance's, never a shared part's, never a name twice.
#include <set>

#include <catch2/catch.hpp>

#include "bench/distractors.hpp"
#include "opsgym/catalog.hpp"

using namespace opsgym;

namespace {

const Catalog& source_catalog() {
  static const Catalog catalog = Catalog::load(OPSGYM_SOURCE_DIR "/environments", OPSGYM_SOURCE_DIR "/verifiers");
  return catalog;
}

// The systems the picked tools come from, by their files' folders; every name once.
std::set<std::string> systems_of(const std::vector<bench::DistractorRef>& picked) {
  std::set<std::string> systems, names;
  for (const auto& ref : picked) {
    const ToolSpec* tool = source_catalog().environment(ref.environment)->tool(ref.tool);
    REQUIRE(tool);
    systems.insert(tool->file.substr(0, tool->file.find('/')));
    CHECK(names.insert(ref.tool).second);
  }
  return systems;
}

}  // namespace

TEST_CASE("an enterprise task's distractors come from the systems it is not about", "[enterprise][distractors]") {
  Task task;
  task.id = "enterprise-distractors";
  task.environment = "enterprise";
  task.tools = {"get_incident", "create_requisition", "send_notification"};
  const auto picked = bench::pick_distractors(source_catalog(), task, 40, 7, 0);
  CHECK(picked.size() == 40);
  CHECK(systems_of(picked) == std::set<std::string>{"compliance"});
  const auto again = bench::pick_distractors(source_catalog(), task, 40, 7, 0);
  for (size_t i = 0; i < picked.size(); ++i) CHECK(again[i].tool == picked[i].tool);
}

TEST_CASE("a single system's task gets the other systems' tools, each once, none of the directory's", "[enterprise][distractors]") {
  Task task;
  task.id = "itsm-distractors";
  task.environment = "itsm";
  const auto picked = bench::pick_distractors(source_catalog(), task, 1000, 7, 0);
  CHECK(systems_of(picked) == std::set<std::string>{"compliance", "procurement"});
  const auto& catalog = source_catalog();
  CHECK(picked.size() == catalog.environment("procurement")->tools().size() + catalog.environment("compliance")->tools().size() -
                             2 * 5);  // the directory's five shared tools are in both
}
