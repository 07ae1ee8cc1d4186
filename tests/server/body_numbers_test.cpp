// Numbers in request bodies that no double holds, through the real server on loopback.
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

TEST_CASE("A number no double holds in a request body is a 400 naming the field") {
  LiveServer s;
  HttpConnection c(s.server.port());
  auto seed = c.request("POST", "/v1/episodes", R"({"task": "srv-001", "seed": 1e400})");
  CHECK(seed.status == 400);
  CHECK(seed.json()["error"]["code"] == "invalid_request");
  CHECK_THAT(seed.json()["error"]["message"].get<std::string>(), Catch::Contains("'seed'"));

  auto bare = c.request("POST", "/v1/episodes", "1e999999");
  CHECK(bare.status == 400);

  const std::string id = create(c);
  auto nested = c.request("POST", "/v1/episodes/" + id + "/step",
                          R"({"tool": "list_tickets", "args": {"state": [1, -1e999]}})");
  CHECK(nested.status == 400);
  CHECK_THAT(nested.json()["error"]["message"].get<std::string>(), Catch::Contains("'args.state[1]'"));
  CHECK(c.request("GET", "/v1/episodes/" + id).json()["steps"] == 0);
}
