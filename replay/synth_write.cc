// Writing feed lines by hand: RFC 3339 local timestamps, fixed-point numbers, JSON strings.
#include <charconv>
#include <cmath>

#include "replay/synth_internal.h"

namespace gatetwin::replay::synth {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Howard Hinnant's civil-from-days, as engine/time.cc uses, so dates agree with FormatRfc3339
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

void Two(unsigned v, char* p) {
  p[0] = static_cast<char>('0' + v / 10 % 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

TimeWriter::TimeWriter(int utc_offset_min) : offset_min_(utc_offset_min) {
  const int off = utc_offset_min < 0 ? -utc_offset_min : utc_offset_min;
  offset_text_[0] = utc_offset_min < 0 ? '-' : '+';
  Two(static_cast<unsigned>(off / 60), offset_text_ + 1);
  offset_text_[3] = ':';
  Two(static_cast<unsigned>(off % 60), offset_text_ + 4);
  offset_text_[6] = 0;
  date_text_[10] = 0;
}

void TimeWriter::Append(engine::TimeUs t, std::string* out) {
  const int64_t local_ms = FloorDiv(t + static_cast<int64_t>(offset_min_) * 60 * engine::kUsPerSecond, 1000);
  const int64_t day = FloorDiv(local_ms, 86'400'000);
  const int64_t ms_of_day = local_ms - day * 86'400'000;
  if (day != cached_day_) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(day, &y, &m, &d);
    const unsigned year = static_cast<unsigned>(y);
    Two(year / 100, date_text_);
    Two(year % 100, date_text_ + 2);
    date_text_[4] = '-';
    Two(m, date_text_ + 5);
    date_text_[7] = '-';
    Two(d, date_text_ + 8);
    cached_day_ = day;
  }
  char buf[13];
  const auto sod = static_cast<unsigned>(ms_of_day / 1000);
  const auto ms = static_cast<unsigned>(ms_of_day % 1000);
  buf[0] = 'T';
  Two(sod / 3600, buf + 1);
  buf[3] = ':';
  Two(sod / 60 % 60, buf + 4);
  buf[6] = ':';
  Two(sod % 60, buf + 7);
  buf[9] = '.';
  buf[10] = static_cast<char>('0' + ms / 100);
  Two(ms % 100, buf + 11);
  out->append(date_text_, 10);
  out->append(buf, 13);
  out->append(offset_text_, 6);
}

void AppendInt(int64_t value, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, r.ptr);
}

void AppendFixed(int64_t scaled, int decimals, std::string* out) {
  if (decimals <= 0) return AppendInt(scaled, out);
  uint64_t magnitude = scaled < 0 ? 0 - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  if (scaled < 0) out->push_back('-');
  uint64_t pow10 = 1;
  for (int i = 0; i < decimals; ++i) pow10 *= 10;
  AppendInt(static_cast<int64_t>(magnitude / pow10), out);
  out->push_back('.');
  char buf[20];
  uint64_t frac = magnitude % pow10;
  for (int i = decimals - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out->append(buf, static_cast<size_t>(decimals));
}

void AppendRounded(double value, int decimals, std::string* out) {
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  AppendFixed(std::llround(value * scale), decimals, out);
}

}  // namespace gatetwin::replay::synth
