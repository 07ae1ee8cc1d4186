#pragma once
// An App over the tinyops fixture, driven in-process (no sockets), for the server tests.
#include <string>
#include <utility>
#include <vector>

#include "opsgym/catalog.hpp"
#include "server/app.hpp"
#include "server/support_server_process.hpp"

namespace opsgym::test {

inline std::shared_ptr<const Catalog> fixture_catalog() {
  static auto catalog = std::make_shared<const Catalog>(
      Catalog::load(server_fixture_home() + "/environments", server_fixture_home() + "/verifiers"));
  return catalog;
}

struct TestApp {
  explicit TestApp(server::AppOptions options = {}) : app(fixture_catalog(), std::move(options)) {}

  server::HttpResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
    server::HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers["host"] = "127.0.0.1:8080";
    if (!body.empty()) r.headers["content-type"] = "application/json";
    for (auto& [n, v] : headers) r.headers[n] = v;
    return app.handle(r);
  }
  server::HttpResponse post(const std::string& target, const server::Json& body) {
    return call("POST", target, body.dump());
  }
  server::Json json(const server::HttpResponse& r) { return server::Json::parse(r.body); }

  // Creates an episode of `task` and returns its id.
  std::string create(const std::string& task = "srv-001") {
    auto r = post("/v1/episodes", {{"task", task}});
    if (r.status != 201) throw std::runtime_error("create failed: " + r.body);
    return json(r)["episode_id"];
  }
  server::Json step(const std::string& id, const std::string& tool, const server::Json& args) {
    return json(post("/v1/episodes/" + id + "/step", {{"tool", tool}, {"args", args}}));
  }

  server::App app;
};

}  // namespace opsgym::test
