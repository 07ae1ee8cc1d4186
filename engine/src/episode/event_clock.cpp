#include "episode/event_clock.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "opsgym/errors.hpp"
#include "script/script_runtime.hpp"

namespace opsgym {
namespace {

constexpr int kMaxEventsPerAdvance = 10'000;

}  // namespace

void advance_clock(const Environment& env, World& world, const std::string& actor, ClockState& clock, int64_t to) {
  if (clock.next_due > to) {
    clock.now = std::max(clock.now, to);
    return;
  }
  std::optional<ScriptPool::Lease> runtime;  // acquired only when an event is due
  for (int fired = 0;; ++fired) {
    // The earliest unfired event, due or not: when it is not due yet, its time is the next one to wait for.
    const Json next =
        world.query("SELECT id, due, kind, payload FROM _events WHERE fired = 0 ORDER BY due, id LIMIT 1");
    if (next.empty() || next[0]["due"].get<int64_t>() > to) {
      clock.next_due = next.empty() ? std::numeric_limits<int64_t>::max() : next[0]["due"].get<int64_t>();
      break;
    }
    const Json& event = next[0];
    const int64_t id = event["id"].get<int64_t>();
    if (fired >= kMaxEventsPerAdvance) {
      world.record("UPDATE _events SET fired = 1, error = ? WHERE fired = 0 AND due <= ?",
                    Json::array({"not run: over " + std::to_string(kMaxEventsPerAdvance) +
                                     " events fell due in one step (an event keeps rescheduling itself?)",
                                 to}));
      clock.next_due = ClockState::kUnknown;
      break;
    }
    if (!runtime) runtime.emplace(env.scripts().acquire());
    const std::string kind = event["kind"].get<std::string>();
    Json payload = Json::parse(event["payload"].get<std::string>(), nullptr, false);
    lua::ScriptContext ctx;
    ctx.world = &world;
    ctx.actor = actor;
    ctx.tool = "event:" + kind;
    ctx.now = std::max(clock.now, event["due"].get<int64_t>());
    ctx.rng = clock.rng;
    std::string error;
    {
      World::Savepoint savepoint(world);
      try {
        (*runtime)->run_event(ctx, kind, payload, Json{{"id", id}, {"kind", kind}, {"due", event["due"]}});
        savepoint.release();
        clock.now = ctx.now;
        clock.rng = ctx.rng;
      } catch (const std::exception& e) {
        error = e.what();
      }
    }
    world.record("UPDATE _events SET fired = 1, error = ? WHERE id = ?",
                  Json::array({error.empty() ? Json(nullptr) : Json(error), id}));
  }
  clock.now = std::max(clock.now, to);
}

}  // namespace opsgym
