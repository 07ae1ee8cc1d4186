// Copy-on-write Worlds: a snapshot mapped privately by many Worlds (world/image_mapping.hpp).
#include <catch2/catch.hpp>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>
#include <string>

#include <sqlite3.h>

#include "opsgym/world.hpp"
#include "world/image_mapping.hpp"

using namespace opsgym;

namespace {

Snapshot numbered_snapshot(int n) {
  World world;
  world.exec_script("CREATE TABLE facts (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, note TEXT)");
  world.execute("INSERT INTO facts (n, note) VALUES (?, 'first'), (?, 'second')", Json::array({n, n + 1}));
  return world.snapshot();
}

// The line of /proc/self/maps whose range holds `address`, or "".
std::string mapping_of(const void* address) {
  std::ifstream maps("/proc/self/maps");
  const auto at = reinterpret_cast<uintptr_t>(address);
  for (std::string line; std::getline(maps, line);) {
    uintptr_t from = 0, to = 0;
    if (std::sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR, &from, &to) == 2 && from <= at && at < to) return line;
  }
  return "";
}

}  // namespace

TEST_CASE("a World restored from a snapshot reads it through a private mapping of the shared image",
          "[world]") {
  const Snapshot base = numbered_snapshot(2);
  World world(base);
  sqlite3_int64 size = 0;
  const unsigned char* bytes = sqlite3_serialize(world.handle(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
  REQUIRE(bytes != nullptr);
  const std::string line = mapping_of(bytes);
  CHECK_THAT(line, Catch::Contains("memfd:opsgym-world"));
  CHECK_THAT(line, Catch::Contains(" rw-p "));  // private: writes are copied, not shared
  // A fork starts from a changed state: it holds its own copy.
  World fork = world.fork();
  const unsigned char* forked = sqlite3_serialize(fork.handle(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
  REQUIRE(forked != nullptr);
  CHECK_THAT(mapping_of(forked), !Catch::Contains("memfd:opsgym-world"));
}

TEST_CASE("a private mapping starts as the image and keeps its writes to itself", "[world]") {
  const Snapshot image = numbered_snapshot(7);
  auto first = ImageMapping::of(image);
  auto second = ImageMapping::of(image);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(std::memcmp(first->data(), image->data(), image->size()) == 0);
  CHECK(first->data()[image->size()] == 0);  // room to grow reads as zeros

  first->data()[0] = 'X';
  first->data()[image->size() + 10] = 'Y';
  CHECK(second->data()[0] == static_cast<unsigned char>((*image)[0]));
  CHECK(second->data()[image->size() + 10] == 0);
  CHECK(ImageMapping::of(image)->data()[0] == static_cast<unsigned char>((*image)[0]));
  CHECK(ImageMapping::of(nullptr) == nullptr);
}

TEST_CASE("Worlds restored from one snapshot see none of each other's writes", "[world]") {
  const Snapshot base = numbered_snapshot(1);
  const std::string original = *base;
  World a(base), b(base);
  a.execute("UPDATE facts SET n = 100 WHERE id = 1");
  a.execute("INSERT INTO facts (n) VALUES (5)");
  b.execute("DELETE FROM facts WHERE id = 2");

  CHECK(a.query("SELECT n FROM facts ORDER BY id") == Json::parse(R"([{"n":100},{"n":2},{"n":5}])"));
  CHECK(b.query("SELECT n FROM facts ORDER BY id") == Json::parse(R"([{"n":1}])"));
  CHECK(World(base).query("SELECT n FROM facts ORDER BY id") == Json::parse(R"([{"n":1},{"n":2}])"));
  CHECK(*base == original);

  a.restore(base);
  CHECK(*a.snapshot() == original);
}

TEST_CASE("a World that maps its snapshot grows far past the image and snapshots what it grew to", "[world]") {
  const Snapshot base = numbered_snapshot(1);
  World world(base);
  // Each row about 4 KiB: some 16 MiB in all, many times the image.
  for (int i = 0; i < 4000; ++i)
    world.execute("INSERT INTO facts (n, note) VALUES (?, hex(randomblob(2048)))", Json::array({i}));
  CHECK(world.query("SELECT count(*) AS c, sum(length(note)) AS bytes FROM facts")[0] ==
        Json::parse(R"({"c":4002,"bytes":16384011})"));

  const Snapshot grown = world.snapshot();
  CHECK(grown->size() > 16 * base->size());
  CHECK(World(grown).query("SELECT count(*) AS c FROM facts")[0]["c"] == 4002);
  world.restore(base);
  CHECK(*world.snapshot() == *base);
}

TEST_CASE("each snapshot maps its own content, also at the address of one that is gone", "[world]") {
  // Every image in one place, the way an allocator may reuse the address of a freed one.
  alignas(std::string) static unsigned char slot[sizeof(std::string)];
  for (int n = 0; n < 3; ++n) {
    Snapshot image(new (slot) const std::string(*numbered_snapshot(n)), [](const std::string* s) { s->~basic_string(); });
    REQUIRE(World(image).query("SELECT n FROM facts WHERE id = 1")[0]["n"] == n);
  }
}

TEST_CASE("a fork of a World that maps its snapshot is independent of it", "[world]") {
  const Snapshot base = numbered_snapshot(3);
  World parent(base);
  parent.execute("UPDATE facts SET note = 'parent' WHERE id = 1");
  World child = parent.fork();
  child.execute("UPDATE facts SET note = 'child' WHERE id = 1");
  parent.execute("UPDATE facts SET n = 30 WHERE id = 1");

  CHECK(parent.query("SELECT n, note FROM facts WHERE id = 1")[0] == Json::parse(R"({"n":30,"note":"parent"})"));
  CHECK(child.query("SELECT n, note FROM facts WHERE id = 1")[0] == Json::parse(R"({"n":3,"note":"child"})"));
}
