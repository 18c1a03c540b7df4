// How a SUMO run maps onto a world: its clock, lanes, detectors, plates, and its coordinates.
#include "replay/sumo_map.h"

#include <filesystem>
#include <stdexcept>

#include "world/diagnostics.h"
#include "world/yaml_reader.h"

namespace gatetwin::replay {
namespace {

using world::Diagnostics;
using world::ElementReader;
using world::Field;
using world::Need;
using world::Quoted;
using world::Src;

class MapReader {
 public:
  MapReader(std::string file, const world::World& world, Diagnostics* diags)
      : file_(std::move(file)), world_(world), diags_(diags) {}

  std::optional<SumoMap> Read(const YAML::Node& root) {
    ElementReader top(Src{root, file_}, "lane map", diags_);
    if (!top.IsMapping()) return std::nullopt;
    top.CheckKeys({"sumo_map"});
    const Field* f = top.Find("sumo_map");
    if (f == nullptr) {
      top.Error(top.Loc(), "expected a top-level `sumo_map:` mapping (see docs/sumo-traces.md)");
      return std::nullopt;
    }
    ElementReader r(f->value, "sumo_map", diags_);
    if (!r.IsMapping()) return std::nullopt;
    r.CheckKeys({"start", "placement", "coordinates", "net", "net_frame", "snap_m", "gps_sensor", "lanes",
                 "ignore_lanes", "detectors", "plate", "plates", "vtypes", "default_class"});
    SumoMap m = DefaultSumoMap(world_, 0);
    m.path = file_;
    m.placement = SumoPlacement::kLanes;
    m.coordinates = SumoCoordinates::kNet;
    ReadStart(&r, &m);
    if (auto p = r.Choice("placement", Need::kOptional, {"lanes", "geo"})) m.placement = static_cast<SumoPlacement>(*p);
    if (auto c = r.Choice("coordinates", Need::kOptional, {"net", "lonlat"})) {
      m.coordinates = static_cast<SumoCoordinates>(*c);
    }
    if (auto fr = r.Choice("net_frame", Need::kOptional, {"world"})) m.net_is_world_frame = true;
    if (auto s = r.Number("snap_m", Need::kOptional)) {
      if (*s <= 0 || *s > 100) r.Error(r.KeyLoc("snap_m"), "snap_m must be in (0, 100] metres");
      m.snap_m = *s;
    }
    ReadNet(&r, &m);
    ReadGpsSensor(&r, &m);
    ReadLanes(r, &m);
    if (auto ignore = r.StringList("ignore_lanes", Need::kOptional)) {
      for (const auto& n : *ignore) m.ignore_lanes.push_back(n.name);
    }
    ReadDetectors(r, &m);
    if (auto t = r.String("plate", Need::kOptional)) m.plate_template = *t;
    ReadStringTable(r, "plates", [&](const Field& k, const std::string& v) { m.plates[k.key] = v; });
    ReadStringTable(r, "vtypes", [&](const Field& k, const std::string& v) {
      if (auto c = world::ParseVehicleClass(v)) {
        m.vtypes[k.key] = *c;
      } else {
        diags_->Error(k.value.Loc(),
                      "vtypes: " + Quoted(v) + " is not a class (truck, container, tanker, car, bus, other)");
      }
    });
    if (auto d = r.String("default_class", Need::kOptional)) {
      if (auto c = world::ParseVehicleClass(*d)) {
        m.default_class = *c;
      } else {
        r.Error(r.KeyLoc("default_class"), Quoted(*d) + " is not a class (truck, container, tanker, car, bus, other)");
      }
    }
    CheckPlacement(r, m);
    if (diags_->HasErrors()) return std::nullopt;
    return m;
  }

 private:
  void ReadStart(ElementReader* r, SumoMap* m) {
    auto start = r->String("start", Need::kRequired);
    if (!start) return;
    auto t = engine::ParseRfc3339(*start);
    if (!t) {
      r->Error(r->KeyLoc("start"),
               "start " + Quoted(*start) + " is not an RFC 3339 time with an offset, e.g. 2026-01-15T08:00:00+07:00");
      return;
    }
    m->start_us = t->utc_us;
    m->utc_offset_min = t->offset_min;
  }

  void ReadNet(ElementReader* r, SumoMap* m) {
    auto net = r->String("net", Need::kOptional);
    if (!net) return;
    // a relative net path is relative to the map file, so the map can travel with its net
    std::filesystem::path p(*net);
    if (p.is_relative()) p = std::filesystem::path(file_).parent_path() / p;
    std::string error;
    m->location = ReadSumoNetLocation(p.string(), &error);
    if (!m->location) r->Error(r->KeyLoc("net"), "net: " + error);
  }

  void ReadGpsSensor(ElementReader* r, SumoMap* m) {
    auto id = r->String("gps_sensor", Need::kOptional);
    if (!id) return;
    if (*id == "none") {
      m->gps_sensor = -1;
      return;
    }
    const int s = world_.FindSensor(*id);
    if (s < 0 || world_.sensors[static_cast<size_t>(s)].kind != world::SensorKind::kGps) {
      r->Error(r->KeyLoc("gps_sensor"), "gps_sensor " + Quoted(*id) + " is not a gps sensor of world " +
                                            Quoted(world_.name) + " (or write `none` for no gps events)");
      return;
    }
    m->gps_sensor = s;
  }

  // a mapping whose keys are SUMO ids; nullopt (reported) when present but not a mapping
  std::optional<world::Fields> Table(const ElementReader& r, std::string_view key) {
    const Field* f = r.Find(key);
    if (f == nullptr) return std::nullopt;
    auto fields = world::SplitMapping(f->value, std::string(key), diags_);
    if (!fields) diags_->Error(f->value.Loc(), std::string(key) + ": expected a mapping of SUMO ids");
    return fields;
  }

  void ReadLanes(const ElementReader& r, SumoMap* m) {
    auto table = Table(r, "lanes");
    if (!table) return;
    for (const Field& item : table->items) {
      SumoLaneTarget target;
      std::optional<std::string> lane_id;
      world::SourceLoc lane_loc = item.value.Loc();
      if (item.value.node.IsScalar()) {
        lane_id = item.value.node.as<std::string>();
      } else {
        ElementReader e(item.value, "lanes: " + item.key, diags_);
        if (!e.IsMapping()) continue;
        e.CheckKeys({"lane", "offset_m"});
        lane_id = e.String("lane", Need::kRequired);
        lane_loc = e.KeyLoc("lane");
        target.offset_m = e.Number("offset_m", Need::kOptional).value_or(0);
      }
      if (!lane_id) continue;
      target.lane = world_.FindLane(*lane_id);
      if (target.lane < 0) {
        diags_->Error(lane_loc, "lanes: " + Quoted(item.key) + " maps to lane " + Quoted(*lane_id) + ", which world " +
                                    Quoted(world_.name) + " (" + world_.phase + ") does not have");
        continue;
      }
      m->lanes[item.key] = target;
    }
  }

  void ReadDetectors(const ElementReader& r, SumoMap* m) {
    auto table = Table(r, "detectors");
    if (!table) return;
    for (const Field& item : table->items) {
      if (!item.value.node.IsScalar()) {
        diags_->Error(item.value.Loc(), "detectors: " + Quoted(item.key) + ": expected a sensor id");
        continue;
      }
      const auto id = item.value.node.as<std::string>();
      const int s = world_.FindSensor(id);
      if (s < 0) {
        diags_->Error(item.value.Loc(), "detectors: " + Quoted(item.key) + " maps to sensor " + Quoted(id) +
                                            ", which world " + Quoted(world_.name) + " does not declare");
        continue;
      }
      const auto kind = world_.sensors[static_cast<size_t>(s)].kind;
      if (kind != world::SensorKind::kLoop && kind != world::SensorKind::kRadar) {
        diags_->Error(item.value.Loc(), "detectors: sensor " + Quoted(id) + " is a " +
                                            std::string(world::ToString(kind)) + ", not a loop or radar");
        continue;
      }
      m->detectors[item.key] = s;
    }
  }

  template <typename Fn>
  void ReadStringTable(const ElementReader& r, std::string_view key, Fn fn) {
    auto table = Table(r, key);
    if (!table) return;
    for (const Field& item : table->items) {
      if (!item.value.node.IsScalar()) {
        diags_->Error(item.value.Loc(), std::string(key) + ": " + Quoted(item.key) + ": expected a text");
        continue;
      }
      fn(item, item.value.node.as<std::string>());
    }
  }

  void CheckPlacement(const ElementReader& r, const SumoMap& m) {
    if (m.placement == SumoPlacement::kLanes && r.Find("lanes") == nullptr) {
      diags_->Error(r.Loc(), "sumo_map: placement `lanes` needs a `lanes:` table (SUMO lane id: world lane id)");
    }
    if (m.placement == SumoPlacement::kGeo && m.coordinates == SumoCoordinates::kNet) {
      if (!m.location) {
        diags_->Error(r.Loc(),
                      "sumo_map: placement `geo` with net coordinates needs `net: FILE.net.xml` (its "
                      "<location>), or `coordinates: lonlat` for sumo --fcd-output.geo traces");
      } else if (m.location->utm_zone == 0 && !m.net_is_world_frame) {
        diags_->Error(r.KeyLoc("net"), "the net's projParameter " + Quoted(m.location->proj) +
                                           " is not UTM: give `net_frame: world` when its metres are the world's, "
                                           "or rebuild it with netconvert --proj.utm");
      }
    }
  }

  std::string file_;
  const world::World& world_;
  Diagnostics* diags_;
};

}  // namespace

bool SumoMap::Ignored(std::string_view sumo_lane) const {
  for (const std::string& p : ignore_lanes) {
    if (!p.empty() && p.back() == '*') {
      if (sumo_lane.substr(0, p.size() - 1) == std::string_view(p).substr(0, p.size() - 1)) return true;
    } else if (sumo_lane == p) {
      return true;
    }
  }
  return false;
}

std::string SumoMap::PlateFor(std::string_view vehicle_id) const {
  if (!plates.empty()) {
    auto it = plates.find(std::string(vehicle_id));
    if (it != plates.end()) return it->second;
  }
  std::string out;
  const std::string_view t = plate_template;
  for (size_t i = 0; i < t.size();) {
    if (t.compare(i, 4, "{id}") == 0) {
      out += vehicle_id;
      i += 4;
    } else {
      out += t[i++];
    }
  }
  return out;
}

world::VehicleClass SumoMap::ClassFor(std::string_view vtype) const {
  if (!vtypes.empty()) {
    auto it = vtypes.find(std::string(vtype));
    if (it != vtypes.end()) return it->second;
  }
  return world::ParseVehicleClass(vtype).value_or(default_class);
}

std::optional<SumoMap> LoadSumoMap(const std::string& path, const world::World& world,
                                   std::vector<std::string>* errors) {
  Diagnostics diags;
  std::optional<SumoMap> map;
  try {
    std::string text, reason;
    if (!world::ReadTextFile(path, &text, &reason)) {
      diags.Error(world::SourceLoc{path, 0, 0}, "cannot open: " + reason);
    } else if (auto root = world::ParseYaml(text, path, &diags)) {
      map = MapReader(path, world, &diags).Read(*root);
    }
  } catch (const std::exception& e) {
    // a last line of defence: a bug of ours must not take the caller down with a bad file
    diags.Error(world::SourceLoc{path, 0, 0}, std::string("internal error while reading: ") + e.what());
    map.reset();
  }
  if (diags.HasErrors()) {
    for (const auto& d : diags.TakeSorted({path})) errors->push_back(d.ToString());
    return std::nullopt;
  }
  return map;
}

SumoMap DefaultSumoMap(const world::World& world, engine::TimeUs start_us) {
  SumoMap m;
  m.start_us = start_us;
  m.utc_offset_min = world.params.utc_offset_min;
  m.placement = SumoPlacement::kGeo;
  m.coordinates = SumoCoordinates::kLonLat;
  for (size_t i = 0; i < world.sensors.size(); ++i) {
    const auto& s = world.sensors[i];
    if (s.kind == world::SensorKind::kGps && m.gps_sensor < 0) m.gps_sensor = static_cast<int>(i);
  }
  return m;
}

}  // namespace gatetwin::replay
