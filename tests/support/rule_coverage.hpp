#pragma once
// Every environment's rule tests prove their own coverage: the list of rules they cover matches rules.lua
// exactly (ids, and whether each is enforced), and each rule has a test case in the binary tagged with its
// id and [breaks] (and [complies], where an environment also shows every rule holding). A rule added to
// rules.lua without tests, or a test list that drifts, fails.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "opsgym/environment.hpp"

namespace opsgym::testing {

// Tags of the test cases registered in this binary that carry `kind`.
inline std::set<std::string> tags_of_tests_tagged(const std::string& kind) {
  std::set<std::string> out;
  for (const Catch::TestCase& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    const auto& tags = test.getTestCaseInfo().tags;
    if (std::find(tags.begin(), tags.end(), kind) == tags.end()) continue;
    out.insert(tags.begin(), tags.end());
  }
  return out;
}

// `covered` (rule id -> enforced) is exactly the environment's rules.
inline void check_rule_list(const std::vector<RuleSpec>& rules, const std::map<std::string, bool>& covered) {
  std::map<std::string, bool> declared;
  for (const RuleSpec& rule : rules) declared[rule.id] = rule.enforced;
  REQUIRE_FALSE(declared.empty());
  for (const auto& [id, enforced] : declared) {
    INFO("rule " << id << " in rules.lua");
    REQUIRE(covered.count(id) == 1);  // a new rule needs tests and an entry in the list
    CHECK(covered.at(id) == enforced);
  }
  for (const auto& entry : covered) {
    INFO("rule " << entry.first << " in the test list");
    CHECK(declared.count(entry.first) == 1);  // a rule removed from rules.lua must leave the list too
  }
}

// Every rule has a test case tagged with its id and with each of `kinds` ("breaks", "complies").
inline void check_every_rule_tested(const std::vector<RuleSpec>& rules, const std::vector<std::string>& kinds) {
  for (const std::string& kind : kinds) {
    const std::set<std::string> tagged = tags_of_tests_tagged(kind);
    for (const RuleSpec& rule : rules) {
      INFO("no test case tagged [" << rule.id << "][" << kind << "]");
      CHECK(tagged.count(rule.id) == 1);
    }
  }
}

}  // namespace opsgym::testing
