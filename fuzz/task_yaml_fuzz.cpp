// Task files as an author writes them, loaded against ITSM: bytes → a task file → Task::load (YAML
// through yaml-cpp and yaml_json.cpp, then every field's rules) → each reference call's arguments
// through the tool's schema, as loading an environment and validating its tasks do. Loading may refuse
// a file only with an AuthoringError, whose message names the file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "env/tool_schema.hpp"
#include "env/yaml_json.hpp"
#include "itsm_environment.hpp"
#include "opsgym/errors.hpp"
#include "opsgym/task.hpp"

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& input) {
  std::cerr << "task_yaml: " << what << "\ninput:\n" << input << "\n";
  std::abort();
}

// A folder of this process's own, holding ITSM's verifier scripts (task files name them) and the file
// being loaded.
const fs::path& task_dir() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("opsgym-fuzz-task-" + std::to_string(getpid()));
    fs::create_directories(d);
    for (const auto& entry : fs::directory_iterator(opsgym::default_home() / "environments" / "itsm" / "tasks")) {
      if (entry.path().extension() == ".lua") fs::copy_file(entry.path(), d / entry.path().filename(),
                                                            fs::copy_options::overwrite_existing);
    }
    return d;
  }();
  return dir;
}

// Task::load wants the file named after the task's id: the id the text gives when it is a plain name.
std::string file_stem(const std::string& text) {
  try {
    const opsgym::Json doc = opsgym::parse_yaml(text, "task");
    if (doc.is_object() && doc.contains("id") && doc["id"].is_string()) {
      const std::string id = doc["id"].get<std::string>();
      const bool plain = !id.empty() && id.size() <= 100 && id.front() != '.' &&
                         id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
                             std::string::npos;
      if (plain) return id;
    }
  } catch (const opsgym::AuthoringError&) {
  }
  return "task";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  opsgym::fuzz::itsm_environment();
  task_dir();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path file = task_dir() / (file_stem(text) + ".yaml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
  }
  opsgym::Task task;
  try {
    task = opsgym::Task::load(file);
  } catch (const opsgym::AuthoringError& e) {
    if (std::string(e.what()).rfind(file.string(), 0) != 0) fail(std::string("an error not naming the file: ") + e.what(), text);
    fs::remove(file);
    return 0;
  }
  fs::remove(file);
  const auto& env = opsgym::fuzz::itsm_environment();
  for (const auto& call : task.reference) {
    const opsgym::ToolSpec* tool = env.tool(call.tool);
    if (!tool) continue;  // loading the environment refuses the task: no such tool
    opsgym::Json args = call.args;
    opsgym::validate_arguments(tool->parameters, args);
  }
  return 0;
}
