#pragma once
// Agents that need no model, the floor and the ceiling of every report:
// `reference` replays the task's reference solution; `noop` answers at once without a call.
#include "agent/agent.hpp"

namespace opsgym::agent {

class ReferenceAgent final : public Agent {
 public:
  std::string name() const override { return "reference"; }
  AgentTrace run(Episode& episode) override;
};

class NoopAgent final : public Agent {
 public:
  std::string name() const override { return "noop"; }
  AgentTrace run(Episode& episode) override;
};

}  // namespace opsgym::agent
