// Id lookups and the text forms of the world's enums.
#include "world/world.h"

#include <array>

namespace gatetwin::world {
namespace {

template <typename E, size_t N>
std::optional<E> FromTable(const std::array<std::string_view, N>& table, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (table[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 2> kDirections = {"vn_to_cn", "cn_to_vn"};
constexpr std::array<std::string_view, 6> kClasses = {"truck", "container", "tanker", "car", "bus", "other"};
constexpr std::array<std::string_view, 8> kSensorKinds = {"anpr",    "loop",        "radar",   "gps",
                                                          "barrier", "weighbridge", "scanner", "rfid"};
constexpr std::array<std::string_view, 8> kRoles = {"entry",    "booth", "exit",    "yard_in",
                                                    "yard_out", "count", "tracker", "service"};
constexpr std::array<std::string_view, 4> kBoothKinds = {"documents", "xray", "weighbridge", "quarantine"};
constexpr std::array<std::string_view, 5> kZoneKinds = {"approach_queue", "plaza", "yard", "parking", "other"};

int Lookup(const auto& index, std::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}

template <typename T, typename Index>
void Build(const std::vector<T>& items, Index* index) {
  index->clear();
  index->reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) index->emplace(items[i].id, static_cast<int>(i));
}

}  // namespace

int World::FindLane(std::string_view id) const { return Lookup(lane_index_, id); }
int World::FindSensor(std::string_view id) const { return Lookup(sensor_index_, id); }
int World::FindBooth(std::string_view id) const { return Lookup(booth_index_, id); }
int World::FindZone(std::string_view id) const { return Lookup(zone_index_, id); }

void World::Reindex() {
  Build(lanes, &lane_index_);
  Build(sensors, &sensor_index_);
  Build(booths, &booth_index_);
  Build(zones, &zone_index_);
}

std::string_view ToString(Direction d) { return kDirections[static_cast<size_t>(d)]; }
std::string_view ToString(VehicleClass c) { return kClasses[static_cast<size_t>(c)]; }
std::string_view ToString(SensorKind k) { return kSensorKinds[static_cast<size_t>(k)]; }
std::string_view ToString(SensorRole r) { return kRoles[static_cast<size_t>(r)]; }
std::string_view ToString(BoothKind k) { return kBoothKinds[static_cast<size_t>(k)]; }
std::string_view ToString(ZoneKind k) { return kZoneKinds[static_cast<size_t>(k)]; }
std::optional<Direction> ParseDirection(std::string_view s) { return FromTable<Direction>(kDirections, s); }
std::optional<VehicleClass> ParseVehicleClass(std::string_view s) { return FromTable<VehicleClass>(kClasses, s); }
std::optional<SensorKind> ParseSensorKind(std::string_view s) { return FromTable<SensorKind>(kSensorKinds, s); }
std::optional<SensorRole> ParseSensorRole(std::string_view s) { return FromTable<SensorRole>(kRoles, s); }
std::optional<BoothKind> ParseBoothKind(std::string_view s) { return FromTable<BoothKind>(kBoothKinds, s); }
std::optional<ZoneKind> ParseZoneKind(std::string_view s) { return FromTable<ZoneKind>(kZoneKinds, s); }

}  // namespace gatetwin::world
