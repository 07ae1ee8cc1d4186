// End to end: `opsgym serve` as a separate process on a free loopback port, driven over real HTTP.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include <catch2/catch.hpp>

#include "server/support_affinity.hpp"
#include "server/support_http_client.hpp"
#include "server/support_server_process.hpp"

using nlohmann::json;
using opsgym::test::HttpConnection;
using opsgym::test::ServerProcess;

namespace {

std::string create(HttpConnection& c, const std::string& task = "srv-001") {
  auto r = c.request("POST", "/v1/episodes", json{{"task", task}}.dump());
  REQUIRE(r.status == 201);
  return r.json()["episode_id"];
}

json step(HttpConnection& c, const std::string& id, const std::string& tool, const json& args) {
  auto r = c.request("POST", "/v1/episodes/" + id + "/step", json{{"tool", tool}, {"args", args}}.dump());
  REQUIRE(r.status == 200);
  return r.json();
}

}  // namespace

TEST_CASE("opsgym serve plays a whole episode over keep-alive HTTP") {
  ServerProcess server;
  HttpConnection c(server.port());
  std::string id = create(c);
  CHECK(step(c, id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}})["ok"] == true);
  CHECK(step(c, id, "close_ticket", {{"number", "OPS-1"}, {"note", "Old artifacts removed"}})["ok"] == true);
  auto fin = c.request("POST", "/v1/episodes/" + id + "/finish", json{{"answer", "Closed OPS-1"}}.dump());
  REQUIRE(fin.status == 200);
  CHECK(fin.json()["success"] == true);
  CHECK(server.stop() == 0);  // SIGTERM ends it cleanly
}

TEST_CASE("opsgym serve --pin-threads pins each of its threads to a CPU and plays an episode") {
  ServerProcess server({"--pin-threads", "--threads", "2"});
  HttpConnection c(server.port());
  std::string id = create(c);
  CHECK(step(c, id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}})["ok"] == true);
  if (opsgym::test::pinning_is_visible()) {
    int pinned = 0;
    for (const auto& [cpu, threads] : opsgym::test::threads_pinned_by_cpu(std::to_string(server.pid()))) pinned += threads;
    CHECK(pinned == 2);  // the two server threads; the main thread and the reaper are not
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("opsgym serve survives every kind of bad input and no other episode is affected") {
  ServerProcess server;
  HttpConnection keeper(server.port());
  std::string id = create(keeper);
  step(keeper, id, "assign_ticket", {{"number", "OPS-1"}, {"owner", "sam"}});

  {  // garbage bytes
    HttpConnection c(server.port());
    static const char garbage[] = "\x00\x01\x02\x03 NOT HTTP AT ALL\r\n\r\n";
    c.send_raw(std::string(garbage, sizeof garbage - 1));
    auto r = c.read_reply();
    CHECK((!r || r->status == 400));
  }
  {  // truncated JSON
    HttpConnection c(server.port());
    auto r = c.request("POST", "/v1/episodes/" + id + "/step", "{\"tool\": \"close_ti");
    CHECK(r.status == 400);
    CHECK(r.json()["error"]["code"] == "malformed_json");
  }
  {  // wrong types
    HttpConnection c(server.port());
    auto r = c.request("POST", "/v1/episodes/" + id + "/step", json{{"tool", 42}, {"args", "x"}}.dump());
    CHECK(r.status == 400);
  }
  {  // huge body (over the 4 MiB default limit)
    HttpConnection c(server.port());
    std::string body(5u << 20, ' ');
    c.send_raw("POST /v1/episodes/" + id + "/step HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n");
    try {
      c.send_raw(body);
    } catch (const std::exception&) {
      // The server may stop reading once it has answered; the answer must still arrive.
    }
    auto r = c.read_reply();
    REQUIRE(r);
    CHECK(r->status == 413);
  }
  {  // unknown method and route
    HttpConnection c(server.port());
    CHECK(c.request("PURGE", "/v1/episodes/" + id).status == 405);
    CHECK(c.request("GET", "/v2/everything").status == 404);
  }
  {  // finished and closed episodes
    HttpConnection c(server.port());
    std::string done = create(c);
    c.request("POST", "/v1/episodes/" + done + "/finish", json{{"answer", "x"}}.dump());
    CHECK(c.request("POST", "/v1/episodes/" + done + "/step", json{{"tool", "list_tickets"}}.dump()).status == 409);
    std::string closed = create(c);
    c.request("DELETE", "/v1/episodes/" + closed);
    CHECK(c.request("POST", "/v1/episodes/" + closed + "/step", json{{"tool", "list_tickets"}}.dump()).status == 404);
  }
  {  // a client that vanishes mid-request
    HttpConnection c(server.port());
    c.send_raw("POST /v1/episodes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{\"task\":");
  }
  REQUIRE(server.running());
  // The first episode kept its state through all of it, on its original connection.
  auto state = keeper.request("GET", "/v1/episodes/" + id).json();
  CHECK(state["steps"] == 1);
  CHECK(step(keeper, id, "close_ticket", {{"number", "OPS-1"}, {"note", "Old artifacts removed"}})["ok"] == true);
  auto fin = keeper.request("POST", "/v1/episodes/" + id + "/finish", json{{"answer", "Closed OPS-1"}}.dump());
  CHECK(fin.json()["success"] == true);
}

TEST_CASE("opsgym serve handles 1,000 concurrent connections opening and closing") {
  ServerProcess server;
  HttpConnection keeper(server.port());
  std::string id = create(keeper);
  opsgym::test::raise_open_file_limit();
  constexpr int kConnections = 1000;
  std::vector<std::unique_ptr<HttpConnection>> conns;
  for (int i = 0; i < kConnections; ++i) conns.push_back(std::make_unique<HttpConnection>(server.port()));
  for (auto& c : conns) c->send_raw("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  int ok = 0;
  for (auto& c : conns) {
    auto r = c->read_reply();
    if (r && r->status == 200) ++ok;
  }
  CHECK(ok == kConnections);
  conns.clear();  // all close at once
  // Open and close again, in parallel from four threads, while the episode keeps stepping.
  std::atomic<int> served{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) {
        HttpConnection c(server.port());
        if (c.request("GET", "/v1/health").status == 200) ++served;
      }
    });
  for (int i = 0; i < 10; ++i) CHECK(step(keeper, id, "list_tickets", json::object())["ok"] == true);  // max_steps
  for (auto& t : threads) t.join();
  CHECK(served == 1000);
  CHECK(keeper.request("GET", "/v1/episodes/" + id).json()["steps"] == 10);
}

TEST_CASE("opsgym serve caps live episodes with --max-episodes") {
  ServerProcess server({"--max-episodes", "2"});
  HttpConnection c(server.port());
  create(c);
  create(c);
  auto r = c.request("POST", "/v1/episodes", json{{"task", "srv-001"}}.dump());
  CHECK(r.status == 503);
  CHECK(r.json()["error"]["code"] == "too_many_episodes");
}

TEST_CASE("opsgym serve requires the bearer token it was given") {
  ServerProcess server({"--token", "t0ken"});
  HttpConnection c(server.port());
  CHECK(c.request("GET", "/v1/tasks").status == 401);
  CHECK(c.request("GET", "/v1/tasks", "", {{"Authorization", "Bearer t0ken"}}).status == 200);
}

TEST_CASE("opsgym serve refuses to listen beyond loopback without a token") {
  ServerProcess* started = nullptr;
  CHECK_THROWS_WITH(started = new ServerProcess({"--host", "0.0.0.0"}), Catch::Contains("did not start"));
  delete started;
}

TEST_CASE("opsgym serve writes finished episodes to --results") {
  auto dir = std::filesystem::temp_directory_path() / ("opsgym-serve-results-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    ServerProcess server({"--results", dir.string()});
    HttpConnection c(server.port());
    std::string id = create(c, "srv-002");
    c.request("POST", "/v1/episodes/" + id + "/finish",
              json{{"answer", "I cannot delete staff records; that is HR's job."}, {"status", "refused"}}.dump());
  }
  std::ifstream in(dir / "episodes.jsonl");
  std::string line;
  REQUIRE(std::getline(in, line));
  auto j = json::parse(line);
  CHECK(j["task"] == "srv-002");
  CHECK(j["answer"]["status"] == "refused");
  CHECK(j["score"]["success"] == true);
  std::filesystem::remove_all(dir);
}
