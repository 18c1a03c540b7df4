// Builds a World from a layered document: every section read, ids resolved, geometry derived.
//
// [SECTION] helpers: ids, choices, offsets
// [SECTION] header sections: world, anchor, parameters
// [SECTION] roads, lanes, connections
// [SECTION] zones, booths, barriers, buildings, border
// [SECTION] sensors, viewpoints
#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

#include "world/build.h"
#include "world/geo_frame.h"
#include "world/polyline.h"
#include "world/yaml_reader.h"

namespace gatetwin::world {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] helpers: ids, choices, offsets

// a sensor given by position may sit this far beyond the edge of its lane (survey slack)
constexpr double kSensorSlackM = 1.0;

// sizes of the enums of world.h (whose text forms are indexed by value)
constexpr int kDirectionCount = 2;
constexpr int kSensorKindCount = 8;
constexpr int kSensorRoleCount = 8;
constexpr int kBoothKindCount = 4;
constexpr int kZoneKindCount = 5;

const std::vector<std::string_view> kDists = {"fixed", "exponential", "lognormal", "uniform"};
const std::vector<Src> kNoElements;

template <typename E>
std::vector<std::string_view> ChoicesOf(int count) {
  std::vector<std::string_view> out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) out.push_back(ToString(static_cast<E>(i)));
  return out;
}

// a key that was written but could not be read (its error is reported already)
template <typename T>
bool Bad(const ElementReader& r, std::string_view key, const std::optional<T>& value) {
  return r.Has(key) && !value.has_value();
}

// a number under `key` that must be > 0 (>= 0 with allow_zero)
std::optional<double> PositiveNumber(ElementReader* r, std::string_view key, Need need, bool allow_zero) {
  auto v = r->Number(key, need);
  if (v && (allow_zero ? *v < 0 : *v <= 0)) {
    r->Error(r->KeyLoc(key),
             std::string(key) + " must be " + (allow_zero ? ">= 0" : "> 0") + ", got " + FormatNumber(*v));
    return std::nullopt;
  }
  return v;
}

std::string LocText(const SourceLoc& loc) {
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

// "+07:00" → 420 minutes
std::optional<int> ParseUtcOffset(std::string_view s) {
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' || !digit(1) || !digit(2) || !digit(4) ||
      !digit(5)) {
    return std::nullopt;
  }
  const int hours = (s[1] - '0') * 10 + (s[2] - '0');
  const int minutes = (s[4] - '0') * 10 + (s[5] - '0');
  if (hours > 14 || minutes > 59) return std::nullopt;
  return (s[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

// the ids of one section and where each was first declared
class IdTable {
 public:
  // claims `id` for element `index` (-1: declared but unusable, its errors reported); a repeat
  // is reported on `r` and refused
  bool Claim(const std::string& id, int index, ElementReader* r) {
    auto [it, fresh] = ids_.emplace(id, std::make_pair(index, r->KeyLoc("id")));
    if (!fresh) r->Error(r->KeyLoc("id"), "duplicate id (first declared at " + LocText(it->second.second) + ")");
    return fresh;
  }
  std::optional<int> Find(std::string_view id) const {
    auto it = ids_.find(std::string(id));
    if (it == ids_.end()) return std::nullopt;
    return it->second.first;
  }

 private:
  std::unordered_map<std::string, std::pair<int, SourceLoc>> ids_;
};

class Builder {
 public:
  Builder(const LayeredDoc& doc, Diagnostics* diags) : doc_(doc), diags_(diags) {}

  BuiltWorld Build() {
    ReadWorldSection();
    ReadAnchor();
    ReadParameters();
    ReadRoads();
    ReadLanes();
    ReadConnections();
    ReadZones();
    ReadBooths();
    ReadBarriers();
    ReadBuildings();
    ReadBorder();
    ReadSensors();
    ReadViewpoints();
    return std::move(out_);
  }

 private:
  World& Out() { return out_.world; }

  const std::vector<Src>& List(std::string_view section) const {
    auto it = doc_.lists.find(section);
    return it == doc_.lists.end() ? kNoElements : it->second;
  }

  // a map section as a reader, or nullptr (reporting it when required)
  std::unique_ptr<ElementReader> Section(std::string_view name, Need need) {
    auto it = doc_.maps.find(name);
    if (it == doc_.maps.end()) {
      if (need == Need::kRequired) diags_->Error(doc_.top, "missing required section " + Quoted(name));
      return nullptr;
    }
    return std::make_unique<ElementReader>(it->second, std::string(name), diags_);
  }

  std::optional<int> Resolve(ElementReader* r, const IdTable& table, std::string_view kind, const NameAt& ref) {
    auto index = table.Find(ref.name);
    if (!index) r->Error(ref.loc, std::string(kind) + " " + Quoted(ref.name) + " is not declared");
    // a declared element with errors of its own: nothing more to say here
    if (index && *index < 0) return std::nullopt;
    return index;
  }

  // a single reference written under `key`
  std::optional<int> Ref(ElementReader* r, std::string_view key, Need need, const IdTable& table,
                         std::string_view kind) {
    auto name = r->String(key, need);
    if (!name) return std::nullopt;
    return Resolve(r, table, kind, NameAt{*name, r->KeyLoc(key)});
  }

  // a list of lane ids; nullopt if absent or any fails to resolve
  std::optional<std::vector<int>> LaneList(ElementReader* r, std::string_view key, Need need) {
    auto names = r->StringList(key, need);
    if (!names) return std::nullopt;
    std::vector<int> lanes;
    bool good = true;
    for (const NameAt& name : *names) {
      auto lane = Resolve(r, lane_ids_, "lane", name);
      if (lane) lanes.push_back(*lane);
      good = good && lane.has_value();
    }
    if (!good) return std::nullopt;
    if (lanes.empty()) {
      r->Error(r->KeyLoc(key), std::string(key) + ": must name at least one lane");
      return std::nullopt;
    }
    return lanes;
  }

  // a number that must be > 0 (or >= 0 with `allow_zero`)
  std::optional<double> Positive(ElementReader* r, std::string_view key, Need need, bool allow_zero = false) {
    return PositiveNumber(r, key, need, allow_zero);
  }

  // checks that `at_m` (written under `key`) lies on every lane of `lanes`
  bool StationOnLanes(ElementReader* r, std::string_view key, double at_m, const std::vector<int>& lanes) {
    bool good = true;
    for (int i : lanes) {
      const Lane& lane = Out().lanes[static_cast<size_t>(i)];
      if (lane.polyline.empty()) continue;  // its own errors are reported already
      if (at_m < 0 || at_m > lane.length_m) {
        r->Error(r->KeyLoc(key), std::string(key) + " " + FormatNumber(at_m) + " is outside lane " + Quoted(lane.id) +
                                     " (0 to " + FormatNumber(lane.length_m) + " m)");
        good = false;
      }
    }
    return good;
  }

  // claims the id of an element read with or without errors (`good`); true when it is to be
  // added as element `index`
  static bool Claim(IdTable* ids, ElementReader* r, const std::optional<std::string>& id, bool good, size_t index) {
    if (!id) return false;
    const bool fresh = ids->Claim(*id, good ? static_cast<int>(index) : -1, r);
    return good && fresh;
  }

  Vec3 PointOnLane(int lane, double station_m) {
    return PointAtStation(Out().lanes[static_cast<size_t>(lane)].polyline, station_m);
  }

  // -------------------------------------------------------------------------------------------
  // [SECTION] header sections: world, anchor, parameters

  void ReadWorldSection() {
    auto r = Section("world", Need::kRequired);
    if (!r) return;
    r->CheckKeys({"name", "phase", "phase_names"});
    Out().name = r->String("name", Need::kRequired).value_or("");
    Out().phase = r->String("phase", Need::kOptional).value_or("");
    Out().phase_names = r->ReadNames("phase_names");
  }

  void ReadAnchor() {
    auto r = Section("anchor", Need::kRequired);
    if (r) {
      r->CheckKeys({"lat", "lon", "alt_m"});
      auto lat = r->Number("lat", Need::kRequired);
      auto lon = r->Number("lon", Need::kRequired);
      auto alt = r->Number("alt_m", Need::kOptional);
      if (lat && (*lat < -90 || *lat > 90)) {
        r->Error(r->KeyLoc("lat"), "lat must be within [-90, 90], got " + FormatNumber(*lat));
        lat.reset();
      }
      if (lon && (*lon < -180 || *lon > 180)) {
        r->Error(r->KeyLoc("lon"), "lon must be within [-180, 180], got " + FormatNumber(*lon));
        lon.reset();
      }
      if (lat && lon) Out().anchor = GeoAnchor{*lat, *lon, alt.value_or(0)};
    }
    // a bad anchor is reported; the rest is still read (against 0, 0) to find more errors
    frame_ = std::make_unique<GeoFrame>(Out().anchor);
  }

  void ReadParameters() {
    auto r = Section("parameters", Need::kOptional);
    if (!r) return;
    r->CheckKeys({"vehicle_spacing_m", "reorder_window_s", "utc_offset"});
    Parameters& p = Out().params;
    p.vehicle_spacing_m = Positive(r.get(), "vehicle_spacing_m", Need::kOptional).value_or(p.vehicle_spacing_m);
    p.reorder_window_s = Positive(r.get(), "reorder_window_s", Need::kOptional, true).value_or(p.reorder_window_s);
    if (auto text = r->String("utc_offset", Need::kOptional)) {
      if (auto minutes = ParseUtcOffset(*text)) {
        p.utc_offset_min = *minutes;
      } else {
        r->Error(r->KeyLoc("utc_offset"), "utc_offset: expected an offset like \"+07:00\", got " + Quoted(*text));
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // [SECTION] roads, lanes, connections

  void ReadRoads() {
    for (const Src& src : List("roads")) {
      ElementReader r(src, "road", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "names", "centreline"});
      Road road;
      road.names = r.ReadNames("names");
      auto centreline = r.Points("centreline", Need::kRequired, *frame_, 2);
      if (!Claim(&road_ids_, &r, id, centreline.has_value(), Out().roads.size())) continue;
      road.id = *id;
      road.centreline = std::move(*centreline);
      road.loc = r.Loc();
      Out().roads.push_back(std::move(road));
    }
  }

  void ReadLanes() {
    for (const Src& src : List("lanes")) {
      ElementReader r(src, "lane", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "road", "offset_m", "width_m", "direction", "classes", "speed_limit_kmh", "polyline",
                   "tidal_with", "standby"});
      Lane lane;
      lane.loc = r.Loc();
      // an explicit polyline makes road and offset optional
      const Need need_road = r.Has("polyline") ? Need::kOptional : Need::kRequired;
      auto road = Ref(&r, "road", need_road, road_ids_, "road");
      auto offset = r.Number("offset_m", need_road);
      auto width = Positive(&r, "width_m", Need::kOptional);
      auto direction = r.Choice("direction", Need::kRequired, ChoicesOf<Direction>(kDirectionCount));
      auto speed = Positive(&r, "speed_limit_kmh", Need::kRequired);
      auto polyline = r.Points("polyline", Need::kOptional, *frame_, 2);
      auto tidal_with = r.String("tidal_with", Need::kOptional);
      auto standby = r.Choice("standby", Need::kOptional, {"false", "true"});
      bool good = direction && speed && !Bad(r, "road", road) && !Bad(r, "offset_m", offset) &&
                  !Bad(r, "width_m", width) && !Bad(r, "polyline", polyline) && (polyline || (road && offset)) &&
                  !Bad(r, "tidal_with", tidal_with) && !Bad(r, "standby", standby);
      if (standby && !tidal_with) {
        r.Error(r.KeyLoc("standby"), "standby: only a tidal lane (one with tidal_with) can be on standby");
        good = false;
      }
      if (auto classes = r.StringList("classes", Need::kOptional)) {
        lane.allowed_classes = 0;
        for (const NameAt& c : *classes) {
          auto parsed = ParseVehicleClass(c.name);
          if (parsed) {
            lane.allowed_classes |= static_cast<uint8_t>(1u << static_cast<int>(*parsed));
          } else {
            r.Error(c.loc, "classes: unknown value " + Quoted(c.name) +
                               " (expected one of: " + JoinNames(ChoicesOf<VehicleClass>(kVehicleClassCount)) + ")");
            good = false;
          }
        }
        if (classes->empty()) {
          r.Error(r.KeyLoc("classes"), "classes: must name at least one vehicle class");
          good = false;
        }
      } else if (r.Has("classes")) {
        good = false;
      }
      if (!Claim(&lane_ids_, &r, id, good, Out().lanes.size())) continue;
      lane.id = *id;
      lane.road = road.value_or(-1);
      lane.offset_m = offset.value_or(0);
      lane.width_m = width.value_or(lane.width_m);
      lane.direction = static_cast<Direction>(*direction);
      lane.speed_limit_kmh = *speed;
      const bool derived = !polyline.has_value();
      if (polyline) {
        lane.polyline = std::move(*polyline);
      } else if (road && offset) {
        lane.polyline = OffsetPolyline(Out().roads[static_cast<size_t>(*road)].centreline, lane.offset_m);
        // roads are drawn vn_to_cn; a cn_to_vn lane runs the other way
        if (lane.direction == Direction::kCnToVn) std::reverse(lane.polyline.begin(), lane.polyline.end());
      }
      lane.length_m = PolylineLength(lane.polyline);
      lane.standby = standby.value_or(0) == 1;
      if (tidal_with) tidal_refs_.push_back({Out().lanes.size(), NameAt{*tidal_with, r.KeyLoc("tidal_with")}});
      Out().lanes.push_back(std::move(lane));
      out_.lane_derived.push_back(derived);
    }
    ResolveTidalPairs();
  }

  // tidal_with may name a lane further down the list: resolved once every lane is read
  void ResolveTidalPairs() {
    World& w = Out();
    for (const auto& [index, ref] : tidal_refs_) {
      Lane& lane = w.lanes[index];
      const std::string what = "lane " + Quoted(lane.id) + ": tidal_with: ";
      const auto partner = lane_ids_.Find(ref.name);
      if (!partner) {
        diags_->Error(ref.loc, what + "lane " + Quoted(ref.name) + " is not declared");
        continue;
      }
      if (*partner < 0) continue;  // that lane has errors of its own
      if (static_cast<size_t>(*partner) == index) {
        diags_->Error(ref.loc, what + "a lane cannot be its own tidal partner");
        continue;
      }
      lane.tidal_partner = *partner;
    }
    for (const auto& [index, ref] : tidal_refs_) {
      const Lane& lane = w.lanes[index];
      if (lane.tidal_partner < 0) continue;
      const Lane& other = w.lanes[static_cast<size_t>(lane.tidal_partner)];
      const std::string what = "lane " + Quoted(lane.id) + ": tidal_with: " + Quoted(other.id);
      if (other.tidal_partner != static_cast<int>(index)) {
        diags_->Error(ref.loc, what + " must name " + Quoted(lane.id) + " back (tidal_with: " + lane.id + ")");
      } else if (other.direction == lane.direction) {
        diags_->Error(ref.loc, what + " runs the same direction: a tidal pair is one lane per direction");
      } else if (other.road != lane.road || std::fabs(other.offset_m - lane.offset_m) > 1e-6 ||
                 std::fabs(other.width_m - lane.width_m) > 1e-6) {
        diags_->Error(ref.loc, what + " is not on the same strip (road, offset_m and width_m must match)");
      } else if (index < static_cast<size_t>(lane.tidal_partner) && lane.standby == other.standby) {
        diags_->Error(ref.loc, what + " and " + Quoted(lane.id) + " are both " +
                                   (lane.standby ? "on standby" : "open") +
                                   ": exactly one must be `standby: true` (the one closed at the start)");
      }
    }
  }

  void ReadConnections() {
    std::unordered_map<std::string, SourceLoc> seen;
    for (const Src& src : List("connections")) {
      ElementReader r(src, "connection", diags_);
      if (!r.IsMapping()) continue;
      r.CheckKeys({"from", "to"});
      auto from_name = r.String("from", Need::kRequired);
      auto to_name = r.String("to", Need::kRequired);
      if (!from_name || !to_name) continue;
      const std::string key = *from_name + " -> " + *to_name;
      r.SetWhat("connection " + key);
      auto from = Resolve(&r, lane_ids_, "lane", NameAt{*from_name, r.KeyLoc("from")});
      auto to = Resolve(&r, lane_ids_, "lane", NameAt{*to_name, r.KeyLoc("to")});
      auto [it, fresh] = seen.emplace(key, r.Loc());
      if (!fresh) {
        r.Error(r.Loc(), "declared twice (first at " + LocText(it->second) + ")");
        continue;
      }
      if (from && to) Out().connections.push_back(Connection{*from, *to, r.Loc()});
    }
  }

  // -------------------------------------------------------------------------------------------
  // [SECTION] zones, booths, barriers, buildings, border

  void ReadZones() {
    for (const Src& src : List("zones")) {
      ElementReader r(src, "zone", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "kind", "names", "polygon", "capacity_trucks", "lanes"});
      Zone zone;
      zone.loc = r.Loc();
      zone.names = r.ReadNames("names");
      auto kind = r.Choice("kind", Need::kRequired, ChoicesOf<ZoneKind>(kZoneKindCount));
      auto polygon = r.Points("polygon", Need::kRequired, *frame_, 3);
      auto capacity = r.Int("capacity_trucks", Need::kOptional);
      if (capacity && *capacity < 0) {
        r.Error(r.KeyLoc("capacity_trucks"), "capacity_trucks must be >= 0, got " + std::to_string(*capacity));
        capacity.reset();
      }
      auto lanes = LaneList(&r, "lanes", Need::kOptional);
      const bool good = kind && polygon && !Bad(r, "capacity_trucks", capacity) && !Bad(r, "lanes", lanes);
      if (!Claim(&zone_ids_, &r, id, good, Out().zones.size())) continue;
      zone.id = *id;
      zone.kind = static_cast<ZoneKind>(*kind);
      zone.polygon = std::move(*polygon);
      zone.capacity_trucks = capacity.value_or(0);
      zone.lanes = lanes.value_or(std::vector<int>{});
      Out().zones.push_back(std::move(zone));
    }
  }

  std::optional<ServiceTime> ReadService(ElementReader* booth) {
    const Field* f = booth->Find("service");
    if (f == nullptr) return ServiceTime{};
    return ReadServiceTime(f->value, booth->What() + ": service", diags_);
  }

  void ReadBooths() {
    for (const Src& src : List("booths")) {
      ElementReader r(src, "booth", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "kind", "names", "lanes", "at_m", "service"});
      Booth booth;
      booth.loc = r.Loc();
      booth.names = r.ReadNames("names");
      auto kind = r.Choice("kind", Need::kRequired, ChoicesOf<BoothKind>(kBoothKindCount));
      auto lanes = LaneList(&r, "lanes", Need::kRequired);
      auto at = r.Number("at_m", Need::kRequired);
      auto service = ReadService(&r);
      const bool good = kind && lanes && at && service && StationOnLanes(&r, "at_m", *at, *lanes);
      if (!Claim(&booth_ids_, &r, id, good, Out().booths.size())) continue;
      booth.id = *id;
      booth.kind = static_cast<BoothKind>(*kind);
      booth.lanes = std::move(*lanes);
      booth.station_m = *at;
      booth.position = PointOnLane(booth.lanes.front(), *at);
      booth.service = *service;
      Out().booths.push_back(std::move(booth));
    }
  }

  void ReadBarriers() {
    IdTable ids;
    for (const Src& src : List("barriers")) {
      ElementReader r(src, "barrier", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "lane", "at_m"});
      auto lane = Ref(&r, "lane", Need::kRequired, lane_ids_, "lane");
      auto at = r.Number("at_m", Need::kRequired);
      const bool good = lane && at && StationOnLanes(&r, "at_m", *at, {*lane});
      if (!Claim(&ids, &r, id, good, Out().barriers.size())) continue;
      Out().barriers.push_back(Barrier{*id, *lane, *at, PointOnLane(*lane, *at), r.Loc()});
    }
  }

  void ReadBuildings() {
    IdTable ids;
    for (const Src& src : List("buildings")) {
      ElementReader r(src, "building", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "function", "names", "footprint", "height_m"});
      Building building;
      building.loc = r.Loc();
      building.names = r.ReadNames("names");
      auto function = r.String("function", Need::kRequired);
      auto footprint = r.Points("footprint", Need::kRequired, *frame_, 3);
      auto height = Positive(&r, "height_m", Need::kOptional);
      const bool good = function && footprint && !Bad(r, "height_m", height);
      if (!Claim(&ids, &r, id, good, Out().buildings.size())) continue;
      building.id = *id;
      building.function = *function;
      building.footprint = std::move(*footprint);
      building.height_m = height.value_or(building.height_m);
      Out().buildings.push_back(std::move(building));
    }
  }

  void ReadBorder() {
    auto r = Section("border", Need::kOptional);
    if (!r) return;
    r->CheckKeys({"line", "markers"});
    Border& border = Out().border;
    border.loc = r->Loc();
    border.line = r->Points("line", Need::kOptional, *frame_, 2).value_or(std::vector<Vec3>{});
    const Field* markers = r->Find("markers");
    if (markers == nullptr || markers->value.node.IsNull()) return;
    if (!markers->value.node.IsSequence()) {
      r->Error(markers->value.Loc(), "markers: expected a list, got " + Describe(markers->value.node));
      return;
    }
    IdTable ids;
    for (auto it = markers->value.node.begin(); it != markers->value.node.end(); ++it) {
      ElementReader m(Src{*it, markers->value.file}, "marker", diags_);
      if (!m.IsMapping()) continue;
      auto id = m.Id();
      m.CheckKeys({"id", "position"});
      auto position = m.Point("position", Need::kRequired, *frame_);
      if (!Claim(&ids, &m, id, position.has_value(), border.markers.size())) continue;
      border.markers.push_back(Marker{*id, *position, m.Loc()});
    }
  }

  // -------------------------------------------------------------------------------------------
  // [SECTION] sensors, viewpoints

  void ReadSensors() {
    IdTable ids;
    for (const Src& src : List("sensors")) {
      ElementReader r(src, "sensor", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "kind", "role", "lanes", "at_m", "position", "booth", "zone", "direction"});
      Sensor sensor;
      sensor.loc = r.Loc();
      auto kind = r.Choice("kind", Need::kRequired, ChoicesOf<SensorKind>(kSensorKindCount));
      auto role = r.Choice("role", Need::kRequired, ChoicesOf<SensorRole>(kSensorRoleCount));
      auto direction = r.Choice("direction", Need::kOptional, ChoicesOf<Direction>(kDirectionCount));
      bool good = kind && role && !Bad(r, "direction", direction);
      const auto role_value = role ? static_cast<SensorRole>(*role) : SensorRole::kCount;
      const bool tracker = role_value == SensorRole::kTracker;
      const bool placed = role.has_value() && !tracker;
      // booth and yard sensors say which booth or yard they belong to
      auto booth =
          Ref(&r, "booth", role_value == SensorRole::kBooth ? Need::kRequired : Need::kOptional, booth_ids_, "booth");
      const bool yard = role_value == SensorRole::kYardIn || role_value == SensorRole::kYardOut;
      auto zone = Ref(&r, "zone", yard ? Need::kRequired : Need::kOptional, zone_ids_, "zone");
      good = good && !Bad(r, "booth", booth) && !Bad(r, "zone", zone);
      if ((role_value == SensorRole::kBooth && !booth) || (yard && !zone)) good = false;
      if (tracker) {
        for (std::string_view key : {"lanes", "at_m", "position"}) {
          if (const Field* f = r.Find(key)) {
            r.Error(f->key_loc, "a tracker has no fixed place; remove " + Quoted(key));
            good = false;
          }
        }
      }
      std::optional<std::vector<int>> lanes;
      std::optional<double> at;
      std::optional<Vec3> position;
      if (placed) {
        lanes = LaneList(&r, "lanes", Need::kRequired);
        at = r.Number("at_m", Need::kOptional);
        position = r.Point("position", Need::kOptional, *frame_);
        bool where = true;
        if (r.Has("at_m") && r.Has("position")) {
          r.Error(r.KeyLoc("position"), "give at_m or position, not both");
          where = false;
        } else if (!r.Has("at_m") && !r.Has("position")) {
          r.Error(r.Loc(), "missing required key 'at_m' (or 'position')");
          where = false;
        }
        // placed even when other keys are wrong, so a bad station is reported too
        where = where && lanes && (at || position);
        if (where) {
          sensor.lanes = *lanes;
          where = PlaceSensor(&r, at, position, &sensor) && SensorDirection(&r, direction, &sensor);
        }
        good = good && where;
      }
      if (!Claim(&ids, &r, id, good, Out().sensors.size())) continue;
      sensor.id = *id;
      sensor.kind = static_cast<SensorKind>(*kind);
      sensor.role = role_value;
      sensor.booth = booth.value_or(-1);
      sensor.zone = zone.value_or(-1);
      if (direction && !lanes) sensor.direction = static_cast<Direction>(*direction);
      Out().sensors.push_back(std::move(sensor));
    }
  }

  // stations per lane from at_m, or by projecting the given position onto each lane
  bool PlaceSensor(ElementReader* r, std::optional<double> at, std::optional<Vec3> position, Sensor* sensor) {
    if (at) {
      if (!StationOnLanes(r, "at_m", *at, sensor->lanes)) return false;
      sensor->station_m.assign(sensor->lanes.size(), *at);
      sensor->position = PointOnLane(sensor->lanes.front(), *at);
      return true;
    }
    bool good = true;
    for (int i : sensor->lanes) {
      const Lane& lane = Out().lanes[static_cast<size_t>(i)];
      const PolylineProjection p = ProjectOntoPolyline(lane.polyline, *position);
      const double allowed_m = lane.width_m / 2 + kSensorSlackM;
      if (!(p.distance_m <= allowed_m)) {
        r->Error(r->KeyLoc("position"), "position is " + FormatNumber(p.distance_m) + " m from lane " +
                                            Quoted(lane.id) + " (at most " + FormatNumber(allowed_m) + " m)");
        good = false;
      }
      sensor->station_m.push_back(p.station_m);
    }
    sensor->position = *position;
    return good;
  }

  // the direction of a sensor whose lanes all run one way; a given direction must agree
  bool SensorDirection(ElementReader* r, std::optional<int> given, Sensor* sensor) {
    if (given) sensor->direction = static_cast<Direction>(*given);
    std::optional<Direction> common = Out().lanes[static_cast<size_t>(sensor->lanes.front())].direction;
    for (int i : sensor->lanes) {
      if (Out().lanes[static_cast<size_t>(i)].direction != *common) common.reset();
      if (!common) break;
    }
    if (!sensor->direction) {
      sensor->direction = common;
      return true;
    }
    for (int i : sensor->lanes) {
      const Lane& lane = Out().lanes[static_cast<size_t>(i)];
      if (lane.direction != *sensor->direction) {
        r->Error(r->KeyLoc("direction"), "direction " + std::string(ToString(*sensor->direction)) +
                                             " disagrees with lane " + Quoted(lane.id) + " (" +
                                             std::string(ToString(lane.direction)) + ")");
        return false;
      }
    }
    return true;
  }

  void ReadViewpoints() {
    IdTable ids;
    for (const Src& src : List("viewpoints")) {
      ElementReader r(src, "viewpoint", diags_);
      if (!r.IsMapping()) continue;
      auto id = r.Id();
      r.CheckKeys({"id", "names", "eye", "target"});
      Viewpoint vp;
      vp.loc = r.Loc();
      vp.names = r.ReadNames("names");
      auto eye = r.Point("eye", Need::kRequired, *frame_);
      auto target = r.Point("target", Need::kRequired, *frame_);
      if (!Claim(&ids, &r, id, eye && target, Out().viewpoints.size())) continue;
      vp.id = *id;
      vp.eye = *eye;
      vp.target = *target;
      Out().viewpoints.push_back(std::move(vp));
    }
  }

  const LayeredDoc& doc_;
  Diagnostics* diags_;
  BuiltWorld out_;
  std::unique_ptr<GeoFrame> frame_;
  IdTable road_ids_, lane_ids_, zone_ids_, booth_ids_;
  std::vector<std::pair<size_t, NameAt>> tidal_refs_;  // lane index, its tidal_with
};

}  // namespace

BuiltWorld BuildWorld(const LayeredDoc& doc, Diagnostics* diags) { return Builder(doc, diags).Build(); }

std::optional<ServiceTime> ReadServiceTime(const Src& src, const std::string& what, Diagnostics* diags) {
  ServiceTime service;
  ElementReader r(src, what, diags);
  if (!r.IsMapping()) return std::nullopt;
  r.CheckKeys({"dist", "mean_s", "sd_s", "min_s", "max_s"});
  auto dist = r.Choice("dist", Need::kRequired, kDists);
  if (!dist) return std::nullopt;
  service.dist = static_cast<ServiceTime::Dist>(*dist);
  const bool uniform = service.dist == ServiceTime::Dist::kUniform;
  auto mean = PositiveNumber(&r, "mean_s", uniform ? Need::kOptional : Need::kRequired, false);
  auto sd = PositiveNumber(&r, "sd_s", Need::kOptional, true);
  auto min = PositiveNumber(&r, "min_s", uniform ? Need::kRequired : Need::kOptional, true);
  auto max = PositiveNumber(&r, "max_s", uniform ? Need::kRequired : Need::kOptional, true);
  if (Bad(r, "mean_s", mean) || Bad(r, "sd_s", sd) || Bad(r, "min_s", min) || Bad(r, "max_s", max)) {
    return std::nullopt;
  }
  if (uniform ? !(min && max) : !mean) return std::nullopt;
  if (min && max && *min > *max) {
    r.Error(r.KeyLoc("max_s"), "max_s " + FormatNumber(*max) + " is below min_s " + FormatNumber(*min));
    return std::nullopt;
  }
  service.sd_s = sd.value_or(0);
  service.min_s = min.value_or(0);
  service.max_s = max.value_or(0);
  service.mean_s = mean ? *mean : (service.min_s + service.max_s) / 2;
  return service;
}

}  // namespace gatetwin::world
