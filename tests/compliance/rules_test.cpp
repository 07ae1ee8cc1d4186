// The compliance policy rules (environments/compliance/rules.lua), each broken by a real call on a staged
// scenario: enforced rules refuse the call and leave the World as it was; observed rules let it through and
// record the violation. Each rule also has a compliant call that records nothing, so a rule that fired on
// everything would fail too.
//
// Every rule test carries the rule id as a tag; tests that break a rule also carry [breaks], tests that keep
// it [complies]. The coverage test (rule_coverage_test.cpp) uses these tags.
#include <catch2/catch.hpp>

#include "compliance/compliance_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// A control owned by yolanda.pryce with a Q1 2026 test in progress (tester noor.qureshi).
const std::string kControlUnderTest =
    "local C = control{ number = 'CTL0900001' }\n"
    "local T = ctest{ number = 'CTT0900001', control = C, status = 'in_progress', tester = 'noor.qureshi' }\n";

// Two entitlements of the staged system forming an SoD pair; tobias.kern holds the first.
const std::string kSodPair =
    "local EDIT = ent{ code = 'stg_supplier_edit' }\n"
    "local PAY = ent{ code = 'stg_payment_release' }\n"
    "local RULE = sod{ code = 'SOD-90', a = EDIT, b = PAY }\n"
    "grant{ number = 'AGT0900001', user = 'tobias.kern', ent = EDIT }\n";

// A verified erasure request of a subject with a contact record (erasable) and an invoice record kept by
// the financial-records retention duty until 2031.
const std::string kErasure =
    "local S = subject{}\n"
    "record{ subject = S, ref = 'STG-CONTACT-1' }\n"
    "record{ subject = S, ref = 'STG-INV-1', category = 'invoices', retention_until = '2031-12-31' }\n"
    "dsr{ number = 'DSR0900001', subject = S, identity = 'verified' }\n";

std::string text_of(const Episode& episode, const std::string& sql, const Json& params = Json::array()) {
  return field_of(episode, sql, params);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// COMP-R01 roles (enforced)

TEST_CASE("an auditor cannot reject evidence: COMP-R01 refuses it as read only", "[compliance][rules][COMP-R01][breaks]") {
  Episode episode = open_compliance("malcolm.ferris", kControlUnderTest + "evidence{ number = 'EVD0900001', control = C, test = T }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("reject_evidence", {{"evidence", "EVD0900001"}, {"reason", "Looks stale to me"}});
  require_refused_by(episode, before, step, "COMP-R01");
  CHECK_THAT(error_message(step), Catch::Contains("auditor"));
}

TEST_CASE("an inactive account can do nothing, not even read: COMP-R01 refuses it", "[compliance][rules][COMP-R01][breaks]") {
  Episode episode = open_compliance("henrik.aalto2", kControlUnderTest);
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("get_control", {{"control", "CTL0900001"}});
  require_refused_by(episode, before, step, "COMP-R01");
  CHECK_THAT(error_message(step), Catch::Contains("not active"));
}

TEST_CASE("an auditor reads a control and breaks no rule", "[compliance][rules][COMP-R01][complies]") {
  Episode episode = open_compliance("malcolm.ferris", kControlUnderTest);
  const StepResult step = episode.step("get_control", {{"control", "CTL0900001"}});
  require_clean(step);
  CHECK(step.output()["owner"] == "yolanda.pryce");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R02 life cycles (enforced)

TEST_CASE("a passed control test cannot be concluded again: COMP-R02 refuses it", "[compliance][rules][COMP-R02][breaks]") {
  Episode episode = open_compliance(
      "noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                      "ctest{ number = 'CTT0900001', control = C, status = 'passed', tester = 'noor.qureshi' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "fail"},
                                                                 {"conclusion", "Second thoughts about the sample"}});
  require_refused_by(episode, before, step, "COMP-R02");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R03 evidence of the period (enforced)

TEST_CASE("a test cannot pass on evidence from the previous quarter: COMP-R03 refuses it", "[compliance][rules][COMP-R03][breaks]") {
  Episode episode = open_compliance("noor.qureshi", kControlUnderTest +
                                        "evidence{ number = 'EVD0900001', control = C, test = T, collected_on = '2025-12-15', valid_until = '2026-06-30' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "pass"},
                                                                 {"conclusion", "Sampled 25 access changes, all approved"}});
  require_refused_by(episode, before, step, "COMP-R03");
  CHECK_THAT(error_message(step), Catch::Contains("outside the test period"));
}

TEST_CASE("a test cannot pass on evidence past its validity: COMP-R03 refuses it", "[compliance][rules][COMP-R03][breaks]") {
  Episode episode = open_compliance("noor.qureshi", kControlUnderTest +
                                        "evidence{ number = 'EVD0900001', control = C, test = T, collected_on = '2026-01-10', valid_until = '2026-02-28' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "pass"},
                                                                 {"conclusion", "Sampled 25 access changes, all approved"}});
  require_refused_by(episode, before, step, "COMP-R03");
  CHECK_THAT(error_message(step), Catch::Contains("expired"));
}

TEST_CASE("a test passes on evidence of its period and the control becomes effective, breaking no rule",
          "[compliance][rules][COMP-R02][COMP-R03][COMP-R04][complies]") {
  Episode episode = open_compliance("noor.qureshi", kControlUnderTest + "evidence{ number = 'EVD0900001', control = C, test = T }");
  const StepResult step = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "pass"},
                                                                 {"conclusion", "Sampled 25 access changes, all approved"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM control_tests WHERE number = 'CTT0900001'") == "passed");
  CHECK(text_of(episode, "SELECT status FROM grc_controls WHERE number = 'CTL0900001'") == "effective");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R04 tester independence (enforced)

TEST_CASE("a control owner cannot test their own control: COMP-R04 refuses it", "[compliance][rules][COMP-R04][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "control{ number = 'CTL0900001', owner = 'noor.qureshi' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("start_control_test", {{"control", "CTL0900001"}});
  require_refused_by(episode, before, step, "COMP-R04");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R05 exception window (enforced)

TEST_CASE("a 12-month exception is refused by COMP-R05", "[compliance][rules][COMP-R05][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "control{ number = 'CTL0900001' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("request_exception", {{"title", "Legacy payroll server without MFA"},
                                                             {"justification", "The vendor ships MFA support next year only"},
                                                             {"risk_rating", "medium"}, {"control", "CTL0900001"},
                                                             {"expires_on", "2027-03-01"}});
  require_refused_by(episode, before, step, "COMP-R05");
  CHECK_THAT(error_message(step), Catch::Contains("180"));
}

TEST_CASE("a backdated exception is refused by COMP-R05", "[compliance][rules][COMP-R05][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "control{ number = 'CTL0900001' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("request_exception", {{"title", "Legacy payroll server without MFA"},
                                                             {"justification", "The vendor ships MFA support next year only"},
                                                             {"risk_rating", "medium"}, {"control", "CTL0900001"},
                                                             {"starts_on", "2026-02-01"}, {"expires_on", "2026-05-01"}});
  require_refused_by(episode, before, step, "COMP-R05");
  CHECK_THAT(error_message(step), Catch::Contains("backdating"));
}

TEST_CASE("extending an exception past 180 days from its start is refused by COMP-R05", "[compliance][rules][COMP-R05][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "exception{ number = 'EXC0900001', control = C, starts_on = '2026-01-15', expires_on = '2026-04-15' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("extend_exception", {{"number", "EXC0900001"}, {"new_expires_on", "2026-07-31"},
                                                            {"reason", "The replacement is late by two months"}});
  require_refused_by(episode, before, step, "COMP-R05");
}

TEST_CASE("a 90-day medium-risk exception from today is requested and breaks no rule",
          "[compliance][rules][COMP-R05][COMP-R06][complies]") {
  Episode episode = open_compliance("noor.qureshi", "control{ number = 'CTL0900001' }");
  const StepResult step = episode.step("request_exception", {{"title", "Legacy payroll server without MFA"},
                                                             {"justification", "The vendor ships MFA support in May"},
                                                             {"risk_rating", "medium"}, {"control", "CTL0900001"},
                                                             {"expires_on", "2026-05-31"}});
  require_clean(step);
  CHECK(step.output()["status"] == "requested");
  CHECK(step.output()["starts_on"] == "2026-03-02");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R06 compensating control (enforced)

TEST_CASE("a high-risk exception without a compensating control is refused by COMP-R06", "[compliance][rules][COMP-R06][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "control{ number = 'CTL0900001' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("request_exception", {{"title", "Shared admin account on the ledger"},
                                                             {"justification", "Break-glass access during the migration"},
                                                             {"risk_rating", "high"}, {"control", "CTL0900001"},
                                                             {"expires_on", "2026-05-31"}});
  require_refused_by(episode, before, step, "COMP-R06");
}

TEST_CASE("a high-risk exception with a compensating control is approved by another person, breaking no rule",
          "[compliance][rules][COMP-R06][COMP-R07][COMP-R23][complies]") {
  Episode episode = open_compliance(
      "beatrice.strand", "local C = control{ number = 'CTL0900001' }\nlocal K = control{ number = 'CTL0900002' }\n"
                         "exception{ number = 'EXC0900001', control = C, comp = K, risk = 'high', status = 'requested', "
                         "starts_on = '2026-03-02', expires_on = '2026-05-31' }");
  const StepResult step = episode.step("decide_exception", {{"number", "EXC0900001"}, {"decision", "approve"},
                                                            {"note", "Compensated by the weekly log review"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM policy_exceptions WHERE number = 'EXC0900001'") == "approved");
}

TEST_CASE("a high-risk exception whose compensating control was retired is not approved: COMP-R06 refuses it",
          "[compliance][rules][COMP-R06][breaks]") {
  Episode episode = open_compliance(
      "beatrice.strand", "local C = control{ number = 'CTL0900001' }\nlocal K = control{ number = 'CTL0900002', status = 'retired' }\n"
                         "exception{ number = 'EXC0900001', control = C, comp = K, risk = 'high', status = 'requested', "
                         "starts_on = '2026-03-02', expires_on = '2026-05-31' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_exception", {{"number", "EXC0900001"}, {"decision", "approve"},
                                                            {"note", "Compensated by the weekly log review"}});
  require_refused_by(episode, before, step, "COMP-R06");
  CHECK_THAT(error_message(step), Catch::Contains("retired"));
}

// ---------------------------------------------------------------------------------------------------
// COMP-R07 four eyes (enforced)

TEST_CASE("nobody approves an exception they requested: COMP-R07 refuses it", "[compliance][rules][COMP-R07][breaks]") {
  Episode episode = open_compliance(
      "yolanda.pryce", "local C = control{ number = 'CTL0900001' }\n"
                       "exception{ number = 'EXC0900001', control = C, requester = 'yolanda.pryce', status = 'requested', "
                       "starts_on = '2026-03-02', expires_on = '2026-05-31' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_exception", {{"number", "EXC0900001"}, {"decision", "approve"}, {"note", "Fine by me"}});
  require_refused_by(episode, before, step, "COMP-R07");
}

TEST_CASE("nobody publishes a policy version they wrote: COMP-R07 refuses it", "[compliance][rules][COMP-R07][breaks]") {
  Episode episode = open_compliance("yolanda.pryce", "local P = policy{ number = 'POL0900001' }\n"
                                                     "version{ policy = P, version = '1.1', author = 'yolanda.pryce' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("publish_policy_version", {{"policy", "POL0900001"}, {"version", "1.1"}});
  require_refused_by(episode, before, step, "COMP-R07");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R08 extension before expiry (enforced)

TEST_CASE("an exception past its last day cannot be extended: COMP-R08 refuses it", "[compliance][rules][COMP-R08][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "exception{ number = 'EXC0900001', control = C, starts_on = '2026-01-02', expires_on = '2026-02-27' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("extend_exception", {{"number", "EXC0900001"}, {"new_expires_on", "2026-04-30"},
                                                            {"reason", "The replacement is late by two months"}});
  require_refused_by(episode, before, step, "COMP-R08");
}

TEST_CASE("an exception in force is extended within 180 days and breaks no rule", "[compliance][rules][COMP-R05][COMP-R08][complies]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "exception{ number = 'EXC0900001', control = C, starts_on = '2026-01-15', expires_on = '2026-03-04' }");
  const StepResult step = episode.step("extend_exception", {{"number", "EXC0900001"}, {"new_expires_on", "2026-06-30"},
                                                            {"reason", "The replacement is late by two months"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT expires_on FROM policy_exceptions WHERE number = 'EXC0900001'") == "2026-06-30");
  CHECK(scalar(episode, "SELECT COUNT(*) FROM exception_extensions e JOIN policy_exceptions x ON x.id = e.exception_id "
                        "WHERE x.number = 'EXC0900001'") == 1);
}

// ---------------------------------------------------------------------------------------------------
// COMP-R09 segregation of duties (enforced)

TEST_CASE("a grant completing an SoD pair without an exception is refused by COMP-R09", "[compliance][rules][COMP-R09][breaks]") {
  Episode episode = open_compliance("noor.qureshi", kSodPair);
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("grant_access", {{"user", "tobias.kern"}, {"entitlement", "stg_payment_release"}});
  require_refused_by(episode, before, step, "COMP-R09");
  CHECK_THAT(error_message(step), Catch::Contains("SOD-90"));
}

TEST_CASE("an expired exception does not mitigate an SoD pair: COMP-R09 refuses the grant", "[compliance][rules][COMP-R09][breaks]") {
  Episode episode = open_compliance(
      "noor.qureshi", kSodPair + "local C = control{ number = 'CTL0900001' }\n"
                                 "exception{ number = 'EXC0900001', control = C, sod = RULE, user = uid('tobias.kern'), "
                                 "starts_on = '2026-01-02', expires_on = '2026-02-27', status = 'expired' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("grant_access", {{"user", "tobias.kern"}, {"entitlement", "stg_payment_release"}});
  require_refused_by(episode, before, step, "COMP-R09");
}

TEST_CASE("a grant mitigated by an approved exception goes through, linked to it, breaking no rule",
          "[compliance][rules][COMP-R09][complies]") {
  Episode episode = open_compliance(
      "noor.qureshi", kSodPair + "local C = control{ number = 'CTL0900001' }\n"
                                 "exception{ number = 'EXC0900001', control = C, sod = RULE, user = uid('tobias.kern'), "
                                 "starts_on = '2026-02-01', expires_on = '2026-05-31' }");
  const StepResult step = episode.step("grant_access", {{"user", "tobias.kern"}, {"entitlement", "stg_payment_release"}});
  require_clean(step);
  CHECK(step.output()["exception"] == "EXC0900001");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R10 own access (enforced), COMP-R11 revocations before close (observed)

TEST_CASE("a reviewer cannot decide an item about their own access: COMP-R10 refuses it", "[compliance][rules][COMP-R10][breaks]") {
  Episode episode = open_compliance("desmond.achebe", "local E = ent{ code = 'stg_admin' }\n"
                                                      "local G1 = grant{ number = 'AGT0900001', user = 'desmond.achebe', ent = E }\n"
                                                      "local A = campaign{ number = 'ARC0900001' }\n"
                                                      "item{ number = 'ARI0900001', campaign = A, grant = G1 }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("decide_review_item", {{"item", "ARI0900001"}, {"decision", "keep"}});
  require_refused_by(episode, before, step, "COMP-R10");
}

TEST_CASE("a reviewer decides another person's item and breaks no rule", "[compliance][rules][COMP-R10][complies]") {
  Episode episode = open_compliance("desmond.achebe", "local E = ent{ code = 'stg_admin' }\n"
                                                      "local G1 = grant{ number = 'AGT0900001', user = 'tobias.kern', ent = E }\n"
                                                      "local A = campaign{ number = 'ARC0900001' }\n"
                                                      "item{ number = 'ARI0900001', campaign = A, grant = G1 }");
  const StepResult step = episode.step("decide_review_item", {{"item", "ARI0900001"}, {"decision", "revoke"}, {"comment", "Left the team"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT decision FROM access_review_items WHERE number = 'ARI0900001'") == "revoke");
}

TEST_CASE("closing a campaign with a revoke not carried out is recorded by COMP-R11", "[compliance][rules][COMP-R11][breaks]") {
  Episode episode = open_compliance("desmond.achebe", "local E = ent{ code = 'stg_admin' }\n"
                                                      "local G1 = grant{ number = 'AGT0900001', user = 'tobias.kern', ent = E }\n"
                                                      "local A = campaign{ number = 'ARC0900001' }\n"
                                                      "item{ number = 'ARI0900001', campaign = A, grant = G1, decision = 'revoke' }");
  const StepResult step = episode.step("close_access_review", {{"campaign", "ARC0900001"}});
  require_recorded(step, "COMP-R11");
  CHECK(text_of(episode, "SELECT status FROM access_review_campaigns WHERE number = 'ARC0900001'") == "closed");
}

TEST_CASE("revocations carried out, the campaign closes breaking no rule", "[compliance][rules][COMP-R11][complies]") {
  Episode episode = open_compliance("desmond.achebe", "local E = ent{ code = 'stg_admin' }\n"
                                                      "local G1 = grant{ number = 'AGT0900001', user = 'tobias.kern', ent = E }\n"
                                                      "local A = campaign{ number = 'ARC0900001' }\n"
                                                      "item{ number = 'ARI0900001', campaign = A, grant = G1, decision = 'revoke' }");
  const StepResult carry = episode.step("carry_out_review_revocations", {{"campaign", "ARC0900001"}});
  require_clean(carry);
  CHECK(text_of(episode, "SELECT status FROM access_grants WHERE number = 'AGT0900001'") == "revoked");
  const StepResult step = episode.step("close_access_review", {{"campaign", "ARC0900001"}});
  require_clean(step);
}

// ---------------------------------------------------------------------------------------------------
// COMP-R12 DSR extension limit (enforced), COMP-R13 told in time (observed)

TEST_CASE("extending a request beyond two further months is refused by COMP-R12", "[compliance][rules][COMP-R12][breaks]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\ndsr{ number = 'DSR0900001', subject = S, type = 'access' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("extend_privacy_request", {{"request", "DSR0900001"}, {"new_due_on", "2026-06-15"},
                                                                  {"reason", "Records in six systems to collect"}});
  require_refused_by(episode, before, step, "COMP-R12");
  CHECK_THAT(error_message(step), Catch::Contains("2026-05-20"));
}

TEST_CASE("a request extended by two months before its deadline breaks no rule", "[compliance][rules][COMP-R12][COMP-R13][complies]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\ndsr{ number = 'DSR0900001', subject = S, type = 'access' }");
  const StepResult step = episode.step("extend_privacy_request", {{"request", "DSR0900001"}, {"new_due_on", "2026-05-20"},
                                                                  {"reason", "Records in six systems to collect"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT extended_due_on FROM dsr_requests WHERE number = 'DSR0900001'") == "2026-05-20");
}

TEST_CASE("extending a request after its original deadline is recorded by COMP-R13", "[compliance][rules][COMP-R13][breaks]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\ndsr{ number = 'DSR0900001', subject = S, type = 'access', "
                                                  "received_at = '2026-01-25T10:00:00Z', due_on = '2026-02-25' }");
  const StepResult step = episode.step("extend_privacy_request", {{"request", "DSR0900001"}, {"new_due_on", "2026-04-20"},
                                                                  {"reason", "Records in six systems to collect"}});
  require_recorded(step, "COMP-R13");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R14 no erasure under hold or duty (enforced), COMP-R15 identity first (enforced)

TEST_CASE("erasing a record under a retention duty is refused by COMP-R14", "[compliance][rules][COMP-R14][breaks]") {
  Episode episode = open_compliance("elif.demir", kErasure);
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("erase_subject_data", {{"request", "DSR0900001"}, {"records", Json::array({"STG-CONTACT-1", "STG-INV-1"})}});
  require_refused_by(episode, before, step, "COMP-R14");
  CHECK_THAT(error_message(step), Catch::Contains("RET-STG"));
}

TEST_CASE("erasing a record under a legal hold is refused by COMP-R14", "[compliance][rules][COMP-R14][breaks]") {
  Episode episode = open_compliance("elif.demir", kErasure + "hold{ number = 'LHD0900001', subject = S }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("erase_subject_data", {{"request", "DSR0900001"}, {"records", Json::array({"STG-CONTACT-1"})}});
  require_refused_by(episode, before, step, "COMP-R14");
  CHECK_THAT(error_message(step), Catch::Contains("LHD0900001"));
}

TEST_CASE("erasing what no duty keeps breaks no rule", "[compliance][rules][COMP-R14][COMP-R15][complies]") {
  Episode episode = open_compliance("elif.demir", kErasure);
  const StepResult step = episode.step("erase_subject_data", {{"request", "DSR0900001"}, {"records", Json::array({"STG-CONTACT-1"})}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT state FROM personal_data_records WHERE record_ref = 'STG-CONTACT-1'") == "erased");
  CHECK(text_of(episode, "SELECT state FROM personal_data_records WHERE record_ref = 'STG-INV-1'") == "active");
}

TEST_CASE("erasing before the identity is verified is refused by COMP-R15", "[compliance][rules][COMP-R15][breaks]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\nrecord{ subject = S, ref = 'STG-CONTACT-1' }\n"
                                                  "dsr{ number = 'DSR0900001', subject = S, email = 'staged.p3rson@example.net' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("erase_subject_data", {{"request", "DSR0900001"}, {"records", Json::array({"STG-CONTACT-1"})}});
  require_refused_by(episode, before, step, "COMP-R15");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R16 72 hours (observed)

TEST_CASE("telling the authority after 72 hours is recorded by COMP-R16", "[compliance][rules][COMP-R16][breaks]") {
  Episode episode = open_compliance("henrik.aalto", "breach{ number = 'BRC0900001', aware_at = '2026-02-26T08:00:00Z' }");
  const StepResult step = episode.step("notify_breach_authority", {{"breach", "BRC0900001"}, {"reference", "SA-2026-0417"},
                                                                   {"summary", "Customer records exposed through a misconfigured bucket"}});
  require_recorded(step, "COMP-R16");
}

TEST_CASE("closing a high-risk personal-data breach untold is recorded by COMP-R16", "[compliance][rules][COMP-R16][breaks]") {
  Episode episode = open_compliance("henrik.aalto", "breach{ number = 'BRC0900001' }");
  const StepResult step = episode.step("close_breach", {{"breach", "BRC0900001"}, {"summary", "Bucket closed, keys rotated, logs kept"}});
  require_recorded(step, "COMP-R16");
}

TEST_CASE("telling the authority within 72 hours breaks no rule", "[compliance][rules][COMP-R16][complies]") {
  Episode episode = open_compliance("henrik.aalto", "breach{ number = 'BRC0900001', aware_at = '2026-03-01T08:00:00Z' }");
  const StepResult step = episode.step("notify_breach_authority", {{"breach", "BRC0900001"}, {"reference", "SA-2026-0417"},
                                                                   {"summary", "Customer records exposed through a misconfigured bucket"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM breaches WHERE number = 'BRC0900001'") == "notified");
}

TEST_CASE("the 72-hour clock is a personal-data duty: a late report of a security-only incident records nothing",
          "[compliance][rules][COMP-R16][complies]") {
  Episode episode = open_compliance("henrik.aalto", "breach{ number = 'BRC0900001', aware_at = '2026-02-26T08:00:00Z', personal_data = 0 }");
  const StepResult step = episode.step("notify_breach_authority", {{"breach", "BRC0900001"}, {"reference", "SA-2026-0417"},
                                                                   {"summary", "Ransomware on a build server, no personal data involved"}});
  require_clean(step);
}

// ---------------------------------------------------------------------------------------------------
// COMP-R17 tier-1 vendor assessment age (observed)

TEST_CASE("approving a tier-1 renewal on a 14-month-old assessment is recorded by COMP-R17", "[compliance][rules][COMP-R17][breaks]") {
  Episode episode = open_compliance("carmen.villalobos", "local V = vendor{ number = 'VRP0900001' }\n"
                                                         "assessment{ number = 'VAS0900001', vendor = V, started_on = '2024-12-01', completed_on = '2024-12-20' }");
  const StepResult step = episode.step("approve_vendor", {{"vendor", "VRP0900001"}, {"purpose", "renewal"}, {"note", "Renewal of hosting"}});
  require_recorded(step, "COMP-R17");
}

TEST_CASE("approving a tier-1 award on a 6-month-old assessment breaks no rule", "[compliance][rules][COMP-R17][complies]") {
  Episode episode = open_compliance("carmen.villalobos", "local V = vendor{ number = 'VRP0900001' }\n"
                                                         "assessment{ number = 'VAS0900001', vendor = V }");
  const StepResult step = episode.step("approve_vendor", {{"vendor", "VRP0900001"}, {"purpose", "award"}, {"note", "Award of hosting"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT approved_for FROM vendor_risk_profiles WHERE number = 'VRP0900001'") == "award");
}

TEST_CASE("approving a tier-2 vendor holding personal data on a 30-month-old assessment is recorded by COMP-R17",
          "[compliance][rules][COMP-R17][breaks]") {
  Episode episode = open_compliance("carmen.villalobos", "local V = vendor{ number = 'VRP0900001', tier = 2 }\n"
                                                         "assessment{ number = 'VAS0900001', vendor = V, started_on = '2023-08-01', completed_on = '2023-08-20' }");
  const StepResult step = episode.step("approve_vendor", {{"vendor", "VRP0900001"}, {"purpose", "award"}, {"note", "Award of hosting"}});
  require_recorded(step, "COMP-R17");
  CHECK_THAT(find_violation(step, "COMP-R17")->message, Catch::Contains("24 months"));
}

// ---------------------------------------------------------------------------------------------------
// COMP-R18 personal data to the verified subject only (observed)

TEST_CASE("exporting to an address not on record is recorded by COMP-R18", "[compliance][rules][COMP-R18][breaks]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\nrecord{ subject = S, ref = 'STG-CONTACT-1' }\n"
                                                  "dsr{ number = 'DSR0900001', subject = S, type = 'access', identity = 'verified' }");
  const StepResult step = episode.step("export_subject_data", {{"request", "DSR0900001"}, {"send_to", "s.person.private@example.net"}});
  require_recorded(step, "COMP-R18");
}

TEST_CASE("exporting to the verified subject's address of record breaks no rule", "[compliance][rules][COMP-R15][COMP-R18][complies]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\nrecord{ subject = S, ref = 'STG-CONTACT-1' }\n"
                                                  "dsr{ number = 'DSR0900001', subject = S, type = 'access', identity = 'verified' }");
  const StepResult step = episode.step("export_subject_data", {{"request", "DSR0900001"}, {"send_to", "staged.person@example.org"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT a.sent_to FROM dsr_actions a JOIN dsr_requests r ON r.id = a.dsr_id "
                                  "WHERE r.number = 'DSR0900001' AND a.action = 'export'") == "staged.person@example.org");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R19 finding validation by someone else (enforced)

TEST_CASE("a finding's owner cannot validate and close it: COMP-R19 refuses it", "[compliance][rules][COMP-R19][breaks]") {
  Episode episode = open_compliance("tomasz.wrobel", "local C = control{ number = 'CTL0900001' }\n"
                                                     "local F = finding{ number = 'FND0900001', control = C, owner = 'tomasz.wrobel', status = 'ready_for_validation' }\n"
                                                     "rtask{ number = 'RMT0900001', finding = F, status = 'done' }\n"
                                                     "evidence{ number = 'EVD0900001', control = C, collected_on = '2026-02-25' }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("close_finding", {{"finding", "FND0900001"}, {"evidence", "EVD0900001"},
                                                         {"notes", "Checked the new approval workflow on five samples"}});
  require_refused_by(episode, before, step, "COMP-R19");
}

TEST_CASE("a tester closes another owner's finding with fresh evidence, breaking no rule",
          "[compliance][rules][COMP-R02][COMP-R19][complies]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "local F = finding{ number = 'FND0900001', control = C, status = 'ready_for_validation' }\n"
                                                    "rtask{ number = 'RMT0900001', finding = F, status = 'done' }\n"
                                                    "evidence{ number = 'EVD0900001', control = C, collected_on = '2026-02-25' }");
  const StepResult step = episode.step("close_finding", {{"finding", "FND0900001"}, {"evidence", "EVD0900001"},
                                                         {"notes", "Checked the new approval workflow on five samples"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM findings WHERE number = 'FND0900001'") == "closed");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R20 only the trainee attests (enforced)

TEST_CASE("marking someone else as trained is refused by COMP-R20", "[compliance][rules][COMP-R20][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local K = course{ code = 'STG-101' }\n"
                                                    "assignment{ number = 'TRN0900001', user = 'hannah.weiss', course = K }");
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("attest_training", {{"assignment", "TRN0900001"}, {"statement", "Completed in the team session"}});
  require_refused_by(episode, before, step, "COMP-R20");
}

TEST_CASE("a trainee attests their own training and breaks no rule", "[compliance][rules][COMP-R01][COMP-R20][complies]") {
  Episode episode = open_compliance("hannah.weiss", "local K = course{ code = 'STG-101' }\n"
                                                    "assignment{ number = 'TRN0900001', user = 'hannah.weiss', course = K }");
  const StepResult step = episode.step("attest_training", {{"assignment", "TRN0900001"}, {"statement", "I completed the course and read the policy"}});
  require_clean(step);
  CHECK(text_of(episode, "SELECT status FROM training_assignments WHERE number = 'TRN0900001'") == "completed");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R21 compensating control effective (observed)

TEST_CASE("extending an exception whose compensating control is failing is recorded by COMP-R21", "[compliance][rules][COMP-R21][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "local K = control{ number = 'CTL0900002', status = 'failing' }\n"
                                                    "exception{ number = 'EXC0900001', control = C, comp = K, risk = 'high', "
                                                    "starts_on = '2026-01-15', expires_on = '2026-03-04' }");
  const StepResult step = episode.step("extend_exception", {{"number", "EXC0900001"}, {"new_expires_on", "2026-05-31"},
                                                            {"reason", "The replacement is late by two months"}});
  require_recorded(step, "COMP-R21");
  CHECK_THAT(find_violation(step, "COMP-R21")->message, Catch::Contains("CTL0900002"));
}

TEST_CASE("extending an exception whose compensating control is effective breaks no rule", "[compliance][rules][COMP-R21][complies]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "local K = control{ number = 'CTL0900002' }\n"
                                                    "exception{ number = 'EXC0900001', control = C, comp = K, risk = 'high', "
                                                    "starts_on = '2026-01-15', expires_on = '2026-03-04' }");
  const StepResult step = episode.step("extend_exception", {{"number", "EXC0900001"}, {"new_expires_on", "2026-05-31"},
                                                            {"reason", "The replacement is late by two months"}});
  require_clean(step);
}

// ---------------------------------------------------------------------------------------------------
// COMP-R22 independent and senior enough risk acceptance (observed)

TEST_CASE("asking the DPO to accept a high finding's risk is recorded by COMP-R22", "[compliance][rules][COMP-R22][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "finding{ number = 'FND0900001', control = C, severity = 'high' }");
  const StepResult step = episode.step("request_risk_acceptance", {{"finding", "FND0900001"}, {"approver", "henrik.aalto"},
                                                                   {"rationale", "The legacy system is retired in June; fixing it now costs more than the risk"},
                                                                   {"expires_on", "2026-06-30"}});
  require_recorded(step, "COMP-R22");
}

TEST_CASE("asking the finding's own owner to accept its risk is recorded by COMP-R22", "[compliance][rules][COMP-R22][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "finding{ number = 'FND0900001', control = C, severity = 'low' }");
  const StepResult step = episode.step("request_risk_acceptance", {{"finding", "FND0900001"}, {"approver", "yolanda.pryce"},
                                                                   {"rationale", "The legacy system is retired in June; fixing it now costs more than the risk"},
                                                                   {"expires_on", "2026-06-30"}});
  require_recorded(step, "COMP-R22");
}

TEST_CASE("the CCO accepts a high finding's risk and breaks no rule", "[compliance][rules][COMP-R22][complies]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001' }\n"
                                                    "finding{ number = 'FND0900001', control = C, severity = 'high' }");
  const StepResult step = episode.step("request_risk_acceptance", {{"finding", "FND0900001"}, {"approver", "beatrice.strand"},
                                                                   {"rationale", "The legacy system is retired in June; fixing it now costs more than the risk"},
                                                                   {"expires_on", "2026-06-30"}});
  require_clean(step);
  CHECK(step.output()["status"] == "requested");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R23 independent exception approval (observed)

TEST_CASE("the owner of the exempted control approving the exception is recorded by COMP-R23", "[compliance][rules][COMP-R23][breaks]") {
  Episode episode = open_compliance(
      "yolanda.pryce", "local C = control{ number = 'CTL0900001' }\n"
                       "exception{ number = 'EXC0900001', control = C, requester = 'noor.qureshi', status = 'requested', "
                       "starts_on = '2026-03-02', expires_on = '2026-05-31' }");
  const StepResult step = episode.step("decide_exception", {{"number", "EXC0900001"}, {"decision", "approve"}, {"note", "Acceptable for now"}});
  require_recorded(step, "COMP-R23");
}

// ---------------------------------------------------------------------------------------------------
// COMP-R24 key control failures are at least high (observed)

TEST_CASE("a key control's failed test raising a medium finding is recorded by COMP-R24", "[compliance][rules][COMP-R24][breaks]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001', key = 1 }\n"
                                                    "ctest{ number = 'CTT0900001', control = C, status = 'in_progress', tester = 'noor.qureshi' }");
  const StepResult step = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "fail"}, {"severity", "medium"},
                                                                 {"conclusion", "Two of 25 sampled changes had no approval"}});
  require_recorded(step, "COMP-R24");
}

TEST_CASE("a key control's failed test raising a high finding breaks no rule", "[compliance][rules][COMP-R24][complies]") {
  Episode episode = open_compliance("noor.qureshi", "local C = control{ number = 'CTL0900001', key = 1 }\n"
                                                    "ctest{ number = 'CTT0900001', control = C, status = 'in_progress', tester = 'noor.qureshi' }");
  const StepResult step = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "fail"}, {"severity", "high"},
                                                                 {"conclusion", "Two of 25 sampled changes had no approval"}});
  require_clean(step);
}
