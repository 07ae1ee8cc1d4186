// Rewards: success by default (doing nothing earns 0 on every feasible task), shaped on request.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/catalog.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const Catalog& project_catalog() {
  static const Catalog catalog = Catalog::load_default();
  return catalog;
}

EpisodeOptions rewarded(RewardMode mode) {
  EpisodeOptions options;
  options.reward = mode;
  return options;
}

VerifyResult do_nothing(const std::shared_ptr<const Task>& task, RewardMode mode) {
  Episode episode(project_catalog().environment(task->environment), task, rewarded(mode));
  return episode.finish("", FinishStatus::done);
}

}  // namespace

TEST_CASE("doing nothing earns reward 0 on every feasible task of every environment, in both modes", "[verify][reward]") {
  int feasible = 0;
  for (const auto& task : project_catalog().tasks()) {
    if (!task->feasible) continue;
    ++feasible;
    const VerifyResult plain = do_nothing(task, RewardMode::success);
    INFO(task->id << " partial " << plain.partial);
    CHECK_FALSE(plain.success);
    CHECK(plain.reward == 0.0);
    CHECK(do_nothing(task, RewardMode::shaped).reward == 0.0);
  }
  CHECK(feasible > 0);
}

TEST_CASE("the default reward is 1 for a success and 0 for a partial solution", "[verify][reward]") {
  Episode done(deskling(), deskling_task("dl-001"));
  done.step("assign_ticket", {{"number", "T-1"}, {"user", "ben"}});
  done.step("close_ticket", {{"number", "T-1"}});
  const VerifyResult& solved = done.finish("Assigned T-1 to ben and closed it.", FinishStatus::done);
  CHECK(solved.success);
  CHECK(solved.reward == 1.0);

  Episode half(deskling(), deskling_task("dl-001"));
  half.step("assign_ticket", {{"number", "T-1"}, {"user", "ben"}});
  const VerifyResult& partial = half.finish("Assigned T-1 to ben.", FinishStatus::done);
  CHECK_FALSE(partial.success);
  CHECK(partial.partial > 0.0);
  CHECK(partial.reward == 0.0);
}

TEST_CASE("the shaped reward pays partial credit once the episode changed something", "[verify][reward]") {
  Episode half(deskling(), deskling_task("dl-001"), rewarded(RewardMode::shaped));
  half.step("assign_ticket", {{"number", "T-1"}, {"user", "ben"}});
  const VerifyResult& partial = half.finish("Assigned T-1 to ben.", FinishStatus::done);
  CHECK_FALSE(partial.success);
  CHECK(partial.reward == Approx(partial.partial));
  CHECK(partial.reward > 0.0);
  CHECK(partial.reward < 1.0);
  CHECK(partial.to_json()["reward"] == partial.reward);
}

TEST_CASE("reward modes are named success and shaped", "[verify][reward]") {
  CHECK(reward_mode_named("success") == RewardMode::success);
  CHECK(reward_mode_named("shaped") == RewardMode::shaped);
  CHECK_FALSE(reward_mode_named("partial").has_value());
  CHECK(std::string(to_string(RewardMode::shaped)) == "shaped");
}
