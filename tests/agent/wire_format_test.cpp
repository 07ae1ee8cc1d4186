#include <catch2/catch.hpp>

#include "agent/wire_format.hpp"

using namespace opsgym;
using namespace opsgym::agent;

namespace {

ModelConfig model(Provider provider) {
  ModelConfig m;
  m.name = "m";
  m.provider = provider;
  m.model = "test-model";
  m.max_tokens = 256;
  m.temperature = 0.0;
  return m;
}

ToolSpec close_tool() {
  ToolSpec t;
  t.name = "close_ticket";
  t.description = "Close a ticket";
  t.parameters = {{"type", "object"}, {"properties", {{"number", {{"type", "string"}}}}}, {"required", {"number"}}};
  return t;
}

// A conversation after one tool round: user, assistant with two calls (one malformed), their results.
ChatRequest one_round() {
  ChatRequest r;
  r.system = "policy";
  r.tools = {close_tool()};
  r.messages.push_back({Role::user, "Close T-2", {}, {}});
  Message assistant{Role::assistant, "ok", {}, {}};
  ToolCall good{"call_1", "close_ticket", R"({"number":"T-2"})", {}, ""};
  parse_tool_arguments(good);
  ToolCall bad{"call_2", "close_ticket", R"({"number": )", {}, ""};
  parse_tool_arguments(bad);
  assistant.tool_calls = {good, bad};
  r.messages.push_back(assistant);
  Message results{Role::tool_results, "", {}, {}};
  results.results = {{"call_1", "close_ticket", R"({"ok":true})", false},
                     {"call_2", "close_ticket", R"({"error":{"code":"invalid_arguments"}})", true}};
  r.messages.push_back(results);
  return r;
}

}  // namespace

TEST_CASE("Tool arguments that are not JSON are kept verbatim with a parse error") {
  ToolCall call{"c", "t", R"({"a": )", {}, ""};
  parse_tool_arguments(call);
  CHECK_FALSE(call.arguments.has_value());
  CHECK_FALSE(call.parse_error.empty());
  CHECK(call.arguments_text == R"({"a": )");
}

TEST_CASE("Blank tool arguments mean an empty object") {
  ToolCall call{"c", "t", "  ", {}, ""};
  parse_tool_arguments(call);
  REQUIRE(call.arguments.has_value());
  CHECK(*call.arguments == Json::object());
}

TEST_CASE("An OpenAI request carries system, tools, string arguments and one tool message per call") {
  Json body = openai_request(model(Provider::openai), one_round());
  CHECK(body["model"] == "test-model");
  CHECK(body["max_tokens"] == 256);
  CHECK(body["temperature"] == 0.0);
  CHECK(body["tools"][0]["type"] == "function");
  CHECK(body["tools"][0]["function"]["name"] == "close_ticket");
  const Json& m = body["messages"];
  REQUIRE(m.size() == 5);
  CHECK(m[0] == Json({{"role", "system"}, {"content", "policy"}}));
  CHECK(m[2]["tool_calls"][0]["function"]["arguments"] == R"({"number":"T-2"})");
  CHECK(m[2]["tool_calls"][1]["function"]["arguments"] == R"({"number": )");  // sent back as the model wrote it
  CHECK(m[3] == Json({{"role", "tool"}, {"tool_call_id", "call_1"}, {"content", R"({"ok":true})"}}));
  CHECK(m[4]["tool_call_id"] == "call_2");
}

TEST_CASE("An OpenAI reply with tool calls yields calls, usage and finish reason") {
  std::string body = R"({"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
    "tool_calls":[{"id":"call_a","type":"function","function":{"name":"close_ticket","arguments":"{\"number\":\"T-2\"}"}},
                  {"id":"call_b","type":"function","function":{"name":"close_ticket","arguments":"{oops"}}]}}],
    "usage":{"prompt_tokens":120,"completion_tokens":30}})";
  ChatResponse r = openai_parse_response(body);
  CHECK(r.message.text.empty());
  REQUIRE(r.message.tool_calls.size() == 2);
  CHECK(r.message.tool_calls[0].id == "call_a");
  CHECK(*r.message.tool_calls[0].arguments == Json({{"number", "T-2"}}));
  CHECK_FALSE(r.message.tool_calls[1].arguments.has_value());
  CHECK(r.usage.input_tokens == 120);
  CHECK(r.usage.output_tokens == 30);
  CHECK(r.stop_reason == "tool_calls");
}

TEST_CASE("An OpenAI-compatible server sending arguments as an object is understood") {
  std::string body = R"({"choices":[{"message":{"role":"assistant","content":"",
    "tool_calls":[{"id":"1","type":"function","function":{"name":"t","arguments":{"x":1}}}]}}]})";
  ChatResponse r = openai_parse_response(body);
  REQUIRE(r.message.tool_calls.size() == 1);
  CHECK(*r.message.tool_calls[0].arguments == Json({{"x", 1}}));
}

TEST_CASE("A reply that is not a Chat Completions body is a bad_response error") {
  CHECK_THROWS_AS(openai_parse_response("<html>gateway</html>"), LlmError);
  CHECK_THROWS_AS(openai_parse_response(R"({"choices":[]})"), LlmError);
  try {
    openai_parse_response(R"({"object":"list"})");
  } catch (const LlmError& e) {
    CHECK(e.kind() == LlmError::Kind::bad_response);
  }
}

TEST_CASE("An Anthropic request puts tool_result blocks with is_error first in the next user message") {
  Json body = anthropic_request(model(Provider::anthropic), one_round());
  CHECK(body["system"] == "policy");
  CHECK(body["tools"][0]["input_schema"]["type"] == "object");
  const Json& m = body["messages"];
  REQUIRE(m.size() == 3);
  CHECK(m[1]["role"] == "assistant");
  CHECK(m[1]["content"][1]["type"] == "tool_use");
  CHECK(m[1]["content"][1]["input"] == Json({{"number", "T-2"}}));
  CHECK(m[1]["content"][2]["input"] == Json::object());  // malformed arguments cannot be an object
  CHECK(m[2]["role"] == "user");
  CHECK(m[2]["content"][0] == Json({{"type", "tool_result"}, {"tool_use_id", "call_1"}, {"content", R"({"ok":true})"},
                                    {"is_error", false}}));
  CHECK(m[2]["content"][1]["is_error"] == true);
}

TEST_CASE("Consecutive user turns are merged for Anthropic") {
  ChatRequest r = one_round();
  r.messages.push_back({Role::user, "Please go on", {}, {}});
  Json body = anthropic_request(model(Provider::anthropic), r);
  REQUIRE(body["messages"].size() == 3);
  CHECK(body["messages"][2]["content"].back()["text"] == "Please go on");
}

TEST_CASE("An Anthropic reply yields text, tool_use calls with object input, and usage") {
  std::string body = R"({"type":"message","role":"assistant","stop_reason":"tool_use",
    "content":[{"type":"text","text":"Closing."},{"type":"tool_use","id":"toolu_1","name":"close_ticket","input":{"number":"T-2"}}],
    "usage":{"input_tokens":50,"output_tokens":7}})";
  ChatResponse r = anthropic_parse_response(body);
  CHECK(r.message.text == "Closing.");
  REQUIRE(r.message.tool_calls.size() == 1);
  CHECK(r.message.tool_calls[0].id == "toolu_1");
  CHECK(*r.message.tool_calls[0].arguments == Json({{"number", "T-2"}}));
  CHECK(r.usage.input_tokens == 50);
  CHECK(r.usage.output_tokens == 7);
  CHECK(r.stop_reason == "tool_use");
}

TEST_CASE("Error bodies of both providers give their message") {
  CHECK(error_message_from_body(R"({"error":{"message":"Rate limit reached","type":"requests"}})") == "Rate limit reached");
  CHECK(error_message_from_body(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})") ==
        "Overloaded");
  CHECK(error_message_from_body("upstream connect error") == "upstream connect error");
}
