// The hostile fixture environment served by `opsgym serve` (a child process, over loopback): every attack
// answers a tool error within the stated limits, the server stays up, another client's episode keeps
// answering correctly, and the server's memory after rounds of attacks stays near where it started.
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "script/support_hostile.hpp"
#include "server/support_http_client.hpp"
#include "server/support_live_server.hpp"
#include "server/support_server_process.hpp"

using namespace opsgym::test;
using nlohmann::json;
using opsgym::testing::hostile_attacks;
using opsgym::testing::HostileAttack;

namespace {

const std::string kHostileHome = std::string(OPSGYM_SOURCE_DIR) + "/tests/script/fixtures";
// The default per-call wall-time limit (Limits::wall_ms) plus a second for the HTTP round trip.
constexpr double kAnswerWithinSeconds = 6.0;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Resident memory of a process, in MiB (VmRSS in /proc/<pid>/status).
double rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

int item_count(HttpConnection& c, const std::string& id) {
  const json answer = step(c, id, "count_items");
  REQUIRE(answer["ok"] == true);
  return answer["output"]["count"].get<int>();
}

// Runs every attack on a fresh hx-001 episode of `attacker`; checks each answer and that the victim's
// episode still counts `victim_items` after it.
void attack_round(HttpConnection& attacker, HttpConnection& victim, const std::string& victim_id, int victim_items) {
  const std::string id = create(attacker, "hx-001");
  for (const HostileAttack& attack : hostile_attacks()) {
    INFO(attack.name);
    const auto start = std::chrono::steady_clock::now();
    const json answer = step(attacker, id, "attack", json{{"name", attack.name}});
    CHECK(seconds_since(start) < kAnswerWithinSeconds);
    CHECK(answer["ok"] == false);
    CHECK(answer["output"]["error"]["code"] == attack.code);
    CHECK_THAT(answer["output"]["error"]["message"].get<std::string>(), Catch::Contains(attack.message));
    CHECK(item_count(victim, victim_id) == victim_items);
  }
  CHECK(item_count(attacker, id) == 2);
  auto deleted = attacker.request("DELETE", "/v1/episodes/" + id);
  CHECK(deleted.status / 100 == 2);
}

}  // namespace

TEST_CASE("opsgym serve answers every hostile attack with a tool error, stays up and keeps other episodes intact") {
  ServerProcess server({}, kHostileHome);
  HttpConnection victim(server.port(), 30000);
  HttpConnection attacker(server.port(), 30000);
  const std::string victim_id = create(victim, "hx-001");
  REQUIRE(step(victim, victim_id, "add_item", json{{"name", "gamma"}})["ok"] == true);
  REQUIRE(item_count(victim, victim_id) == 3);

  // Memory: after the first round (runtimes, caches and the allocator's arenas warmed up), more rounds
  // must not add to it.
  attack_round(attacker, victim, victim_id, 3);
  const double after_first = rss_mib(server.pid());
  for (int round = 0; round < 2; ++round) attack_round(attacker, victim, victim_id, 3);
  const double after_three = rss_mib(server.pid());
  WARN("opsgym serve RSS after one round of hostile attacks: " << after_first << " MiB, after three: " << after_three
                                                             << " MiB");
  CHECK(after_three < after_first + 32.0);

  // While an attack holds one server thread, a client on another connection is still answered.
  std::thread runaway([&] {
    const std::string id = create(attacker, "hx-001");
    const json answer = step(attacker, id, "attack", json{{"name", "pcall_loop"}});
    CHECK(answer["output"]["error"]["code"] == "limit_exceeded");
  });
  const auto start = std::chrono::steady_clock::now();
  CHECK(item_count(victim, victim_id) == 3);
  CHECK(seconds_since(start) < kAnswerWithinSeconds);
  runaway.join();

  CHECK(server.running());
  auto finished = victim.request("POST", "/v1/episodes/" + victim_id + "/finish",
                                 json{{"answer", "Done."}, {"status", "done"}}.dump());
  REQUIRE(finished.status == 200);
  CHECK(finished.json()["result"]["verifier_fault"].is_null());
}

TEST_CASE("opsgym serve scores a runaway verifier as a verifier fault and a hostile one's escapes as refused") {
  ServerProcess server({}, kHostileHome);
  HttpConnection c(server.port(), 30000);

  const std::string escapes = create(c, "hx-001");
  auto scored = c.request("POST", "/v1/episodes/" + escapes + "/finish", json{{"answer", "Done."}, {"status", "done"}}.dump());
  REQUIRE(scored.status == 200);
  CHECK(scored.json()["success"] == true);
  CHECK(scored.json()["result"]["verifier_fault"].is_null());

  const std::string runaway = create(c, "hx-002");
  const auto start = std::chrono::steady_clock::now();
  auto faulted = c.request("POST", "/v1/episodes/" + runaway + "/finish", json{{"answer", "Done."}, {"status", "done"}}.dump());
  CHECK(seconds_since(start) < kAnswerWithinSeconds);
  REQUIRE(faulted.status == 200);
  CHECK(faulted.json()["success"] == false);
  CHECK_THAT(faulted.json()["result"]["verifier_fault"].get<std::string>(), Catch::Contains("instruction limit exceeded"));

  CHECK(server.running());
  const std::string next = create(c, "hx-001");
  CHECK(item_count(c, next) == 2);
}
