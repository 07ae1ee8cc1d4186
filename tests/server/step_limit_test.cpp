// The task's max_steps over the gym API, through the real server on loopback.
#include <string>
#include <utility>
#include <vector>

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

TEST_CASE("A tools/call past max_steps over MCP is an isError result naming step_limit") {
  LiveServer s;
  HttpConnection c(s.server.port());
  const std::vector<std::pair<std::string, std::string>> accept = {{"Accept", "application/json, text/event-stream"}};
  const json init = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"protocolVersion", "2025-06-18"}, {"capabilities", json::object()},
                                 {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}};
  auto started = c.request("POST", "/mcp?task=srv-002", init.dump(), accept);  // max_steps: 5
  REQUIRE(started.status == 200);
  const std::string session = started.header("mcp-session-id");
  REQUIRE_FALSE(session.empty());
  auto headers = accept;
  headers.emplace_back("Mcp-Session-Id", session);
  headers.emplace_back("MCP-Protocol-Version", "2025-06-18");
  auto call = [&](int id) {
    json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"},
                    {"params", {{"name", "list_tickets"}, {"arguments", json::object()}}}};
    auto r = c.request("POST", "/mcp", message.dump(), headers);
    REQUIRE(r.status == 200);
    return r.json()["result"];
  };
  for (int i = 0; i < 5; ++i) REQUIRE(call(10 + i).value("isError", false) == false);
  json refused = call(20);
  CHECK(refused["isError"] == true);
  CHECK(refused.dump().find("step_limit") != std::string::npos);
  CHECK(c.request("GET", "/v1/episodes/" + session).json()["steps"] == 5);
}
