#include <catch2/catch.hpp>

#include "episode/reference_args.hpp"

using opsgym::resolve_reference_args;
using Json = nlohmann::json;

TEST_CASE("A whole-string placeholder takes the value and its type from an earlier result") {
  std::vector<Json> results = {{{"items", {{{"number", "T-3"}, {"id", 3}}}}}};
  Json args = {{"number", "${1.items.1.number}"}, {"id", "${1.items.1.id}"}, {"user", "bob"}};
  CHECK(resolve_reference_args(args, results) == Json({{"number", "T-3"}, {"id", 3}, {"user", "bob"}}));
}

TEST_CASE("Placeholders inside text are spliced in, nested arguments included") {
  std::vector<Json> results = {{{"number", "T-3"}}, {{"count", 2}}};
  Json args = {{"note", "Closed ${1.number} after ${2.count} tries"}, {"list", {"${1.number}"}}};
  CHECK(resolve_reference_args(args, results) ==
        Json({{"note", "Closed T-3 after 2 tries"}, {"list", {"T-3"}}}));
}

TEST_CASE("A placeholder naming a missing step or field is an error that names it") {
  std::vector<Json> results = {{{"number", "T-3"}}};
  CHECK_THROWS_WITH(resolve_reference_args(Json("${2.number}"), results), Catch::Contains("step 2"));
  CHECK_THROWS_WITH(resolve_reference_args(Json("${1.missing}"), results), Catch::Contains("no field 'missing'"));
  CHECK_THROWS_WITH(resolve_reference_args(Json("${x.y}"), results), Catch::Contains("step number"));
}
