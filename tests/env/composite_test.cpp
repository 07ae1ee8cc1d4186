// Composites (includes): one World holding several systems. It has every system's tables, seeds, tools,
// rules and policy; each system draws the same seed alone and inside it; a rule of one system that names
// no tools covers only that system's tools; a name two systems define is refused, naming both files.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/world.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

// A second system beside a deskling copy: a mail room with parcels drawn from the generator, a rule for
// every one of its tools (only 'mo' works the mail room) and a refusal reason deskling also gives.
void write_mailroom(const std::filesystem::path& dir) {
  write_text(dir / "env.yaml",
             "name: mailroom\ndescription: Parcels for the staff\nversion: 1\ndefault_actor: mo\n"
             "clock_start: 2026-03-02T09:00:00Z\n"
             "refusal_reasons:\n"
             "  unknown_ticket: { summary: no parcel has that ticket, phrases: [\"no parcel\"] }\n"
             "  wrong_desk: { summary: parcels are signed at the mail room, phrases: [\"mail room\"] }\n");
  write_text(dir / "schema.sql", "CREATE TABLE parcels (id INTEGER PRIMARY KEY, addressee TEXT, weight INTEGER, signed INTEGER);\n");
  write_text(dir / "seed.lua", "for i = 1, 3 do db.insert('parcels', { id = i, addressee = 'ana', weight = rng.int(1, 1000000), "
                               "signed = 0 }) end\n");
  write_text(dir / "policy.md", "# Mail room\nSign for parcels in person.\n");
  write_text(dir / "tools" / "parcels.lua",
             "return {\n"
             "  { name = 'list_parcels', description = 'Every parcel.', read_only = true,\n"
             "    run = function() return { parcels = array(db.query('SELECT * FROM parcels ORDER BY id')) } end },\n"
             "  { name = 'sign_parcel', description = 'Sign for a parcel.', parameters = { id = { type = 'integer', required = true } },\n"
             "    run = function(args) db.exec('UPDATE parcels SET signed = 1 WHERE id = ?', args.id) return { signed = args.id } end },\n"
             "}\n");
  write_text(dir / "rules.lua",
             "return { { id = 'MR-01', description = 'Only mo works the mail room.', enforced = true,\n"
             "  check = function(call) if call.actor ~= 'mo' then return call.actor .. ' does not work the mail room' end end } }\n");
}

// <fresh>/{deskling, mailroom, office}: office includes both. Returns office's folder.
std::filesystem::path office(const std::string& name) {
  const auto root = deskling_copy(name).parent_path();
  write_mailroom(root / "mailroom");
  write_text(root / "office" / "env.yaml",
             "name: office\ndescription: The help desk and the mail room\nversion: 1\nincludes: [deskling, mailroom]\n"
             "default_actor: ana\nclock_start: 2026-03-02T09:00:00Z\n");
  write_text(root / "office" / "policy.md", "# Office\nThe desk and the mail room work as one.\n");
  return root / "office";
}

std::string load_error(const std::filesystem::path& dir) {
  return authoring_error_of([&] { Environment::load(dir, kVerifierLib, small_limits()); });
}

// What one call by `actor` gives: its output and the violations it records.
std::string call_by(const std::shared_ptr<const Environment>& env, const std::string& actor, const std::string& tool,
                          const Json& args) {
  auto task = std::make_shared<Task>(*open_task());
  task->environment = env->name();
  task->actor = actor;
  Episode episode(env, task);
  return episode.step(tool, args).to_json().dump();
}

}  // namespace

TEST_CASE("a composite has every system's tables, tools, rules, policy and refusal reasons", "[env][composite]") {
  const auto env = Environment::load(office("composite-loads"), kVerifierLib, small_limits());
  CHECK(env->includes() == std::vector<std::string>{"deskling", "mailroom"});
  CHECK(env->tables() == std::vector<std::string>{"alerts", "notes", "parcels", "tickets", "users"});
  CHECK(env->tool("search_tickets"));
  REQUIRE(env->tool("sign_parcel"));
  CHECK(env->tool("sign_parcel")->file == "mailroom/tools/parcels.lua");
  std::vector<std::string> rules;
  for (const auto& rule : env->rules()) rules.push_back(rule.id);
  CHECK(rules == std::vector<std::string>{"DL-01", "DL-02", "MR-01"});
  // Its own policy first, then the systems' in reverse order of inclusion.
  const std::string& policy = env->policy();
  CHECK(policy.rfind("# Office", 0) == 0);
  CHECK(policy.find("Sign for parcels in person.") != std::string::npos);
  CHECK(policy.find(read_text(kDeskling / "policy.md")) != std::string::npos);
  // A reason both systems give has every phrase of either.
  const RefusalReason* unknown = env->refusal_reason("unknown_ticket");
  REQUIRE(unknown);
  CHECK(unknown->phrases == std::vector<std::string>{"no such ticket", "no ticket", "no parcel"});
  CHECK(env->refusal_reason("wrong_desk"));
  CHECK(env->refusal_reason("inactive_user"));
}

TEST_CASE("each system draws the same seed alone and inside a composite", "[env][composite]") {
  const auto dir = office("composite-seeds");
  const auto composite = Environment::load(dir, kVerifierLib, small_limits());
  const auto mailroom = Environment::load(dir.parent_path() / "mailroom", kVerifierLib, small_limits());
  const World together(composite->base_snapshot(7, nullptr));
  // Deskling's seed runs first inside the composite, yet the mail room's parcels are those it draws alone.
  CHECK(rows(together, "parcels") == rows(World(mailroom->base_snapshot(7, nullptr)), "parcels"));
  CHECK(rows(together, "tickets") == rows(World(deskling()->base_snapshot(7, nullptr)), "tickets"));
  CHECK(rows(together, "parcels") != rows(World(composite->base_snapshot(8, nullptr)), "parcels"));
}

TEST_CASE("a system's rule for every tool covers only that system's tools inside a composite", "[env][composite]") {
  const auto dir = office("composite-rules");
  const auto composite = Environment::load(dir, kVerifierLib, small_limits());
  // ana works the desk: the mail room's rule leaves her desk work alone, and refuses her mail-room work.
  CHECK_THAT(call_by(composite, "ana", "search_tickets", Json::object()), !Catch::Contains("MR-01"));
  CHECK_THAT(call_by(composite, "ana", "sign_parcel", {{"id", 1}}),
             Catch::Contains("policy_denied") && Catch::Contains("ana does not work the mail room"));
  CHECK_THAT(call_by(composite, "mo", "sign_parcel", {{"id", 1}}), !Catch::Contains("MR-01"));
  // A rule that names its tools keeps them: DL-02 (close_ticket) is recorded inside the composite too.
  CHECK_THAT(call_by(composite, "ana", "close_ticket", {{"number", "T-2"}}), Catch::Contains("DL-02"));
}

TEST_CASE("names two systems of a composite define are refused, naming both files", "[env][composite]") {
  SECTION("a table") {
    const auto dir = office("composite-table");
    write_text(dir.parent_path() / "mailroom" / "schema.sql",
               read_text(dir.parent_path() / "mailroom" / "schema.sql") + "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("table 'notes'") && Catch::Contains("mailroom/schema.sql") &&
                            Catch::Contains("deskling/schema.sql"));
  }
  SECTION("a tool") {
    const auto dir = office("composite-tool");
    write_text(dir.parent_path() / "mailroom" / "tools" / "more.lua",
               "return { name = 'search_tickets', description = 'Again.', run = function() return {} end }\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("'search_tickets'") && Catch::Contains("mailroom/tools/more.lua") &&
                            Catch::Contains("deskling/tools/tickets.lua"));
  }
  SECTION("a rule id") {
    const auto dir = office("composite-rule");
    write_text(dir.parent_path() / "mailroom" / "rules.lua",
               "return { { id = 'DL-01', description = 'Taken.', enforced = false, check = function() end } }\n");
    const std::string message = load_error(dir);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("DL-01") && Catch::Contains("mailroom/rules.lua") &&
                            Catch::Contains("deskling/rules.lua"));
  }
}

TEST_CASE("includes must name single systems beside the composite", "[env][composite]") {
  const auto dir = office("composite-includes");
  const auto env_yaml = read_text(dir / "env.yaml");
  auto including = [&](const std::string& list) {
    write_text(dir / "env.yaml", env_yaml.substr(0, env_yaml.find("includes:")) + "includes: " + list + "\n" +
                                     env_yaml.substr(env_yaml.find("default_actor:")));
    return load_error(dir);
  };
  CHECK_THAT(including("[deskling, nowhere]"), Catch::Contains("includes names 'nowhere', which is not an environment"));
  CHECK_THAT(including("[deskling, office]"), Catch::Contains("includes names 'office', which is not an environment"));
  CHECK_THAT(including("deskling"), Catch::Contains("includes must list the names of environments"));
  write_text(dir.parent_path() / "campus" / "env.yaml", "name: campus\ndescription: x\nversion: 1\nincludes: [office]\n"
                                                        "default_actor: ana\nclock_start: 2026-03-02T09:00:00Z\n");
  write_text(dir.parent_path() / "campus" / "policy.md", "# Campus\n");
  CHECK_THAT(load_error(dir.parent_path() / "campus"), Catch::Contains("'office', which is itself a composite"));
  // A composite needs no tables or tools of its own, but its policy.md.
  CHECK(including("[deskling, mailroom]") == "(no AuthoringError)");
  std::filesystem::remove(dir / "policy.md");
  CHECK_THAT(load_error(dir), Catch::Contains("office/policy.md"));
}
