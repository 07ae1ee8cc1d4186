#include "server/mcp_protocol.hpp"

#include <algorithm>

#include "json/json_text.hpp"
#include "opsgym/errors.hpp"
#include "server/api_error.hpp"

namespace opsgym::server {
namespace {

constexpr const char* kServerVersion = "0.1.0";

bool is_request_id(const Json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

Json text_content(std::string text) { return Json::array({{{"type", "text"}, {"text", std::move(text)}}}); }

Json tool_error_result(const std::string& code, const std::string& message) {
  Json output = {{"error", {{"code", code}, {"message", message}}}};
  return {{"content", text_content(json_text(output))}, {"structuredContent", output}, {"isError", true}};
}

}  // namespace

const std::vector<std::string>& mcp_protocol_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26"};
  return versions;
}

bool is_supported_mcp_version(const std::string& version) {
  const auto& v = mcp_protocol_versions();
  return std::find(v.begin(), v.end(), version) != v.end();
}

Json jsonrpc::error(const Json& id, int code, const std::string& message, const Json& data) {
  Json err = {{"code", code}, {"message", message}};
  if (!data.is_null()) err["data"] = data;
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(err)}};
}

Json jsonrpc::result(const Json& id, Json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json mcp_finish_tool() {
  return {{"name", kFinishTool},
          {"description",
           "End the task. Give your final answer for the user and whether you did the work (status \"done\") "
           "or refused it because it cannot or must not be done (status \"refused\"). Returns the "
           "verification result. Call it once, last."},
          {"inputSchema",
           {{"type", "object"},
            {"properties",
             {{"answer", {{"type", "string"}, {"description", "Your final answer to the user"}}},
              {"status",
               {{"type", "string"},
                {"enum", {"done", "refused"}},
                {"default", "done"},
                {"description", "done: the task is complete; refused: you decline it, saying why"}}}}},
            {"required", {"answer"}},
            {"additionalProperties", false}}},
          {"outputSchema",
           {{"type", "object"},
            {"properties",
             {{"success", {{"type", "boolean"}}},
              {"partial", {{"type", "number"}}},
              {"reward", {{"type", "number"}}}}},
            {"required", {"success", "partial", "reward"}}}}};
}

McpSession::McpSession(std::shared_ptr<LiveEpisode> live, EpisodeRegistry& registry)
    : live_(std::move(live)), registry_(registry) {}

std::string McpSession::protocol_version() const {
  std::lock_guard lock(live_->mutex);
  return protocol_version_;
}

Json McpSession::handle_body(const Json& body) {
  if (!body.is_array()) return handle(body);
  if (body.empty()) return jsonrpc::error(nullptr, jsonrpc::invalid_request, "empty JSON-RPC batch");
  if (body.size() > kMaxBatchMessages)
    return jsonrpc::error(nullptr, jsonrpc::invalid_request,
                          "a JSON-RPC batch holds at most " + std::to_string(kMaxBatchMessages) + " messages, not " +
                              std::to_string(body.size()) + "; send the rest in another request");
  Json replies = Json::array();
  for (const Json& message : body) {
    Json reply = handle(message);
    if (!reply.is_null()) replies.push_back(std::move(reply));
  }
  return replies.empty() ? Json() : replies;
}

Json McpSession::handle(const Json& message) {
  if (!message.is_object())
    return jsonrpc::error(nullptr, jsonrpc::invalid_request,
                          std::string("a JSON-RPC message must be an object, not ") + message.type_name());
  Json id = message.contains("id") ? message["id"] : Json();
  bool has_id = message.contains("id");
  if (has_id && !is_request_id(id))
    return jsonrpc::error(nullptr, jsonrpc::invalid_request, "'id' must be a string or an integer");
  if (message.value("jsonrpc", Json()) != "2.0")
    return jsonrpc::error(has_id ? id : Json(), jsonrpc::invalid_request, "'jsonrpc' must be \"2.0\"");
  auto method_it = message.find("method");
  if (method_it == message.end()) {
    // A response from the client (we send no requests, so nothing waits for it): ignore.
    if (message.contains("result") || message.contains("error")) return nullptr;
    return jsonrpc::error(has_id ? id : Json(), jsonrpc::invalid_request, "the message has no 'method'");
  }
  if (!method_it->is_string())
    return jsonrpc::error(has_id ? id : Json(), jsonrpc::invalid_request, "'method' must be a string");
  std::string method = method_it->get<std::string>();
  Json params = message.contains("params") ? message["params"] : Json::object();
  if (params.is_null()) params = Json::object();
  if (!has_id) return nullptr;  // notifications (initialized, cancelled, …) need no answer
  if (!params.is_object())
    return jsonrpc::error(id, jsonrpc::invalid_params, "'params' must be an object");
  try {
    std::lock_guard lock(live_->mutex);
    if (live_->closed)
      return jsonrpc::error(id, jsonrpc::session_not_found, "this session's episode was closed");
    registry_.touch(*live_);
    return dispatch(id, method, params);
  } catch (const ApiError& e) {
    return jsonrpc::error(id, e.status() == 400 ? jsonrpc::invalid_params : jsonrpc::server_error, e.what(),
                          Json{{"code", e.code()}});
  } catch (const std::exception& e) {
    return jsonrpc::error(id, jsonrpc::internal_error, e.what());
  }
}

Json McpSession::dispatch(const Json& id, const std::string& method, const Json& params) {
  if (method == "initialize") return jsonrpc::result(id, initialize(params));
  if (method == "ping") return jsonrpc::result(id, Json::object());
  if (method == "tools/list") return jsonrpc::result(id, list_tools());
  if (method == "tools/call") {
    auto name = params.find("name");
    if (name == params.end() || !name->is_string())
      return jsonrpc::error(id, jsonrpc::invalid_params, "tools/call needs 'name', a string");
    Json args = params.contains("arguments") ? params["arguments"] : Json::object();
    if (args.is_null()) args = Json::object();
    if (!args.is_object()) return jsonrpc::error(id, jsonrpc::invalid_params, "'arguments' must be an object");
    const std::string tool = name->get<std::string>();
    if (tool == kFinishTool) return jsonrpc::result(id, finish(args));
    const auto& tools = live_->episode.tools();
    bool known = std::any_of(tools.begin(), tools.end(), [&](const ToolSpec& t) { return t.name == tool; });
    if (!known) return jsonrpc::error(id, jsonrpc::invalid_params, "Unknown tool: " + tool);
    return jsonrpc::result(id, call_tool({{"name", tool}, {"arguments", std::move(args)}}));
  }
  return jsonrpc::error(id, jsonrpc::method_not_found, "Method not found: " + method);
}

Json McpSession::initialize(const Json& params) {
  std::string requested = params.value("protocolVersion", Json("")).is_string()
                              ? params.value("protocolVersion", std::string())
                              : std::string();
  // Echo a revision we speak; otherwise offer our newest and let the client decide (spec behaviour).
  protocol_version_ = is_supported_mcp_version(requested) ? requested : mcp_protocol_versions().front();
  const Episode& ep = live_->episode;
  std::string instructions = ep.system_prompt() + "\n\n# Your task\n" + ep.task().prompt +
                             "\n\nWhen you are done, call the `finish` tool with your answer (status \"done\"), "
                             "or with status \"refused\" if the task cannot or must not be done.";
  return {{"protocolVersion", protocol_version_},
          {"capabilities", {{"tools", {{"listChanged", false}}}}},
          {"serverInfo", {{"name", "opsgym"}, {"title", "OpsGym: " + ep.task().id}, {"version", kServerVersion}}},
          {"instructions", instructions}};
}

Json McpSession::list_tools() const {
  Json tools = Json::array();
  for (const ToolSpec& t : live_->episode.tools()) tools.push_back(t.mcp());
  tools.push_back(mcp_finish_tool());
  return {{"tools", std::move(tools)}};
}

Json McpSession::call_tool(const Json& params) {
  Episode& ep = live_->episode;
  if (ep.finished())
    return tool_error_result(codes::episode_finished,
                             "this episode has finished; its result is at /v1/episodes/" + live_->id + "/result");
  StepResult step = ep.step(params["name"].get<std::string>(), params["arguments"]);
  Json result = {{"isError", !step.ok}};
  if (step.output().is_object()) result["structuredContent"] = step.output();
  result["content"] = text_content(std::move(step.output_text));
  return result;
}

Json McpSession::finish(const Json& arguments) {
  auto answer = arguments.find("answer");
  if (answer == arguments.end() || !answer->is_string())
    return tool_error_result("invalid_arguments", "answer: required, a string");
  std::string status_text = "done";
  if (auto s = arguments.find("status"); s != arguments.end() && !s->is_null()) {
    if (!s->is_string()) return tool_error_result("invalid_arguments", "status: must be \"done\" or \"refused\"");
    status_text = s->get<std::string>();
  }
  for (const auto& [key, value] : arguments.items())
    if (key != "answer" && key != "status")
      return tool_error_result("invalid_arguments", key + ": unknown argument");
  FinishStatus status;
  try {
    status = parse_finish_status(status_text);
  } catch (const std::exception&) {
    return tool_error_result("invalid_arguments", "status: must be \"done\" or \"refused\", not \"" + status_text + "\"");
  }
  if (live_->episode.finished())
    return tool_error_result(codes::episode_finished, "this episode has already finished");
  const VerifyResult& verdict = registry_.finish(*live_, answer->get<std::string>(), status);
  Json structured = verdict.to_json();
  if (!structured.is_object()) structured = Json{{"verification", structured}};
  structured["success"] = verdict.success;
  structured["partial"] = verdict.partial;
  structured["reward"] = verdict.reward;
  structured["episode_id"] = live_->id;
  return {{"content", text_content(json_text(structured))},
          {"structuredContent", structured},
          {"isError", false}};
}

}  // namespace opsgym::server
