#include "bench/progress.hpp"

#include <cmath>
#include <cstdio>

namespace opsgym::bench {

Progress::Progress(std::ostream& out, bool terminal, int total, int already_done)
    : out_(out), terminal_(terminal), total_(total), done_(already_done), started_(std::chrono::steady_clock::now()) {}

std::string Progress::format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  long long s = std::llround(seconds);
  char buffer[32];
  if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60) std::snprintf(buffer, sizeof buffer, "%lldm%02llds", s / 60, s % 60);
  else std::snprintf(buffer, sizeof buffer, "%llds", s);
  return buffer;
}

std::string Progress::status_line(double eta_seconds) const {
  char buffer[256];
  double rate = scored_ ? 100.0 * successes_ / scored_ : 0.0;
  std::snprintf(buffer, sizeof buffer, "[%d/%d] success %.1f%% (%d/%d)%s | tokens %lld in, %lld out | $%.4f | ETA %s",
                done_, total_, rate, successes_, scored_,
                unscored_ ? (" | " + std::to_string(unscored_) + " not scored").c_str() : "", tokens_in_,
                tokens_out_, cost_, format_duration(eta_seconds).c_str());
  return buffer;
}

void Progress::episode_done(const EpisodeSummary& e) {
  std::lock_guard lock(mutex_);
  ++done_;
  ++played_;
  if (e.scored()) {
    ++scored_;
    if (e.success) ++successes_;
  } else {
    ++unscored_;
  }
  tokens_in_ += e.tokens_in;
  tokens_out_ += e.tokens_out;
  cost_ += e.cost;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  double eta = played_ ? elapsed / played_ * (total_ - done_) : NAN;
  if (terminal_) {
    out_ << "\r\033[K" << status_line(eta) << std::flush;
  } else {
    out_ << e.task << " #" << e.trial << ": ";
    if (e.outcome == "finished") {
      out_ << (e.success ? "success" : "failure");
      if (!e.verifier_fault.empty()) out_ << " (verifier fault: " << e.verifier_fault << ")";
    } else {
      out_ << e.outcome << ": " << e.error;
    }
    out_ << " — " << status_line(eta) << "\n" << std::flush;
  }
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (terminal_ && played_) out_ << "\n" << std::flush;
}

}  // namespace opsgym::bench
