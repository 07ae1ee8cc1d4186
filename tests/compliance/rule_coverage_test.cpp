// Every rule of the compliance environment has a test: the list below must match rules.lua exactly (ids
// and whether each is enforced), and each rule must have a test case tagged with its id and [breaks] and
// one tagged with its id and [complies] in this binary. A rule added to rules.lua without tests, or a
// test list that drifts, fails here.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "compliance/compliance_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The rules these tests cover, and whether the system enforces them (true) or only records them.
const std::map<std::string, bool> kCoveredRules = {
    {"COMP-R01", true},  {"COMP-R02", true},  {"COMP-R03", true},  {"COMP-R04", true},  {"COMP-R05", true},
    {"COMP-R06", true},  {"COMP-R07", true},  {"COMP-R08", true},  {"COMP-R09", true},  {"COMP-R10", true},
    {"COMP-R11", false}, {"COMP-R12", true},  {"COMP-R13", false}, {"COMP-R14", true},  {"COMP-R15", true},
    {"COMP-R16", false}, {"COMP-R17", false}, {"COMP-R18", false}, {"COMP-R19", true},  {"COMP-R20", true},
    {"COMP-R21", false}, {"COMP-R22", false}, {"COMP-R23", false}, {"COMP-R24", false},
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

TEST_CASE("the covered rule list matches the rules of the compliance environment, ids and kinds",
          "[compliance][rules][coverage]") {
  std::map<std::string, bool> declared;
  for (const RuleSpec& rule : compliance()->rules()) declared[rule.id] = rule.enforced;
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

TEST_CASE("every rule of the compliance environment has a test that breaks it and one that keeps it",
          "[compliance][rules][coverage]") {
  const std::set<std::string> breaks = tags_of("breaks");
  const std::set<std::string> complies = tags_of("complies");
  for (const RuleSpec& rule : compliance()->rules()) {
    INFO("rule " << rule.id);
    CHECK(breaks.count(rule.id) == 1);
    CHECK(complies.count(rule.id) == 1);
  }
}
