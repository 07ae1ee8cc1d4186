#pragma once
// The live episodes of a server. Each has an id, a mutex that serialises its calls (an Episode is not
// thread-safe), and the time of its last use. Different episodes run in parallel on the server's threads.
// The registry caps how many live at once (503 beyond), reclaims episodes idle past a timeout, and keeps
// the verification result of every finished episode after it is closed or reclaimed, so a client (or an
// MCP session's owner) can read it afterwards.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>

#include "opsgym/episode.hpp"
#include "server/results_sink.hpp"

namespace opsgym::server {

// The owner of the episodes OpenEnv's HTTP /reset makes (see LiveEpisode::owner).
inline constexpr const char* kOpenEnvHttpOwner = "openenv-http";

// Which front end created an episode; kept with its result.
enum class Frontend { gym, mcp, openenv };
const char* to_string(Frontend frontend);

struct LiveEpisode {
  LiveEpisode(std::string id, Frontend frontend, Episode episode, std::string owner = {})
      : id(std::move(id)), frontend(frontend), owner(std::move(owner)), episode(std::move(episode)) {}

  const std::string id;
  const Frontend frontend;
  // Who may replace this episode by naming its id (EpisodeRegistry::replace): kOpenEnvHttpOwner for
  // episodes made by OpenEnv's HTTP /reset; empty for all others, which no reset can take over.
  const std::string owner;
  // Hold `mutex` for every use of `episode` and of `closed`.
  std::mutex mutex;
  Episode episode;
  std::atomic<bool> closed{false};  // set when closed or reclaimed; later calls see "unknown episode"
  bool result_recorded = false;
  std::string answer;  // the final answer given to finish()
  FinishStatus answer_status = FinishStatus::done;
  std::atomic<int64_t> last_used_ms{0};
};

class EpisodeRegistry {
 public:
  struct Options {
    size_t max_live = 1024;
    std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};  // 0: never reclaim
    // Finished results kept after close, oldest dropped first when either bound is passed. A record
    // carries the whole trajectory (megabytes after a long episode), hence the byte bound; the newest
    // record is kept even when it alone is larger.
    size_t max_kept_results = 100'000;
    size_t max_kept_result_bytes = 256u << 20;
  };
  // `sink` (optional) receives every finished episode's record.
  explicit EpisodeRegistry(Options options, std::shared_ptr<ResultsSink> sink = nullptr);
  ~EpisodeRegistry();
  EpisodeRegistry(const EpisodeRegistry&) = delete;
  EpisodeRegistry& operator=(const EpisodeRegistry&) = delete;

  // Registers a new episode. `id` empty: a fresh random id. Throws ApiError 503 (too_many_episodes) at the
  // cap, ApiError 400 when a client-chosen id is already live.
  std::shared_ptr<LiveEpisode> add(Episode episode, Frontend frontend, const std::string& id = {},
                                   const std::string& owner = {});
  // Puts `episode` live under `id` in one step: the episode live there now, if any, is closed first, but
  // only when it was added with this same non-empty `owner`; else ApiError 409 (episode_in_use) and
  // nothing changes. A reset of one's own episode; never a way to close another client's.
  std::shared_ptr<LiveEpisode> replace(Episode episode, Frontend frontend, const std::string& id,
                                       const std::string& owner);
  // The live episode; throws ApiError 404 (unknown_episode) saying whether it was closed, reclaimed or
  // never existed.
  std::shared_ptr<LiveEpisode> get(const std::string& id) const;
  std::shared_ptr<LiveEpisode> find(const std::string& id) const;  // null when not live

  // Runs `fn(episode)` holding the episode's mutex; marks it used. Throws like get(), and ApiError 404 if
  // it was closed while the caller waited for the lock.
  template <typename Fn>
  auto with(const std::string& id, Fn&& fn) {
    auto live = get(id);
    std::lock_guard lock(live->mutex);
    ensure_open(*live);
    touch(*live);
    return fn(*live);
  }

  // Ends the episode with the agent's answer, runs the verifier and records the result (kept in memory,
  // and written to the results sink). Call with the episode's mutex held. Throws ApiError 409
  // (episode_finished) when it already finished.
  const VerifyResult& finish(LiveEpisode& live, const std::string& answer, FinishStatus status);
  // Closes an episode: removes it; its result (if finished) stays readable. Returns false if not live.
  bool close(const std::string& id);
  // Closes every episode idle longer than the timeout; returns how many. Called by the reaper thread.
  size_t reap_idle();
  // Starts a thread that calls reap_idle() every `period`.
  void start_reaper(std::chrono::milliseconds period);

  // The record of a finished episode (live or closed) as JSON text, or nullopt.
  std::optional<std::string> result(const std::string& id) const;
  // Every kept record's summary, oldest first, optionally only those from one front end. Without episode
  // ids: an id is the key to its episode (a finished one can still be reset), known only to its creator.
  Json results(std::optional<Frontend> frontend = std::nullopt) const;
  // {"task","frontend","steps","finished"} (or "busy") of every live episode; no ids, as for results().
  Json list() const;

  size_t live_count() const;
  const Options& options() const { return options_; }
  void touch(LiveEpisode& live) const;
  void ensure_open(const LiveEpisode& live) const;

  // The stored record of a finished episode: task, answer, score summary and the full verification.
  static Json record_of(const LiveEpisode& live);

 private:
  std::string new_id();
  void record_result(LiveEpisode& live);
  void forget(const std::string& id, const char* why);

  Options options_;
  std::shared_ptr<ResultsSink> sink_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<LiveEpisode>> live_;
  std::unordered_map<std::string, std::string> gone_;  // recently closed id -> "closed" | "reclaimed"
  std::deque<std::string> gone_order_;
  // Kept as text (a JSON tree takes several times the memory) beside the small summary results() lists.
  struct KeptResult {
    std::string text;
    Json summary;
  };
  std::unordered_map<std::string, KeptResult> results_;
  std::deque<std::string> results_order_;
  size_t kept_result_bytes_ = 0;
  std::random_device random_;  // ids; used with mutex_ held
  std::thread reaper_;
  std::mutex reaper_mutex_;
  std::condition_variable reaper_cv_;
  bool stopping_ = false;
};

int64_t steady_now_ms();

}  // namespace opsgym::server
