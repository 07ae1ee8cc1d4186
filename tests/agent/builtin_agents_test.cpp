#include <catch2/catch.hpp>

#include "agent/builtin_agents.hpp"
#include "agent/fixture_catalog.hpp"

using namespace opsgym;
using namespace opsgym::agent;
using namespace opsgym::testing;

namespace {
VerifyResult play(Agent& agent, const std::string& task_id, AgentTrace* out = nullptr) {
  auto task = fixture_catalog().task(task_id);
  Episode episode(fixture_catalog().environment(task->environment), task);
  episode.reset();
  AgentTrace trace = agent.run(episode);
  if (out) *out = trace;
  return episode.finish(trace.answer, trace.status);
}
}  // namespace

TEST_CASE("The reference agent resolves placeholders and solves the task") {
  ReferenceAgent reference;
  AgentTrace trace;
  VerifyResult result = play(reference, "md-002", &trace);
  CHECK(result.success);
  CHECK(trace.tool_calls == 3);
}

TEST_CASE("The reference agent refuses infeasible tasks as the reference does") {
  ReferenceAgent reference;
  AgentTrace trace;
  CHECK(play(reference, "md-003", &trace).success);
  CHECK(trace.status == FinishStatus::refused);
}

TEST_CASE("The noop agent answers at once and fails feasible tasks") {
  NoopAgent noop;
  AgentTrace trace;
  VerifyResult result = play(noop, "md-001", &trace);
  CHECK_FALSE(result.success);
  CHECK(trace.tool_calls == 0);
}
