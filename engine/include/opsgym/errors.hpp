#pragma once
// Errors raised inside the engine. Every boundary (tool result, HTTP response, MCP error, CLI exit code)
// converts them into a structured error; nothing below a boundary swallows them.
#include <stdexcept>
#include <string>

namespace opsgym {

// A fault in an environment package, task or verifier: names the file (and line where known) and cause.
class AuthoringError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request for something that does not exist: unknown task, environment, episode.
class NotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request that is well-formed but not allowed in the current state (step after finish, …).
class InvalidState : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace opsgym
