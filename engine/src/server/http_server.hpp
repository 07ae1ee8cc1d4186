#pragma once
// The socket side of the server: HTTP/1.1 with keep-alive and WebSocket upgrades on a pool of threads.
// Only http_server.cpp and http_request_reader.cpp include Boost.Beast (each such file costs ~20 s and
// ~1 GB to compile); this header shows none of it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/http_message.hpp"
#include "server/websocket_session.hpp"

namespace opsgym::server {

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Must not throw.
  virtual HttpResponse handle(const HttpRequest& request) = 0;
  // For a WebSocket upgrade request: the session, or null with `reject` set. Must not throw.
  virtual std::unique_ptr<WebSocketSession> open_websocket(const HttpRequest& request, HttpResponse& reject) = 0;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see HttpServer::port())
  int threads = 2;
  // Thread i on the i-th CPU this process may use (modulo their number), for as long as it runs.
  bool pin_threads = false;
  size_t body_limit = 4u << 20;  // larger bodies get 413
  // The start line and headers together, and likewise a chunk's size line and the trailer of a chunked
  // body: larger gets 431. Under 64 KiB, the most Beast's field list takes for one value.
  size_t header_limit = 16u << 10;
  std::chrono::seconds keep_alive_timeout{60};  // an idle connection is closed after this
  // Open connections at once, lowered to the open-file limit less 256. At the cap the connection waiting
  // longest for a request is closed for the new one (see connection_table.hpp).
  size_t max_connections = 10'000;
};

class HttpServer {
 public:
  // Binds and listens; throws std::runtime_error naming the address when it cannot.
  HttpServer(HttpServerOptions options, HttpHandler& handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;  // the bound port
  // After start(): the CPU each thread was pinned to, in thread order (connection i goes to thread
  // i mod threads, in the order they connect); empty unless pin_threads, -1 where the kernel refused.
  std::vector<int> thread_cpus() const;
  // Starts accepting on `threads` threads; returns at once.
  void start();
  // Stops accepting and ends every connection; joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opsgym::server
