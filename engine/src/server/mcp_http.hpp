#pragma once
// MCP's streamable HTTP transport at /mcp. POST carries JSON-RPC; an initialize request without a session
// starts one (one MCP session = one episode of the task named in the URL: /mcp?task=itsm-001&seed=3) and
// answers with its Mcp-Session-Id; later requests carry that header. DELETE ends the session (closing the
// episode; a finished episode's result stays readable at /v1/episodes/{session id}/result). GET answers
// 405: this server sends no unsolicited messages. Replies are JSON, or one SSE event when the client
// accepts only text/event-stream.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/episode_factory.hpp"
#include "server/episode_registry.hpp"
#include "server/http_message.hpp"
#include "server/mcp_protocol.hpp"
#include "server/request_parsing.hpp"

namespace opsgym::server {

class McpHttpTransport {
 public:
  McpHttpTransport(const EpisodeFactory& factory, EpisodeRegistry& registry)
      : factory_(factory), registry_(registry) {}

  HttpResponse handle(const HttpRequest& request, const Target& target);
  size_t session_count() const;

 private:
  HttpResponse post(const HttpRequest& request, const Target& target);
  HttpResponse remove(const HttpRequest& request);
  HttpResponse start_session(const HttpRequest& request, const Target& target, const Json& message);
  std::shared_ptr<McpSession> session(const std::string& id);
  void sweep_closed();  // drops sessions whose episode was closed or reclaimed

  const EpisodeFactory& factory_;
  EpisodeRegistry& registry_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<McpSession>> sessions_;
};

}  // namespace opsgym::server
