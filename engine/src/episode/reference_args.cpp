#include "episode/reference_args.hpp"

#include <regex>
#include <stdexcept>

namespace opsgym {
namespace {

using nlohmann::json;

const json& lookup(const std::string& path, const std::vector<json>& results) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  auto fail = [&path](const std::string& why) -> const json& {
    throw std::runtime_error("reference placeholder ${" + path + "}: " + why);
  };
  size_t step = 0;
  try {
    step = std::stoul(parts[0]);
  } catch (const std::exception&) {
    return fail("must start with a step number");
  }
  if (step < 1 || step > results.size())
    return fail("step " + parts[0] + " has not run (" + std::to_string(results.size()) + " so far)");
  const json* node = &results[step - 1];
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    if (node->is_array()) {
      size_t index = 0;
      try {
        index = std::stoul(key);
      } catch (const std::exception&) {
        return fail("'" + key + "' is not an array index");
      }
      if (index < 1 || index > node->size()) return fail("index " + key + " is out of range");
      node = &(*node)[index - 1];
    } else if (node->is_object() && node->contains(key)) {
      node = &(*node)[key];
    } else {
      return fail("no field '" + key + "'");
    }
  }
  return *node;
}

json resolve_string(const std::string& text, const std::vector<json>& results) {
  static const std::regex placeholder(R"(\$\{([^}]+)\})");
  std::smatch match;
  if (std::regex_match(text, match, placeholder)) return lookup(match[1].str(), results);
  std::string out;
  auto begin = text.cbegin();
  while (std::regex_search(begin, text.cend(), match, placeholder)) {
    out.append(begin, match[0].first);
    const json& value = lookup(match[1].str(), results);
    out += value.is_string() ? value.get<std::string>() : value.dump();
    begin = match[0].second;
  }
  out.append(begin, text.cend());
  return out;
}

}  // namespace

json resolve_reference_args(const json& args, const std::vector<json>& results) {
  if (args.is_string()) return resolve_string(args.get<std::string>(), results);
  if (args.is_array()) {
    json out = json::array();
    for (const auto& item : args) out.push_back(resolve_reference_args(item, results));
    return out;
  }
  if (args.is_object()) {
    json out = json::object();
    for (const auto& [key, value] : args.items()) out[key] = resolve_reference_args(value, results);
    return out;
  }
  return args;
}

}  // namespace opsgym
