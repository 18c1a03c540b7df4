// JSON feed lines → Events: a strict fast scanner or simdjson ondemand in place, then the contract checks.
//
// [SECTION] field table
// [SECTION] JSON text helpers
// [SECTION] decoding (shared with the CSV parser)
// [SECTION] LineParser (fast scanner, simdjson)
#include "replay/line_parser.h"

#include <simdjson.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace gatetwin::replay {
namespace {

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING, "lines need simdjson's padding");
static_assert(kFieldCount <= 32, "FieldSet::present is a 32-bit mask");

//---------------------------------------------------------------------------------------------
// [SECTION] field table

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "ts",        "sensor",      "kind",       "lane",     "dir",       "plate",          "conf",    "vehicle_class",
    "speed_kmh", "length_m",    "interval_s", "count",    "occupancy", "mean_speed_kmh", "vehicle", "lat",
    "lon",       "heading_deg", "state",      "gross_kg", "phase",     "result",         "tag",     "detail"};

constexpr uint32_t Bit(Field f) { return 1u << static_cast<int>(f); }

// a perfect hash of the field names: length and first two bytes give distinct slots (checked
// below), so a key is looked up with one table read and one compare
constexpr size_t FieldHash(size_t size, char c0, char c1) {
  return (size * 4 + static_cast<unsigned char>(c0) + static_cast<unsigned char>(c1) * 38u) & 63u;
}

constexpr std::array<Field, 64> MakeFieldByHash() {
  std::array<Field, 64> table{};
  for (Field& f : table) f = Field::kUnknown;
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    const std::string_view name = kFieldNames[i];
    table[FieldHash(name.size(), name[0], name[1])] = static_cast<Field>(i);
  }
  return table;
}

constexpr std::array<Field, 64> kFieldByHash = MakeFieldByHash();

constexpr bool FieldHashIsPerfect() {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    const std::string_view name = kFieldNames[i];
    if (kFieldByHash[FieldHash(name.size(), name[0], name[1])] != static_cast<Field>(i)) return false;
  }
  return true;
}
static_assert(FieldHashIsPerfect(), "two field names share a FieldHash slot: change its constants");

// LookupField, inlined into the scanner (every key of every line goes through it)
inline Field FindField(std::string_view name) {
  static_assert(sizeof("mean_speed_kmh") - 1 <= 16, "LookupField compares at most 16 bytes");
  // the perfect hash picks the only candidate without a branch; one compare confirms it
  if (name.size() < 2) return Field::kUnknown;
  const Field f = kFieldByHash[FieldHash(name.size(), name[0], name[1])];
  if (f == Field::kUnknown) return f;
  const std::string_view want = kFieldNames[static_cast<size_t>(f)];
  const size_t n = want.size();
  if (name.size() != n) return Field::kUnknown;
  const char* a = name.data();
  const char* b = want.data();
  // two overlapping loads of the widest size that fits cover any length from 2 to 16, no call
  const auto same = [&]<typename W>(W) {
    W x, y, u, v;
    std::memcpy(&x, a, sizeof(W));
    std::memcpy(&y, b, sizeof(W));
    std::memcpy(&u, a + n - sizeof(W), sizeof(W));
    std::memcpy(&v, b + n - sizeof(W), sizeof(W));
    return x == y && u == v;
  };
  const bool match = n >= 8 ? same(uint64_t{}) : n >= 4 ? same(uint32_t{}) : same(uint16_t{});
  return match ? f : Field::kUnknown;
}

// bytes that can appear in a JSON number, for the scanner's quick span (the grammar is
// checked by ParseJsonNumber)
constexpr std::array<bool, 256> kNumberByte = [] {
  std::array<bool, 256> table{};
  for (char c : std::string_view("0123456789+-.eE")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// fields any kind may carry: lane and dir locate every kind of event
constexpr uint32_t kCommon =
    Bit(Field::kTs) | Bit(Field::kSensor) | Bit(Field::kKind) | Bit(Field::kLane) | Bit(Field::kDir);

struct KindFields {
  uint32_t allowed;  // besides kCommon
  uint32_t required;
};

// the contract's kind table, in EventKind order
constexpr std::array<KindFields, kEventKindCount> kKindFields = {{
    {Bit(Field::kPlate) | Bit(Field::kConf) | Bit(Field::kVehicleClass), Bit(Field::kPlate)},
    {Bit(Field::kSpeedKmh) | Bit(Field::kLengthM), 0},
    {Bit(Field::kIntervalS) | Bit(Field::kCount) | Bit(Field::kOccupancy) | Bit(Field::kMeanSpeedKmh),
     Bit(Field::kIntervalS) | Bit(Field::kCount)},
    {Bit(Field::kVehicle) | Bit(Field::kLat) | Bit(Field::kLon) | Bit(Field::kHeadingDeg) | Bit(Field::kSpeedKmh),
     Bit(Field::kVehicle) | Bit(Field::kLat) | Bit(Field::kLon)},
    {Bit(Field::kState), Bit(Field::kState)},
    {Bit(Field::kPlate) | Bit(Field::kGrossKg), Bit(Field::kPlate) | Bit(Field::kGrossKg)},
    {Bit(Field::kPlate) | Bit(Field::kPhase) | Bit(Field::kResult), Bit(Field::kPlate) | Bit(Field::kPhase)},
    {Bit(Field::kTag) | Bit(Field::kPlate), Bit(Field::kTag)},
    {Bit(Field::kState) | Bit(Field::kDetail), Bit(Field::kState)},
}};

//---------------------------------------------------------------------------------------------
// [SECTION] JSON text helpers

// the JSON number grammar, so CSV cells that are numbers stay numbers in `extra`
bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  return i == n;
}

// length of a valid UTF-8 sequence starting at s[i], or 0 when the bytes are not valid UTF-8
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    const unsigned char c1 = b(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    const unsigned char c1 = b(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// a value quoted for a detail message, cut short so one bad field cannot bloat the quarantine
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 64;
  std::string out = "\"";
  out.append(s.substr(0, kMax));
  if (s.size() > kMax) out.append("...");
  out.push_back('"');
  return out;
}

//---------------------------------------------------------------------------------------------
// [SECTION] decoding (shared with the CSV parser)

bool Fail(Doubt* doubt, Reason reason, std::string detail) {
  doubt->reason = reason;
  doubt->detail = std::move(detail);
  return false;
}

bool Malformed(Doubt* doubt, std::string detail) { return Fail(doubt, Reason::kMalformed, std::move(detail)); }

// the doubts of the getters below, kept out of line so the getters stay small enough to inline
[[gnu::cold, gnu::noinline]] bool FieldMalformed(Doubt* doubt, Field f, std::string_view what) {
  return Malformed(doubt, std::string(ToString(f)).append(what));
}

[[gnu::cold, gnu::noinline]] bool OutOfRange(Doubt* doubt, Field f, double lo, double hi, double value) {
  char buf[96];
  std::snprintf(buf, sizeof buf, " out of range %g..%g: %g", lo, hi, value);
  return FieldMalformed(doubt, f, buf);
}

bool GetString(const FieldSet& fs, Field f, std::string_view* out, Doubt* doubt) {
  const FieldValue& v = fs.Get(f);
  if (v.type != FieldValue::Type::kString && v.type != FieldValue::Type::kText) [[unlikely]] {
    return FieldMalformed(doubt, f, " must be a string");
  }
  *out = v.text;
  return true;
}

bool GetNumber(const FieldSet& fs, Field f, double* out, Doubt* doubt) {
  const FieldValue& v = fs.Get(f);
  if (v.type == FieldValue::Type::kNumber) {
    *out = v.number;
    return true;
  }
  if (v.type == FieldValue::Type::kText) {
    const char* first = v.text.data();
    const char* last = first + v.text.size();
    double d = 0;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec == std::errc() && ptr == last && std::isfinite(d)) {
      *out = d;
      return true;
    }
    return FieldMalformed(doubt, f, " must be a number, got " + Quote(v.text));
  }
  return FieldMalformed(doubt, f, " must be a number");
}

// a number within [lo, hi]: the ranges keep -1 free as the "absent" marker of Event
bool GetRanged(const FieldSet& fs, Field f, double lo, double hi, double* out, Doubt* doubt) {
  if (!GetNumber(fs, f, out, doubt)) return false;
  if (*out < lo || *out > hi) [[unlikely]] {
    return OutOfRange(doubt, f, lo, hi, *out);
  }
  return true;
}

bool GetFloat(const FieldSet& fs, Field f, double lo, double hi, float* out, Doubt* doubt) {
  double d = 0;
  if (!GetRanged(fs, f, lo, hi, &d, doubt)) return false;
  *out = static_cast<float>(d);
  return true;
}

// plate into an existing string, so a reused Event never allocates for it
bool GetPlate(const FieldSet& fs, Field f, std::string* out, Doubt* doubt) {
  std::string_view text;
  if (!GetString(fs, f, &text, doubt)) return false;
  // written through a pointer, then cut to length: no per-byte size bookkeeping
  out->resize(text.size());
  char* dst = out->data();
  for (char c : text) {
    if (c == ' ' || c == '.' || c == '-') continue;
    *dst++ = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  out->resize(static_cast<size_t>(dst - out->data()));
  if (out->empty()) [[unlikely]] {
    return FieldMalformed(doubt, f, " is empty");
  }
  return true;
}

[[gnu::cold, gnu::noinline]] bool NotOneOf(Doubt* doubt, Field f, const std::string_view* names, size_t n,
                                           std::string_view text) {
  std::string expected;
  for (size_t i = 0; i < n; ++i) expected.append(i ? ", " : "").append(names[i]);
  return FieldMalformed(doubt, f, " must be one of " + expected + ", got " + Quote(text));
}

template <typename E, size_t N>
bool GetEnum(const FieldSet& fs, Field f, const std::array<std::string_view, N>& names, E* out, Doubt* doubt) {
  std::string_view text;
  if (!GetString(fs, f, &text, doubt)) return false;
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) {
      *out = static_cast<E>(i);
      return true;
    }
  }
  return NotOneOf(doubt, f, names.data(), N, text);
}

constexpr std::array<std::string_view, 2> kBarrierStates = {"open", "closed"};
constexpr std::array<std::string_view, 3> kHealthStates = {"ok", "fault", "offline"};
constexpr std::array<std::string_view, 2> kScanPhases = {"start", "end"};
constexpr std::array<std::string_view, 2> kScanResults = {"clear", "hold"};  // ScanResult minus kNone
constexpr std::array<std::string_view, 2> kDirections = {"vn_to_cn", "cn_to_vn"};
constexpr std::array<std::string_view, 6> kClasses = {"truck", "container", "tanker", "car", "bus", "other"};

void AppendExtra(std::string* extra, Field f, const FieldValue& v) {
  extra->append(",\"").append(ToString(f)).append("\":");
  AppendJsonValue(extra, v);
}

// decodes one kind-specific (or common lane/dir) field into the event
bool DecodeOne(const world::World& world, const FieldSet& fs, Field f, Event* e, Doubt* doubt) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (f) {
    case Field::kLane: {
      std::string_view id;
      if (!GetString(fs, f, &id, doubt)) return false;
      e->lane = world.FindLane(id);
      if (e->lane < 0) return Malformed(doubt, "unknown lane " + Quote(id));
      return true;
    }
    case Field::kDir: e->has_dir = true; return GetEnum(fs, f, kDirections, &e->dir, doubt);
    case Field::kPlate:
    case Field::kVehicle: return GetPlate(fs, f, &e->plate, doubt);
    case Field::kConf: return GetFloat(fs, f, 0, 1, &e->conf, doubt);
    case Field::kVehicleClass: e->has_class = true; return GetEnum(fs, f, kClasses, &e->vehicle_class, doubt);
    case Field::kSpeedKmh:
    case Field::kMeanSpeedKmh: return GetFloat(fs, f, 0, kInf, &e->speed_kmh, doubt);
    case Field::kLengthM: return GetFloat(fs, f, 0, kInf, &e->length_m, doubt);
    case Field::kIntervalS: return GetFloat(fs, f, 0, kInf, &e->interval_s, doubt);
    case Field::kCount: {
      double d = 0;
      if (!GetRanged(fs, f, 0, std::numeric_limits<int32_t>::max(), &d, doubt)) return false;
      if (d != std::floor(d)) return Malformed(doubt, "count must be a whole number");
      e->count = static_cast<int32_t>(d);
      return true;
    }
    case Field::kOccupancy: return GetFloat(fs, f, 0, 1, &e->occupancy, doubt);
    case Field::kLat: return GetRanged(fs, f, -90, 90, &e->lat_deg, doubt);
    case Field::kLon: return GetRanged(fs, f, -180, 180, &e->lon_deg, doubt);
    case Field::kHeadingDeg: return GetFloat(fs, f, 0, 360, &e->heading_deg, doubt);
    case Field::kState:
      if (e->kind == EventKind::kBarrier) return GetEnum(fs, f, kBarrierStates, &e->barrier, doubt);
      return GetEnum(fs, f, kHealthStates, &e->health, doubt);
    case Field::kGrossKg: return GetRanged(fs, f, 0, kInf, &e->gross_kg, doubt);
    case Field::kPhase: return GetEnum(fs, f, kScanPhases, &e->scan_phase, doubt);
    case Field::kResult: {
      uint8_t r = 0;
      if (!GetEnum(fs, f, kScanResults, &r, doubt)) return false;
      e->scan_result = static_cast<ScanResult>(r + 1);
      return true;
    }
    case Field::kTag: {
      std::string_view text;
      if (!GetString(fs, f, &text, doubt)) return false;
      if (text.empty()) return Malformed(doubt, "tag is empty");
      e->tag.assign(text);
      return true;
    }
    case Field::kDetail: {
      std::string_view text;
      if (!GetString(fs, f, &text, doubt)) return false;
      e->detail.assign(text);
      return true;
    }
    case Field::kTs:
    case Field::kSensor:
    case Field::kKind:
    case Field::kUnknown: break;
  }
  return true;
}

// the seconds and fraction of `s` from byte 17 up to `suffix_at`: "SS" or "SS.f…" (1–9 digits),
// exactly what ParseRfc3339 accepts there
bool SecondsAndFraction(std::string_view s, size_t suffix_at, engine::TimeUs* out) {
  if (suffix_at < 19 || s[17] < '0' || s[17] > '9' || s[18] < '0' || s[18] > '9') return false;
  const int sec = (s[17] - '0') * 10 + (s[18] - '0');
  if (sec > 60) return false;
  int64_t frac_us = 0;
  if (suffix_at > 19) {
    const size_t digits = suffix_at - 20;
    if (s[19] != '.' || digits == 0 || digits > 9) return false;
    int64_t scale = 100000;
    for (size_t i = 20; i < suffix_at; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      if (i < 26) frac_us += (s[i] - '0') * scale, scale /= 10;
    }
  }
  *out = sec * engine::kUsPerSecond + frac_us;
  return true;
}

// the offset part of an RFC 3339 time: "Z"/"z" or the last 6 bytes ("+07:00")
size_t SuffixLength(std::string_view s) { return !s.empty() && (s.back() == 'Z' || s.back() == 'z') ? 1 : 6; }

// equality of two short byte runs without a call: 8 bytes at a time, the tail by an
// overlapping load (runs of 8+ bytes) or byte by byte
inline bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    uint64_t x, y;
    for (size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool CachedTime(DecodeCache* c, std::string_view s, Event* e) {
  const size_t suffix = SuffixLength(s);
  if (c->ts_prefix.empty() || s.size() < 19 + suffix || c->ts_suffix.size() != suffix ||
      !SameBytes(s.data(), c->ts_prefix.data(), 17) ||
      !SameBytes(s.data() + s.size() - suffix, c->ts_suffix.data(), suffix)) {
    return false;
  }
  engine::TimeUs within = 0;
  if (!SecondsAndFraction(s, s.size() - suffix, &within)) return false;
  e->ts_us = c->ts_minute_us + within;
  e->utc_offset_min = static_cast<int16_t>(c->ts_offset_min);
  return true;
}

void RememberTime(DecodeCache* c, std::string_view s, const engine::ParsedTime& t) {
  const size_t suffix = SuffixLength(s);
  engine::TimeUs within = 0;
  if (s.size() < 19 + suffix || !SecondsAndFraction(s, s.size() - suffix, &within)) return;
  c->ts_prefix.assign(s.substr(0, 17));
  c->ts_suffix.assign(s.substr(s.size() - suffix));
  c->ts_minute_us = t.utc_us - within;
  c->ts_offset_min = t.offset_min;
}

int CachedSensor(DecodeCache* c, const world::World& world, std::string_view id) {
  // ids differ mostly at their ends (…L03, …L04): hash the length and the last bytes
  uint64_t tail = 0;
  const size_t n = std::min<size_t>(id.size(), 8);
  std::memcpy(&tail, id.data() + id.size() - n, n);
  const size_t slot = static_cast<size_t>(((tail ^ id.size()) * 0x9e3779b97f4a7c15ULL) >> 57);  // 7 bits
  DecodeCache::SensorEntry& entry = c->sensors[slot];
  if (entry.index >= 0 && entry.id.size() == id.size() && SameBytes(entry.id.data(), id.data(), id.size())) {
    return entry.index;
  }
  const int index = world.FindSensor(id);
  if (index >= 0) {
    entry.id.assign(id);
    entry.index = index;
  }
  return index;
}

// The first byte in [p, end) that ends a plain string: a quote, a backslash, a control
// byte or a non-ASCII byte (or `end`). Reads 16 bytes at a time (8 without SSE2), possibly past
// `end` into the line's padding (kLinePadding readable bytes follow every line the scanner sees).
const char* ScanPlainString(const char* p, const char* end) {
#if defined(__SSE2__)
  // as signed bytes, control bytes (0x00–0x1f) and non-ASCII ones (0x80–0xff) are all below
  // 0x20: one compare finds both, two more the quote and the backslash
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i slash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(' ');
  while (p < end) {
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, slash)), _mm_cmplt_epi8(w, space));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask) {
      const char* hit = p + __builtin_ctz(mask);
      return hit < end ? hit : end;
    }
    p += 16;
  }
  return end;
#else
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  while (p < end) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t quote = w ^ (kOnes * '"');
    const uint64_t slash = w ^ (kOnes * '\\');
    // a byte is special when it is zero after the xors, below 0x20, or has its top bit set
    const uint64_t special = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((w - kOnes * 0x20) & ~w) | w;
    const uint64_t mask = special & kHigh;
    if (mask) {
      const char* hit = p + (__builtin_ctzll(mask) >> 3);
      return hit < end ? hit : end;
    }
    p += 8;
  }
  return end;
#endif
}

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// A JSON number to the nearest double, as simdjson and from_chars round it. Plain decimals of
// up to 15 digits take Clinger's exact path (integer ÷ exact power of ten: one rounding);
// the rest go to from_chars. False when `s` is not a JSON number or is out of range.
bool ParseJsonNumber(std::string_view s, double* out) {
  const char* p = s.data();
  const char* end = p + s.size();
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  uint64_t mantissa = 0;
  int digits = 0, fraction = 0;
  const char* int_start = p;
  while (p < end && *p >= '0' && *p <= '9') mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0'), ++digits;
  const bool int_ok = digits > 0 && !(digits > 1 && *int_start == '0');
  if (int_ok && p < end && *p == '.') {
    ++p;
    const char* frac_start = p;
    while (p < end && *p >= '0' && *p <= '9') mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0'), ++fraction;
    if (p == frac_start) return false;
  }
  if (int_ok && p == end && digits + fraction <= 15) {
    const double d = static_cast<double>(mantissa) / kPow10[fraction];
    *out = negative ? -d : d;
    return true;
  }
  if (s.size() > 32 || !IsJsonNumber(s)) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// The number starting at `p`: its span is the run of number bytes (kNumberByte), read by
// ParseJsonNumber. A plain decimal (ParseJsonNumber's exact path) is read in the same pass
// that finds its end, with the same arithmetic, so the result is the same.
bool ScanJsonNumber(const char* p, const char* end, const char** stop, double* out) {
  const char* q = p;
  const bool negative = *q == '-';
  if (negative) ++q;
  uint64_t mantissa = 0;
  int digits = 0, fraction = 0;
  const char* int_start = q;
  while (q < end && *q >= '0' && *q <= '9') mantissa = mantissa * 10 + static_cast<uint64_t>(*q++ - '0'), ++digits;
  bool plain = digits > 0 && !(digits > 1 && *int_start == '0');
  if (plain && q < end && *q == '.') {
    ++q;
    const char* frac_start = q;
    while (q < end && *q >= '0' && *q <= '9') mantissa = mantissa * 10 + static_cast<uint64_t>(*q++ - '0'), ++fraction;
    plain = q != frac_start;
  }
  if (plain && digits + fraction <= 15 && (q >= end || !kNumberByte[static_cast<unsigned char>(*q)])) {
    const double d = static_cast<double>(mantissa) / kPow10[fraction];
    *out = negative ? -d : d;
    *stop = q;
    return true;
  }
  q = p;
  while (q < end && kNumberByte[static_cast<unsigned char>(*q)]) ++q;
  *stop = q;
  return ParseJsonNumber(std::string_view(p, static_cast<size_t>(q - p)), out);
}

}  // namespace

std::string_view ToString(Field f) {
  return f == Field::kUnknown ? std::string_view() : kFieldNames[static_cast<size_t>(f)];
}

Field LookupField(std::string_view name) { return FindField(name); }

void ClearEvent(Event* e) {
  e->ts_us = 0;
  e->utc_offset_min = 0;
  e->kind = EventKind::kStatus;
  e->has_dir = false;
  e->dir = world::Direction::kVnToCn;
  e->sensor = -1;
  e->lane = -1;
  e->source = 0;
  e->line = 0;
  e->plate.clear();
  e->tag.clear();
  e->detail.clear();
  e->extra.clear();
  e->has_class = false;
  e->vehicle_class = world::VehicleClass::kTruck;
  e->conf = -1;
  e->speed_kmh = -1;
  e->length_m = -1;
  e->interval_s = -1;
  e->count = -1;
  e->occupancy = -1;
  e->lat_deg = 0;
  e->lon_deg = 0;
  e->heading_deg = -1;
  e->barrier = BarrierState::kClosed;
  e->health = Health::kOk;
  e->gross_kg = -1;
  e->scan_phase = ScanPhase::kStart;
  e->scan_result = ScanResult::kNone;
}

void AppendJsonString(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      // copy a run of plain ASCII at once
      size_t j = i + 1;
      while (j < s.size()) {
        const unsigned char d = static_cast<unsigned char>(s[j]);
        if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\') break;
        ++j;
      }
      out->append(s.data() + i, j - i);
      i = j;
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          const size_t n = Utf8SequenceLength(s, i);
          if (n == 0) {
            out->append("\xEF\xBF\xBD");  // U+FFFD: the output must stay valid UTF-8
            ++i;
            continue;
          }
          out->append(s.data() + i, n);
          i += n;
          continue;
        }
    }
    ++i;
  }
  out->push_back('"');
}

void AppendJsonValue(std::string* out, const FieldValue& v) {
  if (v.type != FieldValue::Type::kText) {
    out->append(v.raw.empty() ? std::string_view("null") : v.raw);
  } else if (IsJsonNumber(v.text)) {
    out->append(v.text);
  } else {
    AppendJsonString(out, v.text);
  }
}

bool DecodeFields(const world::World& world, const FieldSet& fs, Event* e, Doubt* doubt, DecodeCache* cache) {
  // ts, sensor, kind: anything wrong with them is malformed, before the kind is even known
  std::string_view ts_text, sensor_id, kind_text;
  if (!fs.Has(Field::kTs)) return Malformed(doubt, "missing ts");
  if (!GetString(fs, Field::kTs, &ts_text, doubt)) return false;
  if (!(cache && CachedTime(cache, ts_text, e))) {
    const auto ts = engine::ParseRfc3339(ts_text);
    if (!ts) return Malformed(doubt, "bad ts " + Quote(ts_text) + " (RFC 3339 with an offset expected)");
    e->ts_us = ts->utc_us;
    e->utc_offset_min = static_cast<int16_t>(ts->offset_min);
    if (cache) RememberTime(cache, ts_text, *ts);
  }
  if (!fs.Has(Field::kSensor)) return Malformed(doubt, "missing sensor");
  if (!GetString(fs, Field::kSensor, &sensor_id, doubt)) return false;
  e->sensor = cache ? CachedSensor(cache, world, sensor_id) : world.FindSensor(sensor_id);
  if (!fs.Has(Field::kKind)) return Malformed(doubt, "missing kind");
  if (!GetString(fs, Field::kKind, &kind_text, doubt)) return false;
  if (!ParseEventKind(kind_text, &e->kind))
    return Fail(doubt, Reason::kUnknownKind, "unknown kind " + Quote(kind_text));

  const KindFields& kf = kKindFields[static_cast<size_t>(e->kind)];
  const uint32_t missing = kf.required & ~fs.present;
  if (missing) {
    for (int i = 0; i < kFieldCount; ++i) {
      if ((missing >> i) & 1u) {
        return Malformed(doubt, "missing " + std::string(ToString(static_cast<Field>(i))) + " (required for " +
                                    std::string(kind_text) + ")");
      }
    }
  }
  const uint32_t mine = kCommon | kf.allowed;
  for (uint32_t bits = fs.present & ~kCommon; bits; bits &= bits - 1) {
    const auto f = static_cast<Field>(__builtin_ctz(bits));
    if (mine & Bit(f)) {
      if (!DecodeOne(world, fs, f, e, doubt)) return false;
    } else {
      AppendExtra(&e->extra, f, fs.Get(f));  // a known name this kind does not use: kept, not an error
    }
  }
  if (fs.Has(Field::kLane) && !DecodeOne(world, fs, Field::kLane, e, doubt)) return false;
  if (fs.Has(Field::kDir) && !DecodeOne(world, fs, Field::kDir, e, doubt)) return false;
  if (!e->extra.empty()) {
    e->extra[0] = '{';  // entries were written as `,"name":value`
    e->extra.push_back('}');
  }

  if (e->sensor < 0) return Fail(doubt, Reason::kUnknownSensor, "unknown sensor " + Quote(sensor_id));
  const world::Sensor& sensor = world.sensors[static_cast<size_t>(e->sensor)];
  if (e->lane < 0 && sensor.lanes.size() == 1) e->lane = sensor.lanes[0];
  if (!e->has_dir) {
    if (e->lane >= 0) {
      e->dir = world.lanes[static_cast<size_t>(e->lane)].direction;
      e->has_dir = true;
    } else if (sensor.direction) {
      e->dir = *sensor.direction;
      e->has_dir = true;
    }
  }
  return true;
}

//---------------------------------------------------------------------------------------------
// [SECTION] LineParser (fast scanner, simdjson)

// Feed lines repeat their keys in the same order, so the scanner guesses each key from the one
// that followed the same context last time and confirms the guess by comparing the raw bytes
// `"name":` (two 8-byte loads): on a match it skips the string scan and the name lookup. A
// guess is only ever a key already scanned and looked up, so a match gives the same result.
namespace {

struct KeyGuess {
  uint64_t lo = 0, hi = 0;            // the bytes of `"name":`, zero past `size`
  uint64_t lo_mask = 0, hi_mask = 0;  // which of the 16 bytes are compared
  size_t size = 0;                    // 0: nothing to guess yet
  Field id = Field::kUnknown;

  // `p` has at least `size` bytes of the line and 16 readable bytes (the line's padding)
  bool Matches(const char* p) const {
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    return ((a & lo_mask) == lo) & ((b & hi_mask) == hi);
  }

  void Remember(const char* bytes, size_t n, Field field) {
    if (n > 16) {
      size = 0;
      return;
    }
    unsigned char mask[16] = {};
    std::memset(mask, 0xff, n);
    std::memcpy(&lo_mask, mask, 8);
    std::memcpy(&hi_mask, mask + 8, 8);
    std::memcpy(&lo, bytes, 8);
    std::memcpy(&hi, bytes + 8, 8);
    lo &= lo_mask;
    hi &= hi_mask;
    size = n;
    id = field;
  }
};

// the context of the next key: the field just read, and after `kind` also its value (the keys
// that follow depend on the kind)
constexpr size_t kKindContexts = 16;
constexpr size_t kGuessContexts = 2 + kFieldCount + kKindContexts;

size_t GuessContext(Field id, const FieldValue& v) {
  if (id == Field::kKind && v.type == FieldValue::Type::kString && !v.text.empty()) {
    const size_t h = v.text.size() * 3 + static_cast<unsigned char>(v.text.back());
    return 2 + kFieldCount + h % kKindContexts;
  }
  return 1 + static_cast<size_t>(id);  // kUnknown is kFieldCount
}

}  // namespace

struct LineParser::Impl {
  explicit Impl(const world::World& w) : world(w) {}

  const world::World& world;
  simdjson::ondemand::parser parser;
  bool fast_path = true;
  FieldSet fields;
  FieldValue scratch;  // ScanFlat: the value of a null or an unknown field
  // ScanFlat: the key that followed each context last time (kGuessContexts of them)
  std::array<KeyGuess, kGuessContexts> guesses{};
  DecodeCache cache;
  std::string padded;  // Parse(): the line copied with padding after it

  static bool Invalid(simdjson::error_code err, Doubt* doubt) {
    return Malformed(doubt, std::string("invalid JSON: ") + simdjson::error_message(err));
  }

  // Reads the fields of the object in `doc` into `fields` (unknown ones into out->extra).
  bool Collect(simdjson::ondemand::document& doc, Event* out, Doubt* doubt) {
    namespace od = simdjson::ondemand;
    ClearEvent(out);
    fields.present = 0;
    od::object obj;
    if (auto err = doc.get_object().get(obj)) {
      return err == simdjson::INCORRECT_TYPE ? Malformed(doubt, "not a JSON object") : Invalid(err, doubt);
    }
    for (auto field_result : obj) {
      od::field field;
      if (auto err = std::move(field_result).get(field)) return Invalid(err, doubt);
      // the raw key, found in place: stage 1 guarantees its closing quote exists
      const char* key = field.key().raw();
      size_t key_len = 0;
      bool escaped = false;
      while (key[key_len] != '"') {
        if (key[key_len] == '\\') {
          escaped = true;
          ++key_len;
        }
        ++key_len;
      }
      Field id;
      if (escaped) {
        std::string_view unescaped;
        if (auto err = field.unescaped_key().get(unescaped)) return Invalid(err, doubt);
        id = LookupField(unescaped);
      } else {
        id = LookupField({key, key_len});
      }
      od::value value = field.value();
      od::json_type type;
      if (auto err = value.type().get(type)) return Invalid(err, doubt);
      FieldValue v;
      simdjson::error_code err = simdjson::SUCCESS;
      // raw spans run up to the next structural character (trailing blanks trimmed below)
      std::string_view raw;
      switch (type) {
        case od::json_type::string: {
          v.type = FieldValue::Type::kString;
          raw = value.raw_json_token();
          // without a backslash the text is the raw token between its quotes: no copy needed
          const std::string_view quoted = TrimRight(raw);
          if (quoted.size() >= 2 && !std::memchr(quoted.data(), '\\', quoted.size())) {
            v.text = quoted.substr(1, quoted.size() - 2);
          } else {
            err = value.get_string().get(v.text);
          }
          break;
        }
        case od::json_type::number:
          v.type = FieldValue::Type::kNumber;
          raw = value.raw_json_token();
          err = value.get_double().get(v.number);
          break;
        case od::json_type::boolean:
          v.type = FieldValue::Type::kBool;
          raw = value.raw_json_token();
          err = value.get_bool().get(v.boolean);
          break;
        case od::json_type::null: {
          v.type = FieldValue::Type::kNull;
          raw = value.raw_json_token();
          bool is_null = false;
          err = value.is_null().get(is_null);
          if (!err && !is_null) err = simdjson::INCORRECT_TYPE;
          break;
        }
        case od::json_type::object: {
          v.type = FieldValue::Type::kCompound;
          od::object o;
          err = value.get_object().get(o);
          if (!err) err = o.raw_json().get(raw);
          break;
        }
        case od::json_type::array: {
          v.type = FieldValue::Type::kCompound;
          od::array a;
          err = value.get_array().get(a);
          if (!err) err = a.raw_json().get(raw);
          break;
        }
      }
      if (err) return Invalid(err, doubt);
      v.raw = TrimRight(raw);
      if (id == Field::kUnknown) {
        out->extra.append(",\"").append(key, key_len).append("\":").append(v.raw);
      } else if (v.type != FieldValue::Type::kNull) {
        fields.Set(id) = v;  // a later duplicate key wins, as in most JSON readers
      }
    }
    return true;
  }

  // The common shape of a feed line, read without simdjson: one flat object of keys and values
  // that are strings without escapes (ASCII or valid UTF-8), numbers, true, false or null.
  // Strict: anything else (nesting, escapes, invalid UTF-8 or control bytes, any syntax error,
  // trailing bytes) returns false and simdjson reads the line, so results and doubts are the
  // same either way.
  bool ScanFlat(const char* p, const char* end, Event* out) {
    ClearEvent(out);
    fields.present = 0;
    const auto skip_ws = [&] {
      // one compare rejects most bytes: JSON whitespace is all at or below ' '
      while (p < end && static_cast<unsigned char>(*p) <= ' ' &&
             (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        ++p;
      }
    };
    // a string body from p (after its quote) to the closing quote: printable ASCII and valid
    // UTF-8 sequences (JSON strings may hold raw UTF-8, e.g. Chinese plates); escapes, control
    // bytes and invalid UTF-8 go to simdjson, which rejects or unescapes them
    const auto scan_string = [&](const char** stop) {
      const char* q = ScanPlainString(p, end);
      while (q < end && static_cast<unsigned char>(*q) >= 0x80) {
        const size_t n = Utf8SequenceLength(std::string_view(q, static_cast<size_t>(end - q)), 0);
        if (n == 0) return false;
        q = ScanPlainString(q + n, end);
      }
      if (q >= end || *q != '"') return false;
      *stop = q;
      return true;
    };
    skip_ws();
    if (p >= end || *p != '{') return false;
    ++p;
    skip_ws();
    if (p < end && *p == '}') {
      ++p;
    } else {
      size_t context = 0;  // which guess predicts the next key: 0 at the object's start
      while (true) {
        if (p >= end || *p != '"') return false;
        KeyGuess& guess = guesses[context];
        std::string_view key;
        Field id;
        if (guess.size != 0 && static_cast<size_t>(end - p) >= guess.size && guess.Matches(p)) {
          // the same bytes as a key already scanned and looked up: `"name":`
          key = std::string_view(p + 1, guess.size - 3);
          id = guess.id;
          p += guess.size;
        } else {
          ++p;
          const char* key_end = nullptr;
          if (!scan_string(&key_end)) return false;
          key = std::string_view(p, static_cast<size_t>(key_end - p));
          id = FindField(key);
          p = key_end + 1;
          if (p < end && *p == ':') guess.Remember(key.data() - 1, key.size() + 3, id);
          skip_ws();
          if (p >= end || *p != ':') return false;
          ++p;
        }
        skip_ws();
        if (p >= end) return false;
        const char* value_start = p;
        const char c = *p;
        // the value goes straight into its field's slot; nulls and unknown names use a scratch
        // slot (a null must not erase an earlier value of a repeated key)
        FieldValue& v = id != Field::kUnknown && c != 'n' ? fields.values[static_cast<size_t>(id)] : scratch;
        if (c == '"') {
          ++p;
          const char* stop = nullptr;
          if (!scan_string(&stop)) return false;
          v.type = FieldValue::Type::kString;
          v.text = std::string_view(p, static_cast<size_t>(stop - p));
          p = stop + 1;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          const char* q = p;
          if (!ScanJsonNumber(p, end, &q, &v.number)) return false;
          v.type = FieldValue::Type::kNumber;
          p = q;
        } else if (end - p >= 4 && std::memcmp(p, "true", 4) == 0) {
          v.type = FieldValue::Type::kBool;
          v.boolean = true;
          p += 4;
        } else if (end - p >= 5 && std::memcmp(p, "false", 5) == 0) {
          v.type = FieldValue::Type::kBool;
          v.boolean = false;
          p += 5;
        } else if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
          v.type = FieldValue::Type::kNull;
          p += 4;
        } else {
          return false;
        }
        v.raw = std::string_view(value_start, static_cast<size_t>(p - value_start));
        if (id == Field::kUnknown) {
          out->extra.append(",\"").append(key).append("\":").append(v.raw);
        } else if (v.type != FieldValue::Type::kNull) {
          fields.present |= Bit(id);
        }
        context = GuessContext(id, v);
        skip_ws();
        if (p >= end) return false;
        if (*p == '}') {
          ++p;
          break;
        }
        if (*p != ',') return false;
        ++p;
        skip_ws();
      }
    }
    skip_ws();
    return p == end;
  }

  bool Run(const char* data, size_t size, size_t capacity, Event* out, Doubt* doubt) {
    if (fast_path && ScanFlat(data, data + size, out)) return DecodeFields(world, fields, out, doubt, &cache);
    simdjson::ondemand::document doc;
    if (auto err = parser.iterate(data, size, capacity).get(doc)) {
      ClearEvent(out);
      return Invalid(err, doubt);
    }
    if (!Collect(doc, out, doubt)) return false;
    if (!doc.current_location().error()) return Malformed(doubt, "trailing content after the JSON object");
    return DecodeFields(world, fields, out, doubt, &cache);
  }
};

LineParser::LineParser(const world::World& world) : impl_(std::make_unique<Impl>(world)) {}
LineParser::~LineParser() = default;

bool LineParser::ParsePadded(const char* data, size_t size, size_t capacity, Event* out, Doubt* doubt) {
  return impl_->Run(data, size, capacity, out, doubt);
}

bool LineParser::Parse(std::string_view line, Event* out, Doubt* doubt) {
  std::string& buf = impl_->padded;
  buf.assign(line);
  buf.append(kLinePadding, ' ');
  return impl_->Run(buf.data(), line.size(), buf.size(), out, doubt);
}

void LineParser::set_fast_path(bool on) { impl_->fast_path = on; }

}  // namespace gatetwin::replay
