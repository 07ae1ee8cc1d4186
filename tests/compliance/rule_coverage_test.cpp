// Every rule of the compliance environment has its tests (support/rule_coverage.hpp says what is checked).
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "compliance/compliance_fixture.hpp"
#include "support/rule_coverage.hpp"

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

}  // namespace

TEST_CASE("the covered rule list matches the rules of the compliance environment, ids and kinds",
          "[compliance][rules][coverage]") {
  check_rule_list(compliance()->rules(), kCoveredRules);
}

TEST_CASE("every rule of the compliance environment has a test that breaks it and one that keeps it",
          "[compliance][rules][coverage]") {
  check_every_rule_tested(compliance()->rules(), {"breaks", "complies"});
}
