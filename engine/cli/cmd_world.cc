// `gatetwin world check|info`: validate a world file, or print its machine-readable view.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "world/geo_frame.h"
#include "world/load.h"

namespace gatetwin::cli {
namespace {

using Json = nlohmann::ordered_json;

Json Point(const world::Vec3& p) { return Json::array({p.x, p.y, p.z}); }

Json NamesJson(const world::Names& n) { return Json{{"vi", n.vi}, {"zh", n.zh}, {"en", n.en}}; }

Json LaneIds(const world::World& w, const std::vector<int>& lanes) {
  Json ids = Json::array();
  for (int l : lanes) ids.push_back(w.lanes[static_cast<size_t>(l)].id);
  return ids;
}

Json WorldInfo(const world::World& w) {
  const world::GeoFrame geo(w.anchor);
  auto geo_of = [&](const world::Vec3& p) {
    const world::Vec3 g = geo.ToGeo(p);
    return Json{{"lat", g.x}, {"lon", g.y}};
  };
  Json j;
  j["name"] = w.name;
  j["phase"] = w.phase;
  j["phase_names"] = NamesJson(w.phase_names);
  j["anchor"] = {{"lat", w.anchor.lat_deg}, {"lon", w.anchor.lon_deg}, {"alt_m", w.anchor.alt_m}};
  Json lanes = Json::array();
  for (const world::Lane& l : w.lanes) {
    Json classes = Json::array();
    for (int c = 0; c < world::kVehicleClassCount; ++c) {
      if (l.Allows(static_cast<world::VehicleClass>(c)))
        classes.push_back(world::ToString(static_cast<world::VehicleClass>(c)));
    }
    // a lane given by its own polyline belongs to no road
    Json row{{"id", l.id},
             {"road", l.road >= 0 ? Json(w.roads[static_cast<size_t>(l.road)].id) : Json()},
             {"direction", world::ToString(l.direction)},
             {"width_m", l.width_m},
             {"length_m", l.length_m},
             {"speed_limit_kmh", l.speed_limit_kmh},
             {"classes", classes}};
    if (l.tidal_partner >= 0) {
      row["tidal_with"] = w.lanes[static_cast<size_t>(l.tidal_partner)].id;
      row["standby"] = l.standby;
    }
    lanes.push_back(std::move(row));
  }
  j["lanes"] = lanes;
  Json sensors = Json::array();
  for (const world::Sensor& s : w.sensors) {
    Json row{{"id", s.id},
             {"kind", world::ToString(s.kind)},
             {"role", world::ToString(s.role)},
             {"lanes", LaneIds(w, s.lanes)},
             {"station_m", s.station_m}};
    if (s.role != world::SensorRole::kTracker) {
      row["position"] = Point(s.position);
      row["geo"] = geo_of(s.position);
    }
    if (s.direction) row["direction"] = world::ToString(*s.direction);
    if (s.booth >= 0) row["booth"] = w.booths[static_cast<size_t>(s.booth)].id;
    if (s.zone >= 0) row["zone"] = w.zones[static_cast<size_t>(s.zone)].id;
    sensors.push_back(row);
  }
  j["sensors"] = sensors;
  Json booths = Json::array();
  for (const world::Booth& b : w.booths) {
    booths.push_back({{"id", b.id},
                      {"kind", world::ToString(b.kind)},
                      {"lanes", LaneIds(w, b.lanes)},
                      {"station_m", b.station_m},
                      {"position", Point(b.position)},
                      {"names", NamesJson(b.names)},
                      {"service_mean_s", b.service.mean_s}});
  }
  j["booths"] = booths;
  Json zones = Json::array();
  for (const world::Zone& z : w.zones) {
    zones.push_back({{"id", z.id},
                     {"kind", world::ToString(z.kind)},
                     {"capacity_trucks", z.capacity_trucks},
                     {"lanes", LaneIds(w, z.lanes)},
                     {"names", NamesJson(z.names)}});
  }
  j["zones"] = zones;
  Json buildings = Json::array();
  for (const world::Building& b : w.buildings) {
    double area = 0;  // shoelace formula over the footprint
    for (size_t i = 0; i < b.footprint.size(); ++i) {
      const auto& p = b.footprint[i];
      const auto& q = b.footprint[(i + 1) % b.footprint.size()];
      area += p.x * q.y - q.x * p.y;
    }
    buildings.push_back({{"id", b.id},
                         {"function", b.function},
                         {"names", NamesJson(b.names)},
                         {"height_m", b.height_m},
                         {"footprint_m2", std::abs(area) / 2}});
  }
  j["buildings"] = buildings;
  Json markers = Json::array();
  for (const world::Marker& m : w.border.markers) {
    markers.push_back({{"id", m.id}, {"position", Point(m.position)}, {"geo", geo_of(m.position)}});
  }
  j["border"] = {{"markers", markers}};
  Json views = Json::array();
  for (const world::Viewpoint& v : w.viewpoints) views.push_back(v.id);
  j["viewpoints"] = views;
  return j;
}

void PrintInfoText(const world::World& w) {
  std::cout << w.name << " — " << w.phase << "\n";
  std::cout << "  " << w.lanes.size() << " lanes, " << w.booths.size() << " booths, " << w.sensors.size()
            << " sensors, " << w.zones.size() << " zones, " << w.buildings.size() << " buildings\n";
  for (const world::Lane& l : w.lanes) {
    std::printf("  lane %-14s %-9s %6.0f m  %4.0f km/h\n", l.id.c_str(),
                std::string(world::ToString(l.direction)).c_str(), l.length_m, l.speed_limit_kmh);
  }
}

}  // namespace

void AddWorldCommands(CLI::App& app, RunFn* run) {
  CLI::App* world_cmd = app.add_subcommand("world", "Check or describe a world file");
  world_cmd->require_subcommand(1);

  auto check_path = std::make_shared<std::string>();
  CLI::App* check = world_cmd->add_subcommand("check", "Validate a world file: exit 0, or 1 with file:line:col errors");
  check->add_option("FILE", *check_path, "World YAML (a base world or a phase overlay)")->required();
  check->callback([run, check_path] {
    *run = [check_path] {
      world::LoadResult r = world::LoadWorld(*check_path);
      for (const world::Diagnostic& d : r.errors) std::cerr << d.ToString() << "\n";
      if (!r.ok()) return kExitFailed;
      std::cout << *check_path << ": ok (" << r.world->name << ", " << r.world->phase << ": " << r.world->lanes.size()
                << " lanes, " << r.world->sensors.size() << " sensors)\n";
      return kExitOk;
    };
  });

  auto info_path = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* info = world_cmd->add_subcommand("info", "Describe a world: lanes, sensors, booths, zones, buildings");
  info->add_option("FILE", *info_path, "World YAML")->required();
  info->add_flag("--json", *as_json, "Machine-readable JSON on stdout");
  info->callback([run, info_path, as_json] {
    *run = [info_path, as_json] {
      auto w = LoadWorldOrPrint(*info_path);
      if (!w) return kExitUsage;
      if (*as_json) {
        std::cout << WorldInfo(*w).dump(2) << "\n";
      } else {
        PrintInfoText(*w);
      }
      return kExitOk;
    };
  });
}

}  // namespace gatetwin::cli
