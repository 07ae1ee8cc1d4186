// Environment::load and Catalog: a package is checked once, and every authoring fault names its file.
#include <catch2/catch.hpp>

#include <cctype>

#include "episode/deskling_fixture.hpp"
#include "opsgym/catalog.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/world.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// The AuthoringError message of loading `dir`; fails the test if loading succeeds or throws something else.
std::string load_error(const std::filesystem::path& dir) {
  try {
    Environment::load(dir, kVerifierLib);
  } catch (const AuthoringError& e) {
    return e.what();
  }
  FAIL("loading " << dir << " succeeded");
  return {};
}

// True when `message` holds "<file>:<line>:" for some line number.
bool names_file_and_line(const std::string& message, const std::string& file) {
  for (size_t at = message.find(file + ":"); at != std::string::npos; at = message.find(file + ":", at + 1)) {
    size_t i = at + file.size() + 1, digits = 0;
    while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i]))) ++i, ++digits;
    if (digits > 0 && i < message.size() && message[i] == ':') return true;
  }
  return false;
}

}  // namespace

TEST_CASE("deskling loads with its tools, rules, tables and tasks", "[env]") {
  const auto env = deskling();
  CHECK(env->name() == "deskling");
  CHECK(env->default_actor() == "ana");
  CHECK(env->seconds_per_call() == 60);
  CHECK(env->clock_start() == 1772442000);
  CHECK(env->tables() == std::vector<std::string>{"alerts", "notes", "tickets", "users"});
  std::vector<std::string> tools;
  for (const auto& t : env->tools()) tools.push_back(t.name);
  CHECK(tools == std::vector<std::string>{"add_note", "assign_ticket", "close_ticket", "eval", "eval_read_only", "hog",
                                          "schedule_check", "search_tickets", "spin"});
  REQUIRE(env->tool("search_tickets"));
  CHECK(env->tool("search_tickets")->read_only);
  CHECK_FALSE(env->tool("assign_ticket")->read_only);
  CHECK(env->tool("warp") == nullptr);
  REQUIRE(env->rules().size() == 2);
  CHECK(env->rules()[0].id == "DL-01");
  CHECK(env->rules()[0].enforced);
  CHECK_FALSE(env->rules()[1].enforced);
  REQUIRE(env->tasks().size() == 2);
  CHECK(env->tasks()[0]->id == "dl-001");
}

TEST_CASE("a malformed task YAML is an authoring error with file and line", "[env]") {
  const auto dir = deskling_copy("badtaskyaml");
  write_text(dir / "tasks" / "dl-009.yaml", "id: dl-009\nenvironment: deskling\nprompt: [unclosed, list\nseed: 1\n");
  const std::string message = load_error(dir);
  INFO(message);
  CHECK(names_file_and_line(message, "dl-009.yaml"));
}

TEST_CASE("a malformed env.yaml is an authoring error with file and line", "[env]") {
  const auto dir = deskling_copy("badenvyaml");
  write_text(dir / "env.yaml", "name: deskling\ndescription: [unclosed, list\nversion: 1\n");
  const std::string message = load_error(dir);
  INFO(message);
  CHECK(names_file_and_line(message, "env.yaml"));
}

TEST_CASE("an unknown field in env.yaml is an authoring error naming it", "[env]") {
  const auto dir = deskling_copy("envfield");
  write_text(dir / "env.yaml", read_text(dir / "env.yaml") + "colour: blue\n");
  CHECK_THAT(load_error(dir), Catch::Contains("env.yaml") && Catch::Contains("colour"));
}

TEST_CASE("an env.yaml whose name differs from its folder is an authoring error", "[env]") {
  const auto dir = deskling_copy("envname");
  std::string text = read_text(dir / "env.yaml");
  text.replace(text.find("name: deskling"), 14, "name: elsewhere");
  write_text(dir / "env.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("elsewhere"));
}

TEST_CASE("an unknown field in a task is an authoring error naming the field and the file", "[env]") {
  const auto dir = deskling_copy("taskfield");
  write_text(dir / "tasks" / "dl-001.yaml", read_text(dir / "tasks" / "dl-001.yaml") + "colour: red\n");
  CHECK_THAT(load_error(dir), Catch::Contains("dl-001.yaml") && Catch::Contains("unknown field 'colour'"));
}

TEST_CASE("a task offering a tool that does not exist is an authoring error naming the tool", "[env]") {
  const auto dir = deskling_copy("tasktool");
  std::string text = read_text(dir / "tasks" / "dl-001.yaml");
  text.replace(text.find("tools: ["), 8, "tools: [warp_drive, ");
  write_text(dir / "tasks" / "dl-001.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("dl-001.yaml") && Catch::Contains("warp_drive"));
}

TEST_CASE("a reference call to a tool the task does not offer is an authoring error", "[env]") {
  const auto dir = deskling_copy("reftool");
  std::string text = read_text(dir / "tasks" / "dl-001.yaml");
  text.replace(text.find("{ tool: close_ticket"), 20, "{ tool: teleport_ticket");
  write_text(dir / "tasks" / "dl-001.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("reference call 3") && Catch::Contains("teleport_ticket"));
}

TEST_CASE("expected_changes naming an unknown table is an authoring error naming the table", "[env]") {
  const auto dir = deskling_copy("tasktable");
  std::string text = read_text(dir / "tasks" / "dl-001.yaml");
  const std::string declared = "  tickets: { updated: [1], columns: [assignee, state] }";
  text.replace(text.find(declared), declared.size(), declared + "\n  ghosts: { inserted: 1 }");
  write_text(dir / "tasks" / "dl-001.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("dl-001.yaml") && Catch::Contains("ghosts"));
}

TEST_CASE("a task id that differs from its file name is an authoring error", "[env]") {
  const auto dir = deskling_copy("taskid");
  std::filesystem::rename(dir / "tasks" / "dl-001.yaml", dir / "tasks" / "dl-010.yaml");
  CHECK_THAT(load_error(dir), Catch::Contains("dl-010.yaml") && Catch::Contains("dl-001"));
}

TEST_CASE("a tool with an invalid parameter schema is an authoring error naming the tool", "[env]") {
  const auto dir = deskling_copy("badparams");
  write_text(dir / "tools" / "bad.lua",
             "return { name = 'bad_params', description = 'x', parameters = { n = { type = 'integr' } },"
             " run = function() end }\n");
  CHECK_THAT(load_error(dir), Catch::Contains("bad_params"));
}

TEST_CASE("two tools with one name are an authoring error", "[env]") {
  const auto dir = deskling_copy("duptool");
  write_text(dir / "tools" / "dup.lua", "return { name = 'eval', description = 'again', run = function() end }\n");
  CHECK_THAT(load_error(dir), Catch::Contains("eval") && Catch::Contains("already defined"));
}

TEST_CASE("a rule without a check function is an authoring error naming rules.lua", "[env]") {
  const auto dir = deskling_copy("badrule");
  write_text(dir / "rules.lua", "return { { id = 'X-1', description = 'x', enforced = true } }\n");
  CHECK_THAT(load_error(dir), Catch::Contains("rules.lua") && Catch::Contains("check"));
}

TEST_CASE("a seed that breaks a constraint is an authoring error naming seed.lua", "[env]") {
  const auto dir = deskling_copy("badseed");
  write_text(dir / "seed.lua", read_text(dir / "seed.lua") + "\ndb.insert('notes', { ticket_id = 77, body = 'orphan' })\n");
  const auto env = Environment::load(dir, kVerifierLib);  // seeds run lazily, on first use
  CHECK_THAT(authoring_error_of([&] { env->base_snapshot(1, nullptr); }), Catch::Contains("seed.lua"));
}

TEST_CASE("a broken indexes.sql is an authoring error naming the file and its line", "[env]") {
  const auto dir = deskling_copy("badindexes");
  write_text(dir / "indexes.sql", "CREATE INDEX notes_body ON notes(body);\nCREATE INDEX nope ON no_such_table(x);\n");
  const std::string message = load_error(dir);
  CHECK_THAT(message, Catch::Contains("indexes.sql") && Catch::Contains("line 2") && Catch::Contains("no_such_table"));
}

TEST_CASE("indexes.sql runs after the seed, over the seeded rows", "[env]") {
  const auto dir = deskling_copy("withindexes");
  write_text(dir / "indexes.sql",
             "CREATE TABLE _user_count (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n"
             "INSERT INTO _user_count SELECT 1, COUNT(*) FROM users;\n");
  const auto env = Environment::load(dir, kVerifierLib);
  World seeded(env->base_snapshot(1, nullptr));
  const Json counted = seeded.query("SELECT n FROM _user_count");
  REQUIRE(counted.size() == 1);
  CHECK(counted[0]["n"] == seeded.query("SELECT COUNT(*) AS n FROM users")[0]["n"]);
  CHECK(counted[0]["n"].get<int64_t>() > 0);
}

TEST_CASE("the catalog keeps loading other environments when one is broken", "[env]") {
  const auto root = fresh_dir("catalog");
  std::filesystem::copy(kDeskling, root / "deskling", std::filesystem::copy_options::recursive);
  std::filesystem::copy(kDeskling, root / "aaa_broken", std::filesystem::copy_options::recursive);
  write_text(root / "aaa_broken" / "env.yaml", "name: aaa_broken\n");  // description and the rest missing
  const Catalog catalog = Catalog::load(root, kVerifierLib);
  REQUIRE(catalog.environments().size() == 1);
  CHECK(catalog.environments()[0]->name() == "deskling");
  REQUIRE(catalog.errors().size() == 1);
  CHECK(catalog.errors()[0].environment == "aaa_broken");
  CHECK_THAT(catalog.errors()[0].message, Catch::Contains("description"));
  CHECK(catalog.task("dl-001")->id == "dl-001");
}

TEST_CASE("the catalog answers NotFound for an unknown task or environment", "[env]") {
  const Catalog catalog = Catalog::load(kDesklingEnvironments, kVerifierLib);
  REQUIRE(catalog.errors().empty());
  CHECK_THROWS_AS(catalog.task("dl-404"), NotFound);
  CHECK_THROWS_WITH(catalog.task("dl-404"), Catch::Contains("dl-404"));
  CHECK_THROWS_AS(catalog.environment("nowhere"), NotFound);
  CHECK_THROWS_WITH(catalog.environment("nowhere"), Catch::Contains("nowhere") && Catch::Contains("deskling"));
  CHECK(catalog.tasks().size() == 2);
  CHECK(catalog.tasks(std::string("deskling")).size() == 2);
}

TEST_CASE("a catalog of a missing folder reports the folder as an error", "[env]") {
  const Catalog catalog = Catalog::load(fresh_dir("nofolder") / "absent", kVerifierLib);
  CHECK(catalog.environments().empty());
  REQUIRE(catalog.errors().size() == 1);
  CHECK_THAT(catalog.errors()[0].message, Catch::Contains("absent"));
}

TEST_CASE("expected_changes naming a column the table lacks is an authoring error naming it", "[env]") {
  const auto dir = deskling_copy("taskcolumn");
  std::string text = read_text(dir / "tasks" / "dl-001.yaml");
  text.replace(text.find("columns: [assignee, state]"), 26, "columns: [assignee, colour]");
  write_text(dir / "tasks" / "dl-001.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("dl-001.yaml") && Catch::Contains("'colour'"));
}

TEST_CASE("an infeasible task naming a refusal reason env.yaml does not list is an authoring error", "[env]") {
  const auto dir = deskling_copy("taskreason");
  std::string text = read_text(dir / "tasks" / "dl-002.yaml");
  text.replace(text.find("refusal_reason: inactive_user"), 29, "refusal_reason: bad_weather");
  write_text(dir / "tasks" / "dl-002.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("dl-002.yaml") && Catch::Contains("bad_weather"));
}

TEST_CASE("refusal reasons without phrases are an authoring error in env.yaml", "[env]") {
  const auto dir = deskling_copy("reasonphrases");
  std::string text = read_text(dir / "env.yaml");
  const std::string phrases = "phrases: [\"no such ticket\", \"no ticket\"]";
  text.replace(text.find(phrases), phrases.size(), "phrases: []");
  write_text(dir / "env.yaml", text);
  CHECK_THAT(load_error(dir), Catch::Contains("env.yaml") && Catch::Contains("unknown_ticket.phrases"));
}

TEST_CASE("mutant_calls naming an unknown tool are an authoring error in env.yaml", "[env]") {
  const auto dir = deskling_copy("mutantcalls");
  write_text(dir / "env.yaml", read_text(dir / "env.yaml") + "mutant_calls:\n  - { tool: teleport, args: {} }\n");
  CHECK_THAT(load_error(dir), Catch::Contains("mutant_calls[1]") && Catch::Contains("teleport"));
}
