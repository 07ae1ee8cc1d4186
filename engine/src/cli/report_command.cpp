// `opsgym report`: the metrics of a stored run, as tables or JSON, alone or beside another run.
#include <iostream>

#include "bench/report.hpp"
#include "cli/command.hpp"

namespace opsgym::cli {
namespace {

int run_report_command(const Args& args) {
  if (args.positional().size() != 1) throw UsageError("give exactly one run folder");
  bench::RunReport report = bench::load_report(args.positional()[0]);
  bool json = args.has("json");
  if (auto other = args.get("compare")) {
    bench::RunReport second = bench::load_report(*other);
    if (json) std::cout << bench::render_compare_json(report, second).dump(2) << "\n";
    else std::cout << bench::render_compare_text(report, second);
    return 0;
  }
  if (json) std::cout << bench::render_json(report).dump(2) << "\n";
  else std::cout << bench::render_text(report);
  return 0;
}

}  // namespace

OPSGYM_COMMAND({"report", "report DIR [--json] [--compare DIR2]",
                "Print the metrics of a bench run (or two runs side by side)", {"json"}, run_report_command});

}  // namespace opsgym::cli
