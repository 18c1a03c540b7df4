// The static model of a gate: roads, lanes, booths, zones, buildings, sensors (immutable once loaded).
//
// A World is plain data, like MuJoCo's mjModel: loaded and validated once by LoadWorld()
// (world/load.h), then shared read-only by the engine, replay and viewer. All positions are
// local metres east/north/up (ENU) of the world's geo anchor; GeoFrame (world/geo_frame.h)
// converts to and from latitude/longitude.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gatetwin::world {

/// A point in local metres: x east, y north, z up.
struct Vec3 {
  double x = 0, y = 0, z = 0;
};

/// Where an element was declared, for `file:line:col: message` errors (1-based).
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
};

/// Names of a thing in the gate's three languages (UTF-8). Any may be empty.
struct Names {
  std::string vi, zh, en;
};

/// Direction of travel across the border.
enum class Direction : uint8_t { kVnToCn, kCnToVn };

/// Vehicle classes of the feed contract.
enum class VehicleClass : uint8_t { kTruck, kContainer, kTanker, kCar, kBus, kOther };
inline constexpr int kVehicleClassCount = 6;

/// Kinds of physical sensor; each emits some of the feed contract's event kinds.
enum class SensorKind : uint8_t { kAnpr, kLoop, kRadar, kGps, kBarrier, kWeighbridge, kScanner, kRfid };

/// What a sensor's reads mean for a vehicle's passage through the gate.
enum class SensorRole : uint8_t {
  kEntry,    // first read of a vehicle entering the modelled area: starts its time in system
  kBooth,    // read at an inspection booth: the vehicle has reached service
  kExit,     // last read leaving the modelled area: ends its time in system
  kYardIn,   // entering a yard
  kYardOut,  // leaving a yard
  kCount,    // counts traffic (loops, radar) without identifying vehicles
  kTracker,  // vehicle-borne trackers (GPS): no fixed position
  kService,  // a service device at a booth (scanner, weighbridge, barrier)
};

/// Kinds of inspection point.
enum class BoothKind : uint8_t { kDocuments, kXray, kWeighbridge, kQuarantine };

/// Kinds of zone.
enum class ZoneKind : uint8_t { kApproachQueue, kPlaza, kYard, kParking, kOther };

/// A service-time distribution for a booth, in seconds.
struct ServiceTime {
  enum class Dist : uint8_t { kFixed, kExponential, kLognormal, kUniform } dist = Dist::kLognormal;
  double mean_s = 60;  // fixed value, or the mean
  double sd_s = 0;     // lognormal standard deviation
  double min_s = 0;    // uniform lower bound
  double max_s = 0;    // uniform upper bound
};

/// A road: a centreline polyline drawn in the vn_to_cn direction (from Việt Nam toward China).
struct Road {
  std::string id;
  Names names;
  std::vector<Vec3> centreline;
  SourceLoc loc;
};

/// One lane: its travel polyline (already in its direction of travel) and its rules.
struct Lane {
  std::string id;
  int road = -1;        // index into World::roads
  double offset_m = 0;  // lateral offset of the lane centre from the road centreline, + to the right of vn_to_cn travel
  double width_m = 3.5;
  Direction direction = Direction::kVnToCn;
  uint8_t allowed_classes = 0x3f;  // bit i set: VehicleClass(i) may use the lane
  double speed_limit_kmh = 30;
  std::vector<Vec3> polyline;  // in the direction of travel, derived from road + offset unless given
  double length_m = 0;         // arc length of polyline
  // a tidal (reversible) lane is two lanes on one strip of road, one per direction, each naming
  // the other; exactly one is open at a time, the other is `standby` until the lane is reversed
  int tidal_partner = -1;  // index of the lane on the same strip driven the other way, or -1
  bool standby = false;    // tidal: closed to traffic at the start (the partner is the open one)
  SourceLoc loc;

  bool Allows(VehicleClass c) const { return (allowed_classes >> static_cast<int>(c)) & 1u; }
};

/// A lane-to-lane connection: the end of `from` leads to the start of `to`.
struct Connection {
  int from = -1, to = -1;  // lane indices
  SourceLoc loc;
};

/// An area: approach queue, plaza, yard (with its capacity in trucks), ...
struct Zone {
  std::string id;
  ZoneKind kind = ZoneKind::kOther;
  Names names;
  std::vector<Vec3> polygon;  // closed implicitly
  int capacity_trucks = 0;    // yards: how many trucks fit; 0 when not a yard
  std::vector<int> lanes;     // lanes that run through or serve the zone
  SourceLoc loc;
};

/// An inspection point on one or more lanes.
struct Booth {
  std::string id;
  BoothKind kind = BoothKind::kDocuments;
  Names names;
  std::vector<int> lanes;  // lane indices served
  double station_m = 0;    // distance along each served lane where vehicles stop for service
  Vec3 position;
  ServiceTime service;
  SourceLoc loc;
};

/// A barrier arm across one lane.
struct Barrier {
  std::string id;
  int lane = -1;
  double station_m = 0;
  Vec3 position;
  SourceLoc loc;
};

/// A building: extruded footprint with a function and names.
struct Building {
  std::string id;
  std::string function;  // e.g. "inter_agency_inspection", "control_vn", "control_cn"
  Names names;
  std::vector<Vec3> footprint;  // closed implicitly, counter-clockwise seen from above
  double height_m = 10;
  SourceLoc loc;
};

/// A border marker (e.g. "1119").
struct Marker {
  std::string id;
  Vec3 position;
  SourceLoc loc;
};

/// The border line and its markers.
struct Border {
  std::vector<Vec3> line;
  std::vector<Marker> markers;
  SourceLoc loc;
};

/// A sensor: its kind, role, the lanes it covers and where on them.
struct Sensor {
  std::string id;
  SensorKind kind = SensorKind::kAnpr;
  SensorRole role = SensorRole::kCount;
  std::vector<int> lanes;         // lane indices covered (may be empty for trackers)
  std::vector<double> station_m;  // per covered lane: distance along that lane
  Vec3 position;
  int booth = -1;  // booth it belongs to (booth/service sensors), or -1
  int zone = -1;   // zone it watches (yard_in/yard_out), or -1
  // Where a sensor covers one lane and one direction the event may omit lane/dir.
  std::optional<Direction> direction;
  SourceLoc loc;
};

/// A named camera viewpoint (for the viewer and renders).
struct Viewpoint {
  std::string id;
  Names names;
  Vec3 eye, target;
  SourceLoc loc;
};

/// Geo anchor of the local frame.
struct GeoAnchor {
  double lat_deg = 0, lon_deg = 0, alt_m = 0;
};

/// Model parameters that are assumptions of the twin rather than surveyed geometry.
struct Parameters {
  double vehicle_spacing_m = 18;  // bumper-to-bumper pitch of queued trucks (assumed)
  double reorder_window_s = 2;    // feed reorder window (feed contract default)
  int utc_offset_min = 7 * 60;    // local time of the gate, +07:00
};

/// A loaded, validated world (one layout phase).
struct World {
  std::string name;
  std::string phase;  // e.g. "phase1_6lane"
  Names phase_names;
  GeoAnchor anchor;
  Parameters params;
  std::vector<Road> roads;
  std::vector<Lane> lanes;
  std::vector<Connection> connections;
  std::vector<Zone> zones;
  std::vector<Booth> booths;
  std::vector<Barrier> barriers;
  std::vector<Building> buildings;
  Border border;
  std::vector<Sensor> sensors;
  std::vector<Viewpoint> viewpoints;

  /// Index of the lane/sensor/... with this id, or -1. O(1).
  int FindLane(std::string_view id) const;
  int FindSensor(std::string_view id) const;
  int FindBooth(std::string_view id) const;
  int FindZone(std::string_view id) const;

  /// Rebuilds the id → index maps; LoadWorld calls it, as must code that edits a World.
  void Reindex();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, int, Hash, std::equal_to<>>;
  Index lane_index_, sensor_index_, booth_index_, zone_index_;
};

/// Text forms used in files and reports ("vn_to_cn", "truck", "anpr", "entry", ...).
std::string_view ToString(Direction d);
std::string_view ToString(VehicleClass c);
std::string_view ToString(SensorKind k);
std::string_view ToString(SensorRole r);
std::string_view ToString(BoothKind k);
std::string_view ToString(ZoneKind k);
std::optional<Direction> ParseDirection(std::string_view s);
std::optional<VehicleClass> ParseVehicleClass(std::string_view s);
std::optional<SensorKind> ParseSensorKind(std::string_view s);
std::optional<SensorRole> ParseSensorRole(std::string_view s);
std::optional<BoothKind> ParseBoothKind(std::string_view s);
std::optional<ZoneKind> ParseZoneKind(std::string_view s);

}  // namespace gatetwin::world
