#include <catch2/catch.hpp>

#include "server/access_check.hpp"
#include "server/api_error.hpp"
#include "server/request_parsing.hpp"

using namespace opsgym::server;

TEST_CASE("A request target splits into a decoded path and query") {
  Target t = parse_target("/mcp?task=itsm-001&seed=3&q=a%20b+c");
  CHECK(t.path == "/mcp");
  CHECK(t.query.at("task") == "itsm-001");
  CHECK(t.query.at("seed") == "3");
  CHECK(t.query.at("q") == "a b c");
  CHECK(parse_target("/v1/episodes/ep-1/step").segments() == std::vector<std::string>{"v1", "episodes", "ep-1", "step"});
}

TEST_CASE("A malformed percent escape in a target is a 400") {
  try {
    parse_target("/v1/%zz");
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
  }
  CHECK_THROWS_AS(parse_target("/v1/%4"), ApiError);
}

TEST_CASE("A truncated JSON body is a 400 malformed_json naming the position") {
  try {
    parse_json_body("{\"task\": \"srv-");
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.code() == "malformed_json");
  }
}

TEST_CASE("A body that is JSON but not an object is refused") {
  try {
    parse_json_object("[1,2]");
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(e.code() == "invalid_request");
    CHECK(std::string(e.what()).find("array") != std::string::npos);
  }
  CHECK(parse_json_object("").is_object());
}

TEST_CASE("Typed fields refuse the wrong type and name the field") {
  Json body = {{"task", 5}, {"seed", -1}, {"fault_rate", "high"}, {"flag", 1}};
  try {
    string_field(body, "task");
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(std::string(e.what()).find("'task'") != std::string::npos);
  }
  CHECK_THROWS_AS(seed_field(body, "seed"), ApiError);
  CHECK_THROWS_AS(number_field(body, "fault_rate"), ApiError);
  CHECK_THROWS_AS(bool_field(body, "flag"), ApiError);
  CHECK_FALSE(string_field(body, "missing"));
  CHECK(seed_field(Json{{"seed", 7}}, "seed") == 7u);
  CHECK(int_field(Json{{"n", 3.0}}, "n") == 3);
  CHECK_THROWS_AS(required_string(Json::object(), "task"), ApiError);
}

TEST_CASE("Seeds in query strings must be non-negative integers") {
  CHECK(parse_seed_text("42", "seed") == 42u);
  CHECK_THROWS_AS(parse_seed_text("-1", "seed"), ApiError);
  CHECK_THROWS_AS(parse_seed_text("4x", "seed"), ApiError);
  CHECK_THROWS_AS(parse_seed_text("", "seed"), ApiError);
}

TEST_CASE("Only loopback names pass the Host check") {
  for (const char* ok : {"localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:9000", "LOCALHOST"})
    CHECK(is_loopback_host(ok));
  for (const char* bad : {"evil.example.com", "evil.example.com:8080", "127.0.0.1.evil.com", "localhost.evil", "[::2]",
                          "localhost:80x", "", "10.0.0.1"})
    CHECK_FALSE(is_loopback_host(bad));
}

TEST_CASE("Only loopback origins pass the Origin check") {
  CHECK(is_loopback_origin("http://localhost:3000"));
  CHECK(is_loopback_origin("https://127.0.0.1"));
  CHECK(is_loopback_origin("http://[::1]:8080/"));
  CHECK_FALSE(is_loopback_origin("http://evil.example.com"));
  CHECK_FALSE(is_loopback_origin("null"));
  CHECK_FALSE(is_loopback_origin("file://localhost"));
}
