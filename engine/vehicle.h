// The state of one vehicle trip through the gate: identity, place on its lane, stage and stage times.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/time.h"
#include "world/world.h"

namespace gatetwin::engine {

/// Where a vehicle is in its passage through the gate.
enum class Stage : uint8_t {
  kApproaching,  // read at entry, driving toward its booth
  kQueued,       // stopped behind another vehicle or at a busy booth, waiting for service
  kInService,    // read at a booth, being inspected
  kCleared,      // released by the booth (barrier open), driving toward the exit
  kInYard,       // parked in a yard
  kExited,       // read at exit (or lost): the trip is over
};
inline constexpr int kStageCount = 6;

std::string_view ToString(Stage s);

/// Why a trip ended.
enum class TripEnd : uint8_t { kActive, kExitRead, kLost, kSuperseded };

/// One trip: a plate travelling in one direction, from its first read to its exit.
struct Vehicle {
  uint32_t id = 0;    // stable, assigned in order of first read
  std::string plate;  // normalised
  world::VehicleClass vehicle_class = world::VehicleClass::kTruck;
  world::Direction direction = world::Direction::kVnToCn;
  Stage stage = Stage::kApproaching;
  TripEnd end = TripEnd::kActive;

  int lane = -1;         // current lane, -1 when in a yard
  double station_m = 0;  // distance along the lane
  double speed_mps = 0;
  double target_station_m = 0;  // where it is driving to on its lane
  int booth = -1;               // booth serving or awaited, -1 when none
  int zone = -1;                // yard it is parked in, -1 otherwise

  TimeUs first_seen_us = -1;  // first read of any kind
  TimeUs last_seen_us = -1;   // latest read of any kind
  TimeUs entry_us = -1;       // entry read (time in system starts), -1 when never read at entry
  TimeUs exit_us = -1;        // exit read (time in system ends)
  std::array<TimeUs, kStageCount> stage_since_us{-1, -1, -1, -1, -1, -1};  // first time in each stage

  bool scan_hold = false;  // an X-ray scan held it
  double gross_kg = -1;    // latest weighbridge reading
};

/// Box dimensions by vehicle class (length, width, height in metres).
struct VehicleSize {
  double length_m, width_m, height_m;
};
VehicleSize SizeOf(world::VehicleClass c);

}  // namespace gatetwin::engine
