// The hostile fixture environment in process: every runaway its tools try ends with a clear tool error
// within a second (small limits), every escape is refused, the World and the next calls are unaffected,
// and its verifiers' own attacks are refused (hx-001) or end as a verifier fault naming the limit (hx-002).
#include <catch2/catch.hpp>

#include <chrono>

#include "episode/deskling_fixture.hpp"
#include "script/support_hostile.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::shared_ptr<const Environment> hostile() {
  static const auto env = Environment::load(kHostile, kVerifierLib, small_limits());
  return env;
}

std::shared_ptr<const Task> hostile_task(const std::string& id) {
  for (const auto& task : hostile()->tasks()) {
    if (task->id == id) return task;
  }
  throw std::runtime_error("hostile has no task " + id);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("each hostile attack ends with a clear tool error within a second, changing nothing", "[script][hostile]") {
  for (const HostileAttack& attack : hostile_attacks()) {
    INFO(attack.name);
    Episode episode(hostile(), hostile_task("hx-001"));
    const Snapshot before = episode.world().snapshot();
    const auto start = std::chrono::steady_clock::now();
    const StepResult step = episode.step("attack", Json{{"name", attack.name}});
    CHECK(seconds_since(start) < 1.0);
    CHECK_FALSE(step.ok);
    REQUIRE(step.output().contains("error"));
    CHECK(step.output()["error"]["code"] == attack.code);
    CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains(attack.message));
    CHECK(episode.world().diff_from(before).changes.empty());
    const StepResult count = episode.step("count_items", Json::object());
    REQUIRE(count.ok);
    CHECK(count.output()["count"] == 2);
  }
}

TEST_CASE("the hostile environment's tools reach nothing outside the sandbox", "[script][hostile]") {
  Episode episode(hostile(), hostile_task("hx-001"));
  const StepResult step = episode.step("attack", Json{{"name", "reach"}});
  REQUIRE(step.ok);
  for (const auto& [name, type] : step.output()["value"].items()) {
    INFO(name);
    CHECK(type == "nil");
  }
  CHECK(step.output()["value"].size() == 9);
}

TEST_CASE("a hostile verifier's escapes are all refused", "[script][hostile]") {
  Episode episode(hostile(), hostile_task("hx-001"));
  REQUIRE(episode.step("count_items", Json::object()).ok);
  const VerifyResult& result = episode.finish("Done.", FinishStatus::done);
  CHECK(result.verifier_fault.empty());
  for (const CheckResult& check : result.checks) {
    INFO(check.name << ": " << check.detail);
    CHECK(check.passed);
  }
  CHECK(result.checks.size() >= 11);
}

TEST_CASE("a verifier that runs away behind pcall ends as a verifier fault naming the limit", "[script][hostile]") {
  Episode episode(hostile(), hostile_task("hx-002"));
  const auto start = std::chrono::steady_clock::now();
  const VerifyResult& result = episode.finish("Done.", FinishStatus::done);
  CHECK(seconds_since(start) < 1.0);
  CHECK_FALSE(result.success);
  CHECK_THAT(result.verifier_fault, Catch::Contains("instruction limit exceeded"));
}
