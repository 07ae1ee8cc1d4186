#include <catch2/catch.hpp>

#include <sstream>

#include "bench/progress.hpp"

using namespace opsgym::bench;

namespace {
EpisodeSummary done(const std::string& task, bool success) {
  EpisodeSummary e;
  e.task = task;
  e.trial = 1;
  e.outcome = "finished";
  e.success = success;
  e.tokens_in = 120;
  e.tokens_out = 30;
  e.cost = 0.5;
  return e;
}
}  // namespace

TEST_CASE("Off a terminal, progress prints one plain line per episode") {
  std::ostringstream out;
  Progress p(out, false, 4, 1);
  p.episode_done(done("t-1", true));
  EpisodeSummary failed = done("t-2", false);
  failed.outcome = "infra_error";
  failed.error = "HTTP 503";
  p.episode_done(failed);
  p.finish();
  std::string text = out.str();
  CHECK(text.find('\r') == std::string::npos);
  CHECK_THAT(text, Catch::Contains("t-1 #1: success") && Catch::Contains("[2/4]"));
  CHECK_THAT(text, Catch::Contains("t-2 #1: infra_error: HTTP 503") && Catch::Contains("[3/4]"));
  CHECK_THAT(text, Catch::Contains("tokens 240 in, 60 out") && Catch::Contains("$1.0000"));
}

TEST_CASE("On a terminal, progress rewrites one line in place and ends it") {
  std::ostringstream out;
  Progress p(out, true, 2, 0);
  p.episode_done(done("t-1", true));
  p.episode_done(done("t-2", false));
  p.finish();
  std::string text = out.str();
  CHECK(text.rfind("\r\033[K", 0) == 0);
  CHECK_THAT(text, Catch::Contains("success 50.0% (1/2)") && Catch::Contains("ETA 0s"));
  CHECK(text.back() == '\n');
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
}

TEST_CASE("Durations are short and readable") {
  CHECK(Progress::format_duration(12) == "12s");
  CHECK(Progress::format_duration(185) == "3m05s");
  CHECK(Progress::format_duration(3720) == "1h02m");
  CHECK(Progress::format_duration(-1) == "?");
}
