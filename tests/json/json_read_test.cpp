// JSON read from clients and scripts (parse_json) is bounded in nesting, and the writers of JSON text go
// to any depth without recursion, so no value can overflow a thread's stack.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "json/json_read.hpp"
#include "json/json_text.hpp"

using Json = nlohmann::json;
using opsgym::JsonTooDeep;
using opsgym::kMaxJsonDepth;
using opsgym::parse_json;

namespace {

// `levels` arrays, one inside the other, around `inner`.
std::string nested_arrays(int levels, const std::string& inner = "") {
  return std::string(static_cast<size_t>(levels), '[') + inner + std::string(static_cast<size_t>(levels), ']');
}

// The same as a value, built a level at a time (no recursion).
Json nested_value(int levels) {
  Json value = Json::array();
  Json* innermost = &value;
  for (int i = 1; i < levels; ++i) innermost = &innermost->emplace_back(Json::array());
  return value;
}

}  // namespace

TEST_CASE("parse_json reads arrays and objects nested exactly to the limit", "[json]") {
  CHECK(kMaxJsonDepth == 128);
  const std::string arrays = nested_arrays(kMaxJsonDepth, "1");
  CHECK(parse_json(arrays) == Json::parse(arrays));
  std::string objects;
  for (int i = 0; i < kMaxJsonDepth; ++i) objects += "{\"k\":";
  objects += "null" + std::string(kMaxJsonDepth, '}');
  CHECK(parse_json(objects) == Json::parse(objects));
}

TEST_CASE("parse_json refuses one level past the limit with an error naming the limit", "[json]") {
  CHECK_THROWS_AS(parse_json(nested_arrays(kMaxJsonDepth + 1)), JsonTooDeep);
  CHECK_THROWS_WITH(parse_json(nested_arrays(kMaxJsonDepth + 1)), Catch::Contains("nesting limit is 128"));
  std::string mixed = "{\"args\":" + nested_arrays(kMaxJsonDepth) + "}";  // an object around 128 arrays
  CHECK_THROWS_AS(parse_json(mixed), JsonTooDeep);
}

TEST_CASE("parse_json refuses 60,000 levels of tool arguments without building them", "[json]") {
  const std::string body = "{\"tool\":\"list_tickets\",\"args\":{\"state\":" + nested_arrays(60000) + "}}";
  CHECK_THROWS_AS(parse_json(body), JsonTooDeep);
  // Cut off as well: refused for its depth before the parser reaches the missing end.
  CHECK_THROWS_AS(parse_json(std::string(300000, '[')), JsonTooDeep);
}

TEST_CASE("parse_json reports text that is not JSON as nlohmann's parse does", "[json]") {
  for (const std::string text : {"{\"a\":", "[1,]", "", "nul", "{} x", "\"\xff"}) {
    std::string expected;
    try {
      [[maybe_unused]] const Json parsed = Json::parse(text);
    } catch (const Json::parse_error& e) {
      expected = e.what();
    }
    REQUIRE(!expected.empty());
    CHECK_THROWS_WITH(parse_json(text), expected);
  }
  CHECK_THROWS_AS(parse_json("[1e999999]"), Json::out_of_range);  // as Json::parse: a number no double holds
  CHECK(parse_json(" {\"b\":[1,2.5,\"x\",null,true],\"a\":{}} ") == Json::parse(R"({"a":{},"b":[1,2.5,"x",null,true]})"));
}

TEST_CASE("json_text writes a value nested 200,000 deep, which it no longer reaches by recursion", "[json]") {
  constexpr int kLevels = 200000;
  Json deep = nested_value(kLevels);
  CHECK(opsgym::json_text(deep) == nested_arrays(kLevels));
  Json wrapped = Json::object();  // moved in, not copied: nlohmann's copy recurses
  wrapped["a"] = Json::array({1, Json::object(), "x"});
  wrapped["b"] = std::move(deep);
  CHECK(opsgym::json_text(wrapped) == "{\"a\":[1,{},\"x\"],\"b\":" + nested_arrays(kLevels) + "}");
}
