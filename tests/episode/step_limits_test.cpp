// The task's max_steps, enforced by the one implementation of a step.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::string error_code(const StepResult& step) { return step.output().at("error").at("code").get<std::string>(); }

}  // namespace

TEST_CASE("a call past the task's max_steps is a step_limit error that changes nothing and is no step", "[episode]") {
  Episode episode(deskling(), deskling_task("dl-002"));
  const int limit = episode.task().max_steps;
  REQUIRE(limit == 5);
  for (int i = 0; i < limit; ++i) REQUIRE(episode.step("search_tickets", Json::object()).index == i + 1);
  const Snapshot before = episode.world().snapshot();
  const int64_t now = episode.now();

  const StepResult refused = episode.step("add_note", Json{{"number", "T-1"}, {"body", "one more"}});
  CHECK_FALSE(refused.ok);
  CHECK(refused.index == 0);
  CHECK(error_code(refused) == "step_limit");
  const std::string message = refused.output()["error"]["message"].get<std::string>();
  CHECK_THAT(message, Catch::Contains("5 tool calls"));
  CHECK_THAT(refused.output()["error"]["hint"].get<std::string>(), Catch::Contains("finish"));
  CHECK(episode.steps() == limit);
  CHECK(episode.trajectory().size() == static_cast<size_t>(limit));
  CHECK(episode.now() == now);
  CHECK(episode.world().diff_from(before).changes.empty());
  // The episode can still be finished, and a reset gives the budget back.
  CHECK_FALSE(episode.finished());
  episode.reset();
  CHECK(episode.step("search_tickets", Json::object()).ok);
}
