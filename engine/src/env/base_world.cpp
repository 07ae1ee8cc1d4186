#include "env/base_world.hpp"

#include <optional>

#include "opsgym/errors.hpp"
#include "script/script_runtime.hpp"

namespace opsgym {
namespace {

// Runs a seed or setup chunk against `world` at simulated time `now`, continuing the World's generator.
void run_staging_chunk(const Environment& env, World& world, const std::string& actor, int64_t now,
                       const std::string& source, const std::string& chunkname) {
  const Json state = world.query("SELECT rng FROM _state WHERE id = 1").at(0);
  lua::ScriptContext ctx;
  ctx.world = &world;
  ctx.actor = actor;
  ctx.now = now;
  ctx.rng = state["rng"].get<uint64_t>();
  auto runtime = env.scripts().acquire();
  // One transaction for the whole chunk: a seed's thousands of inserts would otherwise each commit.
  World::Savepoint transaction(world);
  try {
    runtime->run_chunk(ctx, source, chunkname);
    transaction.release();
  } catch (const lua::ScriptError& e) {
    throw AuthoringError(chunkname + ": " + e.what());
  } catch (const std::runtime_error& e) {
    // Constraint failures and other SQLite errors escaping a seed are authoring faults too.
    if (dynamic_cast<const AuthoringError*>(&e)) throw;
    throw AuthoringError(chunkname + ": " + e.what());
  }
  world.execute("UPDATE _state SET now = ?, rng = ? WHERE id = 1", Json::array({ctx.now, ctx.rng}));
}

// Merges each full-text index (FTS5 table) into one segment. Filling an index leaves it in several (FTS5
// writes one per statement, and whenever its buffer fills), and a search reads every segment.
void compact_search_indexes(World& world) {
  const Json indexes = world.query(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name");
  for (const auto& row : indexes) {
    std::string name = row["name"].get<std::string>();
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    world.execute("INSERT INTO " + quoted + "(" + quoted + ") VALUES ('optimize')");
  }
}

}  // namespace

Snapshot build_seed_world(const Environment& env, const std::vector<Package>& packages, uint64_t seed) {
  World world;
  for (const auto& package : packages) world.exec_script(package.schema_sql);
  // The generator state starts from the seed alone, so a seed names one World on every machine.
  world.execute("UPDATE _state SET seed = ?, now = ?, rng = ?, actor = ? WHERE id = 1",
                Json::array({seed, env.clock_start(), seed, env.default_actor()}));
  // The shared parts' seeds continue one generator. Each system's seed then starts from where the parts
  // left it, so a system draws the same numbers alone and inside a composite, whatever runs before it.
  std::optional<Json> after_parts;
  for (const auto& package : packages) {
    if (!package.is_part) {
      if (!after_parts) after_parts = world.query("SELECT rng FROM _state WHERE id = 1").at(0)["rng"];
      world.execute("UPDATE _state SET rng = ? WHERE id = 1", Json::array({*after_parts}));
    }
    if (package.seed_lua.empty()) continue;
    const std::string& actor = package.default_actor.empty() ? env.default_actor() : package.default_actor;
    run_staging_chunk(env, world, actor, env.clock_start(), package.seed_lua, package.name + "/seed.lua");
  }
  for (const auto& package : packages) {
    try {
      world.exec_script(package.indexes_sql);
    } catch (const std::runtime_error& e) {
      throw AuthoringError(package.name + "/indexes.sql: " + e.what());
    }
  }
  compact_search_indexes(world);
  return world.snapshot();
}

Snapshot build_task_world(const Environment& env, const Snapshot& seeded, const Task& task, uint64_t seed) {
  World world(seeded);
  const std::string& actor = env.actor_of(task);
  const int64_t start = task.start_time.value_or(env.clock_start());
  if (!task.setup_lua.empty()) run_staging_chunk(env, world, actor, start, task.setup_lua, task.setup_chunkname);
  world.execute("UPDATE _state SET task = ?, actor = ?, seed = ?, now = ? WHERE id = 1",
                Json::array({task.id, actor, seed, start}));
  return world.snapshot();
}

}  // namespace opsgym
