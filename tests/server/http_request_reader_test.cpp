// HttpRequestReader without a socket: the framing HttpConnection uses, fed the bytes a client sends in
// pieces of any size. (fuzz/http_request_fuzz.cpp drives the same reader with generated streams.)
#include <cstring>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "server/http_request_reader.hpp"

using opsgym::server::HttpRequestReader;
using Outcome = HttpRequestReader::Outcome;

namespace {

void append(HttpRequestReader& reader, const std::string& bytes) {
  auto buffer = reader.buffer().prepare(bytes.size());
  std::memcpy(buffer.data(), bytes.data(), bytes.size());
  reader.buffer().commit(bytes.size());
}

const std::string kStep =
    "POST /v1/episodes/e1/step HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 29\r\n\r\n"
    "{\"tool\":\"list_tickets\",\"a\":1}";

}  // namespace

TEST_CASE("A request split into one-byte reads is framed once it is whole", "[server][http]") {
  HttpRequestReader reader(4096, 1024);
  reader.start();
  for (size_t i = 0; i + 1 < kStep.size(); ++i) {
    append(reader, kStep.substr(i, 1));
    REQUIRE(reader.parse() == Outcome::need_more);
  }
  append(reader, kStep.substr(kStep.size() - 1));
  REQUIRE(reader.parse() == Outcome::request);
  const auto request = reader.take_request();
  CHECK(request.target() == "/v1/episodes/e1/step");
  CHECK(request.body() == "{\"tool\":\"list_tickets\",\"a\":1}");
  CHECK(request.keep_alive());
}

TEST_CASE("Pipelined requests in one read come out one after another", "[server][http]") {
  HttpRequestReader reader(4096, 1024);
  reader.start();
  append(reader, kStep + "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(reader.parse() == Outcome::request);
  CHECK(reader.take_request().method_string() == "POST");
  reader.start();
  REQUIRE(reader.parse() == Outcome::request);
  CHECK(reader.take_request().target() == "/v1/health");
  reader.start();
  CHECK(reader.parse() == Outcome::need_more);
  CHECK(reader.end_of_input() == Outcome::closed);
}

// Boost 1.74's parser asserts (in builds with assertions) when a last chunk is resumed with 4 bytes;
// the reader holds such pieces until 5 bytes are there (the sanitizer build runs this with assertions on).
TEST_CASE("Chunked bodies framed from one-byte reads one after another", "[server][http]") {
  const std::string chunked = "POST /v1/episodes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string stream = chunked + "0\r\n\r\n" + chunked + "2\r\n{}\r\n0\r\nX-Trace: 1\r\n\r\n" +
                             chunked + "1\r\n{\r\n1\r\n}\r\n0\r\n\r\n";
  HttpRequestReader reader(4096, 1024);
  reader.start();
  std::vector<std::string> bodies;
  for (char byte : stream) {
    append(reader, std::string(1, byte));
    const Outcome outcome = reader.parse();
    REQUIRE(outcome != Outcome::refused);
    if (outcome == Outcome::request) {
      bodies.push_back(reader.take_request().body());
      reader.start();
    }
  }
  CHECK(bodies == std::vector<std::string>{"", "{}", "{}"});
  CHECK(reader.end_of_input() == Outcome::closed);
}

TEST_CASE("Each framing limit and fault is its refusal: 413, 431, 400", "[server][http]") {
  HttpRequestReader reader(16, 256);
  reader.start();
  SECTION("a body over the body limit") {
    append(reader, "POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n");
    REQUIRE(reader.parse() == Outcome::refused);
    CHECK(reader.refusal().status == 413);
    CHECK(reader.refusal().code == "body_too_large");
    CHECK_THAT(reader.refusal().message, Catch::Contains("16 bytes"));
  }
  SECTION("headers over the header limit") {
    append(reader, "GET / HTTP/1.1\r\nX: " + std::string(300, 'a') + "\r\n\r\n");
    REQUIRE(reader.parse() == Outcome::refused);
    CHECK(reader.refusal().status == 431);
    CHECK(reader.refusal().code == "headers_too_large");
  }
  SECTION("a trailer over the header limit, still arriving") {
    append(reader, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX: " + std::string(300, 'a'));
    REQUIRE(reader.parse() == Outcome::refused);
    CHECK(reader.refusal().status == 431);
  }
  SECTION("a field value Beast's field list cannot hold (it throws)") {
    HttpRequestReader wide(16, 256u << 10);
    wide.start();
    append(wide, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + std::string(65535, 'a') + "\r\n\r\n");
    REQUIRE(wide.parse() == Outcome::refused);
    CHECK(wide.refusal().status == 431);
    CHECK_THAT(wide.refusal().message, Catch::Contains("too large"));
  }
  SECTION("a start line that is not HTTP") {
    append(reader, "GE(T / HTTP/1.1\r\n\r\n");
    REQUIRE(reader.parse() == Outcome::refused);
    CHECK(reader.refusal().status == 400);
    CHECK(reader.refusal().code == "malformed_http");
  }
}

TEST_CASE("A client closing mid-request ends the connection without an answer", "[server][http]") {
  HttpRequestReader reader(4096, 1024);
  reader.start();
  append(reader, kStep.substr(0, 40));
  REQUIRE(reader.parse() == Outcome::need_more);
  CHECK(reader.end_of_input() == Outcome::closed);
}
