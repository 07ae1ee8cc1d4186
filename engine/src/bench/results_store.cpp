#include "bench/results_store.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace opsgym::bench {

std::filesystem::path manifest_path(const std::filesystem::path& dir) { return dir / "run.json"; }
std::filesystem::path episodes_path(const std::filesystem::path& dir) { return dir / "episodes.jsonl"; }

StoredRun load_run(const std::filesystem::path& dir) {
  StoredRun run;
  bool has_manifest = std::filesystem::exists(manifest_path(dir));
  if (!has_manifest && !std::filesystem::exists(episodes_path(dir)))
    throw std::runtime_error(dir.string() + ": no run.json or episodes.jsonl here (is this a bench --out folder?)");
  if (has_manifest) {
    std::ifstream manifest(manifest_path(dir));
    try {
      manifest >> run.manifest;
    } catch (const Json::parse_error& e) {
      throw std::runtime_error(manifest_path(dir).string() + ": not valid JSON: " + e.what());
    }
    if (!run.manifest.is_object()) throw std::runtime_error(manifest_path(dir).string() + ": not a JSON object");
  }
  std::ifstream in(episodes_path(dir));
  std::map<std::pair<std::string, int>, Json> latest;
  std::string text;
  int number = 0;
  while (in && std::getline(in, text)) {
    ++number;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      Json line = Json::parse(text);
      EpisodeSummary summary = EpisodeSummary::from_json(line);  // validates the fields reports need
      latest[{summary.task, summary.trial}] = std::move(line);
    } catch (const std::exception& e) {
      run.warnings.push_back(episodes_path(dir).string() + ":" + std::to_string(number) +
                             ": skipped an unreadable episode line (" + e.what() + ")");
    }
  }
  for (auto& [key, line] : latest) run.lines.push_back(std::move(line));
  if (!has_manifest) {
    // Episodes written by another front end (e.g. `opsgym serve --results`): k is the most trials
    // any task has, and there is no fixed suite.
    std::map<std::string, int> trials;
    int k = 1;
    for (const auto& [key, line] : latest) k = std::max(k, ++trials[key.first]);
    run.manifest = {{"agent", "(not recorded)"}, {"suite", "(episodes.jsonl only)"}, {"k", k}};
  }
  return run;
}

namespace {

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(temp.string() + ": cannot write");
    out << content;
    out.flush();
    if (!out) throw std::runtime_error(temp.string() + ": write failed");
  }
  std::filesystem::rename(temp, path);
}

}  // namespace

void write_manifest(const std::filesystem::path& dir, const Json& manifest) {
  write_atomically(manifest_path(dir), manifest.dump(2) + "\n");
}

void rewrite_episodes(const std::filesystem::path& dir, const std::vector<Json>& lines) {
  std::string content;
  for (const auto& line : lines) content += line.dump() + "\n";
  auto path = episodes_path(dir);
  if (std::filesystem::exists(path)) {
    auto previous = path;
    previous += ".prev";
    std::filesystem::copy_file(path, previous, std::filesystem::copy_options::overwrite_existing);
  }
  write_atomically(path, content);
}

EpisodeWriter::EpisodeWriter(const std::filesystem::path& dir) : path_(episodes_path(dir)) {
  bool partial_last_line = false;
  if (std::filesystem::exists(path_) && std::filesystem::file_size(path_) > 0) {
    std::ifstream in(path_, std::ios::binary);
    in.seekg(-1, std::ios::end);
    char last = 0;
    in.get(last);
    partial_last_line = last != '\n';
  }
  file_ = std::fopen(path_.c_str(), "ab");
  if (!file_) throw std::runtime_error(path_.string() + ": cannot open for appending");
  if (partial_last_line) {
    std::fputc('\n', file_);
    std::fflush(file_);
  }
}

EpisodeWriter::~EpisodeWriter() {
  if (file_) std::fclose(file_);
}

void EpisodeWriter::append(const Json& line) {
  std::string text = line.dump() + "\n";
  std::lock_guard lock(mutex_);
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0)
    throw std::runtime_error(path_.string() + ": write failed");
}

}  // namespace opsgym::bench
