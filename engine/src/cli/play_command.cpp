// `opsgym play TASK`: a person plays a task by typing tool calls as JSON, then finishes and sees every
// check. Lines: {"tool": "...", "args": {...}}, `tools`, `finish done|refused ANSWER`.
#include <iostream>
#include <sstream>

#include "cli/catalog_loading.hpp"
#include "cli/command.hpp"
#include "json/json_read.hpp"
#include "opsgym/episode.hpp"

namespace opsgym::cli {
namespace {

void print_result(const VerifyResult& result) {
  for (const auto& check : result.checks) {
    std::cout << (check.passed ? "  PASS  " : "  FAIL  ") << check.name
              << (check.detail.empty() ? "" : "  (" + check.detail + ")") << "\n";
  }
  for (const auto& v : result.violations) {
    std::cout << "  violation " << v.rule << " at call " << v.call_index << (v.enforced ? " (refused)" : "") << ": "
              << v.message << "\n";
  }
  for (const auto& change : result.unexpected_changes) std::cout << "  unexpected change " << change.to_json().dump() << "\n";
  if (!result.verifier_fault.empty()) std::cout << "  VERIFIER FAULT: " << result.verifier_fault << "\n";
  std::cout << (result.success ? "success" : "failure") << " (partial " << result.partial << ")\n";
}

int run_play(const Args& args) {
  if (args.positional().size() != 1) throw UsageError("give exactly one task id");
  const Catalog catalog = load_catalog_reporting_errors();
  const auto task = catalog.task(args.positional()[0]);
  EpisodeOptions options;
  if (args.has("seed")) options.seed = static_cast<uint64_t>(args.get_int("seed", 0));
  Episode episode(catalog.environment(task->environment), task, options);

  std::cout << episode.system_prompt() << "\n\n# Task\n" << task->prompt << "\n"
            << episode.tools().size() << " tools (type `tools` to list them). Type a call as "
            << R"({"tool": "NAME", "args": {...}}, or `finish done|refused YOUR ANSWER`.)" << "\n> " << std::flush;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      std::cout << "> " << std::flush;
      continue;
    }
    if (line == "tools") {
      for (const auto& tool : episode.tools()) std::cout << "  " << tool.name << ": " << tool.description << "\n";
    } else if (line.rfind("finish", 0) == 0) {
      std::istringstream words(line.substr(6));
      std::string status, answer;
      words >> status;
      std::getline(words, answer);
      if (const auto start = answer.find_first_not_of(' '); start != std::string::npos) answer = answer.substr(start);
      try {
        const VerifyResult& result = episode.finish(answer, parse_finish_status(status));
        print_result(result);
        return result.success ? 0 : 1;
      } catch (const std::invalid_argument& e) {
        std::cout << "error: " << e.what() << "\n";
      }
    } else {
      Json call;  // null when the line is not JSON, nests too deep or holds a number no double can
      try {
        call = parse_json(line);
      } catch (const std::exception&) {
      }
      if (!call.is_object() || !call.contains("tool") || !call["tool"].is_string()) {
        std::cout << R"(error: type {"tool": "NAME", "args": {...}} as one line of JSON)" << "\n";
      } else {
        const StepResult step = episode.step(call["tool"].get<std::string>(), call.value("args", Json::object()));
        std::cout << step.to_json().dump(2) << "\n";
      }
    }
    std::cout << "> " << std::flush;
  }
  std::cout << "\n(input ended before finish: nothing was verified)\n";
  return 1;
}

}  // namespace

OPSGYM_COMMAND({"play", "play TASK [--seed S]", "Play a task by hand: type tool calls as JSON, then finish", {}, run_play});

}  // namespace opsgym::cli
