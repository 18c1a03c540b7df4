// How a SUMO run maps onto a world: its clock, lanes, detectors, plates, and its coordinates.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/time.h"
#include "world/world.h"

namespace gatetwin::replay {

/// How FCD samples find their world lane.
enum class SumoPlacement : uint8_t {
  kLanes,  // by SUMO lane id through the `lanes:` table, the station being `pos` + offset_m
  kGeo,    // by position: x/y projected into the world frame and snapped to the nearest lane
};

/// What FCD x/y are (geo placement only).
enum class SumoCoordinates : uint8_t {
  kNet,     // SUMO net metres: minus the net's netOffset, in its projParameter (UTM or none)
  kLonLat,  // longitude/latitude, as `sumo --fcd-output.geo` writes them
};

/// A SUMO net's `<location>`: how its metres relate to the earth (net_offset and projection).
struct SumoNetLocation {
  double net_offset_x_m = 0, net_offset_y_m = 0;
  std::string proj;  // the projParameter text: "!" (none) or a PROJ string
  int utm_zone = 0;  // from `+proj=utm +zone=N`; 0 when the net is not in UTM
  bool utm_north = true;
};

/// Where a SUMO lane lands in the world.
struct SumoLaneTarget {
  int lane = -1;        // index into World::lanes
  double offset_m = 0;  // world station = SUMO pos + offset_m
};

/// A loaded lane-map file (or the defaults for geo placement, see DefaultSumoMap).
struct SumoMap {
  std::string path;             // the file, for messages; empty for defaults
  engine::TimeUs start_us = 0;  // the instant of SUMO time 0
  int utc_offset_min = 7 * 60;  // the offset `start` was written with, used for the feed's ts
  SumoPlacement placement = SumoPlacement::kLanes;
  SumoCoordinates coordinates = SumoCoordinates::kNet;
  std::optional<SumoNetLocation> location;  // from `net:` (needed for kNet coordinates)
  /// Frame of the net when it has no projection (projParameter "!"): its metres minus netOffset
  /// are the world's local metres (`net_frame: world`).
  bool net_is_world_frame = false;
  double snap_m = 5;  // geo: farthest a sample may be from a lane to be on it
  std::unordered_map<std::string, SumoLaneTarget> lanes;
  std::vector<std::string> ignore_lanes;                        // exact ids, or prefixes written with a trailing `*`
  std::unordered_map<std::string, int> detectors;               // SUMO detector id → World::sensors index
  std::string plate_template = "{id}";                          // `{id}` is replaced by the SUMO vehicle id
  std::unordered_map<std::string, std::string> plates;          // vehicle id → plate, before the template
  std::unordered_map<std::string, world::VehicleClass> vtypes;  // SUMO vType id → class
  world::VehicleClass default_class = world::VehicleClass::kTruck;
  int gps_sensor = -1;  // World::sensors index gps events are sent as; -1: no gps events

  /// True when `sumo_lane` is listed under ignore_lanes.
  bool Ignored(std::string_view sumo_lane) const;
  /// The plate a SUMO vehicle id is given.
  std::string PlateFor(std::string_view vehicle_id) const;
  /// The class of a SUMO vType: the vtypes table, the type id when it is a contract class, else default_class.
  world::VehicleClass ClassFor(std::string_view vtype) const;
};

/// Reads a lane-map YAML file against `world` (every lane and sensor it names must exist).
/// nullopt with `errors` as `file:line:col: what is wrong` lines otherwise.
std::optional<SumoMap> LoadSumoMap(const std::string& path, const world::World& world,
                                   std::vector<std::string>* errors);

/// The map used without a file: geo placement of lon/lat FCD (--fcd-output.geo), SUMO time 0 at
/// `start_us`, detectors by identical sensor id, gps events as the world's first gps sensor.
SumoMap DefaultSumoMap(const world::World& world, engine::TimeUs start_us);

/// Reads the `<location>` of a SUMO net file. nullopt with `error` (file:line: what) otherwise.
std::optional<SumoNetLocation> ReadSumoNetLocation(const std::string& path, std::string* error);

}  // namespace gatetwin::replay
