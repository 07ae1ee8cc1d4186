// `opsgym mcp --task ID`: one episode as an MCP server on stdin/stdout (the stdio transport).
#include <iostream>

#include "cli/command.hpp"
#include "opsgym/catalog.hpp"
#include "server/api_error.hpp"
#include "server/episode_factory.hpp"
#include "server/mcp_stdio.hpp"

namespace opsgym::cli {
namespace {

int run_mcp(const Args& args) {
  auto task = args.get("task");
  if (!task || task->empty()) throw UsageError("--task is required");
  EpisodeOptions options;
  if (auto seed = args.get("seed")) {
    long long s = args.get_int("seed", 0);
    if (s < 0) throw UsageError("--seed must be a non-negative integer");
    options.seed = static_cast<uint64_t>(s);
  }
  auto catalog = std::make_shared<const Catalog>(Catalog::load_default());
  for (const auto& e : catalog->errors())
    std::cerr << "warning: environment " << e.environment << " did not load: " << e.message << "\n";
  server::EpisodeFactory factory(catalog);
  std::shared_ptr<server::ResultsSink> sink;
  if (auto dir = args.get("results")) sink = std::make_shared<server::ResultsSink>(*dir);
  server::EpisodeRegistry::Options registry_options;
  registry_options.max_live = 1;
  registry_options.idle_timeout = std::chrono::milliseconds(0);
  server::EpisodeRegistry registry(registry_options, sink);
  std::shared_ptr<server::LiveEpisode> live;
  try {
    live = registry.add(factory.create(*task, std::move(options)), server::Frontend::mcp);
  } catch (const server::ApiError& e) {
    std::cerr << "opsgym mcp: " << e.what() << "\n";
    return 1;
  }
  server::McpSession session(live, registry);
  std::cerr << "opsgym mcp: task " << *task << ", episode " << live->id << "; reading JSON-RPC on stdin\n";
  server::serve_mcp_stdio(session, std::cin, std::cout);
  if (auto result = registry.result(live->id))
    std::cerr << "opsgym mcp: finished, success=" << Json::parse(*result)["score"].value("success", false) << "\n";
  else
    std::cerr << "opsgym mcp: input ended before the finish tool was called\n";
  return 0;
}

}  // namespace

OPSGYM_COMMAND({"mcp", "mcp --task ID [--seed S] [--results DIR]",
                "Play one task as an MCP server over stdio (newline-delimited JSON-RPC)", {}, run_mcp});

}  // namespace opsgym::cli
