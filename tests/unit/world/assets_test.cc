// The world files in the repo: tests/data/worlds/tiny.yaml and the three Hữu Nghị layout phases.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "world/load.h"

namespace gatetwin::world {
namespace {

const std::string kSourceDir = GATETWIN_SOURCE_DIR;

World LoadOrFail(const std::string& relative) {
  LoadResult r = LoadWorld(kSourceDir + "/" + relative);
  for (const Diagnostic& d : r.errors) ADD_FAILURE() << d.ToString();
  if (!r.ok()) return World{};
  return std::move(*r.world);
}

// whether plan segments ab and cd cross
bool Cross(const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& d) {
  auto side = [](const Vec3& p, const Vec3& q, const Vec3& r) {
    return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  };
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
}

bool CrossesBorder(const Lane& lane, const Border& border) {
  for (size_t i = 1; i < lane.polyline.size(); ++i) {
    for (size_t j = 1; j < border.line.size(); ++j) {
      if (Cross(lane.polyline[i - 1], lane.polyline[i], border.line[j - 1], border.line[j])) return true;
    }
  }
  return false;
}

// freight lanes crossing the border, per direction
std::map<Direction, int> FreightLanesThroughBorder(const World& w) {
  std::map<Direction, int> count;
  for (const Lane& lane : w.lanes) {
    if (lane.Allows(VehicleClass::kTruck) && CrossesBorder(lane, w.border)) ++count[lane.direction];
  }
  return count;
}

TEST(TinyWorld, IsTheDocumentedHandCheckableLayout) {
  const World w = LoadOrFail("tests/data/worlds/tiny.yaml");
  ASSERT_EQ(w.lanes.size(), 2u);
  const Lane& in1 = w.lanes[static_cast<size_t>(w.FindLane("in1"))];
  const Lane& out1 = w.lanes[static_cast<size_t>(w.FindLane("out1"))];
  EXPECT_DOUBLE_EQ(in1.length_m, 300);
  EXPECT_DOUBLE_EQ(out1.length_m, 300);
  EXPECT_DOUBLE_EQ(in1.speed_limit_kmh / 3.6, 10);
  EXPECT_EQ(out1.direction, Direction::kCnToVn);
  EXPECT_EQ(w.params.vehicle_spacing_m, 20);
  EXPECT_EQ(w.anchor.lat_deg, 21.98);
  EXPECT_EQ(w.anchor.lon_deg, 106.72);

  const Booth& b1 = w.booths[static_cast<size_t>(w.FindBooth("b1"))];
  EXPECT_EQ(b1.station_m, 200);
  EXPECT_EQ(b1.service.dist, ServiceTime::Dist::kFixed);
  EXPECT_EQ(b1.service.mean_s, 60);
  const Booth& b2 = w.booths[static_cast<size_t>(w.FindBooth("b2"))];
  EXPECT_EQ(b2.position.y, 100);  // out1's station 200 is 100 m north of y = 0

  EXPECT_EQ(w.sensors.size(), 12u);
  for (const char* id :
       {"anpr.in1.entry", "anpr.in1.booth", "anpr.in1.exit", "anpr.out1.entry", "anpr.out1.booth", "anpr.out1.exit",
        "barrier.in1", "loop.in1", "xray.in1", "anpr.yard1.in", "anpr.yard1.out", "gps"}) {
    EXPECT_GE(w.FindSensor(id), 0) << id;
  }
  const Sensor& exit = w.sensors[static_cast<size_t>(w.FindSensor("anpr.out1.exit"))];
  EXPECT_EQ(exit.station_m[0], 300);
  EXPECT_EQ(exit.direction, Direction::kCnToVn);
  EXPECT_EQ(w.sensors[static_cast<size_t>(w.FindSensor("xray.in1"))].booth, w.FindBooth("b1"));
  EXPECT_EQ(w.sensors[static_cast<size_t>(w.FindSensor("anpr.yard1.out"))].zone, w.FindZone("yard1"));
  EXPECT_EQ(w.zones[static_cast<size_t>(w.FindZone("yard1"))].capacity_trucks, 10);
  ASSERT_EQ(w.barriers.size(), 1u);
  EXPECT_EQ(w.barriers[0].station_m, 205);
  ASSERT_EQ(w.border.markers.size(), 2u);
  EXPECT_EQ(w.border.markers[0].id, "1119");
  EXPECT_EQ(w.buildings.size(), 1u);
  EXPECT_EQ(w.viewpoints.size(), 1u);
  EXPECT_EQ(FreightLanesThroughBorder(w)[Direction::kVnToCn], 1);
}

struct Phase {
  const char* file;
  int lanes_per_direction;
};

class HuuNghiPhase : public ::testing::TestWithParam<Phase> {};

TEST_P(HuuNghiPhase, LoadsWithTheRightLanesAndSensors) {
  const World w = LoadOrFail(std::string("assets/worlds/huu_nghi/") + GetParam().file);
  const int n = GetParam().lanes_per_direction;
  auto through = FreightLanesThroughBorder(w);
  EXPECT_EQ(through[Direction::kVnToCn], n);
  EXPECT_EQ(through[Direction::kCnToVn], n);
  EXPECT_EQ(through[Direction::kVnToCn] + through[Direction::kCnToVn], 2 * n);

  // every lane through the border has the sensors the engine needs
  for (const Lane& lane : w.lanes) {
    if (!CrossesBorder(lane, w.border)) continue;
    const int li = w.FindLane(lane.id);
    std::set<SensorRole> roles;
    std::set<SensorKind> kinds;
    for (const Sensor& s : w.sensors) {
      if (std::find(s.lanes.begin(), s.lanes.end(), li) == s.lanes.end()) continue;
      roles.insert(s.role);
      kinds.insert(s.kind);
    }
    for (SensorRole role :
         {SensorRole::kEntry, SensorRole::kBooth, SensorRole::kExit, SensorRole::kCount, SensorRole::kService}) {
      EXPECT_TRUE(roles.count(role)) << lane.id << " has no " << ToString(role) << " sensor";
    }
    EXPECT_TRUE(kinds.count(SensorKind::kLoop)) << lane.id;
    EXPECT_TRUE(kinds.count(SensorKind::kBarrier)) << lane.id;
    int booths = 0, barriers = 0;
    for (const Booth& b : w.booths) booths += std::count(b.lanes.begin(), b.lanes.end(), li);
    for (const Barrier& b : w.barriers) barriers += b.lane == li;
    EXPECT_GE(booths, 1) << lane.id;
    EXPECT_EQ(barriers, 1) << lane.id;
  }
  EXPECT_GE(w.FindSensor("gps"), 0);
  for (const char* id : {"overview", "border_line", "booth_plaza", "yards"}) {
    bool found = false;
    for (const Viewpoint& v : w.viewpoints) found = found || v.id == id;
    EXPECT_TRUE(found) << id;
  }
  int yards = 0;
  for (const Zone& z : w.zones) yards += z.kind == ZoneKind::kYard;
  EXPECT_GE(yards, 2);
  std::set<std::string> markers;
  for (const Marker& m : w.border.markers) markers.insert(m.id);
  EXPECT_TRUE(markers.count("1119") && markers.count("1120"));
}

INSTANTIATE_TEST_SUITE_P(Phases, HuuNghiPhase,
                         ::testing::Values(Phase{"phase0_4lane.yaml", 2}, Phase{"phase1_6lane.yaml", 3},
                                           Phase{"phase2_14lane.yaml", 7}),
                         [](const auto& p) { return std::string(p.param.file).substr(0, 6); });

TEST(HuuNghi, PhasesShareTheBase) {
  const World p0 = LoadOrFail("assets/worlds/huu_nghi/phase0_4lane.yaml");
  const World p2 = LoadOrFail("assets/worlds/huu_nghi/phase2_14lane.yaml");
  EXPECT_EQ(p0.anchor.lat_deg, p2.anchor.lat_deg);
  EXPECT_EQ(p0.name, p2.name);
  EXPECT_NE(p0.phase, p2.phase);
  EXPECT_GT(p2.booths.size(), p0.booths.size());
  EXPECT_GT(p2.zones.size(), p0.zones.size());
}

}  // namespace
}  // namespace gatetwin::world
