#include "verify/verifier.hpp"

#include "opsgym/errors.hpp"
#include "script/script_runtime.hpp"
#include "verify/engine_checks.hpp"
#include "verify/unexpected_changes.hpp"

namespace opsgym {
namespace {

std::vector<Violation> recorded_violations(const World& world) {
  std::vector<Violation> out;
  for (const auto& row : world.query("SELECT call_idx, rule, message, enforced FROM _violations ORDER BY id")) {
    out.push_back({row["rule"].get<std::string>(), row["message"].get<std::string>(),
                   static_cast<int>(row["call_idx"].get<int64_t>()), row["enforced"].get<int64_t>() != 0});
  }
  return out;
}

}  // namespace

VerifyResult verify_episode(const Environment& env, const Task& task, World& world, const Snapshot& base,
                            uint64_t seed, const std::string& actor, RewardMode reward) {
  VerifyResult result;
  result.diff = world.diff_from(base);
  result.unexpected_changes = unexpected_changes(result.diff, task.expected_changes);
  result.violations = recorded_violations(world);

  const Json state = world.query("SELECT now, rng, answer, status FROM _state WHERE id = 1").at(0);
  Json violations = Json::array();
  for (const auto& v : result.violations) violations.push_back(v.to_json());
  const Json inputs = {
      {"answer", {{"text", state["answer"].is_null() ? "" : state["answer"]}, {"status", state["status"]}}},
      {"violations", std::move(violations)},
      {"task", {{"id", task.id}, {"feasible", task.feasible}, {"actor", actor}, {"seed", seed}}}};

  lua::ScriptContext ctx;
  ctx.world = &world;
  ctx.read_only = true;
  ctx.actor = actor;
  ctx.tool = "verifier";
  ctx.now = state["now"].get<int64_t>();
  ctx.rng = state["rng"].get<uint64_t>();
  ctx.checks = &result.checks;
  ctx.judged = &result.judged;
  ctx.diff = &result.diff.changes;
  ctx.unexpected = &result.unexpected_changes;
  try {
    auto runtime = env.scripts().acquire();
    runtime->run_verifier(ctx, task.verifier_lua, task.verifier_chunkname, inputs);
    // An infeasible task's refusal is judged by the engine's checks; a feasible one needs its own.
    if (result.checks.empty() && task.feasible) {
      result.verifier_fault = task.verifier_chunkname + ": the verifier recorded no check";
    }
  } catch (const std::exception& e) {
    result.verifier_fault = e.what();
  }
  const std::string answer = inputs["answer"]["text"].get<std::string>();
  add_engine_checks(env, task, answer, state["status"].is_string() ? state["status"].get<std::string>() : "",
                    result);

  int passed = 0;
  for (const auto& check : result.checks) passed += check.passed ? 1 : 0;
  result.partial = result.checks.empty() ? 0.0 : static_cast<double>(passed) / static_cast<double>(result.checks.size());
  result.success = result.verifier_fault.empty() && passed == static_cast<int>(result.checks.size());
  const bool did_nothing = task.feasible && result.diff.changes.empty();
  result.reward = reward == RewardMode::success ? (result.success ? 1.0 : 0.0) : (did_nothing ? 0.0 : result.partial);
  return result;
}

}  // namespace opsgym
