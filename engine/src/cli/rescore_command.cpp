// `opsgym rescore`: replay a run's stored tool calls against the current environments and verifiers.
#include <iostream>
#include <optional>

#include "agent/agent_factory.hpp"
#include "bench/rescore.hpp"
#include "cli/command.hpp"
#include "opsgym/catalog.hpp"

namespace opsgym::cli {
namespace {

int run_rescore_command(const Args& args) {
  if (args.positional().size() != 1) throw UsageError("give exactly one run folder");
  Catalog catalog = Catalog::load_default();
  for (const auto& e : catalog.errors())
    std::cerr << "warning: environment " << e.environment << " did not load: " << e.message << "\n";
  bench::RescoreOptions options;
  std::optional<agent::AgentFactory> factory;
  if (auto judge = args.get("judge")) {
    auto file = args.get("models");
    if (!file) throw UsageError("--judge MODEL needs --models FILE (the judge is one of its models)");
    factory.emplace(agent::ModelsFile::load(*file), agent::make_curl_transport());
    options.judge = factory->client(*judge);
  }
  bench::RescoreOutcome outcome = bench::rescore_run(catalog, args.positional()[0], options);
  if (args.has("json")) std::cout << bench::render_rescore_json(outcome).dump(2) << "\n";
  else std::cout << bench::render_rescore_text(outcome);
  return outcome.failed ? 1 : 0;
}

}  // namespace

OPSGYM_COMMAND({"rescore", "rescore DIR [--json] [--judge MODEL --models FILE]",
                "Replay a bench run's tool calls against the current environments and verifiers (and judge "
                "its judged checks)",
                {"json"},
                run_rescore_command});

}  // namespace opsgym::cli
