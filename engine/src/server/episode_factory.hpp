#pragma once
// Creating episodes from a request: the one place that turns "task id + seed + options" into an Episode,
// so the gym API, MCP and OpenEnv create them alike and report an unknown task alike (404 unknown_task).
#include <optional>
#include <string>

#include "opsgym/catalog.hpp"
#include "opsgym/episode.hpp"

namespace opsgym::server {

class EpisodeFactory {
 public:
  explicit EpisodeFactory(std::shared_ptr<const Catalog> catalog) : catalog_(std::move(catalog)) {}

  // Throws ApiError 404 (unknown_task) naming the task; 400 when options are out of range.
  Episode create(const std::string& task_id, EpisodeOptions options = {}) const;
  // The task OpenEnv clients get when they name none: the first by id. Throws ApiError 404 when the
  // catalog has no task.
  std::string default_task() const;

  const Catalog& catalog() const { return *catalog_; }

 private:
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace opsgym::server
