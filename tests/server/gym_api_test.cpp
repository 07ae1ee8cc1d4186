// The HTTP gym API in-process: routes, episode lifecycle, and every bad-input path with its stable code.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "json/json_text.hpp"
#include "server/support_app.hpp"

using opsgym::server::Json;
using opsgym::test::TestApp;

namespace {

void play_reference(TestApp& t, const std::string& id) {
  REQUIRE(t.step(id, "list_tickets", {{"state", "open"}})["ok"] == true);
  REQUIRE(t.step(id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}})["ok"] == true);
  REQUIRE(t.step(id, "close_ticket", {{"number", "OPS-1"}, {"note", "Old artifacts removed"}})["ok"] == true);
}

}  // namespace

TEST_CASE("The gym API lists the fixture's environments and tasks") {
  TestApp t;
  auto envs = t.json(t.call("GET", "/v1/environments"));
  REQUIRE(envs["environments"].size() == 1);
  CHECK(envs["environments"][0]["name"] == "tinyops");
  auto tasks = t.json(t.call("GET", "/v1/tasks?env=tinyops"));
  REQUIRE(tasks["tasks"].size() == 2);
  CHECK(tasks["tasks"][0]["id"] == "srv-001");
  // Whether a task must be refused is what it measures: no listing says it.
  CHECK_FALSE(tasks["tasks"][1].contains("feasible"));
  CHECK_FALSE(t.json(t.call("GET", "/v1/tasks/srv-002")).contains("feasible"));
  CHECK(t.call("GET", "/v1/tasks?env=nope").status == 404);
}

TEST_CASE("Creating an episode returns its id and an observation with tools in OpenAI form") {
  TestApp t;
  auto r = t.post("/v1/episodes", {{"task", "srv-001"}, {"seed", 1}});
  REQUIRE(r.status == 201);
  auto j = t.json(r);
  CHECK(j["episode_id"].get<std::string>().rfind("ep-", 0) == 0);
  auto& obs = j["observation"];
  CHECK(obs["prompt"].get<std::string>().find("OPS-1") != std::string::npos);
  REQUIRE(obs["tools"].size() == 3);
  CHECK(obs["tools"][0]["type"] == "function");
  CHECK(obs["tools"][0]["function"].contains("parameters"));
}

TEST_CASE("Tools are offered in Chat Completions, Responses and MCP form") {
  TestApp t;
  std::string id = t.create();
  auto responses = t.json(t.call("GET", "/v1/episodes/" + id + "/tools?format=openai_responses"));
  CHECK(responses["tools"][0]["type"] == "function");
  CHECK(responses["tools"][0].contains("name"));
  auto mcp = t.json(t.call("GET", "/v1/episodes/" + id + "/tools?format=mcp"));
  CHECK(mcp["tools"][0].contains("inputSchema"));
  CHECK(mcp["format"] == "mcp");
  CHECK(mcp["episode_id"] == id);
  CHECK(t.call("GET", "/v1/episodes/" + id + "/tools?format=xml").status == 400);
}

TEST_CASE("An episode played with the reference calls succeeds and its result outlives close") {
  TestApp t;
  std::string id = t.create();
  play_reference(t, id);
  auto fin = t.post("/v1/episodes/" + id + "/finish", {{"answer", "Assigned OPS-1 to sam and closed it."}, {"status", "done"}});
  REQUIRE(fin.status == 200);
  auto f = t.json(fin);
  CHECK(f["success"] == true);
  CHECK(f["reward"] == 1.0);
  CHECK(f["done"] == true);
  CHECK(t.json(t.call("GET", "/v1/episodes/" + id + "/trajectory"))["trajectory"].size() == 3);
  REQUIRE(t.call("DELETE", "/v1/episodes/" + id).status == 200);
  auto result = t.call("GET", "/v1/episodes/" + id + "/result");
  REQUIRE(result.status == 200);
  CHECK(t.json(result)["score"]["success"] == true);
  CHECK(t.json(result)["frontend"] == "gym");
}

TEST_CASE("Doing nothing and finishing fails the verifier without an HTTP error") {
  TestApp t;
  std::string id = t.create();
  auto f = t.json(t.post("/v1/episodes/" + id + "/finish", {{"answer", "done"}}));
  CHECK(f["success"] == false);
  CHECK(f["reward"] == 0.0);  // success is the reward: partial credit never pays for doing nothing
  CHECK(f["result"]["partial"].get<double>() > 0.0);
}

TEST_CASE("A shaped reward is asked for at creation, pays partial credit once something changed, and only names it") {
  TestApp t;
  auto created = t.post("/v1/episodes", {{"task", "srv-001"}, {"reward", "shaped"}});
  REQUIRE(created.status == 201);
  const std::string id = t.json(created)["episode_id"];
  REQUIRE(t.step(id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}})["ok"] == true);
  auto f = t.json(t.post("/v1/episodes/" + id + "/finish", {{"answer", "Assigned it."}}));
  CHECK(f["success"] == false);
  CHECK(f["reward"].get<double>() > 0.0);
  CHECK(f["reward"] == f["result"]["partial"]);

  auto idle = t.json(t.post("/v1/episodes", {{"task", "srv-001"}, {"reward", "shaped"}}))["episode_id"].get<std::string>();
  CHECK(t.json(t.post("/v1/episodes/" + idle + "/finish", {{"answer", "done"}}))["reward"] == 0.0);

  auto bad = t.post("/v1/episodes", {{"task", "srv-001"}, {"reward", "partial"}});
  CHECK(bad.status == 400);
  CHECK(t.json(bad)["error"]["message"].get<std::string>().find("'reward'") != std::string::npos);
}

TEST_CASE("The observation tells the agent its step limit") {
  TestApp t;
  auto r = t.json(t.post("/v1/episodes", {{"task", "srv-001"}}));
  CHECK(r["observation"]["max_steps"] == 10);
}

// The step route writes its answer as text; it must be the JSON of the step, with what the call
// recorded, in the key order json_text gives (the output first).
TEST_CASE("A step's answer is its output, then done, episode_id, index, ok, reward, steps and violations") {
  TestApp t;
  std::string id = t.create();
  REQUIRE(t.step(id, "list_tickets", {{"state", "open"}})["ok"] == true);
  auto r = t.post("/v1/episodes/" + id + "/step", {{"tool", "close_ticket"}, {"args", {{"number", "OPS-1"}, {"note", "x"}}}});
  REQUIRE(r.status == 200);
  const Json answer = t.json(r);
  CHECK(answer["ok"] == true);
  CHECK(answer["index"] == 2);
  CHECK(answer["steps"] == 2);
  CHECK(answer["done"] == false);
  CHECK(answer["reward"] == 0.0);
  CHECK(answer["episode_id"] == id);
  REQUIRE(answer["violations"].size() == 1);  // TO-02: closed without an owner, not enforced
  CHECK(answer["violations"][0]["rule"] == "TO-02");
  CHECK(answer["violations"][0]["call_index"] == 2);
  CHECK(answer["violations"][0]["enforced"] == false);
  Json rest = answer;
  rest.erase("output");
  CHECK(r.body == "{\"output\":" + opsgym::json_text(answer["output"]) + "," + opsgym::json_text(rest).substr(1));
}

TEST_CASE("A tool error is a step result, not an HTTP error") {
  TestApp t;
  std::string id = t.create();
  auto r = t.post("/v1/episodes/" + id + "/step", {{"tool", "close_ticket"}, {"args", {{"number", "OPS-99"}, {"note", "x"}}}});
  REQUIRE(r.status == 200);
  auto j = t.json(r);
  CHECK(j["ok"] == false);
  CHECK(j["output"]["error"]["code"] == "not_found");
  auto bad_args = t.json(t.post("/v1/episodes/" + id + "/step", {{"tool", "close_ticket"}, {"args", {{"number", 5}}}}));
  CHECK(bad_args["ok"] == false);
  auto unknown_tool = t.post("/v1/episodes/" + id + "/step", {{"tool", "drop_tables"}, {"args", Json::object()}});
  CHECK(unknown_tool.status == 200);
  CHECK(t.json(unknown_tool)["ok"] == false);
}

TEST_CASE("An unknown task or episode is a 404 with a stable code") {
  TestApp t;
  auto r = t.post("/v1/episodes", {{"task", "no-such-task"}});
  CHECK(r.status == 404);
  CHECK(t.json(r)["error"]["code"] == "unknown_task");
  auto e = t.post("/v1/episodes/ep-nope/step", {{"tool", "list_tickets"}});
  CHECK(e.status == 404);
  CHECK(t.json(e)["error"]["code"] == "unknown_episode");
}

TEST_CASE("Malformed JSON, truncated JSON and wrong types are 400s") {
  TestApp t;
  auto garbage = t.call("POST", "/v1/episodes", "\x01\x02 not json");
  CHECK(garbage.status == 400);
  CHECK(t.json(garbage)["error"]["code"] == "malformed_json");
  CHECK(t.json(t.call("POST", "/v1/episodes", "{\"task\": \"srv-0"))["error"]["code"] == "malformed_json");
  auto wrong = t.post("/v1/episodes", {{"task", 17}});
  CHECK(wrong.status == 400);
  CHECK(t.json(wrong)["error"]["code"] == "invalid_request");
  CHECK(t.post("/v1/episodes", {{"task", "srv-001"}, {"seed", "three"}}).status == 400);
  CHECK(t.post("/v1/episodes", {{"task", "srv-001"}, {"fault_rate", 3}}).status == 400);
  std::string id = t.create();
  CHECK(t.post("/v1/episodes/" + id + "/step", {{"tool", "list_tickets"}, {"args", Json::array()}}).status == 400);
  CHECK(t.post("/v1/episodes/" + id + "/step", {{"args", Json::object()}}).status == 400);
  CHECK(t.post("/v1/episodes/" + id + "/finish", {{"answer", "x"}, {"status", "maybe"}}).status == 400);
  CHECK(t.call("POST", "/v1/episodes/" + id + "/step", "[]").status == 400);
  // None of it touched the episode.
  CHECK(t.json(t.call("GET", "/v1/episodes/" + id))["steps"] == 0);
}

TEST_CASE("Unknown routes are 404 and wrong methods 405") {
  TestApp t;
  CHECK(t.json(t.call("GET", "/v1/nothing"))["error"]["code"] == "unknown_route");
  CHECK(t.call("GET", "/elsewhere").status == 404);
  auto r = t.call("PATCH", "/v1/tasks");
  CHECK(r.status == 405);
  CHECK(t.json(r)["error"]["code"] == "method_not_allowed");
  CHECK(t.call("BREW", "/v1/episodes").status == 405);
}

TEST_CASE("Calls on a finished episode are refused with 409 and other episodes are unaffected") {
  TestApp t;
  std::string done = t.create();
  std::string other = t.create();
  t.step(other, "assign_ticket", {{"number", "OPS-3"}, {"owner", "kim"}});
  t.post("/v1/episodes/" + done + "/finish", {{"answer", "nothing"}});
  auto again = t.post("/v1/episodes/" + done + "/step", {{"tool", "list_tickets"}});
  CHECK(again.status == 409);
  CHECK(t.json(again)["error"]["code"] == "episode_finished");
  CHECK(t.post("/v1/episodes/" + done + "/finish", {{"answer", "again"}}).status == 409);
  auto state = t.json(t.call("GET", "/v1/episodes/" + other));
  CHECK(state["steps"] == 1);
  CHECK(state["finished"] == false);
}

TEST_CASE("Calls on a closed episode are 404 saying it was closed") {
  TestApp t;
  std::string id = t.create();
  REQUIRE(t.call("DELETE", "/v1/episodes/" + id).status == 200);
  auto r = t.post("/v1/episodes/" + id + "/step", {{"tool", "list_tickets"}});
  CHECK(r.status == 404);
  CHECK(t.json(r)["error"]["message"].get<std::string>().find("closed") != std::string::npos);
  CHECK(t.call("DELETE", "/v1/episodes/" + id).status == 404);
}

TEST_CASE("The cap on live episodes answers 503 with a clear message and frees up on close") {
  opsgym::server::AppOptions options;
  options.registry.max_live = 2;
  TestApp t(options);
  std::string a = t.create();
  t.create();
  auto r = t.post("/v1/episodes", {{"task", "srv-001"}});
  CHECK(r.status == 503);
  CHECK(t.json(r)["error"]["code"] == "too_many_episodes");
  CHECK(t.json(r)["error"]["message"].get<std::string>().find("--max-episodes") != std::string::npos);
  t.call("DELETE", "/v1/episodes/" + a);
  CHECK(t.post("/v1/episodes", {{"task", "srv-001"}}).status == 201);
}

TEST_CASE("A batch steps calls across episodes and reports each bad call on its own") {
  TestApp t;
  std::string a = t.create(), b = t.create();
  auto r = t.post("/v1/batch", {{"calls",
                                 {{{"episode_id", a}, {"tool", "list_tickets"}, {"args", Json::object()}},
                                  {{"episode_id", "ep-missing"}, {"tool", "list_tickets"}},
                                  {{"episode_id", b}, {"tool", "assign_ticket"}, {"args", {{"number", "OPS-1"}, {"owner", "kim"}}}},
                                  {{"episode_id", b}, {"tool", 7}}}}});
  REQUIRE(r.status == 200);
  auto results = t.json(r)["results"];
  REQUIRE(results.size() == 4);
  CHECK(results[0]["ok"] == true);
  CHECK(results[1]["error"]["code"] == "unknown_episode");
  CHECK(results[2]["ok"] == true);
  CHECK(results[3]["error"]["code"] == "invalid_request");
  CHECK(t.post("/v1/batch", {{"calls", "all"}}).status == 400);
}

TEST_CASE("A fork continues from the same state and then goes its own way") {
  TestApp t;
  std::string id = t.create();
  t.step(id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}});
  auto f = t.post("/v1/episodes/" + id + "/fork", Json::object());
  REQUIRE(f.status == 201);
  std::string fork = t.json(f)["episode_id"];
  CHECK(fork != id);
  CHECK(t.json(f)["steps"] == 1);
  CHECK(t.json(f)["forked_from"] == id);
  CHECK(t.json(f)["observation"]["tools"].size() == 3);
  CHECK(t.json(f).size() == 4);  // episode_id, forked_from, observation, steps
  t.step(fork, "close_ticket", {{"number", "OPS-1"}, {"note", "done in the fork"}});
  auto orig = t.step(id, "list_tickets", {{"state", "closed"}});
  CHECK(orig["output"]["items"].size() == 1);  // only OPS-4: the fork's close did not leak back
  auto forked = t.step(fork, "list_tickets", {{"state", "closed"}});
  CHECK(forked["output"]["items"].size() == 2);
}

TEST_CASE("Reset starts an episode over") {
  TestApp t;
  std::string id = t.create();
  t.step(id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}});
  auto reset = t.post("/v1/episodes/" + id + "/reset", {{"tool_format", "mcp"}});
  REQUIRE(reset.status == 200);
  CHECK(t.json(reset)["episode_id"] == id);
  CHECK(t.json(reset)["observation"]["tools"][0].contains("inputSchema"));
  CHECK(t.json(reset)["observation"]["now"] == t.json(t.call("GET", "/v1/episodes/" + id + "/observation"))["observation"]["now"]);
  CHECK(t.json(t.call("GET", "/v1/episodes/" + id))["steps"] == 0);
  CHECK(t.post("/v1/episodes/" + id + "/reset", {{"tool_format", "xml"}}).status == 400);
}

TEST_CASE("Idle episodes are reclaimed and then report it") {
  opsgym::server::AppOptions options;
  options.registry.idle_timeout = std::chrono::milliseconds(30);
  TestApp t(options);
  std::string idle = t.create();
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  std::string fresh = t.create();
  CHECK(t.app.registry().reap_idle() == 1);
  auto r = t.post("/v1/episodes/" + idle + "/step", {{"tool", "list_tickets"}});
  CHECK(r.status == 404);
  CHECK(t.json(r)["error"]["message"].get<std::string>().find("idle") != std::string::npos);
  CHECK(t.step(fresh, "list_tickets", Json::object())["ok"] == true);
}

TEST_CASE("With a token, every route but health needs the bearer header") {
  opsgym::server::AppOptions options;
  options.token = "s3cret";
  TestApp t(options);
  CHECK(t.call("GET", "/v1/health").status == 200);
  auto r = t.call("GET", "/v1/tasks");
  CHECK(r.status == 401);
  CHECK(t.json(r)["error"]["code"] == "unauthorized");
  CHECK(t.call("GET", "/v1/tasks", "", {{"authorization", "Bearer wrong!"}}).status == 401);
  CHECK(t.call("GET", "/v1/tasks", "", {{"authorization", "Bearer s3cret"}}).status == 200);
}

TEST_CASE("A foreign Host or Origin is refused (DNS rebinding)") {
  TestApp t;
  auto host = t.call("GET", "/v1/tasks", "", {{"host", "evil.example.com"}});
  CHECK(host.status == 403);
  CHECK(t.json(host)["error"]["code"] == "forbidden_host");
  auto origin = t.call("GET", "/v1/tasks", "", {{"origin", "http://evil.example.com"}});
  CHECK(origin.status == 403);
  CHECK(t.call("GET", "/v1/tasks", "", {{"origin", "http://localhost:5173"}}).status == 200);
}

TEST_CASE("Finished episodes are written to the results folder") {
  auto dir = std::filesystem::temp_directory_path() / ("opsgym-results-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    opsgym::server::AppOptions options;
    options.results_dir = dir.string();
    TestApp t(options);
    std::string id = t.create();
    play_reference(t, id);
    t.post("/v1/episodes/" + id + "/finish", {{"answer", "Closed OPS-1"}});
    std::string second = t.create();
    t.post("/v1/episodes/" + second + "/finish", {{"answer", "gave up"}});
  }
  std::ifstream in(dir / "episodes.jsonl");
  std::string line;
  REQUIRE(std::getline(in, line));
  auto j = Json::parse(line);
  CHECK(j["task"] == "srv-001");
  CHECK(j["trial"] == 0);
  CHECK(j["outcome"] == "finished");
  CHECK(j["score"]["success"] == true);
  CHECK(j["trajectory"].size() == 3);
  REQUIRE(std::getline(in, line));
  CHECK(Json::parse(line)["trial"] == 1);
  CHECK(Json::parse(line)["score"]["success"] == false);
  std::filesystem::remove_all(dir);
}
