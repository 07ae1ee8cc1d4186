// Scripts keep no state between calls: a runtime serves every episode of its environment, so what a
// tool could keep would carry from one episode into the next. Proved at load (file_state_seal.hpp).
#include <catch2/catch.hpp>

#include <filesystem>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

const std::filesystem::path kFixtures = OPSGYM_SOURCE_DIR "/tests/script/fixtures/stateless";

// A copy of deskling with fixture files added: each pair is (fixture file, path in the environment).
std::filesystem::path deskling_with(const std::string& name,
                                    std::initializer_list<std::pair<std::string, std::string>> files) {
  const auto dir = deskling_copy(name);
  for (const auto& [fixture, target] : files) write_text(dir / target, read_text(kFixtures / fixture));
  return dir;
}

// The same call, once in each of two episodes (one after the other, on the same runtime).
std::pair<Json, Json> in_two_episodes(const std::shared_ptr<const Environment>& env, const std::string& tool,
                                      const Json& args) {
  auto task = open_task();
  Json first, second;
  {
    Episode episode(env, task);
    first = episode.step(tool, args).output();
  }
  {
    Episode episode(env, task);
    second = episode.step(tool, args).output();
  }
  return {first, second};
}

}  // namespace

TEST_CASE("a tool assigning a file-level local is refused at load, naming file, line and variable", "[script][stateless]") {
  const auto dir = deskling_with("counter", {{"counter.lua", "tools/counter.lua"}});
  const std::string error = authoring_error_of([&] { Environment::load(dir, kVerifierLib); });
  CHECK_THAT(error, Catch::Contains("deskling/tools/counter.lua:8: assigns file-level local 'counter'") &&
                        Catch::Contains("keep episode state in the database"));
}

TEST_CASE("a tool assigning a local captured from a function that ran at load is refused", "[script][stateless]") {
  const auto dir = deskling_with("factory", {{"factory.lua", "tools/factory.lua"}});
  const std::string error = authoring_error_of([&] { Environment::load(dir, kVerifierLib); });
  CHECK_THAT(error, Catch::Contains("deskling/tools/factory.lua:5: assigns file-level local 'n'"));
}

TEST_CASE("a coroutine kept at file level is refused at load", "[script][stateless]") {
  const auto dir = deskling_with("coroutine", {{"coroutine.lua", "tools/coroutine.lua"}});
  const std::string error = authoring_error_of([&] { Environment::load(dir, kVerifierLib); });
  CHECK_THAT(error, Catch::Contains("tool step_coroutine") && Catch::Contains("a coroutine outlives the call"));
}

TEST_CASE("a file-level table written at call time is read-only, and the next episode answers the same", "[script][stateless]") {
  const auto env = Environment::load(deskling_with("table", {{"table_cache.lua", "tools/table_cache.lua"}}),
                                     kVerifierLib, small_limits());
  const auto [first, second] = in_two_episodes(env, "remember", Json{{"key", "a"}});
  CHECK(first["error"]["code"] == "tool_error");
  CHECK_THAT(first["error"]["message"].get<std::string>(),
             Catch::Contains("deskling/tools/table_cache.lua:9:") && Catch::Contains("read-only") &&
                 Catch::Contains("keep episode state in the database"));
  CHECK(second == first);
}

TEST_CASE("a required module's table written at call time is read-only, and the next episode answers the same", "[script][stateless]") {
  const auto env = Environment::load(
      deskling_with("module", {{"tally.lua", "lib/tally.lua"}, {"module_cache.lua", "tools/module_cache.lua"}}),
      kVerifierLib, small_limits());
  const auto [first, second] = in_two_episodes(env, "tally_name", Json{{"name", "ada"}});
  CHECK(first["error"]["code"] == "tool_error");
  CHECK_THAT(first["error"]["message"].get<std::string>(),
             Catch::Contains("deskling/lib/tally.lua:5:") && Catch::Contains("read-only"));
  CHECK(second == first);
}

TEST_CASE("file-level tables set up at load read as before: index, #, pairs, ipairs, concat, json", "[script][stateless]") {
  const auto env = Environment::load(deskling_with("read", {{"read_frozen.lua", "tools/read_frozen.lua"}}),
                                     kVerifierLib, small_limits());
  Episode episode(env, open_task());
  const StepResult step = episode.step("read_frozen", Json::object());
  INFO(step.output().dump());
  REQUIRE(step.ok);
  const Json out = step.output();
  CHECK(out["offset"] == 5);
  CHECK(out["length"] == 3);
  CHECK(out["first"] == "alice");
  CHECK(out["joined"] == "alice,bob,carol");
  CHECK(out["unpacked"] == 3);
  CHECK(out["pairs_seen"] == Json::array({"x=1", "y=2", "z=3"}));
  CHECK(out["ipairs_seen"] == Json::array({"alice", "bob", "carol"}));
  CHECK(out["lookup_x"] == 1);
  CHECK(out["deep"] == "yes");
  CHECK(out["names"] == Json::array({"alice", "bob", "carol"}));  // a tool may return a frozen table
  CHECK(out["lookup"] == Json{{"x", 1}, {"y", 2}, {"z", 3}});
  CHECK(out["none"] == Json::array());  // an array mark survives freezing
  CHECK(Json::parse(out["encoded"].get<std::string>()) == Json{{"x", 1}, {"y", 2}, {"z", 3}});
  CHECK(out["doubled"] == 42);  // a frozen table still serves as a metatable (__index kept in place)
  CHECK(out["given"] == "here");
  CHECK(out["fallback"] == "default other");  // the table's own metatable answers what it lacks
  // Raw access sees the table itself, which holds nothing but its metamethod fields once frozen.
  CHECK(out["raw_x"] == "nil");
  CHECK(out["raw_length"] == 0);
  CHECK(out["next_key"] == "none");
  CHECK(out["metatable"] == "frozen");
  // The engine's C functions read frozen tables too: rng.pick, and db.insert's row.
  CHECK((out["picked"] == "alice" || out["picked"] == "bob" || out["picked"] == "carol"));
  CHECK(episode.world().query("SELECT body FROM notes WHERE rowid = " + out["inserted"].dump())[0]["body"] ==
        "from a frozen row");
}

TEST_CASE("the array metatable every array shares cannot be written or swapped", "[script][stateless]") {
  Episode episode = open_episode();
  const auto eval = [&](const std::string& code) { return episode.step("eval", Json{{"code", code}}); };
  CHECK(eval("return getmetatable(array({}))").output()["value"] == "array");
  CHECK(eval("return getmetatable(db.query('SELECT 1 AS one'))").output()["value"] == "array");
  const StepResult swap = eval("return setmetatable(db.query('SELECT 1 AS one'), {})");
  CHECK_FALSE(swap.ok);
  CHECK_THAT(swap.output()["error"]["message"].get<std::string>(), Catch::Contains("protected metatable"));
}

TEST_CASE("every environment under environments/ loads with its scripts sealed", "[script][stateless]") {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(OPSGYM_SOURCE_DIR "/environments")) {
    if (!std::filesystem::exists(entry.path() / "env.yaml")) continue;
    INFO(entry.path().filename().string());
    CHECK_NOTHROW(Environment::load(entry.path(), kVerifierLib));
    ++loaded;
  }
  CHECK(loaded > 0);
}

TEST_CASE("a version_cache keeps a value only while the data version it was read at stays", "[script][stateless]") {
  const auto env = Environment::load(deskling_with("versions", {{"version_cache.lua", "tools/version_cache.lua"}}),
                                     kVerifierLib, small_limits());
  Episode episode(env, open_task());
  const Json first = episode.step("count_notes", Json::object()).output();
  CHECK(first["kept"] == false);
  const Json again = episode.step("count_notes", Json::object()).output();
  CHECK(again["kept"] == true);
  CHECK(again["count"] == first["count"]);
  REQUIRE(episode.step("eval", Json{{"code", "db.insert('notes', { ticket_id = 1, body = 'x' })"}}).ok);
  const Json after_write = episode.step("count_notes", Json::object()).output();
  CHECK(after_write["kept"] == false);  // the data moved on: what was kept is not seen
  CHECK(after_write["count"] == first["count"].get<int>() + 1);

  const auto misuse = [&](const std::string& how) { return episode.step("misuse_cache", Json{{"how", how}}); };
  CHECK_THAT(misuse("pairs").output()["error"]["message"].get<std::string>(), Catch::Contains("table expected"));
  CHECK_THAT(misuse("nil_key").output()["error"]["message"].get<std::string>(),
             Catch::Contains("version_cache: a key cannot be nil"));
  CHECK(misuse("metatable").output()["value"] == "version_cache");
}
