// Timestamps are read and written by arithmetic in the common form; the results must be those of the
// general reader (sscanf, then timegm) and of gmtime and strftime, for every day and at the edges.
#include <catch2/catch.hpp>

#include <ctime>
#include <string>

#include "script/time_format.hpp"

using opsgym::format_iso8601;
using opsgym::parse_iso8601;

namespace {

std::string strftime_text(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

int64_t timegm_of(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900, tm.tm_mon = month - 1, tm.tm_mday = day;
  tm.tm_hour = hour, tm.tm_min = minute, tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

TEST_CASE("format_iso8601 writes what gmtime and strftime write, every eleventh day from the year -2 to 12,000", "[script]") {
  for (int64_t day = -720000; day <= 3660000; day += 11) {
    for (int64_t second : {0, 59, 3600, 86399}) {
      const int64_t t = day * 86400 + second;
      REQUIRE(format_iso8601(t) == strftime_text(t));
    }
  }
  for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{253402300799}, int64_t{253402300800}, int64_t{-30610224000},
                    int64_t{-30610224001}, int64_t{-62167219200}, int64_t{-62167219201}, int64_t{951782400}})
    CHECK(format_iso8601(t) == strftime_text(t));
  CHECK(format_iso8601(1772442000) == "2026-03-02T09:00:00Z");
}

TEST_CASE("parse_iso8601 reads the common form as timegm does, overflowing days and leap seconds too", "[script]") {
  for (int year : {1000, 1600, 1899, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 9999}) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 31; ++day) {
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, day % 24, (day * 7) % 60,
                      day == 31 ? 60 : day);
        INFO(text);
        const auto fast = parse_iso8601(text);
        REQUIRE(fast.has_value());
        CHECK(*fast == timegm_of(year, month, day, day % 24, (day * 7) % 60, day == 31 ? 60 : day));
        // The same instant in the forms only the general reader takes.
        std::string spaced = text;
        spaced[10] = ' ';
        CHECK(parse_iso8601(spaced) == fast);
        CHECK(parse_iso8601(std::string(text, 19) + "+00:00") == fast);
        CHECK(parse_iso8601(std::string(text, 10)) == timegm_of(year, month, day, 0, 0, 0));
      }
    }
  }
}

TEST_CASE("parse_iso8601 refuses what is not a timestamp", "[script]") {
  for (const char* text : {"", "2026", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-03-32T00:00:00Z",
                           "2026-03-00", "2026-03-02T24:00:00Z", "2026-03-02T09:60:00Z", "2026-03-02T09:00:61Z",
                           "2026-03-02X09:00:00Z", "2026-03-02T09:00:00+01:00", "2026-03-02T09:00:00Zjunk",
                           "20x6-03-02T09:00:00Z", "2026/03/02", "2026-03-0x", "next tuesday"})
    CHECK_FALSE(parse_iso8601(text).has_value());
  CHECK(parse_iso8601("2026-3-2") == timegm_of(2026, 3, 2, 0, 0, 0));  // the general reader's leniency stays
}
