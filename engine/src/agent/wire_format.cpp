#include "agent/wire_format.hpp"

namespace opsgym::agent {

const char* to_string(LlmError::Kind kind) {
  switch (kind) {
    case LlmError::Kind::network: return "network";
    case LlmError::Kind::timeout: return "timeout";
    case LlmError::Kind::http_status: return "http_status";
    case LlmError::Kind::bad_response: return "bad_response";
    case LlmError::Kind::config: return "config";
  }
  return "unknown";
}

Json to_json(const Message& message) {
  Json out;
  out["role"] = message.role == Role::user ? "user" : message.role == Role::assistant ? "assistant" : "tool";
  if (!message.text.empty() || message.role != Role::tool_results) out["text"] = message.text;
  if (!message.tool_calls.empty()) {
    Json calls = Json::array();
    for (const auto& c : message.tool_calls) {
      Json call = {{"id", c.id}, {"name", c.name}, {"arguments", c.arguments_text}};
      if (!c.parse_error.empty()) call["parse_error"] = c.parse_error;
      calls.push_back(std::move(call));
    }
    out["tool_calls"] = std::move(calls);
  }
  if (!message.results.empty()) {
    Json results = Json::array();
    for (const auto& r : message.results)
      results.push_back({{"call_id", r.call_id}, {"name", r.name}, {"content", r.content}, {"is_error", r.is_error}});
    out["results"] = std::move(results);
  }
  return out;
}

void parse_tool_arguments(ToolCall& call) {
  call.arguments.reset();
  call.parse_error.clear();
  bool blank = call.arguments_text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    call.arguments = Json::object();
    return;
  }
  try {
    call.arguments = Json::parse(call.arguments_text);
  } catch (const Json::parse_error& e) {
    call.parse_error = e.what();
  }
}

namespace {

[[noreturn]] void bad_response(const std::string& what, const std::string& body) {
  throw LlmError(LlmError::Kind::bad_response, what + ": " + body.substr(0, 300));
}

Json parse_body(const std::string& body) {
  try {
    return Json::parse(body);
  } catch (const Json::parse_error&) {
    bad_response("the reply is not JSON", body);
  }
}

long long token_count(const Json& usage, const char* key) {
  auto it = usage.find(key);
  return it != usage.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

std::string text_or_empty(const Json& value) { return value.is_string() ? value.get<std::string>() : std::string(); }

// Arguments may come as a string (the standard) or, from some OpenAI-compatible servers, an object.
std::string arguments_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace

Json openai_request(const ModelConfig& model, const ChatRequest& request) {
  Json messages = Json::array();
  if (!request.system.empty()) messages.push_back({{"role", "system"}, {"content", request.system}});
  for (const auto& m : request.messages) {
    switch (m.role) {
      case Role::user:
        messages.push_back({{"role", "user"}, {"content", m.text}});
        break;
      case Role::assistant: {
        Json msg = {{"role", "assistant"}, {"content", m.text.empty() ? Json() : Json(m.text)}};
        if (!m.tool_calls.empty()) {
          Json calls = Json::array();
          for (const auto& c : m.tool_calls)
            calls.push_back({{"id", c.id}, {"type", "function"},
                             {"function", {{"name", c.name}, {"arguments", c.arguments_text}}}});
          msg["tool_calls"] = std::move(calls);
        }
        messages.push_back(std::move(msg));
        break;
      }
      case Role::tool_results:
        for (const auto& r : m.results)
          messages.push_back({{"role", "tool"}, {"tool_call_id", r.call_id}, {"content", r.content}});
        if (!m.text.empty()) messages.push_back({{"role", "user"}, {"content", m.text}});
        break;
    }
  }
  Json body = {{"model", model.model}, {"messages", std::move(messages)}, {"max_tokens", model.max_tokens}};
  if (model.temperature) body["temperature"] = *model.temperature;
  if (!request.tools.empty()) {
    Json tools = Json::array();
    for (const auto& t : request.tools) tools.push_back(t.openai_chat());
    body["tools"] = std::move(tools);
  }
  return body;
}

ChatResponse openai_parse_response(const std::string& body) {
  Json reply = parse_body(body);
  if (!reply.is_object() || !reply.contains("choices") || !reply["choices"].is_array() || reply["choices"].empty())
    bad_response("the reply has no choices", body);
  const Json& choice = reply["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object())
    bad_response("the reply's choice has no message", body);
  const Json& message = choice["message"];
  ChatResponse response;
  response.message.role = Role::assistant;
  response.message.text = text_or_empty(message.value("content", Json()));
  if (auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array()) {
    for (const auto& c : *calls) {
      if (!c.is_object() || !c.contains("function") || !c["function"].is_object())
        bad_response("a tool call has no function", body);
      ToolCall call;
      call.id = text_or_empty(c.value("id", Json()));
      call.name = text_or_empty(c["function"].value("name", Json()));
      call.arguments_text = arguments_text(c["function"].value("arguments", Json()));
      parse_tool_arguments(call);
      response.message.tool_calls.push_back(std::move(call));
    }
  }
  response.stop_reason = text_or_empty(choice.value("finish_reason", Json()));
  if (auto usage = reply.find("usage"); usage != reply.end() && usage->is_object()) {
    response.usage.input_tokens = token_count(*usage, "prompt_tokens");
    response.usage.output_tokens = token_count(*usage, "completion_tokens");
  }
  return response;
}

Json anthropic_request(const ModelConfig& model, const ChatRequest& request) {
  Json messages = Json::array();
  // Anthropic wants user and assistant turns to alternate: consecutive blocks of one role are merged.
  auto append = [&messages](const std::string& role, Json blocks) {
    if (!messages.empty() && messages.back()["role"] == role) {
      for (auto& b : blocks) messages.back()["content"].push_back(std::move(b));
    } else {
      messages.push_back({{"role", role}, {"content", std::move(blocks)}});
    }
  };
  for (const auto& m : request.messages) {
    switch (m.role) {
      case Role::user:
        append("user", Json::array({{{"type", "text"}, {"text", m.text}}}));
        break;
      case Role::assistant: {
        Json blocks = Json::array();
        if (!m.text.empty()) blocks.push_back({{"type", "text"}, {"text", m.text}});
        for (const auto& c : m.tool_calls) {
          Json input = c.arguments && c.arguments->is_object() ? *c.arguments : Json::object();
          blocks.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", std::move(input)}});
        }
        if (blocks.empty()) blocks.push_back({{"type", "text"}, {"text", "(no reply)"}});
        append("assistant", std::move(blocks));
        break;
      }
      case Role::tool_results: {
        // tool_result blocks must lead the user message that follows the tool_use turn.
        Json blocks = Json::array();
        for (const auto& r : m.results)
          blocks.push_back({{"type", "tool_result"}, {"tool_use_id", r.call_id}, {"content", r.content},
                            {"is_error", r.is_error}});
        if (!m.text.empty()) blocks.push_back({{"type", "text"}, {"text", m.text}});
        append("user", std::move(blocks));
        break;
      }
    }
  }
  Json body = {{"model", model.model}, {"max_tokens", model.max_tokens}, {"messages", std::move(messages)}};
  if (!request.system.empty()) body["system"] = request.system;
  if (model.temperature) body["temperature"] = *model.temperature;
  if (!request.tools.empty()) {
    Json tools = Json::array();
    for (const auto& t : request.tools)
      tools.push_back({{"name", t.name}, {"description", t.description}, {"input_schema", t.parameters}});
    body["tools"] = std::move(tools);
  }
  return body;
}

ChatResponse anthropic_parse_response(const std::string& body) {
  Json reply = parse_body(body);
  if (!reply.is_object() || !reply.contains("content") || !reply["content"].is_array())
    bad_response("the reply has no content blocks", body);
  ChatResponse response;
  response.message.role = Role::assistant;
  for (const auto& block : reply["content"]) {
    if (!block.is_object()) bad_response("a content block is not an object", body);
    std::string type = text_or_empty(block.value("type", Json()));
    if (type == "text") {
      if (!response.message.text.empty()) response.message.text += "\n";
      response.message.text += text_or_empty(block.value("text", Json()));
    } else if (type == "tool_use") {
      ToolCall call;
      call.id = text_or_empty(block.value("id", Json()));
      call.name = text_or_empty(block.value("name", Json()));
      call.arguments_text = arguments_text(block.value("input", Json::object()));
      parse_tool_arguments(call);
      response.message.tool_calls.push_back(std::move(call));
    }
    // Other blocks (thinking, ...) carry nothing an episode needs.
  }
  response.stop_reason = text_or_empty(reply.value("stop_reason", Json()));
  if (auto usage = reply.find("usage"); usage != reply.end() && usage->is_object()) {
    response.usage.input_tokens = token_count(*usage, "input_tokens");
    response.usage.output_tokens = token_count(*usage, "output_tokens");
  }
  return response;
}

std::string error_message_from_body(const std::string& body) {
  try {
    Json reply = Json::parse(body);
    if (reply.is_object() && reply.contains("error")) {
      const Json& error = reply["error"];
      if (error.is_object() && error.contains("message") && error["message"].is_string())
        return error["message"].get<std::string>();
      if (error.is_string()) return error.get<std::string>();
    }
  } catch (const Json::parse_error&) {
  }
  return body.substr(0, 300);
}

}  // namespace opsgym::agent
