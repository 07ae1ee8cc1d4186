// A fail() error a script catches with pcall does not expose the metatable every episode shares: writing
// into it would carry state from one episode into the next.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

TEST_CASE("A caught fail() error hides its shared metatable and cannot be given another", "[script][sandbox]") {
  Episode episode = open_episode();
  const char* code = R"(
    local ok, err = pcall(fail, "code", "message")
    local shown = getmetatable(err)
    local replaced = pcall(setmetatable, err, {})
    return {caught = not ok, shown = tostring(shown), replaced = replaced})";
  const StepResult step = episode.step("eval", Json{{"code", code}});
  REQUIRE(step.ok);
  const Json out = step.output();
  CHECK(out.dump().find("\"caught\":true") != std::string::npos);
  CHECK(out.dump().find("\"shown\":\"fail\"") != std::string::npos);
  CHECK(out.dump().find("\"replaced\":false") != std::string::npos);
}
