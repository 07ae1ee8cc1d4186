// A World is built by its seed and setup chunks the same on every machine: only the deterministic limits
// (instructions, memory) bound them, never wall time, while tools keep the wall-time limit. With no wall
// time at all allowed, a setup that loops still builds its World, and the same loop in a tool is stopped.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

TEST_CASE("Seed and setup chunks are not bounded by wall time; tools are", "[script][limits]") {
  Limits limits = small_limits();
  limits.wall_ms = 0;  // every wall-time check fails at once
  const auto env = Environment::load(kDeskling, kVerifierLib, limits);
  const char* loop = "local n = 0 for i = 1, 100000 do n = n + i end";

  auto task = std::make_shared<Task>(*open_task(7));
  task->setup_lua = loop;
  task->setup_chunkname = "deskling/tasks/dl-open.yaml:setup";
  Episode episode(env, task);  // builds the World: the setup ran its 100,000 iterations

  const StepResult step = episode.step("eval", Json{{"code", std::string(loop) + " return n"}});
  REQUIRE_FALSE(step.ok);
  CHECK(step.output().at("error").at("message").get<std::string>().find("time limit exceeded (0 ms)") !=
        std::string::npos);
}
