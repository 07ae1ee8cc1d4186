// The episode registry: serialised calls per episode, ids, kept results.
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "server/api_error.hpp"
#include "server/support_app.hpp"

using opsgym::server::Json;
using opsgym::test::TestApp;

TEST_CASE("Concurrent calls on one episode are serialised: max_steps of them are steps, the rest step_limit") {
  TestApp t;
  std::string shared = t.create();  // srv-001: max_steps 10
  std::vector<std::string> own;
  for (int i = 0; i < 4; ++i) own.push_back(t.create());
  std::atomic<int> stepped{0}, limited{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 50; ++k) {
        Json r = t.step(shared, "list_tickets", Json::object());
        if (r["ok"] == true) ++stepped;
        else if (r["output"]["error"]["code"] == "step_limit") ++limited;
        t.step(own[static_cast<size_t>(i)], "list_tickets", Json::object());
      }
    });
  for (auto& th : threads) th.join();
  CHECK(stepped == 10);
  CHECK(limited == 190);
  auto trajectory = t.json(t.call("GET", "/v1/episodes/" + shared + "/trajectory"))["trajectory"];
  REQUIRE(trajectory.size() == 10);
  std::set<int> indexes;
  for (auto& call : trajectory) indexes.insert(call["index"].get<int>());
  CHECK(indexes.size() == 10);
  CHECK(*indexes.begin() == 1);
  CHECK(*indexes.rbegin() == 10);
  for (auto& id : own) CHECK(t.json(t.call("GET", "/v1/episodes/" + id))["steps"] == 10);
}

TEST_CASE("Episode ids are unique and a live client-chosen id cannot be taken twice") {
  TestApp t;
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.insert(t.create());
  CHECK(ids.size() == 50);
  auto& reg = t.app.registry();
  reg.add(t.app.factory().create("srv-001"), opsgym::server::Frontend::openenv, "mine");
  try {
    reg.add(t.app.factory().create("srv-001"), opsgym::server::Frontend::openenv, "mine");
    FAIL("a live id was taken twice");
  } catch (const opsgym::server::ApiError& e) {
    CHECK(e.status() == 400);
  }
}

TEST_CASE("Kept results are bounded, oldest dropped first") {
  opsgym::server::AppOptions options;
  options.registry.max_kept_results = 2;
  TestApp t(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(t.create());
    t.post("/v1/episodes/" + ids.back() + "/finish", {{"answer", "x"}});
    t.call("DELETE", "/v1/episodes/" + ids.back());
  }
  CHECK(t.call("GET", "/v1/episodes/" + ids[0] + "/result").status == 404);
  CHECK(t.call("GET", "/v1/episodes/" + ids[1] + "/result").status == 200);
  CHECK(t.call("GET", "/v1/episodes/" + ids[2] + "/result").status == 200);
  CHECK(t.json(t.call("GET", "/v1/results"))["results"].size() == 2);
}

TEST_CASE("Kept results are bounded in bytes too, the newest always kept") {
  opsgym::server::AppOptions options;
  options.registry.max_kept_result_bytes = 1;  // smaller than any record: only the newest stays
  TestApp t(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(t.create());
    t.step(ids.back(), "list_tickets", Json::object());
    t.post("/v1/episodes/" + ids.back() + "/finish", {{"answer", "x"}});
  }
  CHECK(t.json(t.call("GET", "/v1/results"))["results"].size() == 1);
  auto newest = t.call("GET", "/v1/episodes/" + ids[2] + "/result");
  REQUIRE(newest.status == 200);
  CHECK(t.json(newest)["trajectory"].size() == 1);
  // A dropped record of a live episode is rebuilt from the episode; once closed, it is gone.
  auto rebuilt = t.call("GET", "/v1/episodes/" + ids[0] + "/result");
  REQUIRE(rebuilt.status == 200);
  CHECK(t.json(rebuilt)["answer"]["text"] == "x");
  t.call("DELETE", "/v1/episodes/" + ids[0]);
  CHECK(t.call("GET", "/v1/episodes/" + ids[0] + "/result").status == 404);
}

TEST_CASE("A result asked for before the episode finishes is a 409") {
  TestApp t;
  std::string id = t.create();
  auto r = t.call("GET", "/v1/episodes/" + id + "/result");
  CHECK(r.status == 409);
  CHECK(t.json(r)["error"]["code"] == "not_finished");
}
