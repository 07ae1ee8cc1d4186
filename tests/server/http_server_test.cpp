// The socket layer alone (a fake handler): keep-alive, bad bytes, size limits, many connections.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "server/cpu_affinity.hpp"
#include "server/http_server.hpp"
#include "server/support_affinity.hpp"
#include "server/support_http_client.hpp"

using namespace opsgym::server;
using opsgym::test::HttpConnection;
using opsgym::test::pinning_is_visible;
using opsgym::test::threads_pinned_by_cpu;

namespace {

class EchoHandler : public HttpHandler {
 public:
  HttpResponse handle(const HttpRequest& r) override {
    ++calls;
    if (r.target == "/no-content") {
      HttpResponse none = HttpResponse::empty(204);
      none.body = "not for the wire";  // a 204 has no body, whatever the handler left in it
      return none;
    }
    return HttpResponse::json(200, {{"method", r.method}, {"target", r.target}, {"bytes", r.body.size()},
                                    {"x_test", r.header("x-test").value_or("")}});
  }
  std::unique_ptr<WebSocketSession> open_websocket(const HttpRequest&, HttpResponse& reject) override {
    reject = HttpResponse::json(404, {{"error", "no websockets here"}});
    return nullptr;
  }
  std::atomic<int> calls{0};
};

struct Running {
  explicit Running(size_t body_limit = 1 << 20, bool pin_threads = false)
      : server(options(body_limit, pin_threads), handler) {
    server.start();
  }
  static HttpServerOptions options(size_t body_limit, bool pin_threads) {
    HttpServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.body_limit = body_limit;
    o.pin_threads = pin_threads;
    return o;
  }
  EchoHandler handler;
  HttpServer server;
};

}  // namespace

TEST_CASE("The HTTP server answers many requests on one keep-alive connection") {
  Running r;
  HttpConnection c(r.server.port());
  for (int i = 0; i < 50; ++i) {
    auto reply = c.request("POST", "/echo?i=" + std::to_string(i), "{\"n\":1}", {{"X-Test", "yes"}});
    REQUIRE(reply.status == 200);
    auto j = reply.json();
    CHECK(j["target"] == "/echo?i=" + std::to_string(i));
    CHECK(j["bytes"] == 7);
    CHECK(j["x_test"] == "yes");
  }
  CHECK(r.handler.calls == 50);
}

TEST_CASE("Answers are framed as their HTTP version and status call for") {
  Running r;
  SECTION("HTTP/1.1 stays open, closes when asked, and a 204 has neither body nor length") {
    HttpConnection c(r.server.port());
    auto none = c.request("GET", "/no-content");
    CHECK(none.status == 204);
    CHECK(none.headers.count("content-length") == 0);
    CHECK(none.body.empty());
    auto next = c.request("GET", "/after");  // a stray body would be read as this answer's status line
    REQUIRE(next.status == 200);
    CHECK(next.headers["content-length"] == std::to_string(next.body.size()));
    CHECK(next.headers["content-type"] == "application/json");
    CHECK(next.headers["server"] == "opsgym");
    CHECK(next.headers.count("connection") == 0);
    CHECK(next.json()["target"] == "/after");
    auto last = c.request("GET", "/last", "", {{"Connection", "close"}});
    CHECK(last.headers["connection"] == "close");
    CHECK(c.closed_by_server());
  }
  SECTION("HTTP/1.0 closes unless asked to keep alive") {
    HttpConnection c(r.server.port());
    c.send_raw("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto kept = c.read_reply();
    REQUIRE(kept);
    CHECK(kept->headers["connection"] == "keep-alive");
    c.send_raw("GET /b HTTP/1.0\r\n\r\n");
    auto closing = c.read_reply();
    REQUIRE(closing);
    CHECK(closing->status == 200);
    CHECK(closing->headers.count("connection") == 0);
    CHECK(closing->json()["target"] == "/b");
    CHECK(c.closed_by_server());
  }
}

TEST_CASE("Garbage bytes get a 400 and the connection closes while other connections keep working") {
  Running r;
  HttpConnection good(r.server.port());
  REQUIRE(good.request("GET", "/before").status == 200);
  HttpConnection bad(r.server.port());
  static const char tls_hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage \r\n\r\n";
  bad.send_raw(std::string(tls_hello, sizeof tls_hello - 1));  // a TLS client hello, NULs included
  auto reply = bad.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 400);
  CHECK(reply->json()["error"]["code"] == "malformed_http");
  CHECK(bad.closed_by_server());
  CHECK(good.request("GET", "/after").status == 200);
  CHECK(r.handler.calls == 2);
}

TEST_CASE("A body over the limit gets 413 and never reaches the handler") {
  Running r(1024);
  HttpConnection c(r.server.port());
  auto reply = c.request("POST", "/big", std::string(5000, 'x'));
  CHECK(reply.status == 413);
  CHECK(reply.json()["error"]["code"] == "body_too_large");
  CHECK(r.handler.calls == 0);
  HttpConnection next(r.server.port());
  CHECK(next.request("POST", "/small", std::string(100, 'x')).status == 200);
}

TEST_CASE("A request cut off in the middle of its body is dropped without harming the server") {
  Running r;
  {
    HttpConnection cut(r.server.port());
    cut.send_raw("POST /cut HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"trunc");
  }  // the client goes away mid-body
  HttpConnection c(r.server.port());
  CHECK(c.request("GET", "/ok").status == 200);
  CHECK(r.handler.calls == 1);
}

TEST_CASE("A WebSocket upgrade the handler refuses gets the handler's response") {
  Running r;
  HttpConnection c(r.server.port());
  auto reply = c.request("GET", "/ws", "",
                         {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Version", "13"},
                          {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
  CHECK(reply.status == 404);
}

TEST_CASE("1,000 concurrent connections opening and closing are all served") {
  Running r;
  opsgym::test::raise_open_file_limit();
  constexpr int kConnections = 1000;
  std::vector<std::unique_ptr<HttpConnection>> conns;
  conns.reserve(kConnections);
  for (int i = 0; i < kConnections; ++i) conns.push_back(std::make_unique<HttpConnection>(r.server.port()));
  // All are open at once; each sends, then all read.
  for (int i = 0; i < kConnections; ++i)
    conns[i]->send_raw("GET /c/" + std::to_string(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  int ok = 0;
  for (int i = 0; i < kConnections; ++i) {
    auto reply = conns[i]->read_reply();
    if (reply && reply->status == 200 && reply->json()["target"] == "/c/" + std::to_string(i)) ++ok;
  }
  CHECK(ok == kConnections);
  conns.clear();
  HttpConnection after(r.server.port());
  CHECK(after.request("GET", "/after").status == 200);
}

TEST_CASE("Stopping the server closes the listening port") {
  auto r = std::make_unique<Running>();
  uint16_t port = r->server.port();
  r->server.stop();
  r.reset();
  CHECK_THROWS(HttpConnection(port));
}

TEST_CASE("Pinned, server thread i runs on the i-th allowed CPU and the server still answers") {
  const std::vector<int> allowed = allowed_cpus();
  REQUIRE(!allowed.empty());
  const bool kernel_can_tell = pinning_is_visible();
  {
    Running unpinned;
    CHECK(unpinned.server.thread_cpus().empty());
    if (kernel_can_tell) CHECK(threads_pinned_by_cpu().empty());
  }
  Running r(1 << 20, true);
  const std::vector<int> cpus = r.server.thread_cpus();
  REQUIRE(cpus.size() == 2);
  // Thread i on the i-th allowed CPU, round the allowed ones.
  for (size_t i = 0; i < cpus.size(); ++i) CHECK(cpus[i] == allowed[i % allowed.size()]);
  std::map<int, int> expected;
  for (int cpu : cpus) ++expected[cpu];
  if (kernel_can_tell) CHECK(threads_pinned_by_cpu() == expected);  // the kernel's view, not the server's note
  HttpConnection c(r.server.port());
  for (int i = 0; i < 20; ++i) CHECK(c.request("GET", "/pinned/" + std::to_string(i)).status == 200);
  CHECK(r.handler.calls == 20);
}
