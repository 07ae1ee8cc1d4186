// The connection cap: at the cap the connection that has waited longest for a request is evicted, busy
// and pinned (WebSocket) connections never are, and a full table of busy connections refuses newcomers.
#include <catch2/catch.hpp>

#include "server/connection_table.hpp"

using opsgym::server::ConnectionTable;

TEST_CASE("Below the cap every connection is admitted without evicting anyone") {
  ConnectionTable table(3);
  int evictions = 0;
  std::vector<ConnectionTable::Slot> slots;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(table.make_room());
    slots.push_back(table.add());
    slots.back().set_evict([&] { ++evictions; });
    slots.back().waiting(100 + i);
  }
  CHECK(table.size() == 3);
  CHECK(evictions == 0);
  slots.pop_back();
  CHECK(table.size() == 2);
}

TEST_CASE("At the cap the connection waiting longest is evicted, once") {
  ConnectionTable table(3);
  std::vector<int> evicted;
  std::vector<ConnectionTable::Slot> slots;
  const int64_t since[] = {500, 200, 300};
  for (int i = 0; i < 3; ++i) {
    slots.push_back(table.add());
    slots.back().set_evict([&evicted, i] { evicted.push_back(i); });
    slots.back().waiting(since[i]);
  }
  REQUIRE(table.make_room());
  CHECK(evicted == std::vector<int>{1});
  // Connection 1 is still closing (its slot not yet released): the next newcomer takes connection 2.
  REQUIRE(table.make_room());
  CHECK(evicted == std::vector<int>{1, 2});
  CHECK(table.evicted() == 2);
}

TEST_CASE("Busy and pinned connections are never evicted; with none waiting a newcomer is refused") {
  ConnectionTable table(2);
  int evictions = 0;
  auto busy = table.add();
  busy.set_evict([&] { ++evictions; });
  busy.waiting(10);
  busy.busy();
  auto websocket = table.add();
  websocket.set_evict([&] { ++evictions; });
  websocket.waiting(5);
  websocket.pin();
  CHECK_FALSE(table.make_room());
  CHECK(evictions == 0);
  busy.waiting(20);  // done serving, waiting for the next request again
  CHECK(table.make_room());
  CHECK(evictions == 1);
}
