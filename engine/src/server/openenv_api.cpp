#include "server/openenv_api.hpp"

#include "json/json_text.hpp"
#include "server/api_error.hpp"
#include "server/gym_api.hpp"
#include "server/mcp_protocol.hpp"

namespace opsgym::server {
namespace {

constexpr const char* kDefaultEpisode = "default";

// OpenEnv's WebSocket error codes (WSErrorCode) for our ApiErrors; our own code travels alongside.
const char* openenv_code(const ApiError& e) {
  if (e.code() == codes::malformed_json) return "INVALID_JSON";
  if (e.status() == 503) return "CAPACITY_REACHED";
  if (e.status() == 404 && e.code() == codes::unknown_episode) return "SESSION_ERROR";
  if (e.status() == 409) return "EXECUTION_ERROR";
  return "VALIDATION_ERROR";
}

Json ws_error(const std::string& message, const std::string& code, const std::string& opsgym_code) {
  return {{"type", "error"}, {"data", {{"message", message}, {"code", code}, {"opsgym_code", opsgym_code}}}};
}

class OpenEnvWebSocket : public WebSocketSession {
 public:
  OpenEnvWebSocket(OpenEnvApi& api, EpisodeRegistry& registry) : api_(api), registry_(registry) {}

  Reply on_message(const std::string& text) override {
    Json message;
    try {
      message = parse_client_json(text, "the message");
    } catch (const ApiError& e) {
      // The parser quotes the bytes it stopped at, which need not be UTF-8: json_text replaces them.
      const bool malformed = e.code() == codes::malformed_json;
      return {json_text(ws_error(e.what(), malformed ? "INVALID_JSON" : "VALIDATION_ERROR", e.code()))};
    }
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string())
      return {json_text(ws_error("a message must be an object with a string 'type'", "VALIDATION_ERROR", codes::invalid_request))};
    const std::string type = message["type"];
    Json data = message.contains("data") ? message["data"] : Json::object();
    if (data.is_null()) data = Json::object();
    try {
      if (!data.is_object()) throw ApiError(400, codes::invalid_request, "'data' must be an object");
      if (type == "reset") {
        std::string id = episode_;
        std::string out = api_.reset(data, id, false);
        episode_ = id;
        std::string reply = "{}";
        append_json_member(reply, "data", out);
        append_json_member(reply, "type", "\"observation\"");
        return {std::move(reply)};
      }
      if (type == "step") {
        if (episode_.empty()) throw ApiError(400, codes::invalid_request, "send a reset message before stepping");
        // OpenEnv clients send the action fields as `data`; accept {"action": {...}} too.
        Json action = data.contains("action") && data["action"].is_object() ? data["action"] : data;
        Json out = api_.step(episode_, action);
        return {json_text(Json{{"type", "observation"}, {"data", out}})};
      }
      if (type == "state") {
        if (episode_.empty()) return {json_text(Json{{"type", "state"}, {"data", {{"episode_id", nullptr}, {"step_count", 0}}}})};
        return {json_text(Json{{"type", "state"}, {"data", api_.state(episode_)}})};
      }
      if (type == "close") {
        close_episode();
        return {"", true};
      }
      return {json_text(ws_error("unknown message type '" + type + "' (reset, step, state, close)", "UNKNOWN_TYPE",
                                 codes::invalid_request))};
    } catch (const ApiError& e) {
      return {json_text(ws_error(e.what(), openenv_code(e), e.code()))};
    } catch (const std::exception& e) {
      return {json_text(ws_error(e.what(), "EXECUTION_ERROR", codes::internal_error))};
    }
  }

  void on_close() override { close_episode(); }

 private:
  void close_episode() {
    if (!episode_.empty()) registry_.close(episode_);
    episode_.clear();
  }

  OpenEnvApi& api_;
  EpisodeRegistry& registry_;
  std::string episode_;
};

Json action_schema() {
  return {{"title", "OpsGymAction"},
          {"oneOf",
           Json::array(
               {{{"type", "object"},
                 {"properties",
                  {{"type", {{"const", "call_tool"}}},
                   {"tool_name", {{"type", "string"}}},
                   {"arguments", {{"type", "object"}}}}},
                 {"required", {"tool_name"}}},
                {{"type", "object"}, {"properties", {{"type", {{"const", "list_tools"}}}}}, {"required", {"type"}}},
                {{"type", "object"},
                 {"properties",
                  {{"type", {{"const", "finish"}}},
                   {"answer", {{"type", "string"}}},
                   {"status", {{"type", "string"}, {"enum", {"done", "refused"}}}}}},
                 {"required", {"type", "answer"}}}})}};
}

}  // namespace

std::unique_ptr<WebSocketSession> OpenEnvApi::open_session() {
  return std::make_unique<OpenEnvWebSocket>(*this, registry_);
}

Json OpenEnvApi::schema() {
  return {{"action", action_schema()},
          {"observation",
           {{"title", "OpsGymObservation"},
            {"type", "object"},
            {"properties",
             {{"episode_id", {{"type", "string"}}},
              {"tool_name", {{"type", "string"}}},
              {"result", Json::object()},
              {"ok", {{"type", "boolean"}}},
              {"tools", {{"type", "array"}}},
              {"system_prompt", {{"type", "string"}}},
              {"prompt", {{"type", "string"}}},
              {"verification", {{"type", "object"}}}}}}},
          {"state",
           {{"title", "OpsGymState"},
            {"type", "object"},
            {"properties",
             {{"episode_id", {{"type", "string"}}},
              {"step_count", {{"type", "integer"}, {"minimum", 0}}},
              {"task", {{"type", "string"}}},
              {"finished", {{"type", "boolean"}}}}}}}};
}

Json OpenEnvApi::metadata() const {
  Json tasks = Json::array();
  for (const auto& t : factory_.catalog().tasks()) tasks.push_back(t->id);
  std::string default_task;
  try {
    default_task = factory_.default_task();
  } catch (const ApiError&) {
  }
  return {{"name", "opsgym"},
          {"description",
           "OpsGym: enterprise workflow tasks (tool calls against a simulated system, verified end state). "
           "Pick a task with reset {\"task\": id}; the default is " +
               (default_task.empty() ? std::string("none (no task loaded)") : default_task) + "."},
          {"version", "0.1.0"},
          {"author", "OpsGym"},
          {"readme_content", nullptr},
          {"documentation_url", nullptr},
          {"tasks", tasks}};
}

std::string OpenEnvApi::reset(const Json& data, std::string& id, bool over_http) {
  auto task = string_field(data, "task");
  if (!task) task = string_field(data, "task_id");
  EpisodeOptions options;
  options.seed = seed_field(data, "seed");
  options.fault_rate = number_field(data, "fault_rate").value_or(0.0);
  options.reward = reward_mode_field(data);
  auto requested_id = string_field(data, "episode_id");
  if (requested_id && (requested_id->empty() || requested_id->size() > 255))
    throw ApiError(400, codes::invalid_request, "'episode_id' must have 1 to 255 characters");
  Episode episode = factory_.create(task ? *task : factory_.default_task(), std::move(options));
  std::shared_ptr<LiveEpisode> live;
  if (over_http) {
    // HTTP has no session: `id` is the episode_id named. It is replaced only when it is an episode an
    // HTTP /reset made; a gym, MCP or WebSocket episode's id is refused (409), so no client can close
    // another's episode by naming its id.
    live = registry_.replace(std::move(episode), Frontend::openenv, id, kOpenEnvHttpOwner);
  } else {
    // A WebSocket session: its previous episode (`id`) goes. A client-chosen id that is live in another
    // session is refused by add(), so one client cannot close another's episode.
    std::string key = requested_id ? *requested_id : id;
    if (!id.empty()) registry_.close(id);
    live = registry_.add(std::move(episode), Frontend::openenv, key);
  }
  id = live->id;
  std::lock_guard lock(live->mutex);
  std::string out = json_text(Json{{"done", false}});
  append_json_member(out, "observation", live->episode.observation_text(ToolFormat::openai_chat, {{"episode_id", live->id}}));
  append_json_member(out, "reward", "null");
  return out;
}

Json OpenEnvApi::step(const std::string& id, const Json& action) {
  if (!action.is_object()) throw ApiError(400, codes::invalid_request, "'action' must be an object");
  std::string type = string_field(action, "type").value_or(action.contains("tool_name") ? "call_tool" : "");
  if (type == "list_tools") {
    return registry_.with(id, [&](LiveEpisode& l) {
      Json tools = Json::array();
      for (const ToolSpec& t : l.episode.tools())
        tools.push_back({{"name", t.name}, {"description", t.description}, {"input_schema", t.mcp()["inputSchema"]}});
      Json finish = mcp_finish_tool();
      tools.push_back({{"name", finish["name"]}, {"description", finish["description"]}, {"input_schema", finish["inputSchema"]}});
      return Json{{"observation", {{"episode_id", l.id}, {"tools", tools}}}, {"reward", 0.0}, {"done", l.episode.finished()}};
    });
  }
  if (type == "call_tool") {
    std::string tool = required_string(action, "tool_name");
    Json args = Json::object();
    if (auto a = object_field(action, "arguments")) args = *a;
    if (tool == kFinishTool) type = "finish";
    else
      return registry_.with(id, [&](LiveEpisode& l) {
        Json step = GymApi::step_json(l, tool, args);
        Json obs = {{"episode_id", l.id}, {"tool_name", tool}, {"ok", step.value("ok", false)},
                    {"result", step.value("output", Json())}, {"step", step.value("index", 0)}};
        if (step.contains("violations")) obs["violations"] = step["violations"];
        return Json{{"observation", obs}, {"reward", 0.0}, {"done", false}};
      });
  }
  if (type == "finish") {
    const Json& source = action.contains("arguments") && action["arguments"].is_object() ? action["arguments"] : action;
    auto [answer, status] = parse_finish(source);
    return registry_.with(id, [&, &answer = answer, &status = status](LiveEpisode& l) {
      const VerifyResult& r = registry_.finish(l, answer, status);
      Json obs = {{"episode_id", l.id}, {"verification", r.to_json()}, {"success", r.success}};
      return Json{{"observation", obs}, {"reward", r.reward}, {"done", true},
                  {"metadata", {{"success", r.success}, {"partial", r.partial}}}};
    });
  }
  throw ApiError(400, codes::invalid_request,
                 "action 'type' must be call_tool (with tool_name, arguments), list_tools or finish (with answer, status)");
}

Json OpenEnvApi::state(const std::string& id) {
  return registry_.with(id, [](LiveEpisode& l) {
    Json s = GymApi::state_json(l);
    s["step_count"] = l.episode.steps();
    return s;
  });
}

void OpenEnvApi::require_http_episode(const std::string& id) const {
  auto live = registry_.find(id);
  if (live && live->owner != kOpenEnvHttpOwner)
    throw ApiError(409, codes::episode_in_use,
                   "episode id '" + id + "' belongs to another client's live episode (gym, MCP or WebSocket); "
                   "OpenEnv's HTTP routes play only episodes made by POST /reset");
}

HttpResponse OpenEnvApi::handle(const HttpRequest& request, const Target& target) {
  const std::string& path = target.path;
  auto only = [&](const char* method) {
    if (request.method != method)
      throw ApiError(405, codes::method_not_allowed, "use " + std::string(method) + " " + path);
  };
  if (path == "/health") return only("GET"), HttpResponse::json(200, {{"status", "healthy"}});
  if (path == "/schema") return only("GET"), HttpResponse::json(200, schema());
  if (path == "/metadata") return only("GET"), HttpResponse::json(200, metadata());
  if (path == "/reset") {
    only("POST");
    Json body = parse_json_object(request.body);
    std::string id = string_field(body, "episode_id").value_or(kDefaultEpisode);
    return HttpResponse::from_json_text(200, reset(body, id, true));
  }
  if (path == "/step") {
    only("POST");
    Json body = parse_json_object(request.body);
    auto action = object_field(body, "action");
    if (!action) throw ApiError(400, codes::invalid_request, "field 'action' is required");
    if (auto timeout = number_field(body, "timeout_s"); timeout && *timeout <= 0)
      throw ApiError(400, codes::invalid_request, "'timeout_s' must be greater than 0");
    const std::string id = string_field(body, "episode_id").value_or(kDefaultEpisode);
    require_http_episode(id);
    return HttpResponse::json(200, step(id, *action));
  }
  if (path == "/state") {
    only("GET");
    auto it = target.query.find("episode_id");
    const std::string id = it == target.query.end() ? kDefaultEpisode : it->second;
    require_http_episode(id);
    return HttpResponse::json(200, state(id));
  }
  throw ApiError(404, codes::unknown_route, "no route " + request.method + " " + path);
}

}  // namespace opsgym::server
