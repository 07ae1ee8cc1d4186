#include "server/mcp_http.hpp"

#include <vector>

#include "json/json_text.hpp"
#include "server/api_error.hpp"
#include "server/request_parsing.hpp"

namespace opsgym::server {
namespace {

// An MCP-level failure before any session logic runs: an HTTP status with a JSON-RPC error body, which
// is what the SDK clients show to their users.
HttpResponse rpc_failure(int status, const Json& id, int code, const std::string& message) {
  return HttpResponse::json(status, jsonrpc::error(id, code, message));
}

bool accepts(const HttpRequest& request, const std::string& type) {
  auto accept = request.header("accept");
  if (!accept) return true;
  return accept->find(type) != std::string::npos || accept->find("*/*") != std::string::npos;
}

HttpResponse reply(const HttpRequest& request, const Json& body) {
  if (body.is_null()) return HttpResponse::empty(202);
  if (accepts(request, "application/json")) return HttpResponse::json(200, body);
  // The client takes only an event stream: send the reply as its single event and end the stream.
  HttpResponse r;
  r.status = 200;
  r.content_type = "text/event-stream";
  r.set_header("Cache-Control", "no-cache");
  r.body = "event: message\ndata: " + json_text(body) + "\n\n";
  return r;
}

bool is_initialize(const Json& message) {
  return message.is_object() && message.value("method", Json()) == "initialize";
}

}  // namespace

size_t McpHttpTransport::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

HttpResponse McpHttpTransport::handle(const HttpRequest& request, const Target& target) {
  if (request.method == "POST") return post(request, target);
  if (request.method == "DELETE") return remove(request);
  HttpResponse r = error_response(405, codes::method_not_allowed,
                                  request.method == "GET"
                                      ? "this server offers no event stream at GET /mcp; POST JSON-RPC messages"
                                      : "/mcp accepts POST and DELETE");
  r.set_header("Allow", "POST, DELETE");
  return r;
}

std::shared_ptr<McpSession> McpHttpTransport::session(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (it->second->live()->closed) {  // reclaimed while idle, or closed through the gym API
    sessions_.erase(it);
    return nullptr;
  }
  return it->second;
}

void McpHttpTransport::sweep_closed() {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [](const auto& entry) { return entry.second->live()->closed.load(); });
}

HttpResponse McpHttpTransport::post(const HttpRequest& request, const Target& target) {
  if (!accepts(request, "application/json") && !accepts(request, "text/event-stream"))
    return rpc_failure(406, nullptr, jsonrpc::invalid_request,
                       "Not Acceptable: the client must accept application/json or text/event-stream");
  if (auto type = request.header("content-type"); type && type->find("application/json") == std::string::npos)
    return rpc_failure(415, nullptr, jsonrpc::invalid_request,
                       "Unsupported Media Type: the body must be application/json");
  Json body;
  try {
    body = parse_client_json(request.body, "the body");
  } catch (const ApiError& e) {
    // Not JSON is a parse error; JSON refused (nested past the limit, a number no double holds) an
    // invalid request.
    const bool malformed = e.code() == codes::malformed_json;
    return rpc_failure(400, nullptr, malformed ? jsonrpc::parse_error : jsonrpc::invalid_request,
                       std::string(malformed ? "Parse error: " : "Invalid Request: ") + e.what());
  }
  if (!body.is_object() && !body.is_array())
    return rpc_failure(400, nullptr, jsonrpc::invalid_request, "a JSON-RPC message must be an object or a batch");

  auto session_id = request.header("mcp-session-id");
  if (!session_id) {
    const Json* init = nullptr;
    if (is_initialize(body)) init = &body;
    else if (body.is_array() && body.size() == 1 && is_initialize(body[0])) init = &body[0];
    if (!init)
      return rpc_failure(400, body.is_object() ? body.value("id", Json()) : Json(), jsonrpc::invalid_request,
                         "Bad Request: no Mcp-Session-Id header; start a session with an initialize request");
    return start_session(request, target, *init);
  }

  auto version = request.header("mcp-protocol-version");
  if (version && !is_supported_mcp_version(*version))
    return rpc_failure(400, nullptr, jsonrpc::invalid_request,
                       "Bad Request: unsupported MCP-Protocol-Version '" + *version + "'");
  auto s = session(*session_id);
  if (!s)
    return rpc_failure(404, nullptr, jsonrpc::session_not_found,
                       "Session not found: '" + *session_id + "' is unknown, ended or reclaimed; initialize again");
  bool has_initialize = is_initialize(body);
  if (body.is_array())
    for (const Json& m : body) has_initialize = has_initialize || is_initialize(m);
  if (has_initialize)
    return rpc_failure(400, body.is_object() ? body.value("id", Json()) : Json(), jsonrpc::invalid_request,
                       "Bad Request: this session is already initialized");
  return reply(request, s->handle_body(body));
}

HttpResponse McpHttpTransport::start_session(const HttpRequest& request, const Target& target, const Json& message) {
  Json id = message.value("id", Json());
  auto task = target.query.find("task");
  if (task == target.query.end() || task->second.empty())
    return rpc_failure(400, id, jsonrpc::invalid_params,
                       "name the task in the URL: /mcp?task=<task id>[&seed=<n>][&reward=shaped]; GET /v1/tasks lists them");
  EpisodeOptions options;
  try {
    if (auto seed = target.query.find("seed"); seed != target.query.end())
      options.seed = parse_seed_text(seed->second, "seed");
    if (auto reward = target.query.find("reward"); reward != target.query.end())
      options.reward = reward_mode_field(Json{{"reward", reward->second}});
    sweep_closed();
    Episode episode = factory_.create(task->second, std::move(options));
    auto live = registry_.add(std::move(episode), Frontend::mcp);
    auto s = std::make_shared<McpSession>(live, registry_);
    Json answer = s->handle(message);
    if (answer.contains("error")) {  // a malformed initialize: nothing to keep
      registry_.close(live->id);
      return HttpResponse::json(400, answer);
    }
    {
      std::lock_guard lock(mutex_);
      sessions_[live->id] = s;
    }
    HttpResponse r = reply(request, answer);
    r.set_header("Mcp-Session-Id", live->id);
    return r;
  } catch (const ApiError& e) {
    return rpc_failure(e.status(), id, e.status() == 400 ? jsonrpc::invalid_params : jsonrpc::server_error, e.what());
  }
}

HttpResponse McpHttpTransport::remove(const HttpRequest& request) {
  auto session_id = request.header("mcp-session-id");
  if (!session_id) return rpc_failure(400, nullptr, jsonrpc::invalid_request, "Bad Request: no Mcp-Session-Id header");
  std::shared_ptr<McpSession> s;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(*session_id);
    if (it != sessions_.end()) {
      s = it->second;
      sessions_.erase(it);
    }
  }
  if (!s) return rpc_failure(404, nullptr, jsonrpc::session_not_found, "Session not found: '" + *session_id + "'");
  registry_.close(*session_id);
  return HttpResponse::empty(200);
}

}  // namespace opsgym::server
