#pragma once
// Where finished episodes' records go when the server is given --results DIR: one JSON line per episode
// appended to DIR/episodes.jsonl and flushed as each finishes, so a crash loses at most the line being
// written. The line carries the fields `opsgym report` reads (task, environment, trial, feasible, outcome,
// answer, score) plus the episode id, the front end and the full verification and trajectory.
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace opsgym::server {

class ResultsSink {
 public:
  // Creates DIR if needed and opens DIR/episodes.jsonl for appending; throws std::runtime_error if it
  // cannot.
  explicit ResultsSink(const std::filesystem::path& dir);
  ~ResultsSink();
  ResultsSink(const ResultsSink&) = delete;
  ResultsSink& operator=(const ResultsSink&) = delete;

  // Appends one line; safe from many threads. Numbers the episodes of each task as trials 0, 1, 2, … in
  // the order they finish (reports treat a repeated (task, trial) as a retry). Throws
  // std::runtime_error when the write fails.
  void append(nlohmann::json record);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  std::map<std::string, int> trials_;  // next trial number per task
  std::filesystem::path path_;
};

}  // namespace opsgym::server
