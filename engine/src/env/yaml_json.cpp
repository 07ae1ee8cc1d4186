#include "env/yaml_json.hpp"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "opsgym/errors.hpp"

namespace opsgym {
namespace {

using Json = nlohmann::json;

// YAML 1.2 core schema resolution of plain scalars.
Json plain_scalar(const std::string& text) {
  static const std::regex kNull("~|null|Null|NULL|");
  static const std::regex kTrue("true|True|TRUE");
  static const std::regex kFalse("false|False|FALSE");
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(text, kNull)) return nullptr;
  if (std::regex_match(text, kTrue)) return true;
  if (std::regex_match(text, kFalse)) return false;
  if (std::regex_match(text, kInt)) {
    errno = 0;
    long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno != ERANGE) return value;
  }
  if (std::regex_match(text, kFloat)) return std::strtod(text.c_str(), nullptr);
  return text;
}

Json convert(const YAML::Node& node, const std::string& where) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      // yaml-cpp tags quoted (and block) scalars "!" and plain ones "?".
      return node.Tag() == "?" ? plain_scalar(node.Scalar()) : Json(node.Scalar());
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(convert(item, where));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        if (out.contains(key)) {
          throw AuthoringError(where + ":" + std::to_string(entry.first.Mark().line + 1) + ": duplicate key '" +
                               key + "'");
        }
        out[key] = convert(entry.second, where);
      }
      return out;
    }
  }
  return nullptr;
}

}  // namespace

Json parse_yaml(const std::string& text, const std::string& where) {
  try {
    return convert(YAML::Load(text), where);
  } catch (const YAML::Exception& e) {
    throw AuthoringError(where + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                         ": " + e.msg);
  }
}

Json load_yaml_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw AuthoringError(file.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_yaml(text.str(), file.string());
}

}  // namespace opsgym
