#include "server/episode_registry.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <random>
#include <vector>

#include "opsgym/errors.hpp"
#include "server/api_error.hpp"

namespace opsgym::server {
namespace {

constexpr size_t kRememberedGoneIds = 100'000;

uint64_t splitmix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

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
    : options_(options), sink_(std::move(sink)) {
  // Ids only need to be unguessable and unique; they are not part of any episode's observable output,
  // so a random seed here does not break determinism.
  std::random_device rd;
  id_state_ = (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

EpisodeRegistry::~EpisodeRegistry() {
  {
    std::lock_guard lock(reaper_mutex_);
    stopping_ = true;
  }
  reaper_cv_.notify_all();
  if (reaper_.joinable()) reaper_.join();
}

std::string EpisodeRegistry::new_id() {
  // Called with mutex_ held.
  char buf[40];
  uint64_t a = splitmix(id_state_), b = splitmix(id_state_);
  std::snprintf(buf, sizeof buf, "ep-%016llx%08llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b >> 32));
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
  std::lock_guard lock(mutex_);
  if (!results_.count(live.id)) results_order_.push_back(live.id);
  results_[live.id] = std::move(record);
  while (results_order_.size() > options_.max_kept_results) {
    results_.erase(results_order_.front());
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

std::optional<Json> EpisodeRegistry::result(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = results_.find(id);
  if (it == results_.end()) return std::nullopt;
  return it->second;
}

Json EpisodeRegistry::results(std::optional<Frontend> frontend) const {
  std::lock_guard lock(mutex_);
  Json out = Json::array();
  for (const std::string& id : results_order_) {
    const Json& r = results_.at(id);
    if (frontend && r.value("frontend", "") != to_string(*frontend)) continue;
    Json summary = r;
    summary.erase("trajectory");
    summary.erase("verification");
    out.push_back(std::move(summary));
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
    std::unique_lock lock(live->mutex, std::try_to_lock);
    Json row = {{"episode_id", live->id}, {"frontend", to_string(live->frontend)}};
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
