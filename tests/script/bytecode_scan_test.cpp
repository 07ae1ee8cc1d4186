// The bytecode reader against the Lua library this engine runs with: if a Lua upgrade changes the dump
// format or the opcode numbers, these fail instead of the scan silently finding nothing.
#include <catch2/catch.hpp>

#include <lua.hpp>

#include <stdexcept>
#include <string>

#include "script/bytecode_scan.hpp"

using namespace opsgym::lua;

namespace {

// A fresh state with the function `source` returns on top.
struct Compiled {
  explicit Compiled(const std::string& source) : L(luaL_newstate()) {
    luaL_openlibs(L);
    if (luaL_loadbufferx(L, source.data(), source.size(), "@probe.lua", "t") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
      throw std::runtime_error(lua_tostring(L, -1));
  }
  ~Compiled() { lua_close(L); }
  lua_State* L;
};

std::string dump_of(lua_State* L) {
  std::string dump;
  lua_dump(L, [](lua_State*, const void* bytes, size_t size, void* out) -> int {
    static_cast<std::string*>(out)->append(static_cast<const char*>(bytes), size);
    return 0;
  }, &dump, 0);
  return dump;
}

}  // namespace

TEST_CASE("the scan finds an assignment to a captured file-level local, with its line and name", "[script][bytecode]") {
  Compiled code("local counter = 0\nreturn function()\n  local x = 1\n  counter = counter + x\nend\n");
  const BytecodeFindings found = scan_function(code.L, -1);
  REQUIRE(found.outer_assignments.size() == 1);
  CHECK(found.outer_assignments[0].chunk == "probe.lua");
  CHECK(found.outer_assignments[0].line == 4);
  CHECK(found.outer_assignments[0].variable == "counter");
  CHECK(found.to_be_closed.empty());
}

TEST_CASE("the scan follows captures through nested functions and ignores the function's own locals", "[script][bytecode]") {
  // `total` is a local of the scanned function: assigning it from a nested function is per call.
  // `seen` is captured from outside: the nested function's write reaches it through two levels.
  Compiled code(
      "local seen = 0\n"
      "return function(items)\n"
      "  local total = 0\n"
      "  for _, v in ipairs(items) do (function() total = total + v end)() end\n"
      "  local function deeper()\n"
      "    return function()\n"
      "      seen = total\n"
      "    end\n"
      "  end\n"
      "  deeper()()\n"
      "  return total\n"
      "end\n");
  const BytecodeFindings found = scan_function(code.L, -1);
  REQUIRE(found.outer_assignments.size() == 1);
  CHECK(found.outer_assignments[0].line == 7);
  CHECK(found.outer_assignments[0].variable == "seen");
}

TEST_CASE("the scan finds a variable captured from a function that ran before (a factory)", "[script][bytecode]") {
  Compiled code("local function make()\n  local n = 0\n  return function()\n    n = n + 1\n    return n\n  end\nend\nreturn make()\n");
  const BytecodeFindings found = scan_function(code.L, -1);
  REQUIRE(found.outer_assignments.size() == 1);
  CHECK(found.outer_assignments[0].line == 4);
  CHECK(found.outer_assignments[0].variable == "n");
}

TEST_CASE("the scan finds an assignment to _ENV", "[script][bytecode]") {
  Compiled code("return function()\n  _ENV = {}\nend\n");
  const BytecodeFindings found = scan_function(code.L, -1);
  REQUIRE(found.outer_assignments.size() == 1);
  CHECK(found.outer_assignments[0].variable == "_ENV");
}

TEST_CASE("a function that only reads what it captures has no findings", "[script][bytecode]") {
  Compiled code("local limit, names = 10, {}\nreturn function(x)\n  local y = x\n  y = y + limit\n  names[1] = y\n  return y\nend\n");
  const BytecodeFindings found = scan_function(code.L, -1);
  CHECK(found.outer_assignments.empty());
  CHECK(found.to_be_closed.empty());
}

TEST_CASE("the scan finds to-be-closed locals (OP_TBC) with their line", "[script][bytecode]") {
  Compiled code("return function()\n  local a = 1\n  local x <close> = nil\n  return a\nend\n");
  const BytecodeFindings found = scan_function(code.L, -1);
  REQUIRE(found.to_be_closed.size() == 1);
  CHECK(found.to_be_closed[0].line == 3);
}

TEST_CASE("the line of an instruction far from the previous one comes from the absolute line table", "[script][bytecode]") {
  // Lua records an absolute line every 128 instructions and for a jump of more than 127 lines.
  std::string source = "local c = 0\nreturn function()\n  local t = {}\n";
  for (int i = 0; i < 300; ++i) source += "  t[" + std::to_string(i) + "] = " + std::to_string(i) + "\n";
  source += std::string(200, '\n') + "  c = #t\nend\n";
  Compiled code(source);
  const BytecodeFindings found = scan_function(code.L, -1);
  REQUIRE(found.outer_assignments.size() == 1);
  CHECK(found.outer_assignments[0].line == 3 + 300 + 200 + 1);
}

TEST_CASE("a dump whose header is not Lua 5.4's is refused with a clear error", "[script][bytecode]") {
  Compiled code("return function() end\n");
  const std::string dump = dump_of(code.L);
  REQUIRE(dump.size() > 12);
  CHECK(static_cast<unsigned char>(dump[4]) == 0x54);  // the version byte this reader expects
  CHECK(scan_dump(dump).outer_assignments.empty());
  std::string other_version = dump;
  other_version[4] = 0x55;
  CHECK_THROWS_WITH(scan_dump(other_version), Catch::Contains("version is not 5.4") && Catch::Contains("format"));
  std::string other_sizes = dump;
  other_sizes[12] = 8;  // instructions of 8 bytes
  CHECK_THROWS_WITH(scan_dump(other_sizes), Catch::Contains("instructions are not 4 bytes"));
  CHECK_THROWS_WITH(scan_dump(dump.substr(0, dump.size() - 3)), Catch::Contains("truncated"));
}

TEST_CASE("a C function cannot be scanned", "[script][bytecode]") {
  Compiled code("return print\n");
  CHECK_THROWS_WITH(scan_function(code.L, -1), Catch::Contains("not a Lua function"));
}
