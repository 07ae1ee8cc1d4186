// What the compliance tools do along their flows, beyond the rules: a failed test opening a finding, a
// finding through remediation to validation, erasure against a retention duty (erase, restrict, answer),
// identity checks, deadlines (one month, 72 hours), SoD checks, and the history every write leaves.
#include <string>

#include <catch2/catch.hpp>

#include "compliance/compliance_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const std::string kControlUnderTest =
    "local C = control{ number = 'CTL0900001', key = 1 }\n"
    "local T = ctest{ number = 'CTT0900001', control = C, status = 'in_progress', tester = 'noor.qureshi' }\n";

const std::string kErasure =
    "local S = subject{}\n"
    "record{ subject = S, ref = 'STG-CONTACT-1' }\n"
    "record{ subject = S, ref = 'STG-INV-1', category = 'invoices', retention_until = '2031-12-31' }\n"
    "dsr{ number = 'DSR0900001', subject = S, identity = 'verified' }\n";

std::string text_of(const Episode& episode, const std::string& sql) { return field_of(episode, sql); }

}  // namespace

TEST_CASE("a failed key-control test opens a high finding for the owner, due in 30 days, and the control fails",
          "[compliance][flows]") {
  Episode episode = open_compliance("noor.qureshi", kControlUnderTest);
  const StepResult step = episode.step("conclude_control_test", {{"test", "ctt900001"}, {"result", "fail"},
                                                                 {"conclusion", "Two of 25 sampled changes had no approval"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  const std::string finding = step.output()["finding"].get<std::string>();
  CHECK(step.output()["finding_due_on"] == "2026-04-01");
  CHECK(text_of(episode, "SELECT severity FROM findings WHERE number = '" + finding + "'") == "high");
  CHECK(text_of(episode, "SELECT u.user_name FROM findings f JOIN users u ON u.id = f.owner_id WHERE f.number = '" + finding + "'") ==
        "yolanda.pryce");
  CHECK(text_of(episode, "SELECT status FROM grc_controls WHERE number = 'CTL0900001'") == "failing");
  CHECK(scalar(episode, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.recipient_id "
                        "WHERE u.user_name = 'yolanda.pryce' AND n.record_number = '" + finding + "'") == 1);
  CHECK(scalar(episode, "SELECT COUNT(*) FROM compliance_history WHERE record_number = 'CTT0900001' AND field = 'status' "
                        "AND new_value = 'failed'") == 1);
}

TEST_CASE("attaching stale evidence says it cannot support a pass; the test still cannot pass on it", "[compliance][flows]") {
  Episode episode = open_compliance("noor.qureshi", kControlUnderTest);
  const StepResult attach = episode.step("attach_evidence", {{"test", "CTT0900001"}, {"title", "User list export from December"},
                                                             {"kind", "report"}, {"collected_on", "2025-12-20"}, {"valid_until", "2026-06-30"}});
  INFO(attach.output().dump());
  REQUIRE(attach.ok);
  CHECK(attach.output()["usable_for_pass"] == false);
  CHECK_THAT(attach.output()["problem"].get<std::string>(), Catch::Contains("outside the test period"));
  const StepResult fresh = episode.step("attach_evidence", {{"test", "CTT0900001"}, {"title", "User list export of February"},
                                                            {"kind", "report"}, {"collected_on", "2026-02-27"}, {"valid_until", "2026-05-31"}});
  REQUIRE(fresh.ok);
  CHECK(fresh.output()["usable_for_pass"] == true);
  // the stale piece still attached keeps the test from passing until it is rejected
  const StepResult pass = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "pass"}, {"conclusion", "All 25 samples approved"}});
  CHECK_FALSE(pass.ok);
  const StepResult reject = episode.step("reject_evidence", {{"evidence", attach.output()["evidence"]}, {"reason", "Collected in the previous quarter"}});
  REQUIRE(reject.ok);
  const StepResult again = episode.step("conclude_control_test", {{"test", "CTT0900001"}, {"result", "pass"}, {"conclusion", "All 25 samples approved"}});
  INFO(again.output().dump());
  CHECK(again.ok);
  CHECK(text_of(episode, "SELECT status FROM grc_controls WHERE number = 'CTL0900001'") == "effective");
}

TEST_CASE("a finding goes through remediation to validation", "[compliance][flows]") {
  Episode episode = open_compliance("yolanda.pryce", "local C = control{ number = 'CTL0900001' }\n"
                                                     "finding{ number = 'FND0900001', control = C }");
  const StepResult plan = episode.step("add_remediation_task", {{"finding", "FND0900001"}, {"title", "Enforce approval in the workflow"},
                                                                {"assignee", "yolanda.pryce"}, {"due_on", "2026-03-20"}});
  INFO(plan.output().dump());
  REQUIRE(plan.ok);
  CHECK(text_of(episode, "SELECT status FROM findings WHERE number = 'FND0900001'") == "remediating");
  const StepResult early = episode.step("submit_finding_for_validation", {{"finding", "FND0900001"}});
  CHECK_FALSE(early.ok);
  REQUIRE(episode.step("complete_remediation_task", {{"task", plan.output()["task"]}, {"notes", "Workflow now blocks unapproved changes"}}).ok);
  const StepResult submit = episode.step("submit_finding_for_validation", {{"finding", "FND0900001"}});
  REQUIRE(submit.ok);
  CHECK(text_of(episode, "SELECT status FROM findings WHERE number = 'FND0900001'") == "ready_for_validation");
  const StepResult late = episode.step("add_remediation_task", {{"finding", "FND0900001"}, {"title", "Too late"},
                                                                {"assignee", "yolanda.pryce"}, {"due_on", "2026-05-20"}});
  CHECK_FALSE(late.ok);
}

TEST_CASE("erasure against a retention duty: the request shows what is kept and why; erase the rest, restrict the kept",
          "[compliance][flows]") {
  Episode episode = open_compliance("elif.demir", kErasure);
  const StepResult view = episode.step("get_privacy_request", {{"request", "DSR0900001"}});
  INFO(view.output().dump());
  REQUIRE(view.ok);
  const Json& records = view.output()["records"];
  REQUIRE(records.size() == 2);
  CHECK(records[0]["record"] == "STG-CONTACT-1");
  CHECK(records[0]["erasable"] == true);
  CHECK(records[1]["erasable"] == false);
  CHECK_THAT(records[1]["kept_because"].get<std::string>(), Catch::Contains("RET-STG"));
  REQUIRE(episode.step("erase_subject_data", {{"request", "DSR0900001"}, {"records", Json::array({"STG-CONTACT-1"})}}).ok);
  REQUIRE(episode.step("restrict_subject_data", {{"request", "DSR0900001"}, {"records", Json::array({"STG-INV-1"})},
                                                 {"reason", "Financial records duty until 2031-12-31"}}).ok);
  const StepResult close = episode.step("close_privacy_request", {{"request", "DSR0900001"}, {"outcome", "completed"},
                                                                  {"response_summary", "Contact data erased; invoices kept until 2031 under the financial records duty"}});
  REQUIRE(close.ok);
  CHECK(text_of(episode, "SELECT state FROM personal_data_records WHERE record_ref = 'STG-INV-1'") == "restricted");
  CHECK(text_of(episode, "SELECT status FROM dsr_requests WHERE number = 'DSR0900001'") == "completed");
}

TEST_CASE("identity by address of record needs the request to come from that address", "[compliance][flows]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\n"
                                                  "dsr{ number = 'DSR0900001', email = 'staged.p3rson@example.net', status = 'received' }");
  const Json subject = scalar(episode, "SELECT id FROM data_subjects WHERE email = 'staged.person@example.org'");
  const StepResult wrong = episode.step("verify_dsr_identity", {{"request", "DSR0900001"}, {"subject_id", subject}, {"result", "verified"},
                                                                {"method", "address_of_record"}, {"evidence", "The request came by email"}});
  CHECK_FALSE(wrong.ok);
  CHECK(error_code(wrong) == "invalid_arguments");
  const StepResult failed = episode.step("verify_dsr_identity", {{"request", "DSR0900001"}, {"subject_id", subject}, {"result", "failed"},
                                                                 {"method", "address_of_record"}, {"evidence", "Sender address is not on record"}});
  REQUIRE(failed.ok);
  CHECK(text_of(episode, "SELECT identity_status FROM dsr_requests WHERE number = 'DSR0900001'") == "failed");
}

TEST_CASE("a logged request is due one calendar month after receipt", "[compliance][flows]") {
  Episode episode = open_compliance("elif.demir", "");
  const StepResult step = episode.step("log_privacy_request", {{"requester_name", "Ana Lima"}, {"requester_email", "ana.lima@example.org"},
                                                               {"request_type", "access"}, {"channel", "email"},
                                                               {"details", "Please send me a copy of my data"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["due_on"] == "2026-04-02");
  CHECK(step.output()["latest_lawful_due_on"] == "2026-06-02");
  CHECK(step.output()["identity_status"] == "unverified");
}

TEST_CASE("a recorded breach must be notified 72 hours after awareness", "[compliance][flows]") {
  Episode episode = open_compliance("yolanda.pryce", "");
  const StepResult step = episode.step("record_breach", {{"title", "Misconfigured storage bucket"},
                                                         {"description", "A bucket with customer exports was public"},
                                                         {"aware_at", "2026-03-01T15:30:00Z"}, {"personal_data", true},
                                                         {"subjects_affected", 340}, {"eu_subjects", 210}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["notify_by"] == "2026-03-04T15:30:00Z");
  CHECK(step.output()["status"] == "open");
}

TEST_CASE("check_sod shows the conflict a grant would complete, and that nothing mitigates it", "[compliance][flows]") {
  Episode episode = open_compliance("noor.qureshi", "local EDIT = ent{ code = 'stg_supplier_edit' }\n"
                                                    "local PAY = ent{ code = 'stg_payment_release' }\n"
                                                    "sod{ code = 'SOD-90', a = EDIT, b = PAY }\n"
                                                    "grant{ number = 'AGT0900001', user = 'tobias.kern', ent = EDIT }");
  const StepResult step = episode.step("check_sod", {{"user", "tobias.kern"}, {"entitlement", "stg_payment_release"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["may_grant"] == false);
  REQUIRE(step.output()["conflicts"].size() == 1);
  CHECK(step.output()["conflicts"][0]["sod_rule"] == "SOD-90");
  CHECK(step.output()["conflicts"][0]["held_as"] == "AGT0900001");
  CHECK(step.output()["conflicts"][0]["mitigating_exception"].is_null());
}

TEST_CASE("the policy numbers the rules use are the ones the seed's settings state", "[compliance][flows]") {
  // the setup fails (and the episode cannot open) when a number of lib/comp_policy.lua drifts from compliance_settings
  Episode episode = open_compliance("noor.qureshi", R"LUA(
local Pol = require("comp_policy")
local want = {
  { "exception_max_days", Pol.EXCEPTION_MAX_DAYS }, { "dsr_response_months", Pol.DSR_RESPONSE_MONTHS },
  { "dsr_extension_max_months", Pol.DSR_EXTENSION_MAX_MONTHS }, { "breach_notify_hours", Pol.BREACH_NOTIFY_HOURS },
  { "vendor_assessment_months", Pol.VENDOR_ASSESSMENT_MONTHS }, { "risk_acceptance_max_months", Pol.RISK_ACCEPTANCE_MAX_MONTHS },
}
for _, w in ipairs(want) do
  local v = db.value("SELECT value FROM compliance_settings WHERE key = ?", w[1])
  if tonumber(v) ~= w[2] then error("compliance_settings " .. w[1] .. " = " .. tostring(v) .. ", comp_policy says " .. w[2]) end
end
)LUA");
  CHECK(scalar(episode, "SELECT value FROM compliance_settings WHERE key = 'exception_max_days'") == "180");
}

TEST_CASE("a contained breach keeps its 72-hour clock and can still be notified", "[compliance][flows]") {
  Episode episode = open_compliance("henrik.aalto", "breach{ number = 'BRC0900001', aware_at = '2026-03-01T08:00:00Z' }");
  const StepResult contain = episode.step("contain_breach", {{"breach", "BRC0900001"}, {"actions", "Public link disabled and access logs kept"}});
  INFO(contain.output().dump());
  REQUIRE(contain.ok);
  CHECK(contain.output()["status"] == "contained");
  CHECK(contain.output()["notify_by"] == "2026-03-04T08:00:00Z");
  const StepResult notify = episode.step("notify_breach_authority", {{"breach", "BRC0900001"}, {"reference", "SA-2026-0417"},
                                                                     {"summary", "Customer export shared by a public link for two days"}});
  require_clean(notify);
  CHECK(notify.output()["status"] == "notified");
}

TEST_CASE("a message about a request goes only to the requester or the subject", "[compliance][flows]") {
  Episode episode = open_compliance("elif.demir", "local S = subject{}\n"
                                                  "dsr{ number = 'DSR0900001', subject = S, email = 'staged.p3rson@example.net', status = 'received' }");
  const StepResult other = episode.step("send_dsr_message", {{"request", "DSR0900001"}, {"to", "someone.else@example.com"},
                                                             {"subject", "Your request"}, {"body", "Please send proof of identity"}});
  CHECK_FALSE(other.ok);
  CHECK(error_code(other) == "invalid_arguments");
  const StepResult ask = episode.step("send_dsr_message", {{"request", "DSR0900001"}, {"to", "staged.person@example.org"},
                                                           {"subject", "Your request"}, {"body", "Please confirm you sent this request"}});
  require_clean(ask);
  CHECK(scalar(episode, "SELECT COUNT(*) FROM dsr_actions a JOIN dsr_requests r ON r.id = a.dsr_id WHERE r.number = 'DSR0900001' "
                        "AND a.sent_to = 'staged.person@example.org'") == 1);
}

TEST_CASE("launching a draft campaign gives every grant of its system to the user's manager, never to the user",
          "[compliance][flows]") {
  Episode episode = open_compliance("desmond.achebe", "local E = ent{ code = 'stg_admin' }\n"
                                                      "grant{ number = 'AGT0900001', user = 'tobias.kern', ent = E }\n"
                                                      "grant{ number = 'AGT0900002', user = 'desmond.achebe', ent = E }\n"
                                                      "grant{ number = 'AGT0900003', user = 'lena.ortiz', ent = E, status = 'revoked' }\n"
                                                      "campaign{ number = 'ARC0900001', status = 'draft' }");
  const StepResult step = episode.step("launch_access_review", {{"campaign", "ARC0900001"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["status"] == "open");
  CHECK(step.output()["items"]["pending"] == 2);
  CHECK(scalar(episode, "SELECT COUNT(*) FROM access_review_items i JOIN access_review_campaigns c ON c.id = i.campaign_id "
                        "WHERE c.number = 'ARC0900001' AND i.reviewer_id = i.user_id") == 0);
  const std::string manager = field_of(episode, "SELECT m.user_name FROM users u JOIN users m ON m.id = u.manager_id WHERE u.user_name = 'tobias.kern'");
  const std::string item = field_of(episode, "SELECT i.number FROM access_review_items i JOIN access_grants g ON g.id = i.grant_id "
                                              "WHERE g.number = 'AGT0900001'");
  CHECK(field_of(episode, "SELECT u.user_name FROM access_review_items i JOIN users u ON u.id = i.reviewer_id WHERE i.number = '" + item + "'") ==
        manager);
}

TEST_CASE("a manager without compliance roles decides the review item given to them", "[compliance][flows]") {
  // a manager holding no compliance role, and one of their people
  Episode probe = open_compliance("desmond.achebe", "");
  const Json pair = probe.world().query(
      "SELECT m.user_name AS manager, u.user_name AS member FROM users u JOIN users m ON m.id = u.manager_id "
      "WHERE u.active = 1 AND m.active = 1 AND NOT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
      "WHERE ur.user_id = m.id AND r.system = 'compliance') ORDER BY u.id LIMIT 1",
      Json::array())[0];
  const std::string manager = pair["manager"].get<std::string>();
  const std::string member = pair["member"].get<std::string>();
  Episode episode = open_compliance(manager, "local E = ent{ code = 'stg_admin' }\n"
                                             "local G1 = grant{ number = 'AGT0900001', user = '" + member + "', ent = E }\n"
                                             "local A = campaign{ number = 'ARC0900001' }\n"
                                             "item{ number = 'ARI0900001', campaign = A, grant = G1, reviewer = '" + manager + "' }");
  const StepResult read = episode.step("get_access_review", {{"campaign", "ARC0900001"}, {"reviewer", manager}});
  require_clean(read);
  const StepResult step = episode.step("decide_review_item", {{"item", "ARI0900001"}, {"decision", "keep"}});
  require_clean(step);
  const StepResult other = episode.step("get_access_review", {{"campaign", "ARC0900001"}});
  CHECK_FALSE(other.ok);
}

TEST_CASE("launching a campaign gives the owner's own access to the system's owner", "[compliance][flows]") {
  Episode episode = open_compliance("desmond.achebe", "local E = ent{ code = 'stg_admin' }\n"
                                                      "db.update('users', { id = uid('desmond.achebe') }, { manager_id = null })\n"
                                                      "grant{ number = 'AGT0900002', user = 'desmond.achebe', ent = E }\n"
                                                      "campaign{ number = 'ARC0900001', status = 'draft' }");
  const StepResult step = episode.step("launch_access_review", {{"campaign", "ARC0900001"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(field_of(episode, "SELECT u.user_name FROM access_review_items i JOIN access_grants g ON g.id = i.grant_id "
                          "JOIN users u ON u.id = i.reviewer_id WHERE g.number = 'AGT0900002'") == "yolanda.pryce");
}

TEST_CASE("an assessment's result follows from its score; a fail blocks the vendor", "[compliance][flows]") {
  Episode episode = open_compliance("carmen.villalobos", "local V = vendor{ number = 'VRP0900001', tier = 2 }\n"
                                                         "assessment{ number = 'VAS0900001', vendor = V, status = 'in_progress' }");
  const StepResult wrong = episode.step("complete_vendor_assessment", {{"assessment", "VAS0900001"}, {"score", 65}, {"result", "pass"},
                                                                       {"notes", "Questionnaire answered in full"}});
  CHECK_FALSE(wrong.ok);
  CHECK(error_code(wrong) == "invalid_arguments");
  const StepResult step = episode.step("complete_vendor_assessment", {{"assessment", "VAS0900001"}, {"score", 45},
                                                                      {"notes", "No incident notification terms, no MFA"}});
  INFO(step.output().dump());
  REQUIRE(step.ok);
  CHECK(step.output()["status"] == "blocked");
  CHECK(step.output()["next_assessment_due"] == "2028-03-02");
  CHECK(field_of(episode, "SELECT result FROM vendor_assessments WHERE number = 'VAS0900001'") == "fail");
  CHECK(step.output()["assessment_age_months"] == 0);
}
