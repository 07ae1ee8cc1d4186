#pragma once
// The server's request handling, without sockets: security checks (bearer token, Host and Origin against
// DNS rebinding), then routing to the gym API (/v1), MCP (/mcp) or OpenEnv (/reset, /step, …, /ws).
// Every fault becomes a JSON error response; handle() never throws, so no request can take the server down.
#include <memory>
#include <string>

#include "opsgym/catalog.hpp"
#include "server/access_check.hpp"
#include "server/episode_factory.hpp"
#include "server/episode_registry.hpp"
#include "server/gym_api.hpp"
#include "server/http_message.hpp"
#include "server/mcp_http.hpp"
#include "server/openenv_api.hpp"
#include "server/websocket_session.hpp"

namespace opsgym::server {

struct AppOptions {
  std::string token;  // empty: no authentication (then the server must listen on loopback only)
  // Check Host against loopback names. On when the server listens on loopback without a token.
  bool loopback_host_check = true;
  EpisodeRegistry::Options registry;
  std::string results_dir;  // empty: keep results in memory only
};

class App {
 public:
  App(std::shared_ptr<const Catalog> catalog, AppOptions options);

  HttpResponse handle(const HttpRequest& request) noexcept;
  // A WebSocket upgrade: the session, or null with `reject` set to the refusal to send.
  std::unique_ptr<WebSocketSession> open_websocket(const HttpRequest& request, HttpResponse& reject) noexcept;

  EpisodeRegistry& registry() { return *registry_; }
  const EpisodeFactory& factory() const { return factory_; }

 private:
  // Throws ApiError 401/403 when the request may not be served.
  void check_access(const HttpRequest& request, const std::string& path) const;
  HttpResponse route(const HttpRequest& request);

  AppOptions options_;
  EpisodeFactory factory_;
  std::unique_ptr<EpisodeRegistry> registry_;
  GymApi gym_;
  McpHttpTransport mcp_;
  OpenEnvApi openenv_;
};

}  // namespace opsgym::server
