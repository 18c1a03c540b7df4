// RFC 3339 parsing and formatting without the C library's locale- and timezone-dependent calls.
#include "engine/time.h"

#include <cstdio>

namespace gatetwin::engine {
namespace {

// days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm)
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<ParsedTime> ParseRfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &month) || s[7] != '-' ||
      !Digits(s, 8, 2, &day) || !(s[10] == 'T' || s[10] == 't' || s[10] == ' ') || !Digits(s, 11, 2, &hour) ||
      s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' || !Digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t frac_us = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t n = 0;
    int64_t scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 6) frac_us += (s[pos] - '0') * scale, scale /= 10;
      ++pos, ++n;
    }
    if (n == 0 || n > 9) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // no offset: the contract requires one
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t local_s = days * 86400 + hour * 3600 + minute * 60 + second;
  return ParsedTime{(local_s - offset_min * 60LL) * kUsPerSecond + frac_us, offset_min};
}

TimeUs LocalDayStartUs(TimeUs t, int offset_min) {
  constexpr TimeUs kUsPerDay = 86'400 * kUsPerSecond;
  const TimeUs offset_us = static_cast<TimeUs>(offset_min) * 60 * kUsPerSecond;
  const TimeUs local = t + offset_us;
  // floor division: a day before 1970 starts before its instants too
  const TimeUs day = local / kUsPerDay - (local % kUsPerDay < 0 ? 1 : 0);
  return day * kUsPerDay - offset_us;
}

std::string FormatRfc3339(TimeUs t, int offset_min) {
  const TimeUs local = t + static_cast<TimeUs>(offset_min) * 60 * kUsPerSecond;
  // floor division so instants before 1970 format correctly too
  int64_t secs = local / kUsPerSecond;
  int64_t us = local % kUsPerSecond;
  if (us < 0) us += kUsPerSecond, --secs;
  int64_t days = secs / 86400;
  int64_t sod = secs % 86400;
  if (sod < 0) sod += 86400, --days;
  int y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  const int off = offset_min < 0 ? -offset_min : offset_min;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03d%c%02d:%02d", y, m, d, static_cast<int>(sod / 3600),
                static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60), static_cast<int>(us / 1000),
                offset_min < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::optional<TimeUs> ParseDuration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  TimeUs total = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    int64_t v = 0;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      v = v * 10 + (s[pos] - '0');
      if (v > 1'000'000'000) return std::nullopt;
      ++pos;
    }
    if (pos == start) return std::nullopt;
    int64_t unit = 1;
    if (pos < s.size()) {
      switch (s[pos]) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: return std::nullopt;
      }
      ++pos;
    } else if (start != 0) {
      return std::nullopt;  // "1h30" is ambiguous
    }
    total += v * unit * kUsPerSecond;
  }
  return total;
}

}  // namespace gatetwin::engine
