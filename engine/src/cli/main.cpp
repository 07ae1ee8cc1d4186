// `opsgym`: dispatch to the registered subcommands. Exit codes: 0 success, 1 the job failed (a task
// invalid, a run error), 2 a wrong command line, 3 an authoring error or unknown name.
#include <algorithm>
#include <iostream>

#include "cli/command.hpp"
#include "opsgym/errors.hpp"

namespace opsgym::cli {

std::map<std::string, Command>& commands() {
  static std::map<std::string, Command> registry;
  return registry;
}

Args::Args(std::vector<std::string> words, std::vector<std::string> boolean_flags) {
  bool options_done = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (options_done || word.size() < 3 || word.compare(0, 2, "--") != 0) {
      if (word == "--" && !options_done) {
        options_done = true;
        continue;
      }
      positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    if (const auto eq = name.find('='); eq != std::string::npos) {
      options_[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (std::count(boolean_flags.begin(), boolean_flags.end(), name)) {
      options_[name] = "true";
    } else if (i + 1 < words.size()) {
      options_[name] = words[++i];
    } else {
      throw UsageError("--" + name + " needs a value");
    }
  }
}

bool Args::has(const std::string& flag) const { return options_.count(flag) > 0; }

std::optional<std::string> Args::get(const std::string& flag) const {
  const auto found = options_.find(flag);
  if (found == options_.end()) return std::nullopt;
  return found->second;
}

std::string Args::get_or(const std::string& flag, const std::string& fallback) const {
  return get(flag).value_or(fallback);
}

long long Args::get_int(const std::string& flag, long long fallback) const {
  const auto text = get(flag);
  if (!text) return fallback;
  try {
    size_t used = 0;
    const long long value = std::stoll(*text, &used);
    if (used == text->size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + flag + " needs a whole number, not '" + *text + "'");
}

double Args::get_double(const std::string& flag, double fallback) const {
  const auto text = get(flag);
  if (!text) return fallback;
  try {
    size_t used = 0;
    const double value = std::stod(*text, &used);
    if (used == text->size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + flag + " needs a number, not '" + *text + "'");
}

namespace {

void print_help(std::ostream& out) {
  out << "usage: opsgym COMMAND [options]\n\ncommands:\n";
  for (const auto& [name, command] : commands()) out << "  " << command.usage << "\n      " << command.summary << "\n";
  out << "\nEnvironments and verifiers are read from $OPSGYM_HOME (default: the source tree).\n";
}

}  // namespace
}  // namespace opsgym::cli

int main(int argc, char** argv) {
  using namespace opsgym::cli;
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    print_help(words.empty() ? std::cerr : std::cout);
    return words.empty() ? 2 : 0;
  }
  const auto found = commands().find(words[0]);
  if (found == commands().end()) {
    std::cerr << "opsgym: unknown command '" << words[0] << "'\n\n";
    print_help(std::cerr);
    return 2;
  }
  const Command& command = found->second;
  try {
    std::vector<std::string> flags = command.boolean_flags;
    flags.push_back("help");
    const Args args({words.begin() + 1, words.end()}, flags);
    if (args.has("help")) {
      std::cout << "usage: opsgym " << command.usage << "\n" << command.summary << "\n";
      return 0;
    }
    return command.run(args);
  } catch (const UsageError& e) {
    std::cerr << "opsgym " << command.name << ": " << e.what() << "\nusage: opsgym " << command.usage << "\n";
    return 2;
  } catch (const opsgym::NotFound& e) {
    std::cerr << "opsgym " << command.name << ": " << e.what() << "\n";
    return 3;
  } catch (const opsgym::AuthoringError& e) {
    std::cerr << "opsgym " << command.name << ": authoring error: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "opsgym " << command.name << ": " << e.what() << "\n";
    return 1;
  }
}
