#pragma once
// The `opsgym` command is a thin client of the library. Each subcommand lives in its own file and
// registers itself with OPSGYM_COMMAND, so adding one touches no other file.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace opsgym::cli {

// Parsed arguments: positionals in order, and --flag / --flag=value / --flag value options.
class Args {
 public:
  Args(std::vector<std::string> words, std::vector<std::string> boolean_flags);
  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& flag) const;
  std::optional<std::string> get(const std::string& flag) const;
  std::string get_or(const std::string& flag, const std::string& fallback) const;
  // Throws UsageError on a non-integer value.
  long long get_int(const std::string& flag, long long fallback) const;
  double get_double(const std::string& flag, double fallback) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
};

// A wrong command line: printed with the command's usage, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Command {
  std::string name;
  std::string usage;                       // e.g. "validate [--env E] [--json]"
  std::string summary;                     // one line for `opsgym help`
  std::vector<std::string> boolean_flags;  // flags that take no value, e.g. {"json"}
  std::function<int(const Args&)> run;     // returns the process exit code
};

std::map<std::string, Command>& commands();

struct Registrar {
  explicit Registrar(Command command) { commands()[command.name] = std::move(command); }
};

}  // namespace opsgym::cli

#define OPSGYM_CONCAT_(a, b) a##b
#define OPSGYM_CONCAT(a, b) OPSGYM_CONCAT_(a, b)
// Registers a subcommand: OPSGYM_COMMAND({"envs", "envs [--json]", "List environments", {"json"}, run_envs});
#define OPSGYM_COMMAND(...) \
  static const ::opsgym::cli::Registrar OPSGYM_CONCAT(opsgym_command_, __LINE__){::opsgym::cli::Command __VA_ARGS__}
