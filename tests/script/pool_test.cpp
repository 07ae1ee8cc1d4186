// The environment's pool of Lua runtimes: reuse, and each thread getting back the runtime it used last.
#include <catch2/catch.hpp>

#include <optional>
#include <thread>

#include "episode/deskling_fixture.hpp"
#include "script/script_runtime.hpp"

using namespace opsgym;
using namespace opsgym::testing;

TEST_CASE("a released runtime is reused rather than a new one built", "[script]") {
  const auto env = deskling();
  const ScriptRuntime* first = nullptr;
  {
    auto lease = env->scripts().acquire();
    first = &*lease;
  }
  auto again = env->scripts().acquire();
  CHECK(&*again == first);
}

TEST_CASE("a thread gets back the runtime it released, not the one released last by another thread", "[script]") {
  const auto env = deskling();
  ScriptPool& pool = env->scripts();
  std::optional<ScriptPool::Lease> mine(pool.acquire());
  std::optional<ScriptPool::Lease> theirs(pool.acquire());
  const ScriptRuntime* mine_runtime = &**mine;
  const ScriptRuntime* theirs_runtime = &**theirs;
  REQUIRE(mine_runtime != theirs_runtime);

  mine.reset();                                       // released by this thread first
  std::thread([&] { theirs.reset(); }).join();        // then by another thread: the most recent
  const ScriptRuntime* other_thread_gets = nullptr;
  {
    auto here = pool.acquire();
    CHECK(&*here == mine_runtime);
    std::thread([&] {
      auto there = pool.acquire();  // its own runtime is not idle: it takes what is there
      other_thread_gets = &*there;
    }).join();
  }
  CHECK(other_thread_gets == theirs_runtime);
}
