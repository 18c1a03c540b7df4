// Layout-phase overlays: add, replace, remove, chains, and errors that point at the right file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/world/world_test_util.h"

namespace gatetwin::world {
namespace {

using ::testing::ElementsAre;
using testing::TempDir;

// base.yaml: two lanes (in1, out1), a booth and its sensor
const std::string kBase =
    "world: {name: base, phase: p0}\n"                                                       // 1
    "anchor: {lat: 21.98, lon: 106.72}\n"                                                    // 2
    "parameters: {vehicle_spacing_m: 18, reorder_window_s: 2}\n"                             // 3
    "roads:\n"                                                                               // 4
    "  - {id: r1, centreline: [[0, 0], [0, 300]]}\n"                                         // 5
    "lanes:\n"                                                                               // 6
    "  - {id: in1, road: r1, offset_m: 1.75, direction: vn_to_cn, speed_limit_kmh: 36}\n"    // 7
    "  - {id: out1, road: r1, offset_m: -1.75, direction: cn_to_vn, speed_limit_kmh: 36}\n"  // 8
    "booths:\n"                                                                              // 9
    "  - {id: b1, kind: documents, lanes: [in1], at_m: 200}\n"                               // 10
    "sensors:\n"                                                                             // 11
    "  - {id: s1, kind: anpr, role: booth, lanes: [in1], at_m: 200, booth: b1}\n"            // 12
    "  - {id: gps, kind: gps, role: tracker}\n";                                             // 13

std::vector<std::string> ErrorLines(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.errors) out.push_back(d.ToString());
  return out;
}

TEST(Overlay, AddsElementsAndMergesScalarSectionsKeyByKey) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  const std::string over =
      dir.Write("over.yaml",
                "base: base.yaml\n"
                "world: {phase: p1}\n"
                "parameters: {vehicle_spacing_m: 20}\n"
                "lanes:\n"
                "  - {id: in2, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 36}\n");
  LoadResult r = LoadWorld(over);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(ErrorLines(r));
  const World& w = *r.world;
  EXPECT_EQ(w.name, "base");  // kept from the base
  EXPECT_EQ(w.phase, "p1");   // replaced by the overlay
  EXPECT_EQ(w.params.vehicle_spacing_m, 20);
  EXPECT_EQ(w.params.reorder_window_s, 2);
  ASSERT_EQ(w.lanes.size(), 3u);
  EXPECT_EQ(w.lanes[2].id, "in2");
  EXPECT_EQ(w.FindLane("in2"), 2);
  EXPECT_EQ(w.lanes[0].loc.file, dir.Path("base.yaml"));
  EXPECT_EQ(w.lanes[2].loc.file, over);
  EXPECT_EQ(w.lanes[2].loc.line, 5);
}

TEST(Overlay, SameIdReplacesTheWholeElementInPlace) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  const std::string over =
      dir.Write("over.yaml",
                "base: base.yaml\n"
                "booths:\n"
                "  - {id: b1, kind: xray, lanes: [in1], at_m: 150, service: {dist: fixed, mean_s: 30}}\n");
  LoadResult r = LoadWorld(over);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(ErrorLines(r));
  ASSERT_EQ(r.world->booths.size(), 1u);
  const Booth& b = r.world->booths[0];
  EXPECT_EQ(b.kind, BoothKind::kXray);
  EXPECT_EQ(b.station_m, 150);
  EXPECT_EQ(b.service.dist, ServiceTime::Dist::kFixed);
  EXPECT_EQ(b.loc.file, over);
}

TEST(Overlay, RemoveDeletesById) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  const std::string over = dir.Write("over.yaml",
                                     "base: base.yaml\n"
                                     "remove: {sensors: [s1], booths: [b1]}\n");
  LoadResult r = LoadWorld(over);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(ErrorLines(r));
  EXPECT_TRUE(r.world->booths.empty());
  ASSERT_EQ(r.world->sensors.size(), 1u);
  EXPECT_EQ(r.world->FindSensor("gps"), 0);
  EXPECT_EQ(r.world->FindSensor("s1"), -1);
}

TEST(Overlay, RemoveUnknownIdIsAnError) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  const std::string over = dir.Write("over.yaml",
                                     "base: base.yaml\n"
                                     "remove: {lanes: [in9], sensor: [s1]}\n");
  EXPECT_THAT(ErrorLines(LoadWorld(over)),
              ElementsAre(over + ":2:18: remove: no lane 'in9' in the base",
                          over + ":2:24: remove: unknown section 'sensor' (allowed: roads, lanes, connections, "
                                 "zones, booths, barriers, buildings, sensors, viewpoints)"));
}

TEST(Overlay, ConnectionsMergeAndRemoveByTheirLanes) {
  TempDir dir;
  dir.Write("base.yaml", kBase + "connections:\n  - {from: in1, to: out1}\n");
  const std::string over = dir.Write("over.yaml", "base: base.yaml\nremove: {connections: [[in1, out1]]}\n");
  LoadResult r = LoadWorld(over);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(ErrorLines(r));
  EXPECT_TRUE(r.world->connections.empty());
}

TEST(Overlay, ChainsOfOverlays) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  dir.Write("p1.yaml",
            "base: base.yaml\n"
            "world: {phase: p1}\n"
            "lanes:\n"
            "  - {id: in2, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 36}\n");
  dir.Write("sub/p2.yaml",
            "base: ../p1.yaml\n"
            "world: {phase: p2}\n"
            "lanes:\n"
            "  - {id: in3, road: r1, offset_m: 8.75, direction: vn_to_cn, speed_limit_kmh: 36}\n"
            "remove: {lanes: [out1]}\n");
  LoadResult r = LoadWorld(dir.Path("sub/p2.yaml"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(ErrorLines(r));
  EXPECT_EQ(r.world->phase, "p2");
  std::vector<std::string> ids;
  for (const Lane& l : r.world->lanes) ids.push_back(l.id);
  EXPECT_THAT(ids, ElementsAre("in1", "in2", "in3"));
}

TEST(Overlay, ErrorsPointAtTheFileThatWroteTheElement) {
  TempDir dir;
  // the base's booth is fine on its own; the overlay moves its lane so that at_m no longer fits
  dir.Write("base.yaml", kBase);
  const std::string over =
      dir.Write("over.yaml",
                "base: base.yaml\n"
                "roads:\n"
                "  - {id: r1, centreline: [[0, 0], [0, 100]]}\n"
                "lanes:\n"
                "  - {id: in2, road: r1, offset_m: 1, direction: vn_to_cn, speed_limit_kmh: 36}\n");
  EXPECT_THAT(ErrorLines(LoadWorld(over)),
              ElementsAre(dir.Path("base.yaml") + ":10:51: booth 'b1': at_m 200 is outside lane 'in1' (0 to 100 m)",
                          dir.Path("base.yaml") + ":12:59: sensor 's1': at_m 200 is outside lane 'in1' (0 to 100 m)",
                          over + ":5:5: lane 'in2': overlaps lane 'in1' of road 'r1' laterally ([-0.75, 2.75] m and "
                                 "[0, 3.5] m)",
                          over + ":5:5: lane 'in2': overlaps lane 'out1' of road 'r1' laterally ([-0.75, 2.75] m and "
                                 "[-3.5, 0] m)"));
}

TEST(Overlay, DuplicateWithinOneFileIsStillADuplicate) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  const std::string over = dir.Write("over.yaml",
                                     "base: base.yaml\n"
                                     "sensors:\n"
                                     "  - {id: x, kind: loop, role: count, lanes: [in1], at_m: 10}\n"
                                     "  - {id: x, kind: loop, role: count, lanes: [in1], at_m: 20}\n");
  EXPECT_THAT(ErrorLines(LoadWorld(over)),
              ElementsAre(over + ":4:10: sensor 'x': duplicate id (first declared at " + over + ":3:10)"));
}

TEST(Overlay, MissingBaseAndCycles) {
  TempDir dir;
  const std::string lost = dir.Write("lost.yaml", "base: nowhere.yaml\n");
  EXPECT_THAT(ErrorLines(LoadWorld(lost)), ElementsAre(lost + ":1:7: cannot open base '" + dir.Path("nowhere.yaml") +
                                                       "': No such file or directory"));
  const std::string a = dir.Write("a.yaml", "base: b.yaml\n");
  dir.Write("b.yaml", "base: a.yaml\n");
  EXPECT_THAT(ErrorLines(LoadWorld(a)), ElementsAre(dir.Path("b.yaml") + ":1:7: base: '" + a +
                                                    "' is already being loaded (the overlays form a cycle)"));
}

TEST(Overlay, FromStringResolvesBaseAgainstBaseDir) {
  TempDir dir;
  dir.Write("base.yaml", kBase);
  LoadResult r = LoadWorldFromString("base: base.yaml\nworld: {phase: mem}\n", "<memory>", dir.Path(""));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(ErrorLines(r));
  EXPECT_EQ(r.world->phase, "mem");
}

}  // namespace
}  // namespace gatetwin::world
