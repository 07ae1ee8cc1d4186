#include "server/episode_registry.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <random>
#include <vector>

#include "json/json_text.hpp"
#include "opsgym/errors.hpp"
#include "server/api_error.hpp"

namespace opsgym::server {
namespace {

constexpr size_t kRememberedGoneIds = 100'000;

}  // namespace

const char* to_string(Frontend frontend) {
  switch (frontend) {
    case Frontend::gym: return "gym";
    case Frontend::mcp: return "mcp";
    case Frontend::openenv: return "openenv";
  }
  return "gym";
}

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

EpisodeRegistry::EpisodeRegistry(Options options, std::shared_ptr<ResultsSink> sink)
    : options_(options), sink_(std::move(sink)) {}

EpisodeRegistry::~EpisodeRegistry() {
  {
    std::lock_guard lock(reaper_mutex_);
    stopping_ = true;
  }
  reaper_cv_.notify_all();
  if (reaper_.joinable()) reaper_.join();
}

std::string EpisodeRegistry::new_id() {
  // Called with mutex_ held. An id is the only key to its episode, so it is 128 bits straight from the
  // operating system's random source: a generator seeded once would let a client that sees its own ids
  // work out the next ones. Ids are not part of any episode's observable state: determinism holds.
  char buf[40];
  std::snprintf(buf, sizeof buf, "ep-%08x%08x%08x%08x", random_(), random_(), random_(), random_());
  return buf;
}

std::shared_ptr<LiveEpisode> EpisodeRegistry::replace(Episode episode, Frontend frontend, const std::string& id,
                                                      const std::string& owner) {
  std::shared_ptr<LiveEpisode> old;
  std::shared_ptr<LiveEpisode> live;
  {
    std::lock_guard lock(mutex_);
    auto it = live_.find(id);
    if (it != live_.end()) {
      if (owner.empty() || it->second->owner != owner)
        throw ApiError(409, codes::episode_in_use,
                       "episode id '" + id + "' belongs to another client's live episode; choose another episode_id");
      old = it->second;
      forget(id, "closed");
    } else if (live_.size() >= options_.max_live) {
      throw ApiError(503, codes::too_many_episodes,
                     "the server already has " + std::to_string(live_.size()) +
                         " live episodes (the limit, set by --max-episodes)");
    }
    live = std::make_shared<LiveEpisode>(id, frontend, std::move(episode), owner);
    live->last_used_ms = steady_now_ms();
    live_.emplace(id, live);
    gone_.erase(id);
  }
  if (old) {
    std::lock_guard episode_lock(old->mutex);
    old->closed = true;
  }
  return live;
}

std::shared_ptr<LiveEpisode> EpisodeRegistry::add(Episode episode, Frontend frontend, const std::string& id,
                                                  const std::string& owner) {
  std::lock_guard lock(mutex_);
  if (live_.size() >= options_.max_live)
    throw ApiError(503, codes::too_many_episodes,
                   "the server already has " + std::to_string(live_.size()) +
                       " live episodes (the limit, set by --max-episodes); close finished ones with DELETE "
                       "/v1/episodes/{id} or wait for idle ones to be reclaimed");
  std::string key = id;
  if (key.empty()) {
    do key = new_id();
    while (live_.count(key));
  } else if (live_.count(key)) {
    throw ApiError(400, codes::invalid_request, "episode id '" + key + "' is already live");
  }
  auto live = std::make_shared<LiveEpisode>(key, frontend, std::move(episode), owner);
  live->last_used_ms = steady_now_ms();
  live_.emplace(key, live);
  gone_.erase(key);
  return live;
}

std::shared_ptr<LiveEpisode> EpisodeRegistry::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : it->second;
}

std::shared_ptr<LiveEpisode> EpisodeRegistry::get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = live_.find(id);
  if (it != live_.end()) return it->second;
  auto gone = gone_.find(id);
  if (gone != gone_.end())
    throw ApiError(404, codes::unknown_episode,
                   "episode '" + id + "' was " + gone->second +
                       (results_.count(id) ? "; its result is at /v1/episodes/" + id + "/result" : ""));
  throw ApiError(404, codes::unknown_episode, "no episode '" + id + "'");
}

void EpisodeRegistry::touch(LiveEpisode& live) const { live.last_used_ms = steady_now_ms(); }

void EpisodeRegistry::ensure_open(const LiveEpisode& live) const {
  if (live.closed) throw ApiError(404, codes::unknown_episode, "episode '" + live.id + "' was closed");
}

Json EpisodeRegistry::record_of(const LiveEpisode& live) {
  const Episode& ep = live.episode;
  const VerifyResult* result = ep.result();
  Json trajectory = ep.trajectory();
  int tool_errors = 0;
  for (const Json& call : trajectory)
    if (call.is_object() && call.value("ok", true) == false) ++tool_errors;
  Json record = {{"episode_id", live.id},
                 {"frontend", to_string(live.frontend)},
                 {"task", ep.task().id},
                 {"environment", ep.task().environment},
                 {"trial", 0},
                 {"seed", ep.seed()},
                 {"feasible", ep.task().feasible},
                 {"outcome", "finished"},
                 {"termination", "answered"},
                 {"steps", ep.steps()},
                 {"tool_errors", tool_errors},
                 {"answer", {{"text", live.answer}, {"status", to_string(live.answer_status)}}}};
  if (result) {
    record["score"] = {{"success", result->success},
                       {"partial", result->partial},
                       {"violations", result->violations.size()},
                       {"unexpected_changes", result->unexpected_changes.size()},
                       {"verifier_fault", result->verifier_fault}};
    record["verification"] = result->to_json();
  }
  record["trajectory"] = std::move(trajectory);
  return record;
}

const VerifyResult& EpisodeRegistry::finish(LiveEpisode& live, const std::string& answer, FinishStatus status) {
  if (live.episode.finished())
    throw ApiError(409, codes::episode_finished, "episode '" + live.id + "' has already finished");
  const VerifyResult& result = live.episode.finish(answer, status);
  live.answer = answer;
  live.answer_status = status;
  record_result(live);
  return result;
}

void EpisodeRegistry::record_result(LiveEpisode& live) {
  if (live.result_recorded || !live.episode.finished()) return;
  live.result_recorded = true;
  Json record = record_of(live);
  if (sink_) {
    try {
      sink_->append(record);
    } catch (const std::exception& e) {
      // The episode's result stays readable over the API; losing the file line must not fail the call.
      std::cerr << "opsgym serve: " << e.what() << "\n";
    }
  }
  KeptResult kept{json_text(record), std::move(record)};
  kept.summary.erase("episode_id");
  kept.summary.erase("trajectory");
  kept.summary.erase("verification");
  std::lock_guard lock(mutex_);
  if (auto old = results_.find(live.id); old != results_.end()) {  // a reset episode finished again
    kept_result_bytes_ -= old->second.text.size();
    results_.erase(old);
    results_order_.erase(std::find(results_order_.begin(), results_order_.end(), live.id));
  }
  kept_result_bytes_ += kept.text.size();
  results_.emplace(live.id, std::move(kept));
  results_order_.push_back(live.id);
  while (results_order_.size() > 1 && (results_order_.size() > options_.max_kept_results ||
                                       kept_result_bytes_ > options_.max_kept_result_bytes)) {
    auto oldest = results_.find(results_order_.front());
    kept_result_bytes_ -= oldest->second.text.size();
    results_.erase(oldest);
    results_order_.pop_front();
  }
}

void EpisodeRegistry::forget(const std::string& id, const char* why) {
  // Called with mutex_ held.
  live_.erase(id);
  gone_[id] = why;
  gone_order_.push_back(id);
  while (gone_order_.size() > kRememberedGoneIds) {
    gone_.erase(gone_order_.front());
    gone_order_.pop_front();
  }
}

bool EpisodeRegistry::close(const std::string& id) {
  std::shared_ptr<LiveEpisode> live;
  {
    std::lock_guard lock(mutex_);
    auto it = live_.find(id);
    if (it == live_.end()) return false;
    live = it->second;
    forget(id, "closed");
  }
  std::lock_guard episode_lock(live->mutex);
  live->closed = true;
  return true;
}

size_t EpisodeRegistry::reap_idle() {
  if (options_.idle_timeout.count() <= 0) return 0;
  int64_t cutoff = steady_now_ms() - options_.idle_timeout.count();
  std::vector<std::shared_ptr<LiveEpisode>> idle;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, live] : live_)
      if (live->last_used_ms.load() < cutoff) idle.push_back(live);
    for (auto& live : idle) forget(live->id, "reclaimed after being idle");
  }
  for (auto& live : idle) {
    std::lock_guard episode_lock(live->mutex);
    live->closed = true;
  }
  return idle.size();
}

void EpisodeRegistry::start_reaper(std::chrono::milliseconds period) {
  if (reaper_.joinable()) return;
  reaper_ = std::thread([this, period] {
    std::unique_lock lock(reaper_mutex_);
    while (!reaper_cv_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      size_t n = reap_idle();
      if (n) std::cerr << "opsgym serve: reclaimed " << n << " idle episode(s)\n";
      lock.lock();
    }
  });
}

std::optional<std::string> EpisodeRegistry::result(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = results_.find(id);
  if (it == results_.end()) return std::nullopt;
  return it->second.text;
}

Json EpisodeRegistry::results(std::optional<Frontend> frontend) const {
  std::lock_guard lock(mutex_);
  Json out = Json::array();
  for (const std::string& id : results_order_) {
    const Json& summary = results_.at(id).summary;
    if (frontend && summary.value("frontend", "") != to_string(*frontend)) continue;
    out.push_back(summary);
  }
  return out;
}

Json EpisodeRegistry::list() const {
  std::vector<std::shared_ptr<LiveEpisode>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, live] : live_) all.push_back(live);
  }
  std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a->id < b->id; });
  Json out = Json::array();
  for (auto& live : all) {
    // try_lock: a listing must not wait behind a long verifier run; a busy episode is shown as busy.
    // No id: it is the key to the episode, and only the client that created the episode holds it.
    std::unique_lock lock(live->mutex, std::try_to_lock);
    Json row = {{"frontend", to_string(live->frontend)}};
    if (lock.owns_lock()) {
      row["task"] = live->episode.task().id;
      row["steps"] = live->episode.steps();
      row["finished"] = live->episode.finished();
    } else {
      row["busy"] = true;
    }
    out.push_back(std::move(row));
  }
  return out;
}

size_t EpisodeRegistry::live_count() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

}  // namespace opsgym::server
