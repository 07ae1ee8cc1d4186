// The task's max_steps over the gym API, through the real server on loopback.
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

TEST_CASE("A step past max_steps over the gym API is a step_limit tool error that is no step") {
  LiveServer s;
  HttpConnection c(s.server.port());
  const std::string id = create(c, "srv-002");  // max_steps: 5
  for (int i = 0; i < 5; ++i) REQUIRE(step(c, id, "list_tickets")["ok"] == true);
  json refused = step(c, id, "list_tickets");
  CHECK(refused["ok"] == false);
  CHECK(refused["output"]["error"]["code"] == "step_limit");
  CHECK(refused["index"] == 0);
  CHECK(c.request("GET", "/v1/episodes/" + id).json()["steps"] == 5);
  CHECK(c.request("GET", "/v1/episodes/" + id + "/trajectory").json().dump().find("step_limit") == std::string::npos);
  auto fin = c.request("POST", "/v1/episodes/" + id + "/finish", json{{"answer", "HR only."}, {"status", "refused"}}.dump());
  CHECK(fin.status == 200);
}
