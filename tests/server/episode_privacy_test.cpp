// An episode id is the key to its episode: only the client that created the episode learns it. No route
// lists live ids or the ids of kept results, and ids cannot be worked out from one's own.
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "server/support_app.hpp"

using opsgym::server::Json;
using opsgym::test::TestApp;

TEST_CASE("Episode ids are 128 random bits and no two clients' ids are related") {
  TestApp t;
  const std::regex shape("ep-[0-9a-f]{32}");
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    std::string id = t.create();
    CHECK(std::regex_match(id, shape));
    ids.insert(id);
    t.call("DELETE", "/v1/episodes/" + id);
  }
  CHECK(ids.size() == 200);
  // Consecutive ids share no prefix a generator seeded once would show: each of the 32 hex digits
  // takes many values across the ids.
  for (size_t digit = 3; digit < 35; ++digit) {
    std::set<char> seen;
    for (const auto& id : ids) seen.insert(id[digit]);
    CHECK(seen.size() >= 10);
  }
}

TEST_CASE("Listing live episodes and kept results never shows an episode id") {
  TestApp t;
  const std::string running = t.create();
  const std::string finished = t.create();
  REQUIRE(t.post("/v1/episodes/" + finished + "/finish", {{"answer", "done"}}).status == 200);

  auto listing = t.call("GET", "/v1/episodes");
  REQUIRE(listing.status == 200);
  const Json episodes = t.json(listing)["episodes"];
  CHECK(episodes.size() == 2);
  for (const Json& row : episodes) {
    CHECK_FALSE(row.contains("episode_id"));
    CHECK(row["task"] == "srv-001");
  }
  auto results = t.call("GET", "/v1/results");
  REQUIRE(t.json(results)["results"].size() == 1);
  CHECK_FALSE(t.json(results)["results"][0].contains("episode_id"));
  for (const std::string& id : {running, finished}) {
    CHECK(listing.body.find(id) == std::string::npos);
    CHECK(results.body.find(id) == std::string::npos);
  }
  // The creator, holding the id, still reads everything about its own episode.
  CHECK(t.json(t.call("GET", "/v1/episodes/" + finished + "/result"))["episode_id"] == finished);
}

TEST_CASE("A guessed episode id touches nothing: 404 and the real episode keeps its state") {
  TestApp t;
  const std::string mine = t.create();
  REQUIRE(t.step(mine, "list_tickets", Json::object())["ok"] == true);
  std::string guess = mine;
  guess.back() = guess.back() == '0' ? '1' : '0';  // one digit off: a neighbouring id
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/step"}, {"POST", "/finish"}, {"POST", "/reset"}, {"GET", ""}, {"DELETE", ""}}) {
    auto r = t.call(method, "/v1/episodes/" + guess + path,
                    method == "POST" ? Json{{"tool", "list_tickets"}, {"answer", "x"}}.dump() : "");
    CHECK(r.status == 404);
  }
  CHECK(t.json(t.call("GET", "/v1/episodes/" + mine))["steps"] == 1);
}
