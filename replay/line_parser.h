// Decodes one feed line (a JSON object of the feed contract) into an Event, with the contract's checks.
//
// The field table and the decoding rules (FieldSet, DecodeFields) are shared with the CSV
// parser, so both formats give the same Event and the same doubt reasons for the same data.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "replay/event.h"
#include "world/world.h"

namespace gatetwin::replay {

/// Bytes that must be readable after a line handed to LineParser::ParsePadded (simdjson's padding).
inline constexpr size_t kLinePadding = 64;

/// Why a line was not turned into an event: the contract reason and a human-readable detail.
struct Doubt {
  Reason reason = Reason::kMalformed;
  std::string detail;
};

/// The field names of the feed contract. kUnknown is any other name (kept in Event::extra).
enum class Field : uint8_t {
  kTs,
  kSensor,
  kKind,
  kLane,
  kDir,
  kPlate,
  kConf,
  kVehicleClass,
  kSpeedKmh,
  kLengthM,
  kIntervalS,
  kCount,
  kOccupancy,
  kMeanSpeedKmh,
  kVehicle,
  kLat,
  kLon,
  kHeadingDeg,
  kState,
  kGrossKg,
  kPhase,
  kResult,
  kTag,
  kDetail,
  kUnknown
};
inline constexpr int kFieldCount = static_cast<int>(Field::kUnknown);

/// The contract name of a field ("ts", "plate", ...); "" for kUnknown.
std::string_view ToString(Field f);
/// Field for a contract name; kUnknown for anything else (case-sensitive, as JSON keys are).
Field LookupField(std::string_view name);

/// One field's value as read, before decoding.
struct FieldValue {
  /// JSON types, plus kText for a CSV cell (text that numeric fields parse as a number).
  enum class Type : uint8_t { kNull, kString, kNumber, kBool, kCompound, kText };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;      // kNumber
  std::string_view text;  // kString (unescaped), kText (the cell)
  std::string_view raw;   // the JSON text of the value (kString/kNumber/kBool/kCompound); empty for kText
};

/// The contract fields of one line as read. Only fields whose bit is set in `present` are valid;
/// a JSON `null` counts as absent. Views point into the line or the parser's buffers.
struct FieldSet {
  uint32_t present = 0;
  std::array<FieldValue, kFieldCount> values;

  bool Has(Field f) const { return (present >> static_cast<int>(f)) & 1u; }
  const FieldValue& Get(Field f) const { return values[static_cast<size_t>(f)]; }
  FieldValue& Set(Field f) {
    present |= 1u << static_cast<int>(f);
    return values[static_cast<size_t>(f)];
  }
};

/// Memo of recent lookups that makes decoding consecutive, similar lines cheaper: the minute a
/// timestamp falls in (feeds are time-ordered, so the date/hour/minute prefix repeats) and a
/// small direct-mapped cache of sensor ids. Results are identical with or without it.
struct DecodeCache {
  // timestamp: `ts_prefix` (YYYY-MM-DDTHH:MM:) and `ts_suffix` (the offset) seen last, and the
  // UTC µs at second 0 of that minute
  std::string ts_prefix, ts_suffix;
  engine::TimeUs ts_minute_us = 0;
  int ts_offset_min = 0;
  // sensors: id → World index, keyed by a cheap hash of the id
  struct SensorEntry {
    std::string id;
    int index = -1;
  };
  std::array<SensorEntry, 128> sensors;
};

/// Resets `e` to a blank event, keeping the capacity of its strings (no allocation on reuse).
void ClearEvent(Event* e);

/// Decodes the fields of one line into `out` (whose `extra` may already hold `,"name":value`
/// entries of unknown fields; it is completed to a JSON object or left empty). Checks in the
/// contract's order: ts/sensor/kind missing or bad → malformed; kind not in the table →
/// unknown_kind; the kind's fields → malformed (the detail names the field); sensor not in the
/// world → unknown_sensor. Fills lane from a one-lane sensor and dir from the lane or sensor.
/// Known fields that do not belong to the kind go to `extra`, as unknown ones do.
/// `cache` (optional) speeds up timestamp parsing and sensor lookups.
bool DecodeFields(const world::World& world, const FieldSet& fields, Event* out, Doubt* doubt,
                  DecodeCache* cache = nullptr);

/// Appends `s` to `out` as a JSON string literal (quotes included). Control characters are
/// escaped; bytes that are not valid UTF-8 become U+FFFD, so the output is always valid JSON.
void AppendJsonString(std::string* out, std::string_view s);

/// Appends a field's value as JSON text: its raw JSON when it came from JSON, else (a CSV cell)
/// a number when the text is a JSON number and a string otherwise.
void AppendJsonValue(std::string* out, const FieldValue& v);

/// Turns JSON lines into events. One parser per thread; it reuses its buffers between lines.
class LineParser {
 public:
  /// The world must outlive the parser (sensors and lanes are looked up in it).
  explicit LineParser(const world::World& world);
  ~LineParser();
  LineParser(const LineParser&) = delete;
  LineParser& operator=(const LineParser&) = delete;

  /// Decodes the line [data, data + size), which must be followed by at least kLinePadding
  /// readable bytes (`capacity` ≥ size + kLinePadding counts them): lines inside a read chunk
  /// are parsed in place. True with `out` filled; false with `doubt` set (`out` then holds
  /// whatever was decoded, e.g. the sensor index, ts and kind when they were valid).
  bool ParsePadded(const char* data, size_t size, size_t capacity, Event* out, Doubt* doubt);

  /// Same, for any text (copied into an internal padded buffer first).
  bool Parse(std::string_view line, Event* out, Doubt* doubt);

  /// Lines of the common shape (a flat object of UTF-8 strings without escapes, numbers,
  /// booleans and nulls) are read by a strict hand-written scanner, which costs a fraction of
  /// simdjson's generic (non-AVX2, as the project is built) stage 2; any other line goes to
  /// simdjson. On by default; tests turn it off to check both give the same results.
  void set_fast_path(bool on);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::replay
