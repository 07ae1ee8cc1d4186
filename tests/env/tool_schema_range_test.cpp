// Number arguments against the range of the integers a tool receives (Lua's are 64-bit signed).
#include <catch2/catch.hpp>

#include <string>

#include "env/tool_schema.hpp"

using opsgym::build_parameters_schema;
using opsgym::Json;
using opsgym::validate_arguments;

namespace {

Json page_schema() {
  return build_parameters_schema(Json::parse(R"({"page": {"type": "integer", "minimum": 1}})"), "tools/t.lua:search");
}

}  // namespace

TEST_CASE("an integer argument of 2^64 - 1 is refused although it passes the minimum") {
  Json args = Json::parse(R"({"page": 18446744073709551615})");
  auto error = validate_arguments(page_schema(), args);
  REQUIRE(error);
  CHECK(error->field == "page");
  CHECK_THAT(error->message, Catch::Contains("9223372036854775807"));
}

TEST_CASE("an integer argument given as a float beyond int64 is refused") {
  for (const char* text : {R"({"page": 1e300})", R"({"page": 9.3e18})", R"({"page": -1e19})"}) {
    Json args = Json::parse(text);
    auto error = validate_arguments(page_schema(), args);
    REQUIRE(error);
    CHECK(error->field == "page");
  }
}

TEST_CASE("the ends of int64 are integers an integer argument may take") {
  Json schema = build_parameters_schema(Json::parse(R"({"n": {"type": "integer"}})"), "tools/t.lua:t");
  for (const char* text : {R"({"n": 9223372036854775807})", R"({"n": -9223372036854775808})", R"({"n": 4.0e18})"}) {
    Json args = Json::parse(text);
    CHECK_FALSE(validate_arguments(schema, args));
    CHECK(args["n"].is_number_integer());
  }
}

TEST_CASE("a number argument past int64 goes on as a double, never as a wrapped integer") {
  Json schema = build_parameters_schema(Json::parse(R"({"x": {"type": "number"}})"), "tools/t.lua:t");
  Json args = Json::parse(R"({"x": 18446744073709551615})");
  REQUIRE_FALSE(validate_arguments(schema, args));
  REQUIRE(args["x"].is_number_float());
  CHECK(args["x"].get<double>() > 1.8e19);
}
