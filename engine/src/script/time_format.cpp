#include "script/time_format.hpp"

#include <charconv>
#include <cstdio>

namespace opsgym {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). Linear in the day,
// so a day past the month's end carries into the next month as timegm's does.
int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
  int64_t year;
  int month, day;
};

// The inverse of days_from_civil.
CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

// The number in text[at, at + width) if those are all digits, else -1.
int digits(const std::string& text, size_t at, size_t width) {
  int value = 0;
  for (size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// The one form every timestamp OpsGym writes has, YYYY-MM-DDTHH:MM:SSZ, or a date alone, read without
// sscanf (a tool's view can parse a handful per call). Anything else: false, for the general reader.
bool read_canonical(const std::string& text, Fields& f) {
  if (text.size() != 20 && text.size() != 10) return false;
  if (text[4] != '-' || text[7] != '-') return false;
  f.year = digits(text, 0, 4), f.month = digits(text, 5, 2), f.day = digits(text, 8, 2);
  if (text.size() == 20) {
    if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return false;
    f.hour = digits(text, 11, 2), f.minute = digits(text, 14, 2), f.second = digits(text, 17, 2);
  }
  return f.year >= 0 && f.month >= 0 && f.day >= 0 && f.hour >= 0 && f.minute >= 0 && f.second >= 0;
}

bool read_general(const std::string& text, Fields& f) {
  char separator = 'T';
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &f.year, &f.month, &f.day, &consumed) != 3) return false;
  if (static_cast<size_t>(consumed) == text.size()) return true;
  int rest = 0;
  if (std::sscanf(text.c_str() + consumed, "%c%2d:%2d:%2d%n", &separator, &f.hour, &f.minute, &f.second, &rest) != 4)
    return false;
  const std::string tail = text.substr(static_cast<size_t>(consumed + rest));
  return (separator == 'T' || separator == ' ') && (tail == "Z" || tail.empty() || tail == "+00:00");
}

}  // namespace

// The year as strftime's %Y writes it (no padding, a sign when negative), then fixed-width fields.
std::string format_iso8601(int64_t unix_seconds) {
  int64_t days = unix_seconds / kSecondsPerDay, seconds = unix_seconds % kSecondsPerDay;
  if (seconds < 0) seconds += kSecondsPerDay, --days;
  const CivilDate date = civil_from_days(days);
  char year[24];
  const auto [year_end, ec] = std::to_chars(year, year + sizeof year, date.year);
  std::string text(year, year_end);
  const size_t at = text.size();
  text += "-00-00T00:00:00Z";
  auto put = [&](size_t offset, int64_t value) {
    text[at + offset] = static_cast<char>('0' + value / 10);
    text[at + offset + 1] = static_cast<char>('0' + value % 10);
  };
  put(1, date.month), put(4, date.day), put(7, seconds / 3600), put(10, seconds / 60 % 60), put(13, seconds % 60);
  return text;
}

std::optional<int64_t> parse_iso8601(const std::string& text) {
  Fields f;
  if (!read_canonical(text, f)) {
    f = Fields{};
    if (!read_general(text, f)) return std::nullopt;
  }
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour > 23 || f.minute > 59 || f.second > 60)
    return std::nullopt;
  return days_from_civil(f.year, f.month, f.day) * kSecondsPerDay + f.hour * 3600 + f.minute * 60 + f.second;
}

}  // namespace opsgym
