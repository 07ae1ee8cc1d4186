// The enterprise seed (environments/enterprise/seed.lua), which runs after the three systems and links what
// they must share: suppliers and vendor profiles agree, the vendors that run our systems are linked and
// signed off, every active person can use the service desk, procurement's staff hold their access in the
// compliance systems, the people whose job spans systems hold the roles it needs. Each invariant is a query
// counting the rows that break it, on the task seed (1) and another.
#include <cstdint>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "support/seed_world.hpp"

namespace {

using opsgym::Environment;
using opsgym::World;
using opsgym::testing::load_source_environment;
using opsgym::testing::seed_world;
using opsgym::testing::value;

std::shared_ptr<const Environment> enterprise() {
  static const std::shared_ptr<const Environment> env = load_source_environment("enterprise");
  return env;
}

const World& world(uint64_t seed) { return seed_world(enterprise(), seed); }

}  // namespace

TEST_CASE("enterprise: the same seed builds the same World", "[enterprise][seed]") {
  const auto a = load_source_environment("enterprise")->base_snapshot(1, nullptr);
  const auto b = load_source_environment("enterprise")->base_snapshot(1, nullptr);
  CHECK(*a == *b);
}

TEST_CASE("enterprise: every vendor profile that names a supplier agrees with procurement on number and name",
          "[enterprise][seed]") {
  for (uint64_t seed : {uint64_t{1}, uint64_t{7}}) {
    INFO("seed " << seed);
    const World& w = world(seed);
    // a supplier number procurement does not have
    CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p WHERE p.supplier_number IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM suppliers s WHERE s.number = p.supplier_number))") == 0);
    // a name that is not the supplier's
    CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p JOIN suppliers s ON s.number = p.supplier_number
                      WHERE p.vendor_name <> s.name)") == 0);
    // one profile per supplier
    CHECK(value(w, R"(SELECT count(*) FROM (SELECT supplier_number FROM vendor_risk_profiles WHERE supplier_number IS NOT NULL
                      GROUP BY supplier_number HAVING count(*) > 1))") == 0);
    // an active or pending supplier whose profile is blocked or offboarded (only a task stages that)
    CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p JOIN suppliers s ON s.number = p.supplier_number
                      WHERE s.status IN ('active', 'pending') AND p.status IN ('blocked', 'offboarded'))") == 0);
    // the lines of business vendor risk covers have their suppliers linked, most of them
    CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles WHERE supplier_number IS NOT NULL)") >= 80);
    // a profile's last assessment date is its newest completed assessment's
    CHECK(value(w, R"(SELECT count(*) FROM vendor_risk_profiles p WHERE p.supplier_number IS NOT NULL AND p.last_assessed_on IS NOT
                      (SELECT max(completed_on) FROM vendor_assessments a WHERE a.profile_id = p.id AND a.status = 'completed'))") == 0);
  }
}

TEST_CASE("enterprise: the vendors that run our systems are linked, named in words and signed off", "[enterprise][seed]") {
  for (uint64_t seed : {uint64_t{1}, uint64_t{7}}) {
    INFO("seed " << seed);
    const World& w = world(seed);
    CHECK(value(w, "SELECT count(DISTINCT system_id) FROM vendor_services") == 4);
    CHECK(value(w, R"(SELECT count(*) FROM vendor_services v JOIN business_systems s ON s.id = v.system_id
                      WHERE s.code IN ('CRM', 'CLOUD', 'HRIS', 'PAYROLL'))") == 4);
    // signed off, assessed within 12 months, linked to a procurement supplier, saying what it runs
    CHECK(value(w, R"(SELECT count(*) FROM vendor_services v JOIN vendor_risk_profiles p ON p.id = v.profile_id
                      JOIN business_systems s ON s.id = v.system_id
                      WHERE p.status = 'approved' AND p.approved_on IS NOT NULL AND p.last_assessed_on >= '2025-03-02'
                      AND p.supplier_number IN (SELECT number FROM suppliers WHERE status = 'active')
                      AND p.service LIKE 'Runs ' || s.name || ' for us (%')") == 4);
    // the catalog item that provisions the CRM says who runs it
    CHECK(value(w, R"(SELECT count(*) FROM vendor_services v JOIN catalog_items c ON c.id = v.catalog_item_id
                      JOIN vendor_risk_profiles p ON p.id = v.profile_id
                      WHERE c.name = 'CRM Access' AND instr(c.description, p.vendor_name) > 0 AND instr(c.description, p.number) > 0)") == 1);
  }
  // The task seed's links, which tasks and policy notes rely on.
  const World& w = world(1);
  CHECK(value(w, R"(SELECT count(*) FROM vendor_services v JOIN vendor_risk_profiles p ON p.id = v.profile_id
                    JOIN business_systems s ON s.id = v.system_id WHERE
                    (s.code = 'CLOUD' AND p.supplier_number = 'SUP0000005') OR (s.code = 'HRIS' AND p.supplier_number = 'SUP0000004') OR
                    (s.code = 'CRM' AND p.supplier_number = 'SUP0000028') OR (s.code = 'PAYROLL' AND p.supplier_number = 'SUP0000046'))") == 4);
}

TEST_CASE("enterprise: every active person has an ITSM and a procurement role, the systems' own staff included", "[enterprise][seed]") {
  const World& w = world(1);
  CHECK(value(w, R"(SELECT count(*) FROM users u WHERE u.active = 1 AND NOT EXISTS (SELECT 1 FROM user_roles ur
                    JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.system = 'itsm'))") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                    WHERE u.seeded_by IN ('procurement', 'compliance') AND u.active = 1 AND r.name = 'reporter')") ==
        value(w, "SELECT count(*) FROM users WHERE seeded_by IN ('procurement', 'compliance') AND active = 1"));
  // and a procurement role (requisitioner, which procurement's policy gives everyone)
  CHECK(value(w, R"(SELECT count(*) FROM users u WHERE u.active = 1 AND NOT EXISTS (SELECT 1 FROM user_roles ur
                    JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.system = 'procurement'))") == 0);
  // nobody inactive was given one
  CHECK(value(w, R"(SELECT count(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                    WHERE u.active = 0 AND u.seeded_by IS NOT NULL AND r.system = 'itsm')") == 0);
}

TEST_CASE("enterprise: the people whose job spans systems hold a role in each system they work in", "[enterprise][seed]") {
  const World& w = world(1);
  const auto holds = [&](const std::string& user, const std::string& role) {
    return value(w, "SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id JOIN roles r ON r.id = ur.role_id "
                    "WHERE u.user_name = '" + user + "' AND r.name = '" + role + "'") == 1;
  };
  // the IT asset coordinator: CMDB administration and requisitions
  CHECK(holds("zoe.martin", "admin"));
  CHECK(holds("zoe.martin", "requisitioner"));
  // the vendor manager: vendor risk, supplier administration, buying
  CHECK(holds("carmen.villalobos", "vendor_risk_analyst"));
  CHECK(holds("carmen.villalobos", "supplier_admin"));
  CHECK(holds("carmen.villalobos", "buyer"));
  // the leaver coordinator: offboarding requests, access, approvals
  CHECK(holds("irene.lopez", "agent"));
  CHECK(holds("irene.lopez", "security_officer"));
  CHECK(holds("irene.lopez", "procurement_admin"));
}

TEST_CASE("enterprise: procurement's staff hold their access in the compliance systems, without an SoD pair", "[enterprise][seed]") {
  const World& w = world(1);
  // every active member of procurement's staff holds the baseline and at least one entitlement of their work
  CHECK(value(w, R"(SELECT count(*) FROM users u WHERE u.seeded_by = 'procurement' AND u.active = 1 AND (SELECT count(*)
                    FROM access_grants g WHERE g.user_id = u.id AND g.status = 'active') < 5)") == 0);
  CHECK(value(w, R"(SELECT count(*) FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                    JOIN business_systems s ON s.id = e.system_id
                    WHERE u.user_name IN ('paula.reyes', 'felix.brandt') AND s.code = 'PROCURE' AND e.code = 'po_create' AND g.status = 'active')") == 2);
  CHECK(value(w, R"(SELECT count(*) FROM access_grants g JOIN users u ON u.id = g.user_id JOIN entitlements e ON e.id = g.entitlement_id
                    WHERE u.user_name = 'rebecca.stone' AND e.code = 'payment_release' AND g.status = 'active')") == 1);
  // the one who left got nothing
  CHECK(value(w, R"(SELECT count(*) FROM access_grants g JOIN users u ON u.id = g.user_id WHERE u.user_name = 'felix.brant')") == 0);
  // no segregation-of-duties pair held by one of them
  CHECK(value(w, R"(SELECT count(*) FROM sod_rules r JOIN access_grants a ON a.entitlement_id = r.entitlement_a_id AND a.status = 'active'
                    JOIN access_grants b ON b.entitlement_id = r.entitlement_b_id AND b.status = 'active' AND b.user_id = a.user_id
                    JOIN users u ON u.id = a.user_id WHERE u.seeded_by = 'procurement')") == 0);
  // numbers are unique and follow compliance's
  CHECK(value(w, "SELECT count(*) - count(DISTINCT number) FROM access_grants") == 0);
}
