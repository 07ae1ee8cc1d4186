// `opsgym rescore`: replay a run's stored tool calls against the current environments and verifiers.
#include <iostream>

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
  bench::RescoreOutcome outcome = bench::rescore_run(catalog, args.positional()[0]);
  if (args.has("json")) std::cout << bench::render_rescore_json(outcome).dump(2) << "\n";
  else std::cout << bench::render_rescore_text(outcome);
  return outcome.failed ? 1 : 0;
}

}  // namespace

OPSGYM_COMMAND({"rescore", "rescore DIR [--json]",
                "Replay a bench run's tool calls against the current environments and verifiers", {"json"},
                run_rescore_command});

}  // namespace opsgym::cli
