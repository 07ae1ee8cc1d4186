// One request cannot make the server do unbounded work: a gym batch and an MCP JSON-RPC batch have a
// stated size limit, and a request over it is refused whole before anything runs.
#include <catch2/catch.hpp>

#include "server/gym_api.hpp"
#include "server/mcp_protocol.hpp"
#include "server/support_app.hpp"

using opsgym::server::Json;
using opsgym::test::TestApp;

namespace {

Json rpc(int id, const std::string& method) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", Json::object()}};
}

}  // namespace

TEST_CASE("A gym batch over the call limit is a 400 naming the limit and runs none of its calls") {
  TestApp t;
  const std::string id = t.create();
  Json calls = Json::array();
  for (size_t i = 0; i <= opsgym::server::kMaxBatchCalls; ++i)
    calls.push_back({{"episode_id", id}, {"tool", "list_tickets"}, {"args", Json::object()}});
  auto r = t.post("/v1/batch", {{"calls", calls}});
  CHECK(r.status == 400);
  CHECK(t.json(r)["error"]["message"].get<std::string>().find("at most 1024 calls") != std::string::npos);
  CHECK(t.json(t.call("GET", "/v1/episodes/" + id))["steps"] == 0);

  calls.erase(calls.begin());  // exactly at the limit: every call runs
  auto ok = t.post("/v1/batch", {{"calls", calls}});
  REQUIRE(ok.status == 200);
  CHECK(t.json(ok)["results"].size() == opsgym::server::kMaxBatchCalls);
}

TEST_CASE("An MCP batch over the message limit is one JSON-RPC invalid-request error; the session goes on") {
  TestApp t;
  const std::vector<std::pair<std::string, std::string>> accept = {{"accept", "application/json, text/event-stream"}};
  Json init = {{"jsonrpc", "2.0"},
               {"id", 1},
               {"method", "initialize"},
               {"params",
                {{"protocolVersion", "2025-06-18"},
                 {"capabilities", Json::object()},
                 {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}};
  auto started = t.call("POST", "/mcp?task=srv-001", init.dump(), accept);
  REQUIRE(started.status == 200);
  auto headers = accept;
  for (auto& [n, v] : started.headers)
    if (n == "Mcp-Session-Id") headers.emplace_back("mcp-session-id", v);
  REQUIRE(headers.size() == 2);

  Json batch = Json::array();
  for (size_t i = 0; i <= opsgym::server::kMaxBatchMessages; ++i) batch.push_back(rpc(static_cast<int>(i), "tools/list"));
  auto r = t.call("POST", "/mcp", batch.dump(), headers);
  const Json reply = Json::parse(r.body);
  REQUIRE(reply.is_object());
  CHECK(reply["error"]["code"] == -32600);
  CHECK(reply["error"]["message"].get<std::string>().find("at most 64 messages") != std::string::npos);
  CHECK(r.body.size() < 1000);  // no tools/list answer was built

  batch.erase(batch.begin());
  auto full = Json::parse(t.call("POST", "/mcp", batch.dump(), headers).body);
  REQUIRE(full.is_array());
  CHECK(full.size() == opsgym::server::kMaxBatchMessages);
}
