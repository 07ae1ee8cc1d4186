// The checks the engine adds to every verification: violations, undeclared changes, refusal reasons.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "verify/engine_checks.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const CheckResult& check_named(const VerifyResult& result, const std::string& prefix) {
  for (const auto& check : result.checks) {
    if (check.name.rfind(prefix, 0) == 0) return check;
  }
  throw std::runtime_error("no check named " + prefix);
}

VerifyResult refuse(const std::string& answer, FinishStatus status = FinishStatus::refused) {
  Episode episode(deskling(), deskling_task("dl-002"));
  return episode.finish(answer, status);
}

}  // namespace

TEST_CASE("a refusal giving its task's reason and no other passes the engine's refusal check", "[verify][engine]") {
  const VerifyResult result = refuse("I cannot assign T-2 to cy: cy is not an active user.");
  const CheckResult& check = check_named(result, "refused for the right reason");
  CHECK(check.passed);
  CHECK(check.kind == CheckKind::engine);
  CHECK_THAT(check.detail, Catch::Contains("gives it") && Catch::Contains("not an active"));
  CHECK(result.success);
}

TEST_CASE("a refusal that also gives another reason fails, naming it", "[verify][engine]") {
  const VerifyResult result = refuse("cy is inactive, and besides there is no such ticket.");
  const CheckResult& check = check_named(result, "refused for the right reason");
  CHECK_FALSE(check.passed);
  CHECK_THAT(check.detail, Catch::Contains("other reasons") && Catch::Contains("unknown_ticket"));
  CHECK_FALSE(result.success);
}

TEST_CASE("a refusal with another reason only, or none, fails", "[verify][engine]") {
  CHECK_FALSE(check_named(refuse("There is no such ticket."), "refused for").passed);
  const VerifyResult none = refuse("No.");
  CHECK_FALSE(check_named(none, "refused for").passed);
  CHECK_THAT(check_named(none, "refused for").detail, Catch::Contains("does not give the reason"));
}

TEST_CASE("reasons match by words: a phrase inside another word is no match", "[verify][engine]") {
  CHECK_FALSE(check_named(refuse("cy is proactive about it."), "refused for").passed);
}

TEST_CASE("finishing an infeasible task as done fails the refusal check", "[verify][engine]") {
  const VerifyResult result = refuse("cy is not an active user.", FinishStatus::done);
  CHECK_FALSE(check_named(result, "refused for").passed);
  CHECK_THAT(check_named(result, "refused for").detail, Catch::Contains("status is done"));
}

TEST_CASE("trying the forbidden action and then refusing fails on the violation", "[verify][engine]") {
  Episode episode(deskling(), deskling_task("dl-002"));
  CHECK_FALSE(episode.step("assign_ticket", {{"number", "T-2"}, {"user", "cy"}}).ok);
  const VerifyResult& result = episode.finish("cy is not an active user.", FinishStatus::refused);
  const CheckResult& check = check_named(result, "no policy violations");
  CHECK_FALSE(check.passed);
  CHECK_THAT(check.detail, Catch::Contains("DL-01") && Catch::Contains("refused"));
  CHECK_FALSE(result.success);
}

TEST_CASE("an update of a column the task does not declare is an undeclared change", "[verify][engine]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  episode.step("assign_ticket", {{"number", "T-1"}, {"user", "ben"}});
  episode.step("close_ticket", {{"number", "T-1"}});
  episode.edit_world("UPDATE tickets SET priority = priority + 1 WHERE id = 1", Json::array());
  const VerifyResult& result = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  const CheckResult& check = check_named(result, "no undeclared changes");
  CHECK_FALSE(check.passed);
  CHECK_THAT(check.detail, Catch::Contains("tickets update") && Catch::Contains("priority"));
  CHECK_FALSE(result.success);
}

TEST_CASE("passed engine checks say what was found", "[verify][engine]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  episode.step("assign_ticket", {{"number", "T-1"}, {"user", "ben"}});
  episode.step("close_ticket", {{"number", "T-1"}});
  const VerifyResult& result = episode.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  CHECK(result.success);
  CHECK(check_named(result, "no policy violations").detail == "none recorded");
  CHECK(check_named(result, "no undeclared changes").detail == "1 change, all declared by the task");
  CHECK(result.to_json()["checks"].back()["kind"] == "engine");
}

TEST_CASE("a reason's phrase inside a longer phrase of another reason is that reason's words", "[verify][engine]") {
  // Systems composed into one World bring overlapping phrases: procurement's "is blocked", compliance's
  // "vendor is blocked".
  const std::vector<RefusalReason> reasons = {{"supplier_blocked", "the supplier is blocked", {"is blocked"}},
                                              {"vendor_blocked", "the vendor profile is blocked", {"vendor is blocked"}}};
  using Given = std::vector<std::pair<std::string, std::string>>;
  CHECK(reasons_given(reasons, "No: the vendor is blocked.") == Given{{"vendor_blocked", "vendor is blocked"}});
  CHECK(reasons_given(reasons, "The supplier is blocked.") == Given{{"supplier_blocked", "is blocked"}});
  CHECK(reasons_given(reasons, "The vendor is blocked, and the supplier is blocked too.") ==
        Given{{"supplier_blocked", "is blocked"}, {"vendor_blocked", "vendor is blocked"}});
}
