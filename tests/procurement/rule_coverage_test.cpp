// Every rule of the procurement environment has a test: the list below must match rules.lua exactly (ids
// and whether each is enforced), and each rule must have a test case tagged with its id and [breaks] and
// one tagged with its id and [complies] in this binary. A rule added to rules.lua without tests, or a
// test list that drifts, fails here.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "procurement/procurement_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The rules these tests cover, and whether the system enforces them (true) or only records them.
const std::map<std::string, bool> kCoveredRules = {
    {"PROC-R01", true},  {"PROC-R02", true},  {"PROC-R03", true},  {"PROC-R04", true},  {"PROC-R05", true},
    {"PROC-R06", true},  {"PROC-R07", true},  {"PROC-R08", true},  {"PROC-R09", false}, {"PROC-R10", true},
    {"PROC-R11", false}, {"PROC-R12", false}, {"PROC-R13", true},  {"PROC-R14", false}, {"PROC-R15", false},
    {"PROC-R16", false}, {"PROC-R17", true},
};

// Tags of the test cases registered in this binary that carry `kind` ([breaks] or [complies]).
std::set<std::string> tags_of(const std::string& kind) {
  std::set<std::string> out;
  for (const Catch::TestCase& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    const auto& tags = test.getTestCaseInfo().tags;
    if (std::find(tags.begin(), tags.end(), kind) == tags.end()) continue;
    out.insert(tags.begin(), tags.end());
  }
  return out;
}

}  // namespace

TEST_CASE("the covered rule list matches the rules of the procurement environment, ids and kinds",
          "[procurement][rules][coverage]") {
  std::map<std::string, bool> declared;
  for (const RuleSpec& rule : procurement()->rules()) declared[rule.id] = rule.enforced;
  REQUIRE(declared.size() >= 14);
  for (const auto& [id, enforced] : declared) {
    INFO("rule " << id << " in rules.lua");
    REQUIRE(kCoveredRules.count(id) == 1);  // a new rule needs tests and an entry here
    CHECK(kCoveredRules.at(id) == enforced);
  }
  for (const auto& [id, enforced] : kCoveredRules) {
    INFO("rule " << id << " in the test list");
    CHECK(declared.count(id) == 1);  // a rule removed from rules.lua must leave this list too
  }
}

TEST_CASE("every rule of the procurement environment has a test that breaks it and one that keeps it",
          "[procurement][rules][coverage]") {
  const std::set<std::string> breaks = tags_of("breaks");
  const std::set<std::string> complies = tags_of("complies");
  for (const RuleSpec& rule : procurement()->rules()) {
    INFO("rule " << rule.id);
    CHECK(breaks.count(rule.id) == 1);
    CHECK(complies.count(rule.id) == 1);
  }
}
