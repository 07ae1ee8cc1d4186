#pragma once
// Scripted models for the fake servers: a script maps a task (by a piece of its prompt) to the turns
// the model plays; the turn is the number of assistant messages already in the request, so a reply
// depends only on the request and parallel episodes need no shared state. Both servers also check the
// conversation the way the real APIs do (every tool call answered, Anthropic's tool_result blocks first)
// and answer 400 when it is malformed.
#include <string>
#include <utility>
#include <vector>

#include "agent/fake_llm_server.hpp"

namespace opsgym::testing {

struct ScriptedCall {
  std::string name;
  std::string arguments;  // the arguments text exactly as the model sends it (may be invalid JSON)
};

struct ScriptedTurn {
  std::string text;
  std::vector<ScriptedCall> calls;
};

using Script = std::vector<std::pair<std::string, std::vector<ScriptedTurn>>>;

constexpr long long kTurnInputTokens = 100;
constexpr long long kTurnOutputTokens = 20;

// A model that solves the four minidesk tasks.
inline Script solver_script() {
  return {
      {"T-2 (VPN down)", {{"", {{"close_ticket", R"({"number":"T-2","resolution":"Tunnel restarted"})"}}}, {"Closed T-2.", {}}}},
      {"for the person who reported it",
       {{"", {{"close_ticket", R"({"number":"T-2","resolution":"The VPN tunnel had stopped; we restarted it."})"}}},
        {"Closed T-2.", {}}}},
      {"password reset",
       {{"", {{"assign_ticket", R"({"number":"T-3","user":"bob"})"}}},
        {"", {{"close_ticket", R"({"number":"T-3","resolution":"Password reset done"})"}}},
        {"Assigned T-3 to bob and closed it.", {}}}},
      {"to carol", {{"REFUSED: carol is not an active user, so policy forbids it.", {}}}},
  };
}

// A model that closes the password reset ticket without assigning it (breaks the observed rule MD-02).
inline Script rule_breaker_script() {
  return {
      {"password reset",
       {{"", {{"close_ticket", R"({"number":"T-3","resolution":"Password reset done"})"}}}, {"Closed T-3.", {}}}},
  };
}

// A model that calls a tool that does not exist and sends malformed arguments, then recovers: three
// calls in one turn (an unknown tool, broken JSON, then the right call).
inline Script chaotic_script() {
  return {
      {"T-2 (VPN down)",
       {{"Let me try.",
         {{"delete_everything", R"({})"},
          {"close_ticket", R"({"number": "T-2", "resolution": )"},
          {"close_ticket", R"({"number":"T-2","resolution":"Tunnel restarted"})"}}},
        {"Closed T-2.", {}}}},
  };
}

inline const std::vector<ScriptedTurn>* script_for(const Script& script, const std::string& prompt) {
  for (const auto& [key, turns] : script)
    if (prompt.find(key) != std::string::npos) return &turns;
  return nullptr;
}

inline FakeResponse bad_request(const std::string& message, bool anthropic) {
  FakeResponse r;
  r.status = 400;
  if (anthropic) r.body = {{"type", "error"}, {"error", {{"type", "invalid_request_error"}, {"message", message}}}};
  else r.body = {{"error", {{"message", message}, {"type", "invalid_request_error"}, {"code", nullptr}}}};
  return r;
}

// ---- OpenAI Chat Completions ----

// Checks what the real API refuses: a tool call without its role:"tool" reply, a reply to no call.
inline std::string openai_conversation_fault(const Json& body) {
  if (!body.is_object() || !body.contains("messages")) return "missing messages";
  const Json& messages = body["messages"];
  for (size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    if (m.value("role", "") != "assistant" || !m.contains("tool_calls")) continue;
    size_t j = i + 1;
    for (const auto& call : m["tool_calls"]) {
      if (!call["function"]["arguments"].is_string()) return "tool_calls[].function.arguments must be a string";
      if (j >= messages.size() || messages[j].value("role", "") != "tool" ||
          messages[j].value("tool_call_id", "") != call.value("id", ""))
        return "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
               "'tool_call_id'. Missing: " + call.value("id", "");
      ++j;
    }
  }
  return "";
}

inline Json openai_reply(const ScriptedTurn& turn, int turn_index) {
  Json message = {{"role", "assistant"}, {"content", turn.text.empty() ? Json() : Json(turn.text)}};
  if (!turn.calls.empty()) {
    Json calls = Json::array();
    for (size_t i = 0; i < turn.calls.size(); ++i)
      calls.push_back({{"id", "call_" + std::to_string(turn_index) + "_" + std::to_string(i)},
                       {"type", "function"},
                       {"function", {{"name", turn.calls[i].name}, {"arguments", turn.calls[i].arguments}}}});
    message["tool_calls"] = calls;
  }
  return {{"id", "chatcmpl-test"},
          {"object", "chat.completion"},
          {"model", "scripted"},
          {"choices", {{{"index", 0}, {"message", message}, {"finish_reason", turn.calls.empty() ? "stop" : "tool_calls"}}}},
          {"usage", {{"prompt_tokens", kTurnInputTokens}, {"completion_tokens", kTurnOutputTokens},
                     {"total_tokens", kTurnInputTokens + kTurnOutputTokens}}}};
}

inline FakeResponse openai_scripted(const Script& script, const FakeRequest& request) {
  if (request.path != "/v1/chat/completions") return bad_request("unknown path " + request.path, false);
  std::string fault = openai_conversation_fault(request.json);
  if (!fault.empty()) return bad_request(fault, false);
  std::string prompt;
  int turn = 0;
  for (const auto& m : request.json["messages"]) {
    if (m.value("role", "") == "user" && prompt.empty() && m["content"].is_string()) prompt = m["content"];
    if (m.value("role", "") == "assistant") ++turn;
  }
  const auto* turns = script_for(script, prompt);
  ScriptedTurn fallback{"I am done.", {}};
  const ScriptedTurn& t = turns && turn < static_cast<int>(turns->size()) ? (*turns)[turn] : fallback;
  return {200, openai_reply(t, turn), {}, {}};
}

// ---- Anthropic Messages ----

inline std::string anthropic_conversation_fault(const Json& body) {
  if (!body.is_object() || !body.contains("messages") || !body.contains("max_tokens")) return "missing fields";
  const Json& messages = body["messages"];
  for (size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    if (i > 0 && messages[i - 1]["role"] == m["role"]) return "roles must alternate between user and assistant";
    if (m["role"] != "assistant" || !m["content"].is_array()) continue;
    std::vector<std::string> ids;
    for (const auto& block : m["content"])
      if (block["type"] == "tool_use") {
        if (!block["input"].is_object()) return "tool_use.input must be an object";
        ids.push_back(block["id"]);
      }
    if (ids.empty()) continue;
    if (i + 1 >= messages.size()) return "tool_use ids were found without tool_result blocks";
    const Json& next = messages[i + 1]["content"];
    for (size_t b = 0; b < ids.size(); ++b) {
      if (!next.is_array() || b >= next.size() || next[b]["type"] != "tool_result" || next[b]["tool_use_id"] != ids[b])
        return "tool_result blocks must come first in the next user message, one per tool_use: missing " + ids[b];
    }
  }
  return "";
}

inline Json anthropic_reply(const ScriptedTurn& turn, int turn_index) {
  Json content = Json::array();
  if (!turn.text.empty()) content.push_back({{"type", "text"}, {"text", turn.text}});
  for (size_t i = 0; i < turn.calls.size(); ++i) {
    Json input = Json::parse(turn.calls[i].arguments, nullptr, false);
    content.push_back({{"type", "tool_use"},
                       {"id", "toolu_" + std::to_string(turn_index) + "_" + std::to_string(i)},
                       {"name", turn.calls[i].name},
                       {"input", input.is_discarded() ? Json::object() : input}});
  }
  return {{"id", "msg_test"},
          {"type", "message"},
          {"role", "assistant"},
          {"model", "scripted"},
          {"content", content},
          {"stop_reason", turn.calls.empty() ? "end_turn" : "tool_use"},
          {"usage", {{"input_tokens", kTurnInputTokens}, {"output_tokens", kTurnOutputTokens}}}};
}

inline FakeResponse anthropic_scripted(const Script& script, const FakeRequest& request) {
  if (request.path != "/v1/messages") return bad_request("unknown path " + request.path, true);
  if (request.headers.count("anthropic-version") == 0) return bad_request("anthropic-version header is required", true);
  std::string fault = anthropic_conversation_fault(request.json);
  if (!fault.empty()) return bad_request(fault, true);
  std::string prompt;
  int turn = 0;
  for (const auto& m : request.json["messages"]) {
    if (m["role"] == "assistant") ++turn;
    if (m["role"] == "user" && prompt.empty()) {
      if (m["content"].is_string()) prompt = m["content"];
      else
        for (const auto& block : m["content"])
          if (block["type"] == "text") prompt += block["text"].get<std::string>();
    }
  }
  const auto* turns = script_for(script, prompt);
  ScriptedTurn fallback{"I am done.", {}};
  const ScriptedTurn& t = turns && turn < static_cast<int>(turns->size()) ? (*turns)[turn] : fallback;
  return {200, anthropic_reply(t, turn), {}, {}};
}

}  // namespace opsgym::testing
