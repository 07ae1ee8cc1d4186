// The cross-system rules of the enterprise composite (environments/enterprise/rules.lua), each broken by a
// real call on a staged scenario inside the one World: all are observed, so the call goes through and the
// violation is recorded. Each rule also has a compliant call that records nothing at all, so a rule that
// fired on everything would fail too.
//
// Every rule test carries the rule id as a tag; tests that break a rule also carry [breaks], tests that keep
// it [complies]. The coverage tests at the end use these tags.
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "enterprise/enterprise_fixture.hpp"
#include "support/rule_coverage.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// A staged Standard Laptop request for tobias.kern, worked by zoe.martin (End User Computing), and the
// laptop bought for him on PO0900001.
const std::string kLaptopBought =
    "request{ number = 'REQ0900001', item = 'Standard Laptop', user = 'tobias.kern', assignee = 'zoe.martin' }\n"
    "hardware_order{ pr = 'PR0900001', po = 'PO0900001', user = 'tobias.kern' }\n";

// A staged CRM Access request for tobias.kern, worked by irene.lopez (Identity & Access).
const std::string kCrmRequest =
    "request{ number = 'REQ0900002', item = 'CRM Access', user = 'tobias.kern', assignee = 'irene.lopez' }\n";

// The supplier whose vendor profile runs ClientHub CRM (the seed's link), by the catalog item's words.
const std::string kCrmVendor =
    "local CRM_SUP = db.value([[SELECT p.supplier_number FROM vendor_services v JOIN vendor_risk_profiles p ON p.id = v.profile_id\n"
    "                           JOIN business_systems s ON s.id = v.system_id WHERE s.code = 'CRM']])\n";

const Json kGrantCrmRead = {{"user", "tobias.kern"}, {"entitlement", "crm_read"}, {"system", "CRM"}, {"request_ref", "REQ0900002"}};

Json fulfil(const std::string& number, const std::string& notes) {
  return {{"number", number}, {"state", "fulfilled"}, {"close_notes", notes}};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// ENT-R01 vendor risk before money

TEST_CASE("a purchase order for a tier-1 vendor without a sign-off is recorded against ENT-R01",
          "[enterprise][rules][ENT-R01][breaks]") {
  // PR0000782: an approved requisition for Omega Hosting, tier 1, never signed off by vendor risk.
  Episode episode = open_enterprise("paula.reyes", "");
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0000782"}});
  require_recorded(step, "ENT-R01");
  CHECK_THAT(find_violation(step, "ENT-R01")->message, Catch::Contains("SUP0000029") && Catch::Contains("tier 1"));
}

TEST_CASE("issuing an order to a personal-data vendor whose assessment is 13 months old is recorded against ENT-R01",
          "[enterprise][rules][ENT-R01][breaks]") {
  // PO0001029 (approved) goes to Lucerne Marketing Group, whose profile (personal data) is signed off.
  Episode episode = open_enterprise("paula.reyes", "profile_of('SUP0000012', { last_assessed_on = '2025-02-01' })");
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0001029"}});
  require_recorded(step, "ENT-R01");
  CHECK_THAT(find_violation(step, "ENT-R01")->message, Catch::Contains("2025-02-01"));
}

TEST_CASE("a purchase order for a tier-1 vendor signed off after last month's assessment breaks no rule",
          "[enterprise][rules][ENT-R01][complies]") {
  Episode episode = open_enterprise("paula.reyes", "sign_off('SUP0000029')");
  const StepResult step = episode.step("create_purchase_order", {{"requisition", "PR0000782"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM requisitions WHERE number = 'PR0000782'") == "ordered");
}

TEST_CASE("issuing an order to a signed-off vendor assessed within 12 months breaks no rule",
          "[enterprise][rules][ENT-R01][ENT-R03][complies]") {
  Episode episode = open_enterprise("paula.reyes", "");
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0001029"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM purchase_orders WHERE number = 'PO0001029'") == "issued");
}

// ---------------------------------------------------------------------------------------------------
// ENT-R02 vendor risk before accounts

TEST_CASE("granting access to a system whose vendor is under review is recorded against ENT-R02",
          "[enterprise][rules][ENT-R02][breaks]") {
  Episode episode = open_enterprise("irene.lopez", kCrmVendor + kCrmRequest + "profile_of(CRM_SUP, { status = 'under_review' })");
  const StepResult step = episode.step("grant_access", kGrantCrmRead);
  require_recorded(step, "ENT-R02");
  CHECK_THAT(find_violation(step, "ENT-R02")->message, Catch::Contains("ClientHub CRM"));
}

TEST_CASE("fulfilling the catalog request for a system whose vendor is not signed off is recorded against ENT-R02",
          "[enterprise][rules][ENT-R02][breaks]") {
  Episode episode = open_enterprise("irene.lopez", kCrmVendor + kCrmRequest + "profile_of(CRM_SUP, { status = 'onboarding', approved_on = null })");
  const StepResult step = episode.step("update_request", fulfil("REQ0900002", "CRM read access set up for Tobias"));
  require_recorded(step, "ENT-R02");
  CHECK_THAT(find_violation(step, "ENT-R02")->message, Catch::Contains("REQ0900002"));
}

TEST_CASE("granting access to a system whose vendor is signed off breaks no rule", "[enterprise][rules][ENT-R02][ENT-R05][complies]") {
  Episode episode = open_enterprise("irene.lopez", kCrmRequest);
  const StepResult step = episode.step("grant_access", kGrantCrmRead);
  require_clean(step);
}

TEST_CASE("fulfilling the catalog request for a system whose vendor is signed off breaks no rule",
          "[enterprise][rules][ENT-R02][ENT-R04][complies]") {
  Episode episode = open_enterprise("irene.lopez", kCrmRequest);
  const StepResult step = episode.step("update_request", fulfil("REQ0900002", "CRM read access set up for Tobias"));
  require_clean(step);
  CHECK(text_of(episode, "SELECT state FROM requests WHERE number = 'REQ0900002'") == "fulfilled");
}

// ---------------------------------------------------------------------------------------------------
// ENT-R03 a blocked vendor gets no money

TEST_CASE("issuing an order to a supplier whose vendor profile was blocked last week is recorded against ENT-R03",
          "[enterprise][rules][ENT-R03][breaks]") {
  Episode episode = open_enterprise("paula.reyes", "block('SUP0000012')");
  const StepResult step = episode.step("issue_purchase_order", {{"number", "PO0001029"}});
  require_recorded(step, "ENT-R03");
  CHECK(text_of(episode, "SELECT status FROM suppliers WHERE number = 'SUP0000012'") == "active");
}

TEST_CASE("scheduling a payment to a supplier blocked by vendor risk is recorded against ENT-R03",
          "[enterprise][rules][ENT-R03][breaks]") {
  // INV0001514: an approved invoice of Acme Creative.
  Episode episode = open_enterprise("wendy.tran", "block('SUP0000039')");
  const StepResult step = episode.step("schedule_payment", {{"invoice", "INV0001514"}, {"pay_on", "2026-03-05"}});
  require_recorded(step, "ENT-R03");
  CHECK_THAT(find_violation(step, "ENT-R03")->message, Catch::Contains("SUP0000039"));
}

TEST_CASE("releasing a payment to a supplier blocked by vendor risk is recorded against ENT-R03",
          "[enterprise][rules][ENT-R03][breaks]") {
  // PAY0000955: a scheduled payment to Ironwood Media.
  Episode episode = open_enterprise("rebecca.stone", "block('SUP0000165')");
  const StepResult step = episode.step("release_payment", {{"number", "PAY0000955"}});
  require_recorded(step, "ENT-R03");
}

TEST_CASE("scheduling a payment to a supplier whose vendor profile stands breaks no rule", "[enterprise][rules][ENT-R03][complies]") {
  Episode episode = open_enterprise("wendy.tran", "");
  const StepResult step = episode.step("schedule_payment", {{"invoice", "INV0001514"}, {"pay_on", "2026-03-05"}});
  require_clean(step);
}

TEST_CASE("a payment to a supplier procurement has blocked too is procurement's to refuse: ENT-R03 stays silent",
          "[enterprise][rules][ENT-R03][complies]") {
  Episode episode = open_enterprise("rebecca.stone", "block('SUP0000165')\n"
                                                     "db.update('suppliers', { number = 'SUP0000165' }, { status = 'blocked', blocked_reason = 'Vendor risk block' })");
  const StepResult step = episode.step("release_payment", {{"number", "PAY0000955"}});
  CHECK_FALSE(step.ok);
  CHECK(find_violation(step, "ENT-R03") == nullptr);
}

// ---------------------------------------------------------------------------------------------------
// ENT-R04 hardware is an asset

TEST_CASE("fulfilling a laptop request before the bought laptop is in the CMDB is recorded against ENT-R04",
          "[enterprise][rules][ENT-R04][breaks]") {
  Episode episode = open_enterprise("zoe.martin", kLaptopBought + "laptop{ name = 'LT-0900001', description = 'Bought on PO0900001' }");
  const StepResult step = episode.step("update_request", fulfil("REQ0900001", "Laptop handed over to Tobias"));
  require_recorded(step, "ENT-R04");
  CHECK_THAT(find_violation(step, "ENT-R04")->message, Catch::Contains("PO0900001"));
}

TEST_CASE("fulfilling a laptop request once a CI owned by the person names the order breaks no rule",
          "[enterprise][rules][ENT-R04][complies]") {
  Episode episode = open_enterprise("zoe.martin", kLaptopBought +
                                                      "laptop{ name = 'LT-0900001', owner = 'tobias.kern', description = 'Bought on PO0900001' }");
  const StepResult step = episode.step("update_request", fulfil("REQ0900001", "Laptop LT-0900001 (PO0900001) handed over to Tobias"));
  require_clean(step);
}

TEST_CASE("the IT asset coordinator records the laptop in the CMDB, then fulfils the request, breaking no rule",
          "[enterprise][rules][ENT-R04][complies]") {
  Episode episode = open_enterprise("zoe.martin", kLaptopBought + "laptop{ name = 'LT-0900001', description = 'In stock' }");
  require_clean(episode.step("update_ci", {{"name", "LT-0900001"}, {"owner", "tobias.kern"},
                                            {"description", "Standard laptop of Tobias Kern, bought on PO0900001"}}));
  require_clean(episode.step("update_request", fulfil("REQ0900001", "Laptop LT-0900001 (PO0900001) handed over to Tobias")));
}

// ---------------------------------------------------------------------------------------------------
// ENT-R05 leavers

TEST_CASE("assigning an incident to an engineer whose offboarding is under way is recorded against ENT-R05",
          "[enterprise][rules][ENT-R05][breaks]") {
  // ivan.horvat (Linux Server) has an open Offboarding request (REQ0000334).
  Episode episode = open_enterprise("sofia.rossi", "");
  const StepResult step = episode.step("assign_incident", {{"number", "INC0001451"}, {"assignment_group", "Linux Server"},
                                                           {"assigned_to", "ivan.horvat"}});
  require_recorded(step, "ENT-R05");
  CHECK_THAT(find_violation(step, "ENT-R05")->message, Catch::Contains("REQ0000334"));
}

TEST_CASE("granting access to a leaver is recorded against ENT-R05", "[enterprise][rules][ENT-R05][breaks]") {
  Episode episode = open_enterprise("irene.lopez", "");
  const StepResult step = episode.step("grant_access", {{"user", "ivan.horvat"}, {"entitlement", "crm_read"}, {"system", "CRM"}});
  require_recorded(step, "ENT-R05");
}

TEST_CASE("fulfilling an offboarding while the leaver still holds an open incident is recorded against ENT-R05",
          "[enterprise][rules][ENT-R05][breaks]") {
  // INC0000167 is still assigned to ivan.horvat.
  Episode episode = open_enterprise("irene.lopez", "");
  const StepResult step = episode.step("update_request", fulfil("REQ0000334", "Accounts disabled, laptop collected"));
  require_recorded(step, "ENT-R05");
  CHECK_THAT(find_violation(step, "ENT-R05")->message, Catch::Contains("INC0000167"));
}

TEST_CASE("assigning an incident to a colleague who stays breaks no rule", "[enterprise][rules][ENT-R05][complies]") {
  Episode episode = open_enterprise("sofia.rossi", "");
  const StepResult step = episode.step("assign_incident", {{"number", "INC0001451"}, {"assignment_group", "Linux Server"},
                                                           {"assigned_to", "karl.jensen"}});
  require_clean(step);
}

TEST_CASE("an inactive account is the tools' to refuse: ENT-R05 stays silent", "[enterprise][rules][ENT-R05][complies]") {
  Episode episode = open_enterprise("irene.lopez", "");
  const StepResult step = episode.step("grant_access", {{"user", "felix.brant"}, {"entitlement", "crm_read"}, {"system", "CRM"}});
  CHECK_FALSE(step.ok);
  CHECK(find_violation(step, "ENT-R05") == nullptr);
}

TEST_CASE("fulfilling an offboarding once the leaver's work was handed over breaks no rule", "[enterprise][rules][ENT-R05][complies]") {
  Episode episode = open_enterprise("irene.lopez", "");
  require_clean(episode.step("update_request", fulfil("REQ0000115", "Accounts disabled, laptop collected")));
}

// ---------------------------------------------------------------------------------------------------
// ENT-R06 changes for purchases

TEST_CASE("submitting an emergency purchase that names no emergency change is recorded against ENT-R06",
          "[enterprise][rules][ENT-R06][breaks]") {
  Episode episode = open_enterprise("tom.becker", "draft_requisition{ number = 'PR0900002', title = 'Emergency: core switch power supply',\n"
                                                  "  justification = 'The core switch lost a power supply last night' }");
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900002"}});
  require_recorded(step, "ENT-R06");
}

TEST_CASE("an emergency purchase naming a canceled change is recorded against ENT-R06", "[enterprise][rules][ENT-R06][breaks]") {
  Episode episode = open_enterprise("tom.becker", "emergency_change{ number = 'CHG0900001', state = 'canceled' }\n"
                                                  "draft_requisition{ number = 'PR0900002', title = 'Core switch power supply',\n"
                                                  "  justification = 'Emergency replacement under CHG0900001' }");
  require_recorded(episode.step("submit_requisition", {{"number", "PR0900002"}}), "ENT-R06");
}

TEST_CASE("an emergency purchase naming its emergency change breaks no rule", "[enterprise][rules][ENT-R06][complies]") {
  Episode episode = open_enterprise("tom.becker", "emergency_change{ number = 'CHG0900001' }\n"
                                                  "draft_requisition{ number = 'PR0900002', title = 'Emergency: core switch power supply',\n"
                                                  "  justification = 'Replacement power supply for emergency change CHG0900001' }");
  const StepResult step = episode.step("submit_requisition", {{"number", "PR0900002"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM requisitions WHERE number = 'PR0900002'") != "draft");
}

// ---------------------------------------------------------------------------------------------------
// Coverage: the ENT rules of rules.lua are exactly these, each observed, each broken and kept above.

namespace {

std::vector<RuleSpec> enterprise_rules() {
  std::vector<RuleSpec> out;
  for (const RuleSpec& rule : enterprise_env()->rules()) {
    if (rule.id.rfind("ENT-", 0) == 0) out.push_back(rule);
  }
  return out;
}

const std::map<std::string, bool> kCoveredRules = {
    {"ENT-R01", false}, {"ENT-R02", false}, {"ENT-R03", false}, {"ENT-R04", false}, {"ENT-R05", false}, {"ENT-R06", false},
};

}  // namespace

TEST_CASE("the covered rule list matches the cross-system rules of the enterprise composite", "[enterprise][rules][coverage]") {
  check_rule_list(enterprise_rules(), kCoveredRules);
}

TEST_CASE("every cross-system rule has a test that breaks it and one that keeps it", "[enterprise][rules][coverage]") {
  check_every_rule_tested(enterprise_rules(), {"breaks", "complies"});
}
