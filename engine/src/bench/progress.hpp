#pragma once
// Progress of a run: on a terminal one line rewritten in place (tasks done, success so far, tokens,
// cost, ETA); otherwise one plain line per finished episode, fit for logs.
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

#include "bench/episode_record.hpp"

namespace opsgym::bench {

class Progress {
 public:
  Progress(std::ostream& out, bool terminal, int total, int already_done);
  // Called once per finished episode (from any thread).
  void episode_done(const EpisodeSummary& episode);
  // Ends the in-place line on a terminal.
  void finish();

  // "1h02m", "3m05s", "12s": exposed for tests.
  static std::string format_duration(double seconds);

 private:
  std::string status_line(double eta_seconds) const;

  std::mutex mutex_;
  std::ostream& out_;
  bool terminal_;
  int total_;
  int done_;
  int played_ = 0;
  int scored_ = 0;
  int successes_ = 0;
  int unscored_ = 0;
  long long tokens_in_ = 0, tokens_out_ = 0;
  double cost_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace opsgym::bench
