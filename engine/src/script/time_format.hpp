#pragma once
// UTC timestamps in the one form OpsGym uses everywhere: 2026-03-02T09:00:00Z.
#include <cstdint>
#include <optional>
#include <string>

namespace opsgym {

std::string format_iso8601(int64_t unix_seconds);
// Accepts YYYY-MM-DDTHH:MM:SSZ (also with a space for T, or a date alone). Nullopt if malformed.
std::optional<int64_t> parse_iso8601(const std::string& text);

}  // namespace opsgym
