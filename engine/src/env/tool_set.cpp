#include "env/tool_set.hpp"

#include <algorithm>

#include "json/json_text.hpp"

namespace opsgym {

ToolSet::ToolSet(std::vector<ToolSpec> own, const std::vector<ToolSpec>& distractors) : specs_(std::move(own)) {
  for (const auto& spec : specs_) offered_[spec.name] = false;
  for (const auto& spec : distractors) {
    if (offered_.emplace(spec.name, true).second) specs_.push_back(spec);
  }
  std::sort(specs_.begin(), specs_.end(), [](const ToolSpec& a, const ToolSpec& b) { return a.name < b.name; });
}

ToolSet::Offer ToolSet::offer(const std::string& name) const {
  const auto found = offered_.find(name);
  if (found == offered_.end()) return Offer::none;
  return found->second ? Offer::distractor : Offer::own;
}

const std::string& ToolSet::listing(ToolFormat format) const {
  const auto i = static_cast<size_t>(format);
  std::call_once(built_[i], [&] {
    std::string out(1, '[');
    for (const auto& spec : specs_) {
      if (out.size() > 1) out += ',';
      append_json_text(out, spec.in(format));
    }
    out += ']';
    listings_[i] = std::move(out);
  });
  return listings_[i];
}

}  // namespace opsgym
