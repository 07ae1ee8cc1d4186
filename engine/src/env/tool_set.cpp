#include "env/tool_set.hpp"

#include <algorithm>
#include <set>

#include "json/json_text.hpp"

namespace opsgym {

ToolSet::ToolSet(std::vector<ToolSpec> own, const std::vector<ToolSpec>& distractors) : specs_(std::move(own)) {
  std::set<std::string> own_names;
  for (const auto& spec : specs_) own_names.insert(spec.name);
  std::set<std::string> names = own_names;
  for (const auto& spec : distractors) {
    if (names.insert(spec.name).second) specs_.push_back(spec);
  }
  std::sort(specs_.begin(), specs_.end(), [](const ToolSpec& a, const ToolSpec& b) { return a.name < b.name; });
  for (const auto& spec : specs_) offered_[spec.name] = Offer{&spec, own_names.count(spec.name) == 0};
}

const ToolSet::Offer* ToolSet::find(const std::string& name) const {
  const auto found = offered_.find(name);
  return found == offered_.end() ? nullptr : &found->second;
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
