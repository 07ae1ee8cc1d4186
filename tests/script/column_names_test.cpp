// Column names reach scripts through a cache keyed by the address SQLite keeps each name at
// (script/column_names.hpp): whatever it holds, a row's keys must be the names themselves.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "script/column_names.hpp"

using namespace opsgym;

namespace {

struct State {
  State() : L(luaL_newstate()) { lua::install_column_names(L); }
  ~State() { lua_close(L); }
  lua_State* L;
};

std::string pushed(lua_State* L, const char* name) {
  lua::column_names_of(L).push(L, name);
  std::string text = lua_tostring(L, -1);
  lua_pop(L, 1);
  return text;
}

}  // namespace

TEST_CASE("Every column name comes back as itself, with far more names than the cache has slots") {
  State s;
  std::vector<std::unique_ptr<char[]>> names;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = "column_" + std::to_string(i);
    names.push_back(std::make_unique<char[]>(text.size() + 1));
    std::memcpy(names.back().get(), text.c_str(), text.size() + 1);
  }
  int wrong = 0;
  for (int round = 0; round < 3; ++round)  // misses, then hits and evictions
    for (size_t i = 0; i < names.size(); i += 1 + round)
      if (pushed(s.L, names[i].get()) != names[i].get()) ++wrong;
  CHECK(wrong == 0);
  CHECK(lua_gettop(s.L) == 0);
}

TEST_CASE("A name at an address that held another name comes back as the new name") {
  State s;
  char buffer[16] = "assigned_to";
  CHECK(pushed(s.L, buffer) == "assigned_to");
  CHECK(pushed(s.L, buffer) == "assigned_to");  // from the cache
  std::strcpy(buffer, "caller");  // a finalized statement's memory, reused by another
  CHECK(pushed(s.L, buffer) == "caller");
  CHECK(pushed(s.L, buffer) == "caller");
}
