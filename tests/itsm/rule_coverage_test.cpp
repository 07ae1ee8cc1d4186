// Every rule of the ITSM environment has a test: the list below must match rules.lua exactly (ids and
// whether each is enforced), and each rule must have a test case tagged with its id and [breaks] in
// this binary. A rule added to rules.lua without a test, or a test list that drifts, fails here.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "itsm/itsm_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The rules these tests cover, and whether the system enforces them (true) or only records them.
const std::map<std::string, bool> kCoveredRules = {
    {"ITSM-R01", true},  {"ITSM-R02", true},  {"ITSM-R03", true},  {"ITSM-R04", false}, {"ITSM-R05", true},
    {"ITSM-R06", true},  {"ITSM-R07", true},  {"ITSM-R08", true},  {"ITSM-R09", true},  {"ITSM-R10", false},
    {"ITSM-R11", false}, {"ITSM-R12", false}, {"ITSM-R13", false}, {"ITSM-R14", false},
};

// Tags of the test cases registered in this binary that carry [breaks].
std::set<std::string> tags_of_breaking_tests() {
  std::set<std::string> out;
  for (const Catch::TestCase& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    const auto& tags = test.getTestCaseInfo().tags;
    if (std::find(tags.begin(), tags.end(), "breaks") == tags.end()) continue;
    out.insert(tags.begin(), tags.end());
  }
  return out;
}

}  // namespace

TEST_CASE("the covered rule list matches the rules of the itsm environment, ids and kinds",
          "[itsm][rules][coverage]") {
  std::map<std::string, bool> declared;
  for (const RuleSpec& rule : itsm()->rules()) declared[rule.id] = rule.enforced;
  REQUIRE_FALSE(declared.empty());
  for (const auto& [id, enforced] : declared) {
    INFO("rule " << id << " in rules.lua");
    REQUIRE(kCoveredRules.count(id) == 1);  // a new rule needs a test and an entry here
    CHECK(kCoveredRules.at(id) == enforced);
  }
  for (const auto& [id, enforced] : kCoveredRules) {
    INFO("rule " << id << " in the test list");
    CHECK(declared.count(id) == 1);  // a rule removed from rules.lua must leave this list too
  }
}

TEST_CASE("every rule of the itsm environment has a test that breaks it", "[itsm][rules][coverage]") {
  const std::set<std::string> tags = tags_of_breaking_tests();
  for (const RuleSpec& rule : itsm()->rules()) {
    INFO("no test case tagged [" << rule.id << "][breaks]");
    CHECK(tags.count(rule.id) == 1);
  }
}
