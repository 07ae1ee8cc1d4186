// OpenEnv's HTTP routes touch only episodes an HTTP /reset made, through the real server on loopback.
#include <string>

#include <catch2/catch.hpp>

#include "server/support_live_server.hpp"
#include "server/support_server_process.hpp"

using namespace opsgym::server;
using nlohmann::json;
using opsgym::test::create;
using opsgym::test::HttpConnection;
using opsgym::test::LiveServer;
using opsgym::test::ServerProcess;
using opsgym::test::step;

TEST_CASE("OpenEnv POST /reset naming another client's episode is refused and that episode goes on") {
  LiveServer s;
  HttpConnection gym(s.server.port());
  const std::string id = create(gym);
  CHECK(step(gym, id, "list_tickets")["ok"] == true);

  HttpConnection other(s.server.port());
  auto reset = other.request("POST", "/reset", json{{"episode_id", id}}.dump());
  CHECK(reset.status == 409);
  CHECK(reset.json()["error"]["code"] == "episode_in_use");
  auto stepped = other.request("POST", "/step",
                               json{{"episode_id", id}, {"action", {{"type", "call_tool"}, {"tool_name", "list_tickets"}}}}.dump());
  CHECK(stepped.status == 409);
  CHECK(other.request("GET", "/state?episode_id=" + id).status == 409);

  // The gym episode is live, unchanged, and still its owner's.
  CHECK(gym.request("GET", "/v1/episodes/" + id).json()["steps"] == 1);
  CHECK(step(gym, id, "list_tickets")["ok"] == true);
}

TEST_CASE("OpenEnv POST /reset of the client's own episode id starts it over") {
  LiveServer s;
  HttpConnection c(s.server.port());
  REQUIRE(c.request("POST", "/reset", json{{"episode_id", "mine"}}.dump()).status == 200);
  auto stepped = c.request("POST", "/step",
                           json{{"episode_id", "mine"}, {"action", {{"type", "call_tool"}, {"tool_name", "list_tickets"}}}}.dump());
  REQUIRE(stepped.status == 200);
  CHECK(c.request("GET", "/state?episode_id=mine").json()["step_count"] == 1);
  REQUIRE(c.request("POST", "/reset", json{{"episode_id", "mine"}}.dump()).status == 200);
  CHECK(c.request("GET", "/state?episode_id=mine").json()["step_count"] == 0);
}
