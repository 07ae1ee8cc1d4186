// OpenEnv compatibility in-process: its HTTP routes and its WebSocket message protocol.
#include <catch2/catch.hpp>

#include "server/support_app.hpp"

using opsgym::server::Json;
using opsgym::test::TestApp;

TEST_CASE("OpenEnv health, schema and metadata describe the server") {
  TestApp t;
  CHECK(t.json(t.call("GET", "/health"))["status"] == "healthy");
  auto schema = t.json(t.call("GET", "/schema"));
  CHECK(schema.contains("action"));
  CHECK(schema.contains("observation"));
  CHECK(schema.contains("state"));
  auto meta = t.json(t.call("GET", "/metadata"));
  CHECK(meta["name"] == "opsgym");
  CHECK(meta["tasks"].size() == 2);
}

TEST_CASE("OpenEnv reset, step, state and finish play a whole episode over HTTP") {
  TestApp t;
  auto reset = t.post("/reset", {{"seed", 1}, {"episode_id", "trainer-7"}, {"task", "srv-001"}});
  REQUIRE(reset.status == 200);
  auto r = t.json(reset);
  CHECK(r["done"] == false);
  CHECK(r["reward"].is_null());
  CHECK(r["observation"]["episode_id"] == "trainer-7");
  CHECK(r["observation"]["tools"].size() == 3);  // the episode's tools in OpenAI form
  CHECK(r["observation"]["tools"][0]["type"] == "function");
  CHECK(r["observation"]["task"] == "srv-001");
  CHECK(r.size() == 3);  // done, observation, reward
  auto step = [&](Json action) {
    return t.json(t.post("/step", {{"action", std::move(action)}, {"episode_id", "trainer-7"}, {"timeout_s", 5}}));
  };
  auto tools = step({{"type", "list_tools"}});
  CHECK(tools["observation"]["tools"].size() == 4);
  auto s1 = step({{"type", "call_tool"}, {"tool_name", "assign_ticket"}, {"arguments", {{"number", "OPS-1"}, {"owner", "sam"}}}});
  CHECK(s1["observation"]["ok"] == true);
  CHECK(s1["done"] == false);
  step({{"tool_name", "close_ticket"}, {"arguments", {{"number", "OPS-1"}, {"note", "Old artifacts removed"}}}});
  auto state = t.json(t.call("GET", "/state?episode_id=trainer-7"));
  CHECK(state["step_count"] == 2);
  CHECK(state["episode_id"] == "trainer-7");
  auto fin = step({{"type", "finish"}, {"answer", "Closed OPS-1"}, {"status", "done"}});
  CHECK(fin["done"] == true);
  CHECK(fin["reward"] == 1.0);
  CHECK(t.json(t.call("GET", "/v1/episodes/trainer-7/result"))["frontend"] == "openenv");
}

TEST_CASE("OpenEnv reset without an episode id uses the default episode and restarts it") {
  TestApp t;
  t.post("/reset", Json::object());
  t.post("/step", {{"action", {{"tool_name", "assign_ticket"}, {"arguments", {{"number", "OPS-1"}, {"owner", "sam"}}}}}});
  CHECK(t.json(t.call("GET", "/state"))["step_count"] == 1);
  t.post("/reset", Json::object());
  CHECK(t.json(t.call("GET", "/state"))["step_count"] == 0);
  CHECK(t.app.registry().live_count() == 1);
}

TEST_CASE("OpenEnv step refuses a missing or malformed action") {
  TestApp t;
  t.post("/reset", Json::object());
  CHECK(t.post("/step", Json::object()).status == 400);
  CHECK(t.post("/step", {{"action", "assign"}}).status == 400);
  CHECK(t.post("/step", {{"action", {{"type", "dance"}}}}).status == 400);
  CHECK(t.post("/step", {{"action", {{"type", "list_tools"}}}, {"timeout_s", -1}}).status == 400);
  CHECK(t.post("/step", {{"action", {{"type", "list_tools"}}}, {"episode_id", "nobody"}}).status == 404);
  CHECK(t.call("POST", "/reset", "{\"seed\":").status == 400);
}

TEST_CASE("An OpenEnv WebSocket session plays an episode and closes it when it ends") {
  TestApp t;
  opsgym::server::HttpRequest upgrade;
  upgrade.method = "GET";
  upgrade.target = "/ws";
  upgrade.headers["host"] = "localhost:9000";
  opsgym::server::HttpResponse reject;
  auto ws = t.app.open_websocket(upgrade, reject);
  REQUIRE(ws);
  auto send = [&](const Json& m) { return Json::parse(ws->on_message(m.dump()).text); };
  auto state0 = send({{"type", "state"}});
  CHECK(state0["type"] == "state");
  auto obs = send({{"type", "reset"}, {"data", {{"task", "srv-001"}, {"seed", 1}}}});
  REQUIRE(obs["type"] == "observation");
  std::string id = obs["data"]["observation"]["episode_id"];
  CHECK(obs["data"]["observation"]["tools"].size() == 3);
  CHECK(obs["data"]["done"] == false);
  auto step = send({{"type", "step"}, {"data", {{"type", "call_tool"}, {"tool_name", "list_tickets"}, {"arguments", Json::object()}}}});
  CHECK(step["data"]["observation"]["ok"] == true);
  CHECK(send({{"type", "state"}})["data"]["step_count"] == 1);
  CHECK(t.app.registry().find(id) != nullptr);
  auto closing = ws->on_message(Json{{"type", "close"}}.dump());
  CHECK(closing.close);
  ws->on_close();
  CHECK(t.app.registry().find(id) == nullptr);
}

TEST_CASE("An OpenEnv WebSocket session answers bad messages with typed errors and carries on") {
  TestApp t;
  opsgym::server::HttpRequest upgrade;
  upgrade.method = "GET";
  upgrade.target = "/ws";
  opsgym::server::HttpResponse reject;
  auto ws = t.app.open_websocket(upgrade, reject);
  REQUIRE(ws);
  auto send = [&](const std::string& text) { return Json::parse(ws->on_message(text).text); };
  CHECK(send("{garbage")["data"]["code"] == "INVALID_JSON");
  CHECK(send("\xff\xfe not text")["data"]["code"] == "INVALID_JSON");  // the error quotes bytes that are not UTF-8
  CHECK(send("[1]")["data"]["code"] == "VALIDATION_ERROR");
  CHECK(send(R"({"type":"jump"})")["data"]["code"] == "UNKNOWN_TYPE");
  CHECK(send(R"({"type":"step","data":{"tool_name":"list_tickets"}})")["type"] == "error");  // before reset
  CHECK(send(R"({"type":"reset","data":{"task":"nope"}})")["type"] == "error");
  CHECK(send(R"({"type":"reset","data":{"task":"srv-001"}})")["type"] == "observation");
  CHECK(send(R"({"type":"step","data":{"type":"finish","answer":"x"}})")["data"]["done"] == true);
  auto after = send(R"({"type":"step","data":{"tool_name":"list_tickets"}})");
  CHECK(after["type"] == "error");
  CHECK(after["data"]["opsgym_code"] == "episode_finished");
  ws->on_close();
}

TEST_CASE("A WebSocket upgrade from a foreign Host is refused") {
  TestApp t;
  opsgym::server::HttpRequest upgrade;
  upgrade.method = "GET";
  upgrade.target = "/ws";
  upgrade.headers["host"] = "evil.example.com";
  opsgym::server::HttpResponse reject;
  CHECK_FALSE(t.app.open_websocket(upgrade, reject));
  CHECK(reject.status == 403);
}
