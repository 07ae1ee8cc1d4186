// Integer arguments must fit Lua's 64-bit integers: checked before the tool runs.
#include <catch2/catch.hpp>

#include "episode/deskling_fixture.hpp"
#include "opsgym/errors.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::string error_code(const StepResult& step) { return step.output().at("error").at("code").get<std::string>(); }

}  // namespace

TEST_CASE("an integer argument past 64 bits is invalid_arguments and never reaches Lua", "[episode]") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  // 2^64 - 1 passed `minimum: 0` and arrived in Lua as -1.
  const StepResult wrapped = episode.step(
      "schedule_check", Json::parse(R"({"number": "T-1", "kind": "sla_check", "after": 18446744073709551615})"));
  CHECK_FALSE(wrapped.ok);
  CHECK(error_code(wrapped) == "invalid_arguments");
  CHECK(wrapped.output()["error"]["field"] == "after");
  // A float with no fractional part but no int64 value (1e300) ended in an SQL datatype error.
  const StepResult huge =
      episode.step("add_note", Json::parse(R"({"number": "T-1", "body": "x", "count": 1e300})"));
  CHECK_FALSE(huge.ok);
  CHECK(error_code(huge) == "invalid_arguments");
  CHECK(huge.output()["error"]["field"] == "count");
  CHECK(episode.world().diff_from(before).changes.empty());
  // The largest int64 is an integer: refused by the bound, not by the range.
  const StepResult max = episode.step(
      "schedule_check", Json::parse(R"({"number": "T-1", "kind": "sla_check", "after": 9223372036854775807})"));
  CHECK_FALSE((max.output().contains("error") && error_code(max) == "invalid_arguments"));
}
