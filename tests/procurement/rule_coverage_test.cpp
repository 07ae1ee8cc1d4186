// Every rule of the procurement environment has its tests (support/rule_coverage.hpp says what is checked).
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "procurement/procurement_fixture.hpp"
#include "support/rule_coverage.hpp"

using namespace opsgym::testing;

namespace {

// The rules these tests cover, and whether the system enforces them (true) or only records them.
const std::map<std::string, bool> kCoveredRules = {
    {"PROC-R01", true},  {"PROC-R02", true},  {"PROC-R03", true},  {"PROC-R04", true},  {"PROC-R05", true},
    {"PROC-R06", true},  {"PROC-R07", true},  {"PROC-R08", true},  {"PROC-R09", false}, {"PROC-R10", true},
    {"PROC-R11", false}, {"PROC-R12", false}, {"PROC-R13", true},  {"PROC-R14", false}, {"PROC-R15", false},
    {"PROC-R16", false}, {"PROC-R17", true},
};

}  // namespace

TEST_CASE("the covered rule list matches the rules of the procurement environment, ids and kinds",
          "[procurement][rules][coverage]") {
  check_rule_list(procurement()->rules(), kCoveredRules);
}

TEST_CASE("every rule of the procurement environment has a test that breaks it and one that keeps it",
          "[procurement][rules][coverage]") {
  check_every_rule_tested(procurement()->rules(), {"breaks", "complies"});
}
