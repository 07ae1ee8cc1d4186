// JSON nested past the limit (kMaxJsonDepth, json/json_read.hpp) through the real HTTP server on
// loopback, on every route that takes tool arguments or a tool schema: the request is refused with a
// 4xx (or a JSON-RPC / WebSocket error) naming the limit, the server stays up, and another client's
// episode goes on with its state. Tool arguments nested 60,000 deep (a 120 KB body) used to overflow the
// stack of a server thread and end the process.
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "json/json_read.hpp"
#include "server/mcp_stdio.hpp"
#include "server/support_live_server.hpp"
#include "server/support_server_process.hpp"
#include "server/support_websocket_client.hpp"

using namespace opsgym::server;
using nlohmann::json;
using opsgym::kMaxJsonDepth;
using opsgym::test::create;
using opsgym::test::HttpConnection;
using opsgym::test::LiveServer;
using opsgym::test::ServerProcess;
using opsgym::test::step;
using opsgym::test::WebSocketClient;

namespace {

// `levels` arrays, one inside the other: 60,000 of them are the issue's 120 KB.
std::string nested(int levels) {
  return std::string(static_cast<size_t>(levels), '[') + std::string(static_cast<size_t>(levels), ']');
}

constexpr int kHostile = 60000;

// Another client with an episode one step in, on its own connection, before the hostile request.
struct Bystander {
  explicit Bystander(uint16_t port_) : port(port_), c(port_), id(create(c)) {
    CHECK(step(c, id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}})["ok"] == true);
  }
  // After it: the episode kept its state and goes on, and a new episode on a new connection plays.
  void goes_on() {
    CHECK(c.request("GET", "/v1/episodes/" + id).json()["steps"] == 1);
    CHECK(step(c, id, "close_ticket", {{"number", "OPS-1"}, {"note", "Old artifacts removed"}})["ok"] == true);
    HttpConnection fresh(port);
    const std::string other = create(fresh);
    CHECK(step(fresh, other, "list_tickets")["ok"] == true);
  }
  uint16_t port;
  HttpConnection c;
  std::string id;
};

// A 400 invalid_request whose message names the nesting limit.
void refused_for_nesting(const opsgym::test::HttpReply& r) {
  CHECK(r.status == 400);
  CHECK(r.json()["error"]["code"] == "invalid_request");
  CHECK_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains("nesting limit is 128"));
}

const std::vector<std::pair<std::string, std::string>> kMcpAccept = {{"Accept", "application/json, text/event-stream"}};

}  // namespace

TEST_CASE("Tool arguments nested 60,000 deep in a gym step are a 400 naming the nesting limit") {
  LiveServer s;
  Bystander other(s.server.port());
  HttpConnection c(s.server.port());
  const std::string id = create(c);
  refused_for_nesting(c.request("POST", "/v1/episodes/" + id + "/step",
                                "{\"tool\":\"list_tickets\",\"args\":{\"state\":" + nested(kHostile) + "}}"));
  // The same connection and episode go on; the refused call was no step.
  CHECK(step(c, id, "list_tickets")["ok"] == true);
  CHECK(c.request("GET", "/v1/episodes/" + id).json()["steps"] == 1);
  other.goes_on();
}

TEST_CASE("Tool arguments nested 60,000 deep in a /v1/batch call are a 400 naming the nesting limit") {
  LiveServer s;
  Bystander other(s.server.port());
  HttpConnection c(s.server.port());
  refused_for_nesting(c.request("POST", "/v1/batch",
                                "{\"calls\":[{\"episode_id\":\"" + other.id + "\",\"tool\":\"list_tickets\",\"args\":{\"state\":" +
                                    nested(kHostile) + "}}]}"));
  other.goes_on();
}

TEST_CASE("Arguments nested 60,000 deep in an OpenEnv /step action are a 400 naming the nesting limit") {
  LiveServer s;
  Bystander other(s.server.port());
  HttpConnection c(s.server.port());
  REQUIRE(c.request("POST", "/reset", json{{"episode_id", "deep-1"}, {"task", "srv-001"}}.dump()).status == 200);
  refused_for_nesting(c.request("POST", "/step",
                                "{\"episode_id\":\"deep-1\",\"action\":{\"type\":\"call_tool\",\"tool_name\":\"list_tickets\","
                                "\"arguments\":{\"state\":" + nested(kHostile) + "}}}"));
  auto after = c.request("POST", "/step", json{{"episode_id", "deep-1"},
                                               {"action", {{"type", "call_tool"}, {"tool_name", "list_tickets"}, {"arguments", json::object()}}}}.dump());
  REQUIRE(after.status == 200);
  CHECK(after.json()["observation"]["ok"] == true);
  other.goes_on();
}

TEST_CASE("Arguments nested 60,000 deep in an MCP tools/call are a JSON-RPC invalid request naming the limit") {
  LiveServer s;
  Bystander other(s.server.port());
  HttpConnection c(s.server.port());
  auto init = c.request("POST", "/mcp?task=srv-001",
                        json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                             {"params", {{"protocolVersion", "2025-06-18"}, {"capabilities", json::object()},
                                         {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}}.dump(),
                        kMcpAccept);
  REQUIRE(init.status == 200);
  const std::string session = init.header("mcp-session-id");
  REQUIRE(!session.empty());
  auto headers = kMcpAccept;
  headers.emplace_back("Mcp-Session-Id", session);
  headers.emplace_back("MCP-Protocol-Version", "2025-06-18");
  auto r = c.request("POST", "/mcp",
                     "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"list_tickets\","
                     "\"arguments\":{\"state\":" + nested(kHostile) + "}}}",
                     headers);
  CHECK(r.status == 400);
  CHECK(r.json()["error"]["code"] == -32600);
  CHECK_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains("nesting limit is 128"));
  // The session goes on.
  auto call = c.request("POST", "/mcp",
                        json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"},
                             {"params", {{"name", "list_tickets"}, {"arguments", json::object()}}}}.dump(),
                        headers);
  REQUIRE(call.status == 200);
  CHECK(call.json()["result"]["isError"] == false);
  other.goes_on();
}

TEST_CASE("Arguments nested 60,000 deep in a WebSocket step message are an error message and the session goes on") {
  LiveServer s;
  Bystander other(s.server.port());
  WebSocketClient ws(s.server.port());
  ws.send_text(R"({"type":"reset","data":{"task":"srv-001"}})");
  auto reset = ws.receive();
  REQUIRE(reset);
  CHECK(json::parse(*reset)["type"] == "observation");
  ws.send_text("{\"type\":\"step\",\"data\":{\"tool_name\":\"list_tickets\",\"arguments\":{\"state\":" + nested(kHostile) + "}}}");
  auto refused = ws.receive();
  REQUIRE(refused);
  const json error = json::parse(*refused);
  CHECK(error["type"] == "error");
  CHECK(error["data"]["opsgym_code"] == "invalid_request");
  CHECK_THAT(error["data"]["message"].get<std::string>(), Catch::Contains("nesting limit is 128"));
  ws.send_text(R"({"type":"step","data":{"tool_name":"list_tickets","arguments":{}}})");
  auto after = ws.receive();
  REQUIRE(after);
  CHECK(json::parse(*after)["type"] == "observation");
  other.goes_on();
}

TEST_CASE("A line nested 60,000 deep on MCP stdio is a JSON-RPC invalid request and the session goes on") {
  opsgym::test::TestApp t;
  auto live = t.app.registry().add(t.app.factory().create("srv-001"), Frontend::mcp);
  McpSession session(live, t.app.registry());
  const json init = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"protocolVersion", "2025-06-18"}, {"capabilities", json::object()},
                                 {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}};
  std::stringstream in;
  in << init.dump() << "\n"
     << "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"list_tickets\","
        "\"arguments\":{\"state\":" << nested(kHostile) << "}}}\n"
     << json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"},
             {"params", {{"name", "list_tickets"}, {"arguments", json::object()}}}}.dump() << "\n";
  std::stringstream out;
  CHECK(serve_mcp_stdio(session, in, out) == 3);
  std::string line;
  std::vector<json> replies;
  while (std::getline(out, line)) replies.push_back(json::parse(line));
  REQUIRE(replies.size() == 3);
  CHECK(replies[1]["error"]["code"] == -32600);
  CHECK_THAT(replies[1]["error"]["message"].get<std::string>(), Catch::Contains("nesting limit is 128"));
  CHECK(replies[2]["result"]["isError"] == false);
}

TEST_CASE("A distractor's parameters nested 60,000 deep on episode create are a 400 naming the nesting limit") {
  LiveServer s;
  Bystander other(s.server.port());
  HttpConnection c(s.server.port());
  refused_for_nesting(c.request("POST", "/v1/episodes",
                                "{\"task\":\"srv-001\",\"distractors\":[{\"name\":\"lookup\",\"description\":\"Looks up.\","
                                "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":" + nested(kHostile) + "}}}]}"));
  other.goes_on();
}

TEST_CASE("A step body nested exactly to the limit is answered and one level more is refused") {
  LiveServer s;
  HttpConnection c(s.server.port());
  const std::string id = create(c);
  // The body is one level, args a second: 126 arrays in args make 128.
  auto at_limit = c.request("POST", "/v1/episodes/" + id + "/step",
                            "{\"tool\":\"list_tickets\",\"args\":{\"state\":" + nested(kMaxJsonDepth - 2) + "}}");
  REQUIRE(at_limit.status == 200);
  CHECK(at_limit.json()["ok"] == false);  // a tool error: state must be a string
  CHECK(at_limit.json()["output"]["error"]["code"] == "invalid_arguments");
  // The trajectory, which writes the arguments back, is served too.
  CHECK(c.request("GET", "/v1/episodes/" + id + "/trajectory").status == 200);
  refused_for_nesting(c.request("POST", "/v1/episodes/" + id + "/step",
                                "{\"tool\":\"list_tickets\",\"args\":{\"state\":" + nested(kMaxJsonDepth - 1) + "}}"));
  CHECK(step(c, id, "list_tickets")["ok"] == true);
}

TEST_CASE("opsgym serve survives tool arguments nested 60,000 deep and its other episodes go on") {
  ServerProcess server;
  Bystander other(server.port());
  HttpConnection c(server.port());
  const std::string id = create(c);
  refused_for_nesting(c.request("POST", "/v1/episodes/" + id + "/step",
                                "{\"tool\":\"list_tickets\",\"args\":{\"state\":" + nested(kHostile) + "}}"));
  REQUIRE(server.running());
  other.goes_on();
}
