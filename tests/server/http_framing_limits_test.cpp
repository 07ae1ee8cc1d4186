// The HTTP read path against hostile framing, through the real server on loopback: every parser failure
// is a 4xx on that connection alone; the process and other clients' episodes go on.
#include <string>

#include <catch2/catch.hpp>

#include "server/support_live_server.hpp"
#include "server/support_server_process.hpp"

using namespace opsgym::server;
using nlohmann::json;
using opsgym::test::create;
using opsgym::test::HttpConnection;
using opsgym::test::LiveServer;
using opsgym::test::ServerProcess;
using opsgym::test::step;

namespace {

// A chunked POST creating an episode, whose trailer has one field with a value `value_bytes` long:
// Beast's field list throws on a value of 65,534 bytes or more, which used to end the process.
std::string chunked_with_trailer(size_t value_bytes, const std::string& extra_headers = "") {
  return "POST /v1/episodes HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n" + extra_headers +
         "\r\n13\r\n{\"task\": \"srv-001\"}\r\n0\r\nX: " + std::string(value_bytes, 'a') + "\r\n\r\n";
}

}  // namespace

TEST_CASE("A chunked trailer line of 65,535 bytes gets 431 and closes only that connection") {
  LiveServer s;
  HttpConnection keeper(s.server.port());
  const std::string id = create(keeper);
  CHECK(step(keeper, id, "list_tickets")["ok"] == true);

  HttpConnection hostile(s.server.port());
  hostile.send_raw(chunked_with_trailer(65535));
  auto reply = hostile.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 431);
  CHECK(reply->json()["error"]["code"] == "headers_too_large");
  CHECK(hostile.closed_by_server());

  // The other client's connection and episode go on with their state.
  CHECK(step(keeper, id, "list_tickets")["ok"] == true);
  CHECK(keeper.request("GET", "/v1/episodes/" + id).json()["steps"] == 2);
  HttpConnection next(s.server.port());
  CHECK(next.request("GET", "/v1/health").status == 200);
}

TEST_CASE("With a header limit over 64 KiB, the trailer field Beast cannot hold still gets 431") {
  HttpServerOptions options;
  options.header_limit = 256u << 10;  // past what Beast's field list takes for one value: it throws
  LiveServer s(options);
  HttpConnection keeper(s.server.port());
  const std::string id = create(keeper);
  HttpConnection hostile(s.server.port());
  hostile.send_raw(chunked_with_trailer(65535));
  auto reply = hostile.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 431);
  CHECK(hostile.closed_by_server());
  CHECK(step(keeper, id, "list_tickets")["ok"] == true);
}

TEST_CASE("A trailer within the header limit is read and the request served") {
  LiveServer s;
  HttpConnection c(s.server.port());
  c.send_raw("POST /v1/episodes HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
             "13\r\n{\"task\": \"srv-001\"}\r\n0\r\nX-Note: short\r\n\r\n");
  auto reply = c.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 201);
}

TEST_CASE("A chunk size line longer than the header limit gets 431") {
  LiveServer s;
  HttpConnection c(s.server.port());
  c.send_raw("POST /v1/episodes HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=" +
             std::string(40000, 'e') + "\r\n{}\r\n0\r\n\r\n");
  auto reply = c.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 431);
  CHECK(c.closed_by_server());
}

TEST_CASE("opsgym serve with a token survives a 65,535-byte trailer line") {
  ServerProcess server({"--token", "t0ken"});
  const std::string auth = "Authorization: Bearer t0ken\r\n";
  HttpConnection hostile(server.port());
  hostile.send_raw(chunked_with_trailer(65535, auth));
  auto reply = hostile.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 431);
  REQUIRE(server.running());
  HttpConnection next(server.port());
  CHECK(next.request("GET", "/v1/health").status == 200);
}
