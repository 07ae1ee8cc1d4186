#include "server/episode_factory.hpp"

#include "opsgym/errors.hpp"
#include "server/api_error.hpp"

namespace opsgym::server {

Episode EpisodeFactory::create(const std::string& task_id, EpisodeOptions options) const {
  if (options.fault_rate < 0.0 || options.fault_rate > 1.0)
    throw ApiError(400, codes::invalid_request, "'fault_rate' must be between 0 and 1");
  std::shared_ptr<const Task> task;
  std::shared_ptr<const Environment> env;
  try {
    task = catalog_->task(task_id);
    env = catalog_->environment(task->environment);
  } catch (const NotFound& e) {
    throw ApiError(404, codes::unknown_task, e.what());
  }
  return Episode(std::move(env), std::move(task), std::move(options));
}

std::string EpisodeFactory::default_task() const {
  auto tasks = catalog_->tasks();
  if (tasks.empty()) throw ApiError(404, codes::unknown_task, "the server's catalog has no task");
  return tasks.front()->id;
}

}  // namespace opsgym::server
