#pragma once
// The App over the tinyops fixture behind a real HttpServer on a free loopback port, for tests that drive
// the whole path a client's bytes take. Test support only.
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "server/app.hpp"
#include "server/http_server.hpp"
#include "server/support_app.hpp"
#include "server/support_http_client.hpp"

namespace opsgym::test {

using nlohmann::json;

// Serves the App on the socket layer, as `opsgym serve` does.
class AppHandler : public server::HttpHandler {
 public:
  explicit AppHandler(server::App& app) : app_(app) {}
  server::HttpResponse handle(const server::HttpRequest& r) override { return app_.handle(r); }
  std::unique_ptr<server::WebSocketSession> open_websocket(const server::HttpRequest& r, server::HttpResponse& reject) override {
    return app_.open_websocket(r, reject);
  }

 private:
  server::App& app_;
};

struct LiveServer {
  explicit LiveServer(server::HttpServerOptions options = {})
      : app(fixture_catalog(), server::AppOptions{}), handler(app), server(options, handler) {
    server.start();
  }
  server::App app;
  AppHandler handler;
  server::HttpServer server;
};

inline std::string create(HttpConnection& c, const std::string& task = "srv-001") {
  auto r = c.request("POST", "/v1/episodes", json{{"task", task}}.dump());
  REQUIRE(r.status == 201);
  return r.json()["episode_id"];
}

inline json step(HttpConnection& c, const std::string& id, const std::string& tool, const json& args = json::object()) {
  auto r = c.request("POST", "/v1/episodes/" + id + "/step", json{{"tool", tool}, {"args", args}}.dump());
  REQUIRE(r.status == 200);
  return r.json();
}

}  // namespace opsgym::test
