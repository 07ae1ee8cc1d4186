// Every rule of the ITSM environment has its tests (support/rule_coverage.hpp says what is checked).
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "itsm/itsm_fixture.hpp"
#include "support/rule_coverage.hpp"

using namespace opsgym::testing;

namespace {

// The rules these tests cover, and whether the system enforces them (true) or only records them.
const std::map<std::string, bool> kCoveredRules = {
    {"ITSM-R01", true},  {"ITSM-R02", true},  {"ITSM-R03", true},  {"ITSM-R04", false}, {"ITSM-R05", true},
    {"ITSM-R06", true},  {"ITSM-R07", true},  {"ITSM-R08", true},  {"ITSM-R09", true},  {"ITSM-R10", false},
    {"ITSM-R11", false}, {"ITSM-R12", false}, {"ITSM-R13", false}, {"ITSM-R14", false},
};

}  // namespace

TEST_CASE("the covered rule list matches the rules of the itsm environment, ids and kinds",
          "[itsm][rules][coverage]") {
  check_rule_list(itsm()->rules(), kCoveredRules);
}

TEST_CASE("every rule of the itsm environment has a test that breaks it", "[itsm][rules][coverage]") {
  check_every_rule_tested(itsm()->rules(), {"breaks"});
}
