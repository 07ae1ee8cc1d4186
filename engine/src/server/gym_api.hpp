#pragma once
// The HTTP gym API under /v1, for RL trainers and any client: list environments and tasks; create an
// episode (task, seed, options) and get its observation; step one call, or a batch across episodes;
// finish with an answer and get the verification; read the trajectory and state; fork, reset and close.
// Every route takes and returns JSON; docs/server.md lists them.
#include "server/episode_factory.hpp"
#include "server/episode_registry.hpp"
#include "server/http_message.hpp"
#include "server/request_parsing.hpp"

namespace opsgym::server {

// Calls in one POST /v1/batch: enough for a vectorised trainer stepping hundreds of episodes per request,
// small enough that one request cannot hold a server thread or build a reply of hundreds of megabytes.
inline constexpr size_t kMaxBatchCalls = 1024;

class GymApi {
 public:
  GymApi(const EpisodeFactory& factory, EpisodeRegistry& registry) : factory_(factory), registry_(registry) {}

  // Handles a request whose path starts with /v1. Throws ApiError for client faults.
  HttpResponse handle(const HttpRequest& request, const Target& target);

  // One step as the API returns it: {output, index, ok, violations, episode_id, steps, done, reward}.
  // step_text for the step and batch routes, which send it as is (the output is not serialized again);
  // step_json, that text parsed, for OpenEnv, which reshapes it. Throws ApiError 409 once the episode
  // has finished.
  static Json step_json(LiveEpisode& live, const std::string& tool, const Json& args);
  static std::string step_text(LiveEpisode& live, const std::string& tool, const Json& args);
  // {"episode_id", "observation"} as JSON text with the tools in `format`, plus the members of `before`,
  // whose keys must sort before "observation" (it is appended last, where json_text would put it).
  static std::string observation_text(const LiveEpisode& live, ToolFormat format, const Json& before = Json::object());
  static Json state_json(const LiveEpisode& live);

 private:
  HttpResponse environments() const;
  HttpResponse tasks(const Target& target) const;
  HttpResponse task(const std::string& id) const;
  HttpResponse create(const HttpRequest& request);
  HttpResponse step(const std::string& id, const HttpRequest& request);
  HttpResponse batch(const HttpRequest& request);
  HttpResponse finish(const std::string& id, const HttpRequest& request);
  HttpResponse result(const std::string& id) const;
  HttpResponse fork(const std::string& id, const HttpRequest& request);
  HttpResponse reset(const std::string& id, const HttpRequest& request);
  HttpResponse close(const std::string& id);

  const EpisodeFactory& factory_;
  EpisodeRegistry& registry_;
};

// The tool call of a request: {"tool": name, "args"|"arguments": {...}}. Throws ApiError 400.
std::pair<std::string, Json> parse_tool_call(const Json& body);
// The finish of a request: {"answer": text, "status": "done"|"refused"}. Throws ApiError 400.
std::pair<std::string, FinishStatus> parse_finish(const Json& body);
// The JSON of a finished episode's verification with `reward` (= partial credit) and `done`.
Json finish_json(const LiveEpisode& live, const VerifyResult& result);

}  // namespace opsgym::server
