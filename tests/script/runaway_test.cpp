// Runaway scripts end, whatever they hide behind: pcall, xpcall, coroutines, error objects, finalizers,
// __close handlers, C library loops the hook never sees, backtracking patterns, slow calls (wall time).
// Each case ends with a clear tool error well within a second and the next call works.
#include <catch2/catch.hpp>

#include <chrono>

#include "episode/deskling_fixture.hpp"

using namespace opsgym;
using namespace opsgym::testing;

namespace {

std::string error_code(const StepResult& step) { return step.output().at("error").at("code").get<std::string>(); }
std::string error_message(const StepResult& step) { return step.output().at("error").at("message").get<std::string>(); }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs `code` with deskling's eval tool (2,000,000 instructions, 16 MiB per call) and checks the call
// ends with `code_expected` within a second, the World unchanged and the episode still answering.
StepResult run_runaway(const std::string& code, const std::string& code_expected = "limit_exceeded") {
  Episode episode = open_episode();
  const Snapshot before = episode.world().snapshot();
  const auto start = std::chrono::steady_clock::now();
  StepResult step = episode.step("eval", Json{{"code", "db.insert('notes', { ticket_id = 1, body = 'x' }); " + code}});
  INFO(code << " -> " << step.output().dump());
  CHECK(seconds_since(start) < 1.0);
  CHECK_FALSE(step.ok);
  REQUIRE(step.output().contains("error"));
  CHECK(error_code(step) == code_expected);
  CHECK(episode.world().diff_from(before).changes.empty());
  const StepResult next = episode.step("eval", Json{{"code", "return 6 * 7"}});
  REQUIRE(next.ok);
  CHECK(next.output()["value"] == 42);
  return step;
}

}  // namespace

TEST_CASE("a loop around pcall cannot swallow the instruction limit", "[script][runaway]") {
  run_runaway("while true do pcall(function() while true do end end) end");
  run_runaway("while true do pcall(pcall, function() while true do end end) end");
  run_runaway("for i = 1, 1e9 do pcall(error, 'x') end");
}

TEST_CASE("xpcall and its message handler cannot swallow the limit or loop after it", "[script][runaway]") {
  run_runaway("while true do xpcall(function() while true do end end, function(e) return e end) end");
  run_runaway("while true do xpcall(function() while true do end end, function(e) while true do end end) end");
  run_runaway("xpcall(error, function(e) while true do pcall(function() while true do end end) end end)");
}

TEST_CASE("coroutine resume, wrap and close cannot swallow the limit", "[script][runaway]") {
  run_runaway("while true do coroutine.resume(coroutine.create(function() while true do end end)) end");
  run_runaway("while true do pcall(coroutine.wrap(function() while true do end end)) end");
  run_runaway(
      "local co = coroutine.create(function() "
      "  local x <close> = setmetatable({}, { __close = function() while true do end end }) "
      "  coroutine.yield() end) "
      "coroutine.resume(co) while true do coroutine.close(co) end");
  // A coroutine that yields inside a pcall still works (the wrappers keep continuations).
  Episode episode = open_episode();
  const StepResult ok = episode.step("eval", Json{{"code",
      "local co = coroutine.wrap(function() pcall(function() coroutine.yield(1) end) return 2 end) "
      "return co() + co()"}});
  REQUIRE(ok.ok);
  CHECK(ok.output()["value"] == 3);
}

TEST_CASE("an error object whose __tostring loops is stopped, and one with __index tricks is reported", "[script][runaway]") {
  run_runaway("error(setmetatable({}, { __tostring = function() while true do end end }))");
  const StepResult odd = run_runaway(
      "error(setmetatable({}, { __index = function() while true do end end, __len = function() while true do end end }))",
      "tool_error");
  CHECK_THAT(error_message(odd), Catch::Contains("table"));
  const StepResult named = run_runaway("error(setmetatable({}, { __tostring = function() return 'told you' end }))", "tool_error");
  CHECK_THAT(error_message(named), Catch::Contains("told you"));
}

TEST_CASE("a metatable with __gc is refused: finalizers run outside the limits", "[script][runaway]") {
  const StepResult gc = run_runaway("setmetatable({}, { __gc = function() while true do end end })", "tool_error");
  CHECK_THAT(error_message(gc), Catch::Contains("__gc"));
  // A placeholder __gc filled in later would mark the object for finalization too.
  const StepResult later = run_runaway("local mt = { __gc = true } setmetatable({}, mt) mt.__gc = function() while true do end end", "tool_error");
  CHECK_THAT(error_message(later), Catch::Contains("__gc"));
  // Without __gc, setmetatable works as ever.
  Episode episode = open_episode();
  const StepResult ok = episode.step("eval", Json{{"code", "return getmetatable(setmetatable({}, { __index = { a = 1 } })).__index.a"}});
  REQUIRE(ok.ok);
  CHECK(ok.output()["value"] == 1);
}

TEST_CASE("a looping __close handler runs under the hook and ends", "[script][runaway]") {
  run_runaway("do local x <close> = setmetatable({}, { __close = function() while true do end end }) end");
  run_runaway(
      "do local x <close> = setmetatable({}, { __close = function() "
      "  while true do pcall(function() while true do end end) end end }) "
      "  while true do end end");
  run_runaway(
      "for i = 1, 1e9 do pcall(function() "
      "  local x <close> = setmetatable({}, { __close = function() while true do end end }) end) end");
}

TEST_CASE("C library loops the hook never sees are charged to the budget", "[script][runaway]") {
  for (const char* code : {"string.rep('', 2^53)",
                           "string.rep('', 2^53, '')",
                           "string.rep('x', 1e9)",
                           "('x'):rep(1e8, ',')",
                           "table.move({}, 1, 1e15, 1, {})",
                           "table.insert(setmetatable({}, { __len = function() return 1e15 end }), 1, 'x')",
                           "table.remove(setmetatable({}, { __len = function() return 1e15 end }), 1)",
                           "table.concat(setmetatable({}, { __len = function() return 1e15 end, __index = function() return '' end }))",
                           "table.unpack({}, 1, 1e15)",
                           "local t = {} for i = 1, 200 do t[i] = 65 end while true do string.char(table.unpack(t)) end",
                           "local t = {} for i = 1, 200 do t[i] = 65 end while true do utf8.char(table.unpack(t)) end",
                           "local s = ('a'):rep(1000):rep(4000) while true do s:byte(1, -1) end",
                           "local s = ('a'):rep(1000):rep(8000) while true do s:find('b', 1, true) end",
                           "local s = ('a'):rep(1000):rep(4000) while true do s:upper() end",
                           "local s = ('a'):rep(1000):rep(4000) while true do local t = s .. 'b' end",
                           "while true do string.format('%99d%99d%99d%99d', 1, 2, 3, 4) end",
                           "while true do string.pack('c200000', '') end"}) {
    INFO(code);
    run_runaway(code);
  }
}

TEST_CASE("ordinary library calls fit the budget", "[script][runaway]") {
  Episode episode = open_episode();
  const StepResult step = episode.step("eval", Json{{"code",
      "local t = {} for i = 1, 5000 do table.insert(t, i) end "
      "table.sort(t, function(a, b) return a > b end) "
      "local parts = {} for i = 1, 1000 do parts[#parts + 1] = ('x'):rep(3, ',') end "
      "return { n = #t, first = t[1], joined = #table.concat(parts, ';'), "
      "         f = string.format('%5d|%-3s', 42, 'a'), p = #string.pack('i4i8', 1, 2), "
      "         u = utf8.char(72, 228), b = select('#', ('abc'):byte(1, -1)), "
      "         m = #table.move({1, 2, 3}, 1, 3, 1, {}), r = #string.rep('ab', 1000) }"}});
  REQUIRE(step.ok);
  const Json value = step.output()["value"];
  CHECK(value["n"] == 5000);
  CHECK(value["first"] == 5000);
  CHECK(value["joined"] == 1000 * 5 + 999);
  CHECK(value["f"] == "   42|a  ");
  CHECK(value["p"] == 12);
  CHECK(value["u"] == "H\xc3\xa4");
  CHECK(value["b"] == 3);
  CHECK(value["m"] == 3);
  CHECK(value["r"] == 2000);
}

TEST_CASE("backtracking patterns the old guard let through are refused or charged", "[script][runaway]") {
  // Optional items (?) double the paths: 'a?' x 40 then 'a' x 40 against 'a' x 40 is 2^40 steps.
  const StepResult optional = run_runaway(
      "return string.rep('a', 40):find(string.rep('a?', 40) .. string.rep('a', 40))", "tool_error");
  CHECK_THAT(error_message(optional), Catch::Contains("pattern too costly"));
  for (const char* code : {"return string.match(string.rep('a', 30), '^' .. string.rep('a?', 30) .. string.rep('a', 30) .. '$')",
                           "return string.rep('(', 3000):find('%b()%b()%b()')",
                           "return string.rep('a', 3000):find('(a*)%1%1%1')",
                           "return (string.rep('a', 200):gsub(string.rep('.-', 3) .. '.?.?.?.?b', ''))"}) {
    INFO(code);
    const StepResult step = run_runaway(code, "tool_error");
    CHECK_THAT(error_message(step), Catch::Contains("pattern too costly"));
  }
  // A linear scan repeated over a large subject is charged, so it ends at the instruction limit.
  run_runaway("local s = ('a'):rep(1000):rep(4000) for i = 1, 1e9 do s:find('a$') end");
  run_runaway("local s = ('a'):rep(1000):rep(1000) while true do local n = select(2, s:gsub('a', 'a', 1e15)) end");
  // Patterns that are cheap on their subject still work.
  Episode episode = open_episode();
  const StepResult step = episode.step("eval", Json{{"code",
      "return { a = ('colou?r'):len(), b = ('color'):match('^colou?r$'), c = ('f(a(b)c)'):match('%b()'), "
      "         d = ('abab'):match('(ab)%1') }"}});
  REQUIRE(step.ok);
  CHECK(step.output()["value"] == Json{{"a", 7}, {"b", "color"}, {"c", "(a(b)c)"}, {"d", "ab"}});
}

TEST_CASE("a call past its wall time ends with a time limit error", "[script][runaway]") {
  Limits limits = small_limits();
  limits.instructions = int64_t{1} << 50;  // so only the wall time can stop these
  limits.wall_ms = 300;
  const auto env = Environment::load(kDeskling, kVerifierLib, limits);
  Episode episode(env, open_task());
  for (const char* code : {"while true do end",
                           "while true do pcall(function() while true do end end) end",
                           "local s = string.rep('a', 1e6) while true do local t = s .. 'b' end"}) {
    INFO(code);
    const auto start = std::chrono::steady_clock::now();
    const StepResult step = episode.step("eval", Json{{"code", code}});
    const double seconds = seconds_since(start);
    CHECK(seconds >= 0.3);
    CHECK(seconds < 1.0);
    CHECK_FALSE(step.ok);
    CHECK(error_code(step) == "limit_exceeded");
    CHECK_THAT(error_message(step), Catch::Contains("time limit exceeded (300 ms)"));
  }
  CHECK(episode.step("eval", Json{{"code", "return 1"}}).ok);
}
