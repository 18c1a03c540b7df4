// Simulated time: microseconds since the Unix epoch (UTC), RFC 3339 parsing and local formatting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatetwin::engine {

/// An instant: microseconds since 1970-01-01T00:00:00Z. Wall time never enters the engine.
using TimeUs = int64_t;

inline constexpr TimeUs kUsPerSecond = 1'000'000;
inline constexpr int kGateUtcOffsetMin = 7 * 60;  // Lạng Sơn and Guangxi clocks differ; the twin reports in +07:00

/// A parsed RFC 3339 timestamp: the instant and the offset it was written with.
struct ParsedTime {
  TimeUs utc_us = 0;
  int offset_min = 0;
};

/// Parses `2026-01-15T08:00:01.250+07:00` (or `Z`). Requires an explicit offset; accepts
/// 0–9 fraction digits (truncated to µs), `T`/`t`/space as separator. nullopt when invalid.
std::optional<ParsedTime> ParseRfc3339(std::string_view text);

/// Formats `t` as RFC 3339 in the given offset with millisecond precision
/// (e.g. `2026-01-15T08:00:01.250+07:00`).
std::string FormatRfc3339(TimeUs t, int offset_min = kGateUtcOffsetMin);

/// The local midnight (at `offset_min` east of UTC) that starts the day `t` falls on.
TimeUs LocalDayStartUs(TimeUs t, int offset_min = kGateUtcOffsetMin);

/// Parses a duration such as `90`, `90s`, `15m`, `2h`, `24h`, `1h30m` into µs.
std::optional<TimeUs> ParseDuration(std::string_view text);

}  // namespace gatetwin::engine
