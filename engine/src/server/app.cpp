#include "server/app.hpp"

#include <iostream>

#include "opsgym/errors.hpp"
#include "server/api_error.hpp"
#include "server/request_parsing.hpp"

namespace opsgym::server {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Compares without an early exit, so the time taken does not reveal how much of a token matched.
bool same_secret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

std::shared_ptr<ResultsSink> make_sink(const std::string& dir) {
  if (dir.empty()) return nullptr;
  return std::make_shared<ResultsSink>(dir);
}

bool is_public_route(const HttpRequest& request, const std::string& path) {
  return request.method == "GET" && (path == "/health" || path == "/v1/health");
}

}  // namespace

App::App(std::shared_ptr<const Catalog> catalog, AppOptions options)
    : options_(std::move(options)),
      factory_(std::move(catalog)),
      registry_(std::make_unique<EpisodeRegistry>(options_.registry, make_sink(options_.results_dir))),
      gym_(factory_, *registry_),
      mcp_(factory_, *registry_),
      openenv_(factory_, *registry_) {}

void App::check_access(const HttpRequest& request, const std::string& path) const {
  // DNS rebinding: a web page whose name resolves to 127.0.0.1 must not reach us through a browser.
  if (options_.loopback_host_check) {
    if (auto host = request.header("host"); host && !is_loopback_host(*host))
      throw ApiError(403, codes::forbidden_host,
                     "Host '" + *host + "' is not a loopback name; this server answers localhost, 127.0.0.1 and [::1]");
  }
  if (auto origin = request.header("origin"); origin && !is_loopback_origin(*origin) && options_.token.empty())
    throw ApiError(403, codes::forbidden_origin, "Origin '" + *origin + "' is not allowed");
  if (!options_.token.empty() && !is_public_route(request, path)) {
    auto auth = request.header("authorization");
    const std::string prefix = "Bearer ";
    if (!auth || auth->size() <= prefix.size() || lower(auth->substr(0, prefix.size())) != "bearer " ||
        !same_secret(auth->substr(prefix.size()), options_.token))
      throw ApiError(401, codes::unauthorized, "a valid 'Authorization: Bearer <token>' header is required");
  }
}

HttpResponse App::route(const HttpRequest& request) {
  Target target = parse_target(request.target);
  check_access(request, target.path);
  const std::string& path = target.path;
  if (path == "/v1" || path.rfind("/v1/", 0) == 0) return gym_.handle(request, target);
  if (path == "/mcp" || path == "/mcp/") return mcp_.handle(request, target);
  if (path == "/reset" || path == "/step" || path == "/state" || path == "/schema" || path == "/health" ||
      path == "/metadata")
    return openenv_.handle(request, target);
  if (path == "/ws")
    throw ApiError(400, codes::invalid_request, "/ws is a WebSocket endpoint: send an Upgrade: websocket request");
  throw ApiError(404, codes::unknown_route, "no route " + request.method + " " + path + " (see GET /v1/health, /v1/tasks, /mcp)");
}

HttpResponse App::handle(const HttpRequest& request) noexcept {
  try {
    HttpResponse r = route(request);
    if (r.status == 401) r.set_header("WWW-Authenticate", "Bearer");
    return r;
  } catch (const ApiError& e) {
    HttpResponse r = error_response(e);
    if (e.status() == 401) r.set_header("WWW-Authenticate", "Bearer");
    return r;
  } catch (const NotFound& e) {
    return error_response(404, "not_found", e.what());
  } catch (const InvalidState& e) {
    return error_response(409, codes::episode_finished, e.what());
  } catch (const std::exception& e) {
    std::cerr << "opsgym serve: internal error on " << request.method << " " << request.target << ": " << e.what()
              << "\n";
    return error_response(500, codes::internal_error, e.what());
  } catch (...) {
    return error_response(500, codes::internal_error, "unknown internal error");
  }
}

std::unique_ptr<WebSocketSession> App::open_websocket(const HttpRequest& request, HttpResponse& reject) noexcept {
  try {
    Target target = parse_target(request.target);
    check_access(request, target.path);
    if (target.path != "/ws") throw ApiError(404, codes::unknown_route, "WebSocket sessions are at /ws");
    return openenv_.open_session();
  } catch (const ApiError& e) {
    reject = error_response(e);
  } catch (const std::exception& e) {
    reject = error_response(500, codes::internal_error, e.what());
  }
  return nullptr;
}

}  // namespace opsgym::server
