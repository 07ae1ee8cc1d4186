#pragma once
// YAML documents as JSON values, so the rest of the engine reads one data model. Plain scalars become
// null, booleans, integers or floats when they read as one; quoted scalars always stay strings.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace opsgym {

// Parses a YAML file; throws AuthoringError "<file>:<line>:<column>: <cause>" on a syntax error or an
// unreadable file.
nlohmann::json load_yaml_file(const std::filesystem::path& file);
nlohmann::json parse_yaml(const std::string& text, const std::string& where);

}  // namespace opsgym
