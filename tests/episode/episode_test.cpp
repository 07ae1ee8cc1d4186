// Episode: the one step pipeline (check, rules, savepoint, record, clock, events), reset, fork and seeds.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "json/json_text.hpp"
#include "opsgym/errors.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::string error_code(const StepResult& step) { return step.output().at("error").at("code").get<std::string>(); }

Json ticket(const Episode& episode, int id) {
  return episode.world().query("SELECT state, assignee FROM tickets WHERE id = ?", Json::array({id})).at(0);
}

int64_t count(const Episode& episode, const std::string& table) {
  return episode.world().query("SELECT count(*) AS n FROM \"" + table + "\"")[0]["n"].get<int64_t>();
}

}  // namespace

TEST_CASE("an unknown tool is an unknown_tool error that changes nothing but is recorded", "[episode]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("warp_drive", Json::object());
  CHECK_FALSE(step.ok);
  CHECK(step.index == 1);
  CHECK(error_code(step) == "unknown_tool");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("warp_drive"));
  CHECK(episode.world().diff_from(before).changes.empty());
  CHECK(episode.trajectory().size() == 1);
  CHECK(episode.steps() == 1);
}

TEST_CASE("a tool the task does not offer is unknown to the agent", "[episode]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  const StepResult step = episode.step("eval", Json{{"code", "return 1"}});
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "unknown_tool");
  CHECK(episode.tools().size() == 4);
}

TEST_CASE("arguments of the wrong type are invalid_arguments naming the field, and the body never runs", "[episode]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("add_note", Json{{"number", "T-1"}, {"body", 42}});
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "invalid_arguments");
  CHECK(step.output()["error"]["field"] == "body");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("body"));
  const StepResult boolean = episode.step("add_note", Json{{"number", "T-1"}, {"body", "x"}, {"urgent", "yes"}});
  CHECK(error_code(boolean) == "invalid_arguments");
  CHECK(boolean.output()["error"]["field"] == "urgent");
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("a missing required argument is invalid_arguments naming it", "[episode]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("assign_ticket", Json{{"number", "T-1"}});
  CHECK(error_code(step) == "invalid_arguments");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("user"));
}

TEST_CASE("an unknown argument is invalid_arguments naming it", "[episode]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("close_ticket", Json{{"number", "T-1"}, {"force", true}});
  CHECK(error_code(step) == "invalid_arguments");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("force"));
}

TEST_CASE("an argument outside its enum or bounds is invalid_arguments", "[episode]") {
  Episode episode = open_episode();
  const StepResult kind = episode.step("schedule_check", Json{{"number", "T-1"}, {"kind", "meteor"}, {"after", 1}});
  CHECK(error_code(kind) == "invalid_arguments");
  CHECK(kind.output()["error"]["field"] == "kind");
  const StepResult bound = episode.step("add_note", Json{{"number", "T-1"}, {"body", "x"}, {"count", 9}});
  CHECK(error_code(bound) == "invalid_arguments");
  CHECK(bound.output()["error"]["field"] == "count");
}

TEST_CASE("defaults are filled in before the body runs", "[episode]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("add_note", Json{{"number", "T-1"}, {"body", "x"}});
  REQUIRE(step.ok);
  CHECK(step.output() == Json{{"number", "T-1"}, {"notes", 1}});
  CHECK(count(episode, "notes") == 1);
}

TEST_CASE("an enforced rule refuses the call with policy_denied and records an enforced violation", "[episode]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult step = episode.step("assign_ticket", Json{{"number", "T-1"}, {"user", "cy"}});
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "policy_denied");
  CHECK_THAT(step.output()["error"]["message"].get<std::string>(), Catch::Contains("DL-01"));
  REQUIRE(step.violations.size() == 1);
  CHECK(step.violations[0].rule == "DL-01");
  CHECK(step.violations[0].enforced);
  CHECK(step.violations[0].call_index == 1);
  CHECK(episode.world().diff_from(before).changes.empty());
  const VerifyResult& result = episode.finish("", FinishStatus::done);
  REQUIRE(result.violations.size() == 1);
  CHECK(result.violations[0].enforced);
}

TEST_CASE("an observed rule lets the call through and records a violation", "[episode]") {
  Episode episode = open_episode();
  episode.step("search_tickets", Json::object());
  const StepResult step = episode.step("close_ticket", Json{{"number", "T-3"}});
  CHECK(step.ok);
  CHECK(ticket(episode, 3)["state"] == "closed");
  REQUIRE(step.violations.size() == 1);
  CHECK(step.violations[0].rule == "DL-02");
  CHECK_FALSE(step.violations[0].enforced);
  CHECK(step.violations[0].call_index == 2);
  CHECK_THAT(step.violations[0].message, Catch::Contains("T-3"));
  const VerifyResult& result = episode.finish("", FinishStatus::done);
  REQUIRE(result.violations.size() == 1);
  CHECK(result.violations[0].rule == "DL-02");
}

TEST_CASE("a rule that holds records nothing", "[episode]") {
  Episode episode = open_episode();
  REQUIRE(episode.step("assign_ticket", Json{{"number", "T-1"}, {"user", "ben"}}).ok);
  const StepResult step = episode.step("close_ticket", Json{{"number", "T-1"}});
  CHECK(step.ok);
  CHECK(step.violations.empty());
}

TEST_CASE("a step after finish throws InvalidState and so does a second finish", "[episode]") {
  Episode episode = open_episode();
  episode.finish("done", FinishStatus::done);
  CHECK(episode.finished());
  CHECK_THROWS_AS(episode.step("search_tickets", Json::object()), InvalidState);
  CHECK_THROWS_AS(episode.finish("again", FinishStatus::done), InvalidState);
  CHECK(episode.steps() == 0);
}

TEST_CASE("the clock advances by seconds_per_call on every call, failed ones included", "[episode]") {
  Episode episode = open_episode();
  const int64_t start = episode.now();
  CHECK(start == deskling()->clock_start());
  episode.step("search_tickets", Json::object());
  CHECK(episode.now() == start + 60);
  episode.step("warp_drive", Json::object());
  CHECK(episode.now() == start + 120);
  const Json trajectory = episode.trajectory();
  REQUIRE(trajectory.size() == 2);
  CHECK(trajectory[0]["time"] == "2026-03-02T09:00:00Z");
  CHECK(trajectory[1]["time"] == "2026-03-02T09:01:00Z");
}

TEST_CASE("a scheduled event fires once the clock passes its due time, not before", "[episode]") {
  Episode episode = open_episode();
  REQUIRE(episode.step("schedule_check", Json{{"number", "T-1"}, {"kind", "sla_check"}, {"after", 90}}).ok);
  CHECK(count(episode, "alerts") == 0);  // clock at +60, due at +90
  episode.step("search_tickets", Json::object());
  CHECK(count(episode, "alerts") == 1);  // clock at +120
  const Json events = episode.world().query("SELECT fired, error FROM _events");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["fired"] == 1);
  CHECK(events[0]["error"].is_null());
  episode.step("search_tickets", Json::object());
  CHECK(count(episode, "alerts") == 1);  // fires once
}

TEST_CASE("a failing event handler is rolled back with its error kept, and the episode continues", "[episode]") {
  Episode episode = open_episode();
  REQUIRE(episode.step("schedule_check", Json{{"number", "T-2"}, {"kind", "broken"}, {"after", 0}}).ok);
  CHECK(count(episode, "alerts") == 0);
  const Json events = episode.world().query("SELECT fired, error FROM _events");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["fired"] == 1);
  REQUIRE(events[0]["error"].is_string());
  CHECK_THAT(events[0]["error"].get<std::string>(), Catch::Contains("broken handler ran for T-2"));
  const StepResult next = episode.step("add_note", Json{{"number", "T-2"}, {"body", "still here"}});
  CHECK(next.ok);
  CHECK(count(episode, "notes") == 1);
}

// Steps do not ask the World for due events while the earliest one is known to lie ahead; these pin
// that every event still fires at its own time.
TEST_CASE("events fire each at its own due time, however many steps fired none in between", "[episode]") {
  Episode episode = open_episode();
  const Json later{{"number", "T-1"}, {"kind", "sla_check"}, {"after", 300}};
  const Json sooner{{"number", "T-3"}, {"kind", "sla_check"}, {"after", 100}};
  REQUIRE(episode.step("schedule_check", later).ok);   // due +300; clock at +60
  REQUIRE(episode.step("schedule_check", sooner).ok);  // due +160 (scheduled at +60); clock at +120
  std::vector<int64_t> alerts;
  for (int i = 0; i < 4; ++i) {
    episode.step("search_tickets", Json::object());  // clock at +180, +240, +300, +360
    alerts.push_back(count(episode, "alerts"));
  }
  CHECK(alerts == std::vector<int64_t>{1, 1, 2, 2});
}

TEST_CASE("an event scheduled by a call that then fails is rolled back and never fires", "[episode]") {
  Episode episode = open_episode();
  const StepResult failed = episode.step(
      "eval", Json{{"code", "clock.schedule(clock.now() + 30, 'sla_check', { number = 'T-1' }) fail('later', 'no')"}});
  REQUIRE_FALSE(failed.ok);
  CHECK(count(episode, "_events") == 0);
  episode.step("search_tickets", Json::object());
  CHECK(count(episode, "alerts") == 0);
  REQUIRE(episode.step("schedule_check", Json{{"number", "T-1"}, {"kind", "sla_check"}, {"after", 0}}).ok);
  CHECK(count(episode, "alerts") == 1);  // the next real event is not held back
}

TEST_CASE("a fork keeps its origin's pending events, and a reset forgets them", "[episode]") {
  Episode episode = open_episode();
  REQUIRE(episode.step("schedule_check", Json{{"number", "T-1"}, {"kind", "sla_check"}, {"after", 100}}).ok);
  Episode fork = episode.fork();
  fork.step("search_tickets", Json::object());
  fork.step("search_tickets", Json::object());
  CHECK(count(fork, "alerts") == 1);
  episode.reset();
  for (int i = 0; i < 3; ++i) episode.step("search_tickets", Json::object());
  CHECK(count(episode, "alerts") == 0);
  CHECK(count(episode, "_events") == 0);
}

TEST_CASE("a read-only call that fails leaves the World as it was", "[episode]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const StepResult refused =
      episode.step("eval_read_only", Json{{"code", "db.insert('notes', { ticket_id = 1, body = 'x' })"}});
  CHECK_FALSE(refused.ok);
  CHECK_THAT(refused.output_text, Catch::Contains("read-only"));
  const StepResult failed = episode.step("eval_read_only", Json{{"code", "fail('nope', 'a read that gives up')"}});
  CHECK_FALSE(failed.ok);
  CHECK(count(episode, "notes") == 0);
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("a fork continues independently of its origin", "[episode]") {
  Episode episode = open_episode();
  REQUIRE(episode.step("assign_ticket", Json{{"number", "T-1"}, {"user", "ben"}}).ok);
  Episode fork = episode.fork();
  CHECK(*fork.world().snapshot() == *episode.world().snapshot());
  CHECK(fork.steps() == 1);
  CHECK(fork.now() == episode.now());

  REQUIRE(fork.step("close_ticket", Json{{"number", "T-1"}}).ok);
  CHECK(ticket(fork, 1)["state"] == "closed");
  CHECK(ticket(episode, 1)["state"] == "open");
  CHECK(episode.steps() == 1);
  REQUIRE(episode.step("add_note", Json{{"number", "T-1"}, {"body", "origin"}}).ok);
  CHECK(count(fork, "notes") == 0);
  CHECK(fork.trajectory().size() == 2);
  CHECK(fork.trajectory()[1]["tool"] == "close_ticket");
}

TEST_CASE("reset returns to the base World", "[episode]") {
  Episode episode = open_episode();
  const Snapshot base = episode.world().snapshot();
  episode.step("assign_ticket", Json{{"number", "T-1"}, {"user", "ben"}});
  episode.step("add_note", Json{{"number", "T-1"}, {"body", "x"}});
  episode.finish("done", FinishStatus::done);
  episode.reset();
  CHECK(*episode.world().snapshot() == *base);
  CHECK_FALSE(episode.finished());
  CHECK(episode.result() == nullptr);
  CHECK(episode.steps() == 0);
  CHECK(episode.now() == deskling()->clock_start());
  CHECK(episode.trajectory().empty());
  CHECK(episode.step("search_tickets", Json::object()).index == 1);
}

TEST_CASE("reset with another seed gives that seed's World", "[episode]") {
  Episode episode = open_episode(7);
  const Snapshot seven = episode.world().snapshot();
  episode.reset(8);
  CHECK(episode.seed() == 8);
  CHECK(*episode.world().snapshot() != *seven);
  episode.reset(7);
  CHECK(*episode.world().snapshot() == *seven);
}

TEST_CASE("the same seed and the same calls give byte-identical Worlds", "[episode]") {
  auto play = [](uint64_t seed) {
    Episode episode = open_episode(seed);
    episode.step("eval", Json{{"code", "db.insert('notes', { ticket_id = 1, body = tostring(rng.int(1, 1e9)) })"}});
    episode.step("schedule_check", Json{{"number", "T-1"}, {"kind", "sla_check"}, {"after", 30}});
    episode.step("assign_ticket", Json{{"number", "T-2"}, {"user", "cy"}});
    episode.step("close_ticket", Json{{"number", "T-3"}});
    episode.finish("done", FinishStatus::done);
    return episode.world().snapshot();
  };
  const Snapshot a = play(21);
  const Snapshot b = play(21);
  CHECK(*a == *b);
  CHECK(*play(22) != *a);
}

TEST_CASE("fault_rate 1 makes every call 'unavailable' with no change", "[episode]") {
  EpisodeOptions options;
  options.fault_rate = 1.0;
  Episode episode(deskling(), open_task(), options);
  const Snapshot before = episode.world().snapshot();
  for (int i = 0; i < 3; ++i) {
    const StepResult step = episode.step("add_note", Json{{"number", "T-1"}, {"body", "x"}});
    CHECK_FALSE(step.ok);
    CHECK(error_code(step) == "unavailable");
  }
  CHECK(episode.world().diff_from(before).changes.empty());
}

TEST_CASE("fault_rate 0 never injects a fault", "[episode]") {
  Episode episode = open_episode();
  for (int i = 0; i < 20; ++i) CHECK(episode.step("search_tickets", Json::object()).ok);
}

TEST_CASE("a distractor tool is offered but answers unavailable", "[episode]") {
  EpisodeOptions options;
  options.distractors.push_back(ToolSpec{"order_pizza", "Orders a pizza.", Json{{"type", "object"}}, false, ""});
  Episode episode(deskling(), open_task(), options);
  bool offered = false;
  for (const auto& tool : episode.tools()) offered = offered || tool.name == "order_pizza";
  CHECK(offered);
  const StepResult step = episode.step("order_pizza", Json::object());
  CHECK_FALSE(step.ok);
  CHECK(error_code(step) == "unavailable");
}

TEST_CASE("the observation carries the policy, the prompt, the tools, the actor and the time", "[episode]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  const Json observation = episode.observation();
  CHECK(observation["task"] == "dl-001");
  CHECK(observation["actor"] == "ana");
  CHECK(observation["now"] == "2026-03-02T09:00:00Z");
  CHECK_THAT(observation["system_prompt"].get<std::string>(), Catch::Contains("Deskling policy") && Catch::Contains("ana"));
  CHECK_THAT(observation["prompt"].get<std::string>(), Catch::Contains("T-1"));
  REQUIRE(observation["tools"].size() == 4);
  CHECK(observation["tools"][0]["function"]["name"] == "add_note");
}

TEST_CASE("the observation text is the observation's JSON text, with the tools in the format asked for", "[episode]") {
  Episode episode(deskling(), deskling_task("dl-001"));
  CHECK(episode.observation_text() == json_text(episode.observation()));
  for (const ToolFormat format : {ToolFormat::openai_chat, ToolFormat::openai_responses, ToolFormat::mcp}) {
    const Json text = Json::parse(episode.observation_text(format));
    Json expected = episode.observation();
    expected["tools"] = Json::array();
    for (const auto& spec : episode.tools()) expected["tools"].push_back(spec.in(format));
    CHECK(text == expected);
    CHECK(Json::parse(episode.tools_text(format)) == expected["tools"]);
  }
  episode.step("search_tickets", Json::object());  // the clock moves: the text follows, the tools stay
  CHECK(episode.observation_text() == json_text(episode.observation()));
  Json with_id = episode.observation();
  with_id["episode_id"] = "ep-1";
  CHECK(episode.observation_text(ToolFormat::openai_chat, {{"episode_id", "ep-1"}}) == json_text(with_id));
}

TEST_CASE("episodes offered the same tools share one listing; distractors get their own", "[episode]") {
  Episode one(deskling(), deskling_task("dl-001")), two(deskling(), deskling_task("dl-001"));
  CHECK(&one.tools_text(ToolFormat::mcp) == &two.tools_text(ToolFormat::mcp));
  CHECK(&one.fork().tools_text(ToolFormat::mcp) == &one.tools_text(ToolFormat::mcp));

  EpisodeOptions options;
  options.distractors.push_back(ToolSpec{"order_pizza", "Orders a pizza.", Json{{"type", "object"}}, false, ""});
  Episode distracted(deskling(), deskling_task("dl-001"), options);
  CHECK_THAT(distracted.tools_text(ToolFormat::openai_chat), Catch::Contains("order_pizza"));
  CHECK_THAT(one.tools_text(ToolFormat::openai_chat), !Catch::Contains("order_pizza"));
  CHECK(one.tools().size() + 1 == distracted.tools().size());

  // A distractor named like one of the system's tools does not replace it, and is not offered twice.
  EpisodeOptions clash;
  clash.distractors.push_back(ToolSpec{"search_tickets", "Not the real one.", Json{{"type", "object"}}, false, ""});
  clash.distractors.push_back(ToolSpec{"order_pizza", "Orders a pizza.", Json{{"type", "object"}}, false, ""});
  clash.distractors.push_back(ToolSpec{"order_pizza", "Twice.", Json{{"type", "object"}}, false, ""});
  Episode clashing(deskling(), deskling_task("dl-001"), clash);
  CHECK(clashing.tools().size() == one.tools().size() + 1);
  CHECK(clashing.step("search_tickets", Json::object()).ok);
  CHECK(clashing.step("order_pizza", Json::object()).output()["error"]["code"] == "unavailable");
}

TEST_CASE("a task of another environment is refused", "[episode]") {
  auto task = std::make_shared<Task>(*open_task());
  task->environment = "itsm";
  CHECK_THROWS_AS(Episode(deskling(), task), std::invalid_argument);
}

TEST_CASE("a tool's own fail() comes back as an error result, never as an exception", "[episode]") {
  Episode episode = open_episode();
  StepResult step;
  REQUIRE_NOTHROW(step = episode.step("assign_ticket", Json{{"number", "T-9"}, {"user", "ben"}}));
  CHECK_FALSE(step.ok);
  CHECK(step.output() == Json{{"error", {{"code", "not_found"}, {"message", "No ticket T-9"}, {"hint", "Search tickets first"}}}});
  CHECK(episode.step("search_tickets", Json::object()).ok);
}

TEST_CASE("a step's output text is its output as JSON, exactly as the trajectory records it", "[episode]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("eval", Json{{"code", "return { 'a', 'b' }"}});
  REQUIRE(step.ok);
  CHECK(Json::parse(step.output_text) == step.output());
  CHECK(episode.trajectory().at(0)["output"] == step.output());
  const StepResult failed = episode.step("warp_drive", Json::object());
  CHECK(Json::parse(failed.output_text) == failed.output());
}

TEST_CASE("an output that cuts a multi-byte character steps normally, the bad byte replaced", "[episode]") {
  Episode episode = open_episode();
  // 'é' is two bytes; the first alone is not UTF-8. Lua strings are bytes, so a tool can do this.
  const StepResult step = episode.step("eval", Json{{"code", "return string.sub('\xC3\xA9', 1, 1)"}});
  REQUIRE(step.ok);
  CHECK(step.output_text == "{\"value\":\"\xEF\xBF\xBD\"}");
  CHECK(episode.trajectory().at(0)["output"]["value"] == "\xEF\xBF\xBD");
}
