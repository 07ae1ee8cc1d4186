#pragma once
// The tools one episode is offered, sorted by name, with each wire-form listing written once. An
// observation carries every tool (37 KB of JSON for ITSM's 52); building that per reset took 250 µs,
// a hundred times the reset itself. Episodes offered the same list share one ToolSet.
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "opsgym/environment.hpp"

namespace opsgym {

class ToolSet {
 public:
  // `own` belong to the environment; `distractors` are offered but not connected (a name already
  // offered is not offered twice).
  ToolSet(std::vector<ToolSpec> own, const std::vector<ToolSpec>& distractors);
  ToolSet(const ToolSet&) = delete;
  ToolSet& operator=(const ToolSet&) = delete;

  const std::vector<ToolSpec>& specs() const { return specs_; }
  struct Offer {
    const ToolSpec* spec;  // in specs()
    bool distractor;       // offered, but not connected to the system
  };
  // The tool named `name`, or null when it is not offered (the step's lookup: no scan of the specs).
  const Offer* find(const std::string& name) const;
  // The JSON array of every tool in `format`, as json_text writes it; built on first use.
  const std::string& listing(ToolFormat format) const;

 private:
  std::vector<ToolSpec> specs_;
  std::map<std::string, Offer> offered_;
  mutable std::array<std::once_flag, 3> built_;
  mutable std::array<std::string, 3> listings_;
};

}  // namespace opsgym
