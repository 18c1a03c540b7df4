// One decoded sensor event of the feed contract (shared/spec/feed-events.md), and doubt reasons.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/time.h"
#include "world/world.h"

namespace gatetwin::replay {

/// The contract's event kinds.
enum class EventKind : uint8_t { kPlateRead, kPresence, kLoop, kGps, kBarrier, kWeigh, kScan, kRfid, kStatus };
inline constexpr int kEventKindCount = 9;

/// Why an event was not applied (the contract's quarantine reasons, plus the range filter).
enum class Reason : uint8_t { kMalformed, kUnknownSensor, kUnknownKind, kDuplicate, kLate, kOutsideRange };
inline constexpr int kReasonCount = 6;

/// Barrier arm state, status health, scan phase/result.
enum class BarrierState : uint8_t { kOpen, kClosed };
enum class Health : uint8_t { kOk, kFault, kOffline };
enum class ScanPhase : uint8_t { kStart, kEnd };
enum class ScanResult : uint8_t { kNone, kClear, kHold };

/// A decoded event. Optional numeric fields hold NaN (floats) or -1 (counts) when absent.
/// Strings are short (plates, tags) and stay in std::string's small buffer.
struct Event {
  engine::TimeUs ts_us = 0;    // UTC instant the sensor observed it
  int16_t utc_offset_min = 0;  // the offset the timestamp was written with (clock skew hints)
  EventKind kind = EventKind::kStatus;
  bool has_dir = false;
  world::Direction dir = world::Direction::kVnToCn;
  int32_t sensor = -1;  // index into World::sensors
  int32_t lane = -1;    // index into World::lanes; filled from the sensor when it covers one lane
  uint32_t source = 0;  // which feed it came from (index in the merger's sources)
  uint64_t line = 0;    // 1-based line (or row) in that feed

  std::string plate;   // normalised (upper case, no spaces/dots/dashes): plate_read, weigh, scan, rfid, gps `vehicle`
  std::string tag;     // rfid
  std::string detail;  // status
  std::string extra;   // unknown fields as a JSON object text (`{}` omitted: empty when none)

  bool has_class = false;
  world::VehicleClass vehicle_class = world::VehicleClass::kTruck;
  float conf = -1;  // plate_read confidence 0..1, -1 when absent

  float speed_kmh = -1;             // presence, gps; loop: mean_speed_kmh
  float length_m = -1;              // presence
  float interval_s = -1;            // loop
  int32_t count = -1;               // loop
  float occupancy = -1;             // loop
  double lat_deg = 0, lon_deg = 0;  // gps
  float heading_deg = -1;           // gps
  BarrierState barrier = BarrierState::kClosed;
  Health health = Health::kOk;
  double gross_kg = -1;  // weigh
  ScanPhase scan_phase = ScanPhase::kStart;
  ScanResult scan_result = ScanResult::kNone;
};

std::string_view ToString(EventKind k);
std::string_view ToString(Reason r);
/// Contract kind text → kind; false when it is not in the table.
bool ParseEventKind(std::string_view text, EventKind* out);

/// Normalises a plate for comparison: upper case (ASCII), spaces, dots and dashes removed.
std::string NormalisePlate(std::string_view plate);

}  // namespace gatetwin::replay
