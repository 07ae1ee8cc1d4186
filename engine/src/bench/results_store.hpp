#pragma once
// A run directory: run.json (what was run, for --resume and reports) and episodes.jsonl (one line per
// episode, appended and flushed as each finishes, so an interrupted run loses at most the line being
// written). Later lines for the same (task, trial) replace earlier ones: a retried episode wins.
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "bench/episode_record.hpp"

namespace opsgym::bench {

struct StoredRun {
  Json manifest;                       // run.json
  std::vector<Json> lines;             // the latest line per (task, trial), sorted by task then trial
  std::vector<std::string> warnings;   // unreadable lines, each with its line number
};

// Reads a run directory. A folder with episodes.jsonl but no run.json (written by `opsgym serve
// --results`) gets a manifest with k = the most trials of any task. Throws std::runtime_error when
// there is neither file or run.json is unreadable; a broken episode line (e.g. cut off by a crash) is
// skipped with a warning, never fatal.
StoredRun load_run(const std::filesystem::path& dir);

std::filesystem::path manifest_path(const std::filesystem::path& dir);
std::filesystem::path episodes_path(const std::filesystem::path& dir);

// Writes run.json atomically (temp file + rename).
void write_manifest(const std::filesystem::path& dir, const Json& manifest);
// Replaces episodes.jsonl atomically with `lines`, keeping the previous file as episodes.jsonl.prev.
void rewrite_episodes(const std::filesystem::path& dir, const std::vector<Json>& lines);

// Appends episode lines; safe to call from many threads.
class EpisodeWriter {
 public:
  // Opens (creating) episodes.jsonl for appending. If the file ends in a partial line, a newline is
  // written first so the fragment stays on a line of its own (and is skipped on load).
  explicit EpisodeWriter(const std::filesystem::path& dir);
  EpisodeWriter(const EpisodeWriter&) = delete;
  EpisodeWriter& operator=(const EpisodeWriter&) = delete;
  ~EpisodeWriter();
  // Writes one line and flushes it to the OS. Throws std::runtime_error if the write fails.
  void append(const Json& line);

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
};

}  // namespace opsgym::bench
