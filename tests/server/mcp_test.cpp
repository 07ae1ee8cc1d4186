// MCP in-process: the JSON-RPC protocol, the streamable HTTP transport's sessions and headers, and stdio.
#include <sstream>

#include <catch2/catch.hpp>

#include "server/mcp_stdio.hpp"
#include "server/support_app.hpp"

using opsgym::server::Json;
using opsgym::test::TestApp;

namespace {

const std::vector<std::pair<std::string, std::string>> kAccept = {{"accept", "application/json, text/event-stream"}};

Json rpc(int id, const std::string& method, Json params = Json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

Json initialize(const std::string& version = "2025-06-18") {
  return rpc(1, "initialize", {{"protocolVersion", version},
                               {"capabilities", Json::object()},
                               {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
}

struct Session {
  explicit Session(TestApp& app, const std::string& query = "task=srv-001") : t(app) {
    auto r = t.call("POST", "/mcp?" + query, initialize().dump(), kAccept);
    REQUIRE(r.status == 200);
    for (auto& [n, v] : r.headers)
      if (n == "Mcp-Session-Id") id = v;
    REQUIRE(!id.empty());
    init = Json::parse(r.body);
    CHECK(t.call("POST", "/mcp", Json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump(), headers()).status == 202);
  }
  std::vector<std::pair<std::string, std::string>> headers() const {
    auto h = kAccept;
    h.emplace_back("mcp-session-id", id);
    h.emplace_back("mcp-protocol-version", "2025-06-18");
    return h;
  }
  opsgym::server::HttpResponse send(const Json& message) { return t.call("POST", "/mcp", message.dump(), headers()); }
  Json ask(const Json& message) {
    auto r = send(message);
    REQUIRE(r.status == 200);
    return Json::parse(r.body);
  }
  Json call_tool(const std::string& name, Json args, int id_ = 7) {
    return ask(rpc(id_, "tools/call", {{"name", name}, {"arguments", std::move(args)}}));
  }
  TestApp& t;
  std::string id;
  Json init;
};

}  // namespace

TEST_CASE("MCP initialize starts a session on the task in the URL and echoes a supported revision") {
  TestApp t;
  for (std::string version : {"2025-11-25", "2025-06-18", "2025-03-26"}) {
    auto r = t.call("POST", "/mcp?task=srv-001&seed=1", initialize(version).dump(), kAccept);
    REQUIRE(r.status == 200);
    auto j = Json::parse(r.body);
    CHECK(j["result"]["protocolVersion"] == version);
    CHECK(j["result"]["capabilities"].contains("tools"));
    CHECK(j["result"]["instructions"].get<std::string>().find("OPS-1") != std::string::npos);
  }
  auto newer = Json::parse(t.call("POST", "/mcp?task=srv-001", initialize("2099-01-01").dump(), kAccept).body);
  CHECK(newer["result"]["protocolVersion"] == "2025-11-25");
}

TEST_CASE("MCP initialize without a task, or with an unknown one, is refused") {
  TestApp t;
  auto none = t.call("POST", "/mcp", initialize().dump(), kAccept);
  CHECK(none.status == 400);
  CHECK(Json::parse(none.body)["error"]["message"].get<std::string>().find("task=") != std::string::npos);
  CHECK(t.call("POST", "/mcp?task=nope", initialize().dump(), kAccept).status == 404);
  CHECK(t.call("POST", "/mcp?task=srv-001&seed=x", initialize().dump(), kAccept).status == 400);
  CHECK(t.app.registry().live_count() == 0);
}

TEST_CASE("MCP tools/list offers the task's tools with schemas plus finish") {
  TestApp t;
  Session s(t);
  auto tools = s.ask(rpc(2, "tools/list"))["result"]["tools"];
  REQUIRE(tools.size() == 4);
  CHECK(tools[3]["name"] == "finish");
  CHECK(tools[3].contains("outputSchema"));
  for (auto& tool : tools) CHECK(tool["inputSchema"]["type"] == "object");
  // srv-002 offers only list_tickets.
  Session limited(t, "task=srv-002");
  CHECK(limited.ask(rpc(2, "tools/list"))["result"]["tools"].size() == 2);
}

TEST_CASE("MCP ping answers an empty result") {
  TestApp t;
  Session s(t);
  auto j = s.ask(rpc(3, "ping"));
  CHECK(j["id"] == 3);
  CHECK(j["result"] == Json::object());
}

TEST_CASE("An MCP tool call returns text and structured content; a failing tool has isError") {
  TestApp t;
  Session s(t);
  auto ok = s.call_tool("list_tickets", {{"state", "open"}})["result"];
  CHECK(ok["isError"] == false);
  CHECK(ok["structuredContent"]["items"].size() == 3);
  CHECK(ok["content"][0]["type"] == "text");
  auto failed = s.call_tool("close_ticket", {{"number", "OPS-4"}, {"note", "again"}})["result"];
  CHECK(failed["isError"] == true);
  CHECK(failed["structuredContent"]["error"]["code"] == "invalid_state");
}

TEST_CASE("An unknown MCP tool is a JSON-RPC invalid-params error") {
  TestApp t;
  Session s(t);
  auto j = s.call_tool("format_disk", Json::object());
  CHECK(j["error"]["code"] == -32602);
  CHECK(j["error"]["message"].get<std::string>().find("format_disk") != std::string::npos);
}

TEST_CASE("An unknown MCP method is method-not-found and bad params are invalid-params") {
  TestApp t;
  Session s(t);
  CHECK(s.ask(rpc(4, "resources/list"))["error"]["code"] == -32601);
  CHECK(s.ask({{"jsonrpc", "2.0"}, {"id", 5}, {"method", "tools/call"}, {"params", {{"name", 3}}}})["error"]["code"] == -32602);
  CHECK(s.ask({{"jsonrpc", "2.0"}, {"id", 6}, {"method", "tools/call"}, {"params", {{"name", "list_tickets"}, {"arguments", "x"}}}})["error"]["code"] == -32602);
  CHECK(s.ask({{"jsonrpc", "1.0"}, {"id", 7}, {"method", "ping"}})["error"]["code"] == -32600);
}

TEST_CASE("The MCP finish tool verifies the episode and the result is readable through the gym API") {
  TestApp t;
  Session s(t);
  s.call_tool("assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}});
  s.call_tool("close_ticket", {{"number", "OPS-1"}, {"note", "Old artifacts removed"}});
  auto fin = s.call_tool("finish", {{"answer", "Closed OPS-1"}, {"status", "done"}})["result"];
  CHECK(fin["isError"] == false);
  CHECK(fin["structuredContent"]["success"] == true);
  CHECK(fin["structuredContent"]["reward"] == 1.0);
  auto after = s.call_tool("list_tickets", Json::object())["result"];
  CHECK(after["isError"] == true);
  CHECK(s.call_tool("finish", {{"answer", "twice"}})["result"]["isError"] == true);
  REQUIRE(t.call("DELETE", "/mcp", "", s.headers()).status == 200);
  auto result = t.call("GET", "/v1/episodes/" + s.id + "/result");
  REQUIRE(result.status == 200);
  CHECK(Json::parse(result.body)["frontend"] == "mcp");
  CHECK(Json::parse(result.body)["score"]["success"] == true);
}

TEST_CASE("The MCP finish tool refuses bad arguments as a tool error and keeps the episode open") {
  TestApp t;
  Session s(t);
  CHECK(s.call_tool("finish", Json::object())["result"]["isError"] == true);
  CHECK(s.call_tool("finish", {{"answer", "x"}, {"status", "maybe"}})["result"]["isError"] == true);
  CHECK(s.call_tool("finish", {{"answer", "x"}, {"extra", 1}})["result"]["isError"] == true);
  CHECK(s.call_tool("list_tickets", Json::object())["result"]["isError"] == false);
}

TEST_CASE("MCP requests without a session, or with an ended one, are refused") {
  TestApp t;
  CHECK(t.call("POST", "/mcp?task=srv-001", rpc(2, "tools/list").dump(), kAccept).status == 400);
  auto headers = kAccept;
  headers.emplace_back("mcp-session-id", "ep-unknown");
  CHECK(t.call("POST", "/mcp", rpc(2, "tools/list").dump(), headers).status == 404);
  Session s(t);
  CHECK(t.call("DELETE", "/mcp", "", s.headers()).status == 200);
  CHECK(s.send(rpc(2, "tools/list")).status == 404);
  CHECK(t.call("DELETE", "/mcp", "", s.headers()).status == 404);
  CHECK(t.call("DELETE", "/mcp", "", kAccept).status == 400);
}

TEST_CASE("An MCP session whose episode was reclaimed answers 404 so the client starts over") {
  TestApp t;
  Session s(t);
  t.app.registry().close(s.id);
  CHECK(s.send(rpc(2, "tools/list")).status == 404);
}

TEST_CASE("GET /mcp is 405 because the server has no event stream") {
  TestApp t;
  auto r = t.call("GET", "/mcp", "", {{"accept", "text/event-stream"}});
  CHECK(r.status == 405);
  bool allow = false;
  for (auto& [n, v] : r.headers) allow = allow || (n == "Allow" && v.find("POST") != std::string::npos);
  CHECK(allow);
}

TEST_CASE("MCP garbage, truncated JSON and a second initialize are refused without harming the session") {
  TestApp t;
  Session s(t);
  auto garbage = t.call("POST", "/mcp", "\xff\xfe garbage", s.headers());
  CHECK(garbage.status == 400);
  CHECK(Json::parse(garbage.body)["error"]["code"] == -32700);
  CHECK(t.call("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"meth", s.headers()).status == 400);
  CHECK(t.call("POST", "/mcp", "42", s.headers()).status == 400);
  CHECK(s.send(initialize()).status == 400);
  CHECK(t.call("POST", "/mcp", rpc(2, "ping").dump(), {{"accept", "text/html"}, {"mcp-session-id", s.id}}).status == 406);
  auto bad_version = s.headers();
  bad_version.back().second = "1999-01-01";
  CHECK(t.call("POST", "/mcp", rpc(2, "ping").dump(), bad_version).status == 400);
  CHECK(s.ask(rpc(9, "ping"))["result"] == Json::object());
}

TEST_CASE("An MCP batch gets one answer per request") {
  TestApp t;
  Session s(t);
  Json batch = Json::array({rpc(10, "ping"), {{"jsonrpc", "2.0"}, {"method", "notifications/progress"}}, rpc(11, "tools/list")});
  auto j = s.ask(batch);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 2);
  CHECK(j[0]["id"] == 10);
  CHECK(j[1]["id"] == 11);
}

TEST_CASE("A client that accepts only an event stream gets the answer as one SSE event") {
  TestApp t;
  Session s(t);
  auto r = t.call("POST", "/mcp", rpc(12, "ping").dump(),
                  {{"accept", "text/event-stream"}, {"mcp-session-id", s.id}});
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/event-stream");
  CHECK(r.body.rfind("event: message\ndata: ", 0) == 0);
  CHECK(r.body.find("\"id\":12") != std::string::npos);
}

TEST_CASE("MCP over a foreign Host or Origin is refused") {
  TestApp t;
  auto h = kAccept;
  h.emplace_back("host", "evil.example.com");
  h.emplace_back("origin", "http://evil.example.com");
  CHECK(t.call("POST", "/mcp?task=srv-001", initialize().dump(), h).status == 403);
  CHECK(t.app.registry().live_count() == 0);
}

TEST_CASE("The stdio transport answers line by line and reports parse errors") {
  TestApp t;
  auto live = t.app.registry().add(t.app.factory().create("srv-001"), opsgym::server::Frontend::mcp);
  opsgym::server::McpSession session(live, t.app.registry());
  std::stringstream in;
  in << initialize().dump() << "\n"
     << Json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump() << "\n"
     << "\n"
     << "{not json\n"
     << rpc(2, "tools/call", {{"name", "finish"}, {"arguments", {{"answer", "nothing"}}}}).dump() << "\n";
  std::stringstream out;
  CHECK(opsgym::server::serve_mcp_stdio(session, in, out) == 4);
  std::string line;
  std::vector<Json> replies;
  while (std::getline(out, line)) replies.push_back(Json::parse(line));
  REQUIRE(replies.size() == 3);
  CHECK(replies[0]["result"]["protocolVersion"] == "2025-06-18");
  CHECK(replies[1]["error"]["code"] == -32700);
  CHECK(replies[2]["result"]["structuredContent"]["success"] == false);
  CHECK(t.app.registry().result(live->id));
}
