// Shared parts (builds_on): an environment built on a part has its tables, seed, tools, rules, event
// handlers, modules and policy; names must be unique across the packages, and a clash names both files.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/catalog.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/world.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// A deskling copy that builds on a part "badges" beside it (a table, a seed drawing from the generator, a
// tool, a module and a policy). Returns the environment's folder.
std::filesystem::path deskling_on_badges(const std::string& name) {
  const auto env = deskling_copy(name);
  const auto part = env.parent_path() / "badges";
  write_text(part / "part.yaml", "name: badges\ndescription: Door badges of the staff\n");
  write_text(part / "schema.sql", "CREATE TABLE badges (id INTEGER PRIMARY KEY, holder TEXT NOT NULL, code INTEGER NOT NULL);\n");
  write_text(part / "seed.lua", "for i, holder in ipairs({ 'ana', 'ben' }) do\n"
                                "  db.insert('badges', { id = i, holder = holder, code = rng.int(1, 1000000) })\n"
                                "end\n");
  write_text(part / "lib" / "badge_format.lua", "return { label = function(b) return b.holder .. '#' .. b.code end }\n");
  write_text(part / "tools" / "badges.lua",
             "local F = require('badge_format')\n"
             "return { name = 'list_badges', description = 'Every badge.', read_only = true,\n"
             "  run = function() local out = {}\n"
             "    for _, b in ipairs(db.query('SELECT * FROM badges ORDER BY id')) do out[#out + 1] = F.label(b) end\n"
             "    return { badges = array(out) } end }\n");
  write_text(part / "policy.md", "# Badges\nNever lend a badge.\n");
  write_text(env / "env.yaml", read_text(env / "env.yaml") + "builds_on: [badges]\n");
  // The environment's seed runs after the part's: it may use the part's rows.
  write_text(env / "seed.lua", read_text(env / "seed.lua") +
                                   "assert(db.value('SELECT COUNT(*) FROM badges') == 2, 'the part seeds first')\n");
  return env;
}

std::string load_error(const std::filesystem::path& dir) {
  return authoring_error_of([&] { Environment::load(dir, kVerifierLib, small_limits()); });
}

}  // namespace

TEST_CASE("an environment built on a shared part has the part's tables, tools, modules, seed and policy",
          "[env][parts]") {
  const auto dir = deskling_on_badges("part-loads");
  const auto env = Environment::load(dir, kVerifierLib, small_limits());
  CHECK(env->builds_on() == std::vector<std::string>{"badges"});
  CHECK(env->tables() == std::vector<std::string>{"alerts", "badges", "notes", "tickets", "users"});
  REQUIRE(env->tool("list_badges"));
  CHECK(env->tool("list_badges")->file == "badges/tools/badges.lua");
  REQUIRE(env->tool("search_tickets"));
  // The agent reads the environment's policy first, then the part's.
  const std::string& policy = env->policy();
  CHECK(policy.find("Never lend a badge.") != std::string::npos);
  CHECK(policy.find(read_text(dir / "policy.md")) == 0);

  Episode episode(env, open_task());
  const StepResult step = episode.step("list_badges", Json::object());
  INFO(step.output_text);
  REQUIRE(step.ok);
  const Json badges = Json::parse(step.output_text)["badges"];
  REQUIRE(badges.size() == 2);
  CHECK(badges[0].get<std::string>().rfind("ana#", 0) == 0);
}

TEST_CASE("a World built on a part is the same for the same seed and differs for another", "[env][parts]") {
  const auto env = Environment::load(deskling_on_badges("part-seeds"), kVerifierLib, small_limits());
  const Json first = rows(World(env->base_snapshot(7, nullptr)), "badges");
  CHECK(rows(World(env->base_snapshot(7, nullptr)), "badges") == first);
  CHECK(rows(World(env->base_snapshot(8, nullptr)), "badges") != first);
  // The generator runs on from the part's seed into the environment's: tickets differ from deskling alone's.
  CHECK(rows(World(env->base_snapshot(7, nullptr)), "tickets") != rows(World(deskling()->base_snapshot(7, nullptr)), "tickets"));
}

TEST_CASE("names defined twice across a part and its environment are refused, naming both files", "[env][parts]") {
  SECTION("a table") {
    const auto dir = deskling_on_badges("part-table");
    write_text(dir.parent_path() / "badges" / "schema.sql",
               read_text(dir.parent_path() / "badges" / "schema.sql") +
                   "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("table 'notes'") && Catch::Contains("badges/schema.sql") &&
                            Catch::Contains("deskling/schema.sql"));
  }
  SECTION("a tool") {
    const auto dir = deskling_on_badges("part-tool");
    write_text(dir / "tools" / "more.lua",
               "return { name = 'list_badges', description = 'Again.', run = function() return {} end }\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("'list_badges'") && Catch::Contains("badges/tools/badges.lua") &&
                            Catch::Contains("deskling/tools/more.lua"));
  }
  SECTION("a module") {
    const auto dir = deskling_on_badges("part-module");
    write_text(dir / "lib" / "badge_format.lua", "return {}\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("'badge_format'") && Catch::Contains("badges/lib/badge_format.lua") &&
                            Catch::Contains("deskling/lib/badge_format.lua"));
  }
  SECTION("a rule id") {
    const auto dir = deskling_on_badges("part-rule");
    write_text(dir.parent_path() / "badges" / "rules.lua",
               "return { { id = 'DL-01', description = 'Taken.', enforced = false, check = function() end } }\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("DL-01") && Catch::Contains("badges/rules.lua") &&
                            Catch::Contains("deskling/rules.lua"));
  }
  SECTION("an event kind") {
    const auto dir = deskling_on_badges("part-event");
    write_text(dir.parent_path() / "badges" / "events.lua", "return { sla_check = function() end }\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("'sla_check'") && Catch::Contains("badges/events.lua") &&
                            Catch::Contains("deskling/events.lua"));
  }
}

TEST_CASE("builds_on must name shared parts beside the environment", "[env][parts]") {
  SECTION("a folder that does not exist") {
    const auto dir = deskling_copy("part-missing");
    write_text(dir / "env.yaml", read_text(dir / "env.yaml") + "builds_on: [payroll]\n");
    CHECK_THAT(load_error(dir), Catch::Contains("env.yaml") && Catch::Contains("'payroll'") &&
                                    Catch::Contains("not a shared part"));
  }
  SECTION("an environment, not a part") {
    const auto dir = deskling_copy("part-env");
    std::filesystem::copy(dir, dir.parent_path() / "other", std::filesystem::copy_options::recursive);
    write_text(dir / "env.yaml", read_text(dir / "env.yaml") + "builds_on: [other]\n");
    CHECK_THAT(load_error(dir), Catch::Contains("'other'") && Catch::Contains("not a shared part"));
  }
  SECTION("a list of names") {
    const auto dir = deskling_on_badges("part-notlist");
    write_text(dir / "env.yaml", read_text(dir / "env.yaml") + "builds_on: badges\n");
    CHECK_THAT(load_error(dir), Catch::Contains("builds_on"));
  }
  SECTION("a part whose part.yaml names another folder") {
    const auto dir = deskling_on_badges("part-name");
    write_text(dir.parent_path() / "badges" / "part.yaml", "name: passes\ndescription: Door badges\n");
    CHECK_THAT(load_error(dir), Catch::Contains("part.yaml") && Catch::Contains("'badges'"));
  }
}

TEST_CASE("the catalog lists environments, not the parts they build on", "[env][parts]") {
  const auto dir = deskling_on_badges("part-catalog");
  const Catalog catalog = Catalog::load(dir.parent_path(), kVerifierLib, small_limits());
  CHECK(catalog.errors().empty());
  REQUIRE(catalog.environments().size() == 1);
  CHECK(catalog.environments()[0]->name() == "deskling");
}
