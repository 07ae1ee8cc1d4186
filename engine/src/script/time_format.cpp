#include "script/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace opsgym {

std::string format_iso8601(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::optional<int64_t> parse_iso8601(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char separator = 'T';
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3) return std::nullopt;
  if (static_cast<size_t>(consumed) != text.size()) {
    int rest = 0;
    if (std::sscanf(text.c_str() + consumed, "%c%2d:%2d:%2d%n", &separator, &hour, &minute, &second, &rest) != 4)
      return std::nullopt;
    std::string tail = text.substr(static_cast<size_t>(consumed + rest));
    if ((separator != 'T' && separator != ' ') || !(tail == "Z" || tail.empty() || tail == "+00:00"))
      return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace opsgym
