// Tool argument schemas: building them from Lua declarations, checking agents' arguments against them,
// and offering tools in every wire format.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "env/tool_schema.hpp"
#include "opsgym/environment.hpp"
#include "opsgym/errors.hpp"

using opsgym::ArgumentError;
using opsgym::AuthoringError;
using opsgym::build_parameters_schema;
using opsgym::Json;
using opsgym::validate_arguments;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

const std::string kWhere = "tools/incidents.lua:update_incident";

Json build(const char* declared) { return build_parameters_schema(Json::parse(declared), kWhere); }

// The error for `args` (empty message when they are accepted).
ArgumentError error_of(const Json& schema, const char* args) {
  Json value = Json::parse(args);
  auto error = validate_arguments(schema, value);
  return error ? *error : ArgumentError{};
}

std::string message_of(const Json& schema, const char* args) { return error_of(schema, args).message; }

bool accepts(const Json& schema, const char* args) { return message_of(schema, args).empty(); }

const Json& incident_schema() {
  static const Json schema = build(R"({
    "number":   {"type": "string", "required": true, "pattern": "^INC[0-9]{7}$"},
    "priority": {"type": "integer", "minimum": 1, "maximum": 5},
    "impact":   {"type": "string", "enum": ["low", "medium", "high"], "default": "medium"},
    "urgency":  {"type": "number", "minimum": 0.5, "maximum": 2.5},
    "notify":   {"type": "boolean", "default": true},
    "note":     {"type": "string", "minLength": 3, "maxLength": 10},
    "due":      {"type": "string", "format": "date-time"}
  })");
  return schema;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Building schemas

TEST_CASE("a declaration becomes one closed object schema with sorted required names") {
  Json schema = build(R"({
    "user":   {"type": "string", "description": "User name"},
    "number": {"type": "string", "required": true},
    "group":  {"type": "string", "required": true},
    "notify": {"type": "boolean", "required": false}
  })");
  Json expected = Json::parse(R"({
    "type": "object",
    "properties": {
      "group":  {"type": "string"},
      "notify": {"type": "boolean"},
      "number": {"type": "string"},
      "user":   {"type": "string", "description": "User name"}
    },
    "required": ["group", "number"],
    "additionalProperties": false
  })");
  CHECK(schema == expected);
}

TEST_CASE("a tool without parameters gets an empty closed object schema") {
  Json empty = Json::parse(R"({"type":"object","properties":{},"required":[],"additionalProperties":false})");
  CHECK(build_parameters_schema(Json(), kWhere) == empty);
  CHECK(build_parameters_schema(Json::array(), kWhere) == empty);  // an empty Lua table
  CHECK(build_parameters_schema(Json::object(), kWhere) == empty);
}

TEST_CASE("every declared constraint is carried into the schema") {
  Json schema = build(R"({
    "state": {"type": "string", "enum": ["new", "closed"], "description": "State"},
    "count": {"type": "integer", "minimum": 0, "maximum": 9, "default": 3},
    "code":  {"type": "string", "minLength": 2, "maxLength": 8, "pattern": "^[A-Z]+$"},
    "at":    {"type": "string", "format": "date-time"},
    "tags":  {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 4}
  })");
  const Json& p = schema["properties"];
  CHECK(p["state"] == Json::parse(R"({"type":"string","enum":["new","closed"],"description":"State"})"));
  CHECK(p["count"] == Json::parse(R"({"type":"integer","minimum":0,"maximum":9,"default":3})"));
  CHECK(p["code"] == Json::parse(R"({"type":"string","minLength":2,"maxLength":8,"pattern":"^[A-Z]+$"})"));
  CHECK(p["at"] == Json::parse(R"({"type":"string","format":"date-time"})"));
  CHECK(p["tags"] == Json::parse(R"({"type":"array","items":{"type":"string"},"minItems":1,"maxItems":4})"));
}

TEST_CASE("nested object parameters follow the same rule with their own required flags") {
  Json schema = build(R"({
    "customer": {"type": "object", "required": true, "properties": {
      "name":    {"type": "string", "required": true},
      "address": {"type": "object", "properties": {"zip": {"type": "string", "required": true},
                                                   "city": {"type": "string"}}}
    }}
  })");
  CHECK(schema["required"] == Json::parse(R"(["customer"])"));
  const Json& customer = schema["properties"]["customer"];
  CHECK(customer["type"] == "object");
  CHECK(customer["required"] == Json::parse(R"(["name"])"));
  CHECK(customer["additionalProperties"] == false);
  const Json& address = customer["properties"]["address"];
  CHECK(address["required"] == Json::parse(R"(["zip"])"));
  CHECK(address["additionalProperties"] == false);
}

TEST_CASE("array items of type object get their own required fields") {
  Json schema = build(R"({
    "lines": {"type": "array", "items": {"type": "object", "properties": {
      "sku": {"type": "string", "required": true}, "qty": {"type": "integer", "default": 1}}}}
  })");
  const Json& items = schema["properties"]["lines"]["items"];
  CHECK(items["required"] == Json::parse(R"(["sku"])"));
  CHECK(items["additionalProperties"] == false);
  CHECK(items["properties"]["qty"]["default"] == 1);
}

TEST_CASE("an object parameter without properties accepts any object") {
  Json schema = build(R"({"fields": {"type": "object", "description": "Columns to set"}})");
  CHECK(schema["properties"]["fields"] == Json::parse(R"({"type":"object","description":"Columns to set"})"));
  CHECK(accepts(schema, R"({"fields": {"anything": 1, "at": [true]}})"));
  CHECK(message_of(schema, R"({"fields": [1]})") == "fields: expected object, got array");
}

TEST_CASE("an integer default written as a float is stored as an integer") {
  Json schema = build(R"({"limit": {"type": "integer", "default": 20.0}, "ids": {"type": "integer", "enum": [1.0, 2]}})");
  CHECK(schema["properties"]["limit"]["default"].is_number_integer());
  CHECK(schema["properties"]["limit"]["default"] == 20);
  CHECK(schema["properties"]["ids"]["enum"][0].is_number_integer());
}

TEST_CASE("parameters that are not a table are an authoring error") {
  CHECK_THROWS_MATCHES(build_parameters_schema(Json("number"), kWhere), AuthoringError,
                       Catch::Matchers::Message(kWhere + ": parameters must be a table mapping argument names "
                                                         "to their schemas, got string \"number\""));
  CHECK_THROWS_AS(build_parameters_schema(Json::parse("[1, 2]"), kWhere), AuthoringError);
}

TEST_CASE("a parameter declared as a bare type name is an authoring error") {
  CHECK_THROWS_MATCHES(build(R"({"priority": "integer"})"), AuthoringError,
                       Catch::Matchers::Message(kWhere + ": parameter 'priority': expected a table such as "
                                                         "{ type = \"string\" }, got string \"integer\""));
}

TEST_CASE("a parameter without a type is an authoring error") {
  CHECK_THROWS_MATCHES(build(R"({"priority": {"description": "P1-P5"}})"), AuthoringError,
                       Catch::Matchers::Message(kWhere + ": parameter 'priority': missing 'type' (one of string, "
                                                         "integer, number, boolean, object, array)"));
}

TEST_CASE("an unknown type is an authoring error") {
  CHECK_THROWS_MATCHES(build(R"({"priority": {"type": "int"}})"), AuthoringError,
                       Catch::Matchers::Message(kWhere + ": parameter 'priority': unknown type \"int\" (one of "
                                                         "string, integer, number, boolean, object, array)"));
  CHECK_THROWS_WITH(build(R"({"priority": {"type": ["integer", "null"]}})"),
                    Contains("parameter 'priority': unknown type [\"integer\",\"null\"]"));
}

TEST_CASE("an unknown keyword is an authoring error that lists the known ones") {
  CHECK_THROWS_MATCHES(
      build(R"({"priority": {"type": "integer", "requried": true}})"), AuthoringError,
      Catch::Matchers::Message(kWhere + ": parameter 'priority': unknown keyword 'requried' (known: default, "
                                        "description, enum, format, items, maxItems, maxLength, maximum, "
                                        "minItems, minLength, minimum, pattern, properties, required, type)"));
}

TEST_CASE("a keyword that does not apply to the parameter's type is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"priority": {"type": "integer", "minLength": 1}})"),
                    Equals(kWhere + ": parameter 'priority': 'minLength' does not apply to type integer (only "
                                    "to string)"));
  CHECK_THROWS_WITH(build(R"({"name": {"type": "string", "maximum": 1}})"),
                    Contains("'maximum' does not apply to type string (only to integer and number)"));
  CHECK_THROWS_WITH(build(R"({"tags": {"type": "array", "enum": [[1]]}})"),
                    Contains("'enum' does not apply to type array"));
  CHECK_THROWS_WITH(build(R"({"x": {"type": "string", "properties": {}}})"),
                    Contains("'properties' does not apply to type string (only to object)"));
  CHECK_THROWS_WITH(build(R"({"x": {"type": "object", "items": {"type": "string"}}})"),
                    Contains("'items' does not apply to type object (only to array)"));
}

TEST_CASE("a required flag that is not a boolean is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"number": {"type": "string", "required": "yes"}})"),
                    Equals(kWhere + ": parameter 'number': 'required' must be true or false, got string \"yes\""));
}

TEST_CASE("a required flag on array items is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"tags": {"type": "array", "items": {"type": "string", "required": true}}})"),
                    Contains("parameter 'tags[]': 'required' cannot be set on array items"));
}

TEST_CASE("an enum that is not a non-empty list is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"impact": {"type": "string", "enum": []}})"),
                    Equals(kWhere + ": parameter 'impact': 'enum' must be a non-empty list of allowed values, "
                                    "got array"));
  CHECK_THROWS_WITH(build(R"({"impact": {"type": "string", "enum": "low"}})"),
                    Contains("'enum' must be a non-empty list of allowed values, got string \"low\""));
  CHECK_THROWS_WITH(build(R"({"impact": {"type": "string", "enum": {"a": 1}}})"),
                    Contains("'enum' must be a non-empty list"));
}

TEST_CASE("an enum value that does not fit the parameter is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"priority": {"type": "integer", "enum": [1, "2"]}})"),
                    Equals(kWhere + ": parameter 'priority': enum value \"2\" does not fit the parameter: "
                                    "expected integer, got string \"2\""));
  CHECK_THROWS_WITH(build(R"({"priority": {"type": "integer", "minimum": 1, "enum": [0, 1]}})"),
                    Contains("enum value 0 does not fit the parameter: must be >= 1, got 0"));
}

TEST_CASE("a lower bound above its upper bound is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"priority": {"type": "integer", "minimum": 5, "maximum": 1}})"),
                    Equals(kWhere + ": parameter 'priority': minimum 5 is greater than maximum 1"));
  CHECK_THROWS_WITH(build(R"({"note": {"type": "string", "minLength": 4, "maxLength": 2}})"),
                    Contains("parameter 'note': minLength 4 is greater than maxLength 2"));
  CHECK_THROWS_WITH(build(R"({"tags": {"type": "array", "minItems": 3, "maxItems": 1}})"),
                    Contains("parameter 'tags': minItems 3 is greater than maxItems 1"));
  CHECK_NOTHROW(build(R"({"priority": {"type": "number", "minimum": 1.5, "maximum": 1.5}})"));
}

TEST_CASE("a bound of the wrong kind is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"priority": {"type": "integer", "minimum": "1"}})"),
                    Equals(kWhere + ": parameter 'priority': 'minimum' must be a number, got string \"1\""));
  CHECK_THROWS_WITH(build(R"({"note": {"type": "string", "maxLength": -1}})"),
                    Contains("'maxLength' must be a non-negative integer, got integer -1"));
  CHECK_THROWS_WITH(build(R"({"note": {"type": "string", "minLength": 1.5}})"),
                    Contains("'minLength' must be a non-negative integer, got number 1.5"));
  CHECK_THROWS_WITH(build(R"({"tags": {"type": "array", "minItems": true}})"),
                    Contains("'minItems' must be a non-negative integer, got boolean true"));
}

TEST_CASE("an invalid pattern is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"number": {"type": "string", "pattern": "^INC[0-9"}})"),
                    Contains(kWhere + ": parameter 'number': 'pattern' \"^INC[0-9\" is not a valid ECMAScript "
                                      "regular expression"));
  CHECK_THROWS_WITH(build(R"({"number": {"type": "string", "pattern": 7}})"),
                    Contains("'pattern' must be a string, got integer 7"));
}

TEST_CASE("a format other than date-time is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"mail": {"type": "string", "format": "email"}})"),
                    Equals(kWhere + ": parameter 'mail': unknown format \"email\" (supported: date-time)"));
}

TEST_CASE("a description that is not a string is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"mail": {"type": "string", "description": ["a"]}})"),
                    Contains("parameter 'mail': 'description' must be a string, got array"));
}

TEST_CASE("a default that does not itself validate is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"notify": {"type": "boolean", "default": "yes"}})"),
                    Equals(kWhere + ": parameter 'notify': default \"yes\" is not a valid value: expected "
                                    "boolean, got string \"yes\""));
  CHECK_THROWS_WITH(build(R"({"impact": {"type": "string", "enum": ["low", "high"], "default": "medium"}})"),
                    Contains("default \"medium\" is not a valid value: expected one of \"low\", \"high\", got "
                             "\"medium\""));
  CHECK_THROWS_WITH(build(R"({"limit": {"type": "integer", "minimum": 1, "default": 0}})"),
                    Contains("default 0 is not a valid value: must be >= 1, got 0"));
  CHECK_THROWS_WITH(build(R"({"opts": {"type": "object", "properties": {"a": {"type": "string", "required": true}},
                                       "default": {}}})"),
                    Contains("parameter 'opts': default {} is not a valid value: missing required field 'a'"));
}

TEST_CASE("a default on a required parameter is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"number": {"type": "string", "required": true, "default": "INC0000001"}})"),
                    Equals(kWhere + ": parameter 'number': has a default but is required (a default only "
                                    "applies to an optional parameter)"));
}

TEST_CASE("authoring errors in nested declarations name the nested path") {
  CHECK_THROWS_WITH(build(R"({"customer": {"type": "object", "properties": {
                              "address": {"type": "object", "properties": {"zip": {"type": "zip"}}}}}})"),
                    Contains(": parameter 'customer.address.zip': unknown type \"zip\""));
  CHECK_THROWS_WITH(build(R"({"lines": {"type": "array", "items": {"type": "object", "properties": {
                              "qty": {"type": "integer", "minimum": 2, "maximum": 1}}}}})"),
                    Contains(": parameter 'lines[].qty': minimum 2 is greater than maximum 1"));
  CHECK_THROWS_WITH(build(R"({"customer": {"type": "object", "properties": "name"}})"),
                    Contains("parameter 'customer': 'properties' must be a table mapping field names to their "
                             "schemas, got string \"name\""));
}

TEST_CASE("an empty parameter name is an authoring error") {
  CHECK_THROWS_WITH(build(R"({"": {"type": "string"}})"), Equals(kWhere + ": a parameter has an empty name"));
  CHECK_THROWS_WITH(build(R"({"c": {"type": "object", "properties": {"": {"type": "string"}}}})"),
                    Equals(kWhere + ": parameter 'c': a field has an empty name"));
}

// ---------------------------------------------------------------------------------------------------
// Checking arguments

TEST_CASE("valid arguments are accepted") {
  Json args = Json::parse(R"({"number": "INC0001042", "priority": 2, "impact": "high", "urgency": 1,
                              "notify": false, "note": "call back", "due": "2026-03-02T09:00:00Z"})");
  Json before = args;
  CHECK_FALSE(validate_arguments(incident_schema(), args).has_value());
  CHECK(args == before);  // nothing to fill in: every optional field was given
}

TEST_CASE("arguments that are not an object are refused") {
  ArgumentError error = error_of(incident_schema(), R"(["INC0001042"])");
  CHECK(error.field.empty());
  CHECK(error.message == "arguments must be a JSON object, got array");
  CHECK(message_of(incident_schema(), "null") == "arguments must be a JSON object, got null");
  CHECK(message_of(incident_schema(), R"("INC0001042")") ==
        "arguments must be a JSON object, got string \"INC0001042\"");
}

TEST_CASE("a missing required field is refused by name") {
  ArgumentError error = error_of(incident_schema(), R"({"priority": 2})");
  CHECK(error.field == "number");
  CHECK(error.message == "missing required field 'number'");
}

TEST_CASE("an unknown field is refused with the allowed names") {
  ArgumentError error = error_of(incident_schema(), R"({"number": "INC0001042", "prio": 2})");
  CHECK(error.field == "prio");
  CHECK(error.message == "unknown field 'prio' (allowed: due, impact, note, notify, number, priority, urgency)");
}

TEST_CASE("an unknown field is reported before a missing one, since a misspelt name causes both") {
  CHECK(message_of(incident_schema(), R"({"numbr": "INC0001042"})") ==
        "unknown field 'numbr' (allowed: due, impact, note, notify, number, priority, urgency)");
}

TEST_CASE("any field is unknown to a tool without arguments") {
  Json schema = build_parameters_schema(Json(), kWhere);
  CHECK(accepts(schema, "{}"));
  CHECK(message_of(schema, R"({"q": 1})") == "unknown field 'q' (this tool takes no arguments)");
}

TEST_CASE("a value of the wrong type is refused with what was expected and what came") {
  const Json& s = incident_schema();
  ArgumentError error = error_of(s, R"({"number": "INC0001042", "priority": "high"})");
  CHECK(error.field == "priority");
  CHECK(error.message == "priority: expected integer, got string \"high\"");
  CHECK(message_of(s, R"({"number": 1042})") == "number: expected string, got integer 1042");
  CHECK(message_of(s, R"({"number": "INC0001042", "notify": "true"})") ==
        "notify: expected boolean, got string \"true\"");
  CHECK(message_of(s, R"({"number": "INC0001042", "urgency": "1.5"})") ==
        "urgency: expected number, got string \"1.5\"");
  CHECK(message_of(s, R"({"number": "INC0001042", "priority": null})") == "priority: expected integer, got null");
  CHECK(message_of(s, R"({"number": "INC0001042", "priority": [2]})") == "priority: expected integer, got array");
  CHECK(message_of(s, R"({"number": {"n": 1}})") == "number: expected string, got object");
  CHECK(message_of(s, R"({"number": true})") == "number: expected string, got boolean true");
}

TEST_CASE("a string holding a number is not coerced to a number") {
  CHECK(message_of(incident_schema(), R"({"number": "INC0001042", "priority": "2"})") ==
        "priority: expected integer, got string \"2\"");
}

TEST_CASE("an integer field accepts a float without a fractional part and stores it as an integer") {
  Json args = Json::parse(R"({"number": "INC0001042", "priority": 3.0})");
  REQUIRE_FALSE(validate_arguments(incident_schema(), args).has_value());
  CHECK(args["priority"].is_number_integer());
  CHECK(args["priority"] == 3);
}

TEST_CASE("an integer field refuses a float with a fractional part") {
  CHECK(message_of(incident_schema(), R"({"number": "INC0001042", "priority": 2.5})") ==
        "priority: expected integer, got number 2.5");
}

TEST_CASE("a number field accepts integers and floats") {
  CHECK(accepts(incident_schema(), R"({"number": "INC0001042", "urgency": 2})"));
  CHECK(accepts(incident_schema(), R"({"number": "INC0001042", "urgency": 0.75})"));
}

TEST_CASE("a value outside the enum is refused with the allowed values") {
  ArgumentError error = error_of(incident_schema(), R"({"number": "INC0001042", "impact": "critical"})");
  CHECK(error.field == "impact");
  CHECK(error.message == "impact: expected one of \"low\", \"medium\", \"high\", got \"critical\"");
  Json numbers = build(R"({"level": {"type": "integer", "enum": [1, 2, 3]}})");
  CHECK(message_of(numbers, R"({"level": 4})") == "level: expected one of 1, 2, 3, got 4");
  CHECK(accepts(numbers, R"({"level": 2.0})"));
}

TEST_CASE("numbers outside minimum or maximum are refused") {
  const Json& s = incident_schema();
  CHECK(message_of(s, R"({"number": "INC0001042", "priority": 0})") == "priority: must be >= 1, got 0");
  CHECK(message_of(s, R"({"number": "INC0001042", "priority": 6})") == "priority: must be <= 5, got 6");
  CHECK(message_of(s, R"({"number": "INC0001042", "urgency": 0.25})") == "urgency: must be >= 0.5, got 0.25");
  CHECK(message_of(s, R"({"number": "INC0001042", "urgency": 3})") == "urgency: must be <= 2.5, got 3");
  CHECK(accepts(s, R"({"number": "INC0001042", "priority": 1, "urgency": 2.5})"));
  CHECK(accepts(s, R"({"number": "INC0001042", "priority": 5, "urgency": 0.5})"));
}

TEST_CASE("bounds on very large integers compare exactly") {
  Json schema = build(R"({"id": {"type": "integer", "maximum": 9007199254740993}})");
  CHECK(accepts(schema, R"({"id": 9007199254740993})"));
  CHECK(message_of(schema, R"({"id": 9007199254740994})") ==
        "id: must be <= 9007199254740993, got 9007199254740994");
}

TEST_CASE("string lengths are counted in code points, not bytes") {
  const Json& s = incident_schema();
  CHECK(message_of(s, R"({"number": "INC0001042", "note": "ok"})") ==
        "note: must be at least 3 characters long, got 2");
  CHECK(message_of(s, R"({"number": "INC0001042", "note": "far too long"})") ==
        "note: must be at most 10 characters long, got 12");
  CHECK(accepts(s, R"({"number": "INC0001042", "note": "héé"})"));               // 3 code points, 5 bytes
  CHECK(accepts(s, R"({"number": "INC0001042", "note": "日本語のメモです"})"));  // 8 code points, 24 bytes
  Json one = build(R"({"c": {"type": "string", "maxLength": 1}})");
  CHECK(accepts(one, R"({"c": "😀"})"));
  CHECK(message_of(one, R"({"c": "ab"})") == "c: must be at most 1 character long, got 2");
}

TEST_CASE("a string that does not match the pattern is refused") {
  ArgumentError error = error_of(incident_schema(), R"({"number": "INC12"})");
  CHECK(error.field == "number");
  CHECK(error.message == "number: must match the pattern ^INC[0-9]{7}$, got \"INC12\"");
}

TEST_CASE("a pattern may match anywhere in the string unless it is anchored") {
  Json schema = build(R"({"q": {"type": "string", "pattern": "[0-9]"}})");
  CHECK(accepts(schema, R"({"q": "room 4b"})"));
  CHECK(message_of(schema, R"({"q": "none"})") == "q: must match the pattern [0-9], got \"none\"");
}

TEST_CASE("a string too long to check against a pattern is refused instead of risking the stack") {
  Json schema = build(R"({"code": {"type": "string", "pattern": "^[A-Z]+$"}})");
  Json ok = {{"code", std::string(1000, 'A')}};
  CHECK_FALSE(validate_arguments(schema, ok).has_value());
  Json long_args = {{"code", std::string(50000, 'A')}};
  auto error = validate_arguments(schema, long_args);
  REQUIRE(error.has_value());
  CHECK(error->message == "code: is too long to check against its pattern ^[A-Z]+$ (50000 bytes, at most 1000)");
}

TEST_CASE("schemas sharing a pattern and threads validating at once all get the right answer") {
  Json a = build(R"({"n": {"type": "string", "pattern": "^X[0-9]+$"}})");
  Json b = build(R"({"m": {"type": "string", "pattern": "^X[0-9]+$"}, "k": {"type": "string", "pattern": "^K$"}})");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        Json good = {{"n", "X" + std::to_string(i)}};
        Json bad = {{"m", "Y" + std::to_string(i)}};
        Json k = {{"m", "X1"}, {"k", "K"}};
        if (validate_arguments(a, good) || !validate_arguments(b, bad) || validate_arguments(b, k)) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == 0);
}

TEST_CASE("RFC 3339 date-times are accepted") {
  const Json& s = incident_schema();
  for (const char* due : {"2026-03-02T09:00:00Z", "2026-03-02t09:00:00z", "2026-03-02T09:00:00.123Z",
                          "2026-03-02T09:00:00+01:00", "2026-03-02T23:59:59-05:30", "2028-02-29T00:00:00Z"}) {
    Json args = {{"number", "INC0001042"}, {"due", due}};
    INFO(due);
    CHECK_FALSE(validate_arguments(s, args).has_value());
  }
}

TEST_CASE("strings that are not RFC 3339 date-times are refused") {
  const Json& s = incident_schema();
  for (const char* due : {"tomorrow", "2026-03-02", "2026-03-02 09:00:00Z", "2026-03-02T09:00:00",
                          "2026-02-29T09:00:00Z", "2026-13-01T09:00:00Z", "2026-03-02T24:00:00Z",
                          "2026-03-02T09:60:00Z", "2026-03-02T09:00:00.Z", "2026-03-02T09:00:00+0100",
                          "2026-03-02T09:00:00Zjunk", "2026-04-31T09:00:00Z"}) {
    Json args = {{"number", "INC0001042"}, {"due", due}};
    INFO(due);
    auto error = validate_arguments(s, args);
    REQUIRE(error.has_value());
    CHECK(error->field == "due");
    CHECK(error->message == std::string("due: expected a date-time like 2026-03-02T09:00:00Z (RFC 3339), got \"") +
                                due + "\"");
  }
}

TEST_CASE("array items are checked and named by their index") {
  Json schema = build(R"({"lines": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "object",
                          "properties": {"sku": {"type": "string", "required": true},
                                         "qty": {"type": "integer", "minimum": 1}}}}})");
  CHECK(accepts(schema, R"({"lines": [{"sku": "A", "qty": 1}, {"sku": "B"}]})"));
  ArgumentError error = error_of(schema, R"({"lines": [{"sku": "A"}, {"sku": "B"}, {"sku": "C", "qty": 0}]})");
  CHECK(error.field == "lines[2].qty");
  CHECK(error.message == "lines[2].qty: must be >= 1, got 0");
  error = error_of(schema, R"({"lines": [{"sku": "A"}, {"qty": 2}]})");
  CHECK(error.field == "lines[1].sku");
  CHECK(error.message == "lines[1]: missing required field 'sku'");
  error = error_of(schema, R"({"lines": [{"sku": "A", "qtty": 2}]})");
  CHECK(error.field == "lines[0].qtty");
  CHECK(error.message == "lines[0]: unknown field 'qtty' (allowed: qty, sku)");
  CHECK(message_of(schema, R"({"lines": ["A"]})") == "lines[0]: expected object, got string \"A\"");
}

TEST_CASE("arrays with too few or too many items are refused") {
  Json schema = build(R"({"tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2}})");
  CHECK(message_of(schema, R"({"tags": []})") == "tags: must have at least 1 item, got 0");
  CHECK(message_of(schema, R"({"tags": ["a", "b", "c"]})") == "tags: must have at most 2 items, got 3");
  CHECK(message_of(schema, R"({"tags": ["a", 2]})") == "tags[1]: expected string, got integer 2");
  CHECK(message_of(schema, R"({"tags": "a"})") == "tags: expected array, got string \"a\"");
}

TEST_CASE("nested objects are checked with dotted field names") {
  Json schema = build(R"({"customer": {"type": "object", "required": true, "properties": {
                            "name": {"type": "string", "required": true},
                            "address": {"type": "object", "properties": {
                              "zip": {"type": "string", "required": true, "pattern": "^[0-9]{5}$"}}}}}})");
  CHECK(accepts(schema, R"({"customer": {"name": "Lena", "address": {"zip": "10115"}}})"));
  ArgumentError error = error_of(schema, R"({"customer": {"name": "Lena", "address": {"zip": "1011"}}})");
  CHECK(error.field == "customer.address.zip");
  CHECK(error.message == "customer.address.zip: must match the pattern ^[0-9]{5}$, got \"1011\"");
  error = error_of(schema, R"({"customer": {"address": {"zip": "10115"}}})");
  CHECK(error.field == "customer.name");
  CHECK(error.message == "customer: missing required field 'name'");
  error = error_of(schema, R"({"customer": {"name": "Lena", "address": {"zip": "10115", "city": "Berlin"}}})");
  CHECK(error.field == "customer.address.city");
  CHECK(error.message == "customer.address: unknown field 'city' (allowed: zip)");
  CHECK(message_of(schema, R"({"customer": "Lena"})") == "customer: expected object, got string \"Lena\"");
}

TEST_CASE("the first error in field name order is reported") {
  CHECK(error_of(incident_schema(), R"({"number": "bad", "impact": "none", "priority": 9})").field == "impact");
}

TEST_CASE("long strings are cut short when quoted back") {
  std::string text(200, 'x');
  Json args = {{"number", text}};
  auto error = validate_arguments(incident_schema(), args);
  REQUIRE(error.has_value());
  CHECK(error->message == "number: must match the pattern ^INC[0-9]{7}$, got \"" + std::string(60, 'x') + "\"...");
}

TEST_CASE("quoting a long string never cuts a multi-byte character in half") {
  std::string text = std::string(59, 'x') + "é" + std::string(20, 'y');  // é straddles byte 60
  Json args = {{"number", text}};
  auto error = validate_arguments(incident_schema(), args);
  REQUIRE(error.has_value());
  CHECK(error->message == "number: must match the pattern ^INC[0-9]{7}$, got \"" + std::string(59, 'x') + "\"...");
}

// ---------------------------------------------------------------------------------------------------
// Defaults

TEST_CASE("defaults of missing optional fields are filled in") {
  Json args = Json::parse(R"({"number": "INC0001042"})");
  REQUIRE_FALSE(validate_arguments(incident_schema(), args).has_value());
  CHECK(args == Json::parse(R"({"number": "INC0001042", "impact": "medium", "notify": true})"));
}

TEST_CASE("given values are kept over defaults") {
  Json args = Json::parse(R"({"number": "INC0001042", "impact": "low", "notify": false})");
  REQUIRE_FALSE(validate_arguments(incident_schema(), args).has_value());
  CHECK(args["impact"] == "low");
  CHECK(args["notify"] == false);
}

TEST_CASE("defaults are filled inside nested objects and array items that are present") {
  Json schema = build(R"({
    "options": {"type": "object", "properties": {"mode": {"type": "string", "default": "fast"}}},
    "absent":  {"type": "object", "properties": {"x": {"type": "integer", "default": 1}}},
    "lines":   {"type": "array", "items": {"type": "object", "properties": {
                  "sku": {"type": "string", "required": true}, "qty": {"type": "integer", "default": 1}}}}
  })");
  Json args = Json::parse(R"({"options": {}, "lines": [{"sku": "A"}, {"sku": "B", "qty": 4}]})");
  REQUIRE_FALSE(validate_arguments(schema, args).has_value());
  CHECK(args == Json::parse(R"({"options": {"mode": "fast"},
                                "lines": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 4}]})"));
}

TEST_CASE("an object default is itself completed with its fields' defaults") {
  Json schema = build(R"({"options": {"type": "object", "default": {},
                           "properties": {"mode": {"type": "string", "default": "fast"}}}})");
  CHECK(schema["properties"]["options"]["default"] == Json::parse(R"({"mode": "fast"})"));
  Json args = Json::object();
  REQUIRE_FALSE(validate_arguments(schema, args).has_value());
  CHECK(args == Json::parse(R"({"options": {"mode": "fast"}})"));
}

TEST_CASE("refused arguments are left exactly as the agent sent them") {
  Json args = Json::parse(R"({"number": "INC0001042", "priority": 9, "urgency": 1.0})");
  Json before = args;
  REQUIRE(validate_arguments(incident_schema(), args).has_value());
  CHECK(args == before);
  CHECK(args.dump() == before.dump());  // no default added, no float turned integer
}

// ---------------------------------------------------------------------------------------------------
// Offering tools

namespace {
opsgym::ToolSpec sample_tool(bool read_only) {
  opsgym::ToolSpec tool;
  tool.name = "get_incident";
  tool.description = "Look up one incident by number.";
  tool.parameters = build(R"({"number": {"type": "string", "required": true}})");
  tool.read_only = read_only;
  return tool;
}
}  // namespace

TEST_CASE("a tool is offered in the OpenAI Chat Completions form") {
  opsgym::ToolSpec tool = sample_tool(true);
  CHECK(tool.openai_chat() == Json{{"type", "function"},
                                   {"function", {{"name", "get_incident"},
                                                 {"description", "Look up one incident by number."},
                                                 {"parameters", tool.parameters}}}});
}

TEST_CASE("a tool is offered in the OpenAI Responses form") {
  opsgym::ToolSpec tool = sample_tool(false);
  CHECK(tool.openai_responses() == Json{{"type", "function"},
                                        {"name", "get_incident"},
                                        {"description", "Look up one incident by number."},
                                        {"parameters", tool.parameters}});
}

TEST_CASE("a read-only tool is offered over MCP with the read-only hint") {
  opsgym::ToolSpec tool = sample_tool(true);
  CHECK(tool.mcp() == Json{{"name", "get_incident"},
                           {"description", "Look up one incident by number."},
                           {"inputSchema", tool.parameters},
                           {"annotations", {{"readOnlyHint", true}}}});
}

TEST_CASE("a tool that changes the World is offered over MCP without the read-only hint") {
  Json listed = sample_tool(false).mcp();
  CHECK_FALSE(listed.contains("annotations"));
  CHECK(listed["inputSchema"]["required"] == Json::parse(R"(["number"])"));
}

TEST_CASE("a tool spec without parameters is offered with an empty object schema") {
  opsgym::ToolSpec tool;
  tool.name = "ping";
  Json empty = Json::parse(R"({"type":"object","properties":{},"required":[],"additionalProperties":false})");
  CHECK(tool.openai_chat()["function"]["parameters"] == empty);
  CHECK(tool.openai_responses()["parameters"] == empty);
  CHECK(tool.mcp()["inputSchema"] == empty);
}
