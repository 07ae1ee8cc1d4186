#include "bench/suite.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace opsgym::bench {

bool wildcard_match(const std::string& pattern, const std::string& text) {
  // Iterative matcher with backtracking to the last '*': linear enough for task ids.
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> split(const std::string& spec) {
  std::vector<std::string> terms;
  size_t start = 0;
  for (;;) {
    size_t comma = spec.find(',', start);
    terms.push_back(trim(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return terms;
}

}  // namespace

std::vector<std::shared_ptr<const Task>> select_tasks(const Catalog& catalog, const std::string& spec) {
  auto all = catalog.tasks();
  std::map<std::string, std::shared_ptr<const Task>> chosen;
  auto has_env = [&catalog](const std::string& name) {
    for (const auto& env : catalog.environments())
      if (env->name() == name) return true;
    return false;
  };
  if (trim(spec).empty()) throw std::invalid_argument("empty suite: give all, env:NAME, id:ID or tag:TAG");
  for (const std::string& term : split(spec)) {
    if (term.empty()) throw std::invalid_argument("suite '" + spec + "' has an empty term");
    std::string kind, value;
    if (auto colon = term.find(':'); colon != std::string::npos) {
      kind = term.substr(0, colon);
      value = term.substr(colon + 1);
    } else if (term == "all") {
      kind = "all";
    } else if (has_env(term)) {
      kind = "env";
      value = term;
    } else {
      kind = "id";
      value = term;
    }
    bool matched = false;
    for (const auto& task : all) {
      bool hit = false;
      if (kind == "all") hit = true;
      else if (kind == "env") hit = task->environment == value;
      else if (kind == "id") hit = wildcard_match(value, task->id);
      else if (kind == "tag") hit = std::find(task->tags.begin(), task->tags.end(), value) != task->tags.end();
      else throw std::invalid_argument("suite term '" + term + "': unknown kind '" + kind + "' (all, env:, id:, tag:)");
      if (hit) {
        matched = true;
        chosen.emplace(task->id, task);
      }
    }
    if (!matched) {
      if (kind == "env" && !has_env(value))
        throw std::invalid_argument("suite term '" + term + "': no environment named '" + value + "'");
      throw std::invalid_argument("suite term '" + term + "' matches no task");
    }
  }
  std::vector<std::shared_ptr<const Task>> tasks;
  for (auto& [id, task] : chosen) tasks.push_back(task);
  return tasks;
}

}  // namespace opsgym::bench
