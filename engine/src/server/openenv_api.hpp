#pragma once
// OpenEnv compatibility, so trainers built on OpenEnv (TRL and others) drive OpsGym unchanged.
// HTTP: POST /reset {seed?, episode_id?, task?}, POST /step {action, timeout_s?, episode_id?},
// GET /state[?episode_id=], GET /schema, GET /health, GET /metadata. Unlike OpenEnv's own stateless HTTP
// routes these keep the episode between calls, keyed by episode_id ("default" when none is given).
// WebSocket /ws: {"type":"reset"|"step"|"state"|"close","data":{...}} answered with
// {"type":"observation"|"state"|"error","data":{...}}; one connection = one session, its episode closed
// when the connection ends.
// Actions follow OpenEnv's MCP action types: {"type":"call_tool","tool_name","arguments"},
// {"type":"list_tools"}, plus {"type":"finish","answer","status"}, which ends the episode (done = true,
// reward = the verifier's partial credit; 1.0 means every check passed).
#include <memory>
#include <string>

#include "server/episode_factory.hpp"
#include "server/episode_registry.hpp"
#include "server/http_message.hpp"
#include "server/request_parsing.hpp"
#include "server/websocket_session.hpp"

namespace opsgym::server {

class OpenEnvApi {
 public:
  OpenEnvApi(const EpisodeFactory& factory, EpisodeRegistry& registry) : factory_(factory), registry_(registry) {}

  // Handles /reset, /step, /state, /schema, /health, /metadata. Throws ApiError for client faults.
  HttpResponse handle(const HttpRequest& request, const Target& target);
  std::unique_ptr<WebSocketSession> open_session();

  // Starts (or restarts) the episode `id` from a reset request; returns the OpenEnv reset response as
  // JSON text (its tool listing is the episode's cached text, not rebuilt). `over_http`: `id` is the
  // episode_id an HTTP /reset named, replaced only if an HTTP /reset made it (else ApiError 409
  // episode_in_use); otherwise `id` is a WebSocket session's own episode (empty before its first reset).
  std::string reset(const Json& data, std::string& id, bool over_http);
  // Runs one action on episode `id`; returns the OpenEnv step response.
  Json step(const std::string& id, const Json& action);
  Json state(const std::string& id);
  static Json schema();
  Json metadata() const;

 private:
  // HTTP /step and /state: ApiError 409 (episode_in_use) when `id` is live but not an HTTP /reset's.
  void require_http_episode(const std::string& id) const;

  const EpisodeFactory& factory_;
  EpisodeRegistry& registry_;
};

}  // namespace opsgym::server
