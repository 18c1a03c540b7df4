// Every validation rule of the world loader: inline YAML in, the exact `file:line:col: message` out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/world/world_test_util.h"

namespace gatetwin::world {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using testing::kHeader;

// ---------------------------------------------------------------------------------------------
// files and syntax

TEST(LoadErrors, MissingFile) {
  LoadResult r = LoadWorld("/nonexistent/gatetwin/world.yaml");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString(), "/nonexistent/gatetwin/world.yaml: cannot open: No such file or directory");
}

TEST(LoadErrors, DirectoryIsNotAFile) {
  LoadResult r = LoadWorld("/tmp");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString(), "/tmp: cannot open: is a directory");
}

TEST(LoadErrors, YamlSyntaxErrorHasYamlCppMark) {
  EXPECT_THAT(Errors("world: {name: t}\nanchor: {lat: 21.98, lon: 106.72\nroads: []\n"),
              ElementsAre("t.yaml:3:6: YAML syntax error: end of map flow not found"));
}

TEST(LoadErrors, EmptyAndNonMappingFiles) {
  EXPECT_THAT(Errors(""), ElementsAre("t.yaml: empty world file: expected a mapping of sections (world, anchor, ...)"));
  EXPECT_THAT(Errors("- a\n- b\n"),
              ElementsAre("t.yaml:1:1: expected a mapping of sections (world, anchor, ...), got a list"));
}

// ---------------------------------------------------------------------------------------------
// keys and types

TEST(LoadErrors, MissingRequiredSection) {
  EXPECT_THAT(Errors("world: {name: t}\n"), ElementsAre("t.yaml:1:1: missing required section 'anchor'"));
}

TEST(LoadErrors, MissingRequiredKey) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:5: lane 'x': missing required key 'direction'"));
  EXPECT_THAT(Errors(kHeader + "  - {road: r1, offset_m: 6, direction: vn_to_cn, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:5: lane: missing required key 'id'"));
}

TEST(LoadErrors, WrongTypes) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, width_m: wide, direction: vn_to_cn, "
                               "speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:45: lane 'x': width_m: expected a number, got 'wide'"));
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: [r1], offset_m: 6, direction: vn_to_cn, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:19: lane 'x': road: expected a name, got a list"));
  EXPECT_THAT(Errors(kHeader + "zones:\n  - {id: z, kind: yard, polygon: [[0, 0], [1, 0], [1, 1]], "
                               "capacity_trucks: 2.5}\n"),
              ElementsAre("t.yaml:9:77: zone 'z': capacity_trucks: expected a whole number, got '2.5'"));
  EXPECT_THAT(Errors(kHeader + "viewpoints:\n  - {id: v, eye: [1, 2, 3, 4], target: [0, 0]}\n"),
              ElementsAre("t.yaml:9:18: viewpoint 'v': eye: expected a point [x, y], [x, y, z] or {lat, lon}, "
                          "got a list"));
  EXPECT_THAT(Errors(kHeader + "roads:\n"), ElementsAre("t.yaml:8:1: key 'roads' is given twice"));
}

TEST(LoadErrors, RepeatedKeyInElement) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, id: y, road: r1, offset_m: 6, direction: vn_to_cn, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:13: lane: key 'id' is given twice"));
}

TEST(LoadErrors, UnknownEnumValueListsAllowed) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, direction: north, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:47: lane 'x': direction: unknown value 'north' (expected one of: vn_to_cn, "
                          "cn_to_vn)"));
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, direction: vn_to_cn, speed_limit_kmh: 30, "
                               "classes: [truck, lorry]}\n"),
              ElementsAre("t.yaml:8:95: lane 'x': classes: unknown value 'lorry' (expected one of: truck, "
                          "container, tanker, car, bus, other)"));
  EXPECT_THAT(Errors(kHeader + "sensors:\n  - {id: s, kind: camera, role: entry, lanes: [in1], at_m: 0}\n"),
              ElementsAre("t.yaml:9:19: sensor 's': kind: unknown value 'camera' (expected one of: anpr, loop, "
                          "radar, gps, barrier, weighbridge, scanner, rfid)"));
}

TEST(LoadErrors, UnknownKeysAreTypos) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, widht_m: 3, direction: vn_to_cn, "
                               "speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:36: lane 'x': unknown key 'widht_m' (allowed: id, road, offset_m, width_m, "
                          "direction, classes, speed_limit_kmh, polyline, tidal_with, standby)"));
  EXPECT_THAT(Errors(kHeader + "sensor:\n  - {id: s}\n"),
              ElementsAre("t.yaml:8:1: unknown top-level key 'sensor' (allowed: base, world, anchor, parameters, "
                          "border, roads, lanes, connections, zones, booths, barriers, buildings, sensors, "
                          "viewpoints, remove)"));
  EXPECT_THAT(Errors(kHeader + "parameters: {vehicle_spacing: 18}\n"),
              ElementsAre("t.yaml:8:14: parameters: unknown key 'vehicle_spacing' (allowed: vehicle_spacing_m, "
                          "reorder_window_s, utc_offset)"));
}

TEST(LoadErrors, DuplicateIds) {
  EXPECT_THAT(Errors(kHeader + "  - {id: in1, road: r1, offset_m: 6, direction: vn_to_cn, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:10: lane 'in1': duplicate id (first declared at t.yaml:6:10)"));
  EXPECT_THAT(Errors(kHeader + "connections:\n  - {from: in1, to: in1}\n  - {from: in1, to: in1}\n"),
              ::testing::Contains("t.yaml:10:5: connection in1 -> in1: declared twice (first at t.yaml:9:5)"));
}

// ---------------------------------------------------------------------------------------------
// references

TEST(LoadErrors, LaneRoadMustResolve) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r9, offset_m: 6, direction: vn_to_cn, speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:19: lane 'x': road 'r9' is not declared"));
}

TEST(LoadErrors, ConnectionEndsMustResolve) {
  EXPECT_THAT(Errors(kHeader + "connections:\n  - {from: in9, to: out9}\n"),
              ElementsAre("t.yaml:9:12: connection in9 -> out9: lane 'in9' is not declared",
                          "t.yaml:9:21: connection in9 -> out9: lane 'out9' is not declared"));
}

TEST(LoadErrors, BoothBarrierZoneLanesMustResolve) {
  EXPECT_THAT(Errors(kHeader + "booths:\n  - {id: b, kind: documents, lanes: [in1, nope], at_m: 10}\n"),
              ElementsAre("t.yaml:9:43: booth 'b': lane 'nope' is not declared"));
  EXPECT_THAT(Errors(kHeader + "barriers:\n  - {id: g, lane: nope, at_m: 10}\n"),
              ElementsAre("t.yaml:9:19: barrier 'g': lane 'nope' is not declared"));
  EXPECT_THAT(Errors(kHeader + "zones:\n  - {id: z, kind: plaza, polygon: [[0, 0], [1, 0], [1, 1]], lanes: [x]}\n"),
              ElementsAre("t.yaml:9:69: zone 'z': lane 'x' is not declared"));
}

TEST(LoadErrors, SensorReferencesMustResolve) {
  EXPECT_THAT(Errors(kHeader + "sensors:\n"
                               "  - {id: a, kind: anpr, role: entry, lanes: [in2], at_m: 0}\n"
                               "  - {id: b, kind: anpr, role: booth, lanes: [in1], at_m: 0, booth: b9}\n"
                               "  - {id: c, kind: anpr, role: yard_in, lanes: [in1], at_m: 0, zone: z9}\n"
                               "  - {id: d, kind: anpr, role: booth, lanes: [in1], at_m: 0}\n"),
              ElementsAre("t.yaml:9:46: sensor 'a': lane 'in2' is not declared",
                          "t.yaml:10:68: sensor 'b': booth 'b9' is not declared",
                          "t.yaml:11:69: sensor 'c': zone 'z9' is not declared",
                          "t.yaml:12:5: sensor 'd': missing required key 'booth'"));
}

TEST(LoadErrors, BrokenElementDoesNotCascade) {
  // the lane has an error of its own; the booth that names it gets no second error
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, direction: up, speed_limit_kmh: 30}\n"
                               "booths:\n  - {id: b, kind: documents, lanes: [x], at_m: 10}\n"),
              ElementsAre("t.yaml:8:47: lane 'x': direction: unknown value 'up' (expected one of: vn_to_cn, "
                          "cn_to_vn)"));
}

// ---------------------------------------------------------------------------------------------
// geometry

TEST(LoadErrors, DegenerateRoadAndLane) {
  std::string yaml =
      "world: {name: t}\nanchor: {lat: 21.98, lon: 106.72}\n"
      "roads:\n  - {id: r2, centreline: [[10, 0], [10, 0.5]]}\n"
      "lanes:\n"
      "  - {id: x, road: r2, offset_m: 0, direction: vn_to_cn, speed_limit_kmh: 30}\n"
      "  - {id: y, polyline: [[0, 0], [0, 0]], direction: vn_to_cn, speed_limit_kmh: 30}\n";
  EXPECT_THAT(Errors(yaml), ElementsAre("t.yaml:4:5: road 'r2': centreline is degenerate (length 0.5 m, at least "
                                        "1 m needed)",
                                        "t.yaml:7:5: lane 'y': polyline is degenerate (length 0 m, at least 1 m "
                                        "needed)"));
}

TEST(LoadErrors, LaneWidthAndSpeedMustBePositive) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 6, width_m: 0, direction: vn_to_cn, "
                               "speed_limit_kmh: 0}\n"),
              ElementsAre("t.yaml:8:45: lane 'x': width_m must be > 0, got 0",
                          "t.yaml:8:86: lane 'x': speed_limit_kmh must be > 0, got 0"));
}

TEST(LoadErrors, LanesOfOneRoadMustNotOverlap) {
  EXPECT_THAT(Errors(kHeader + "  - {id: x, road: r1, offset_m: 4, width_m: 3.5, direction: vn_to_cn, "
                               "speed_limit_kmh: 30}\n"),
              ElementsAre("t.yaml:8:5: lane 'x': overlaps lane 'in1' of road 'r1' laterally ([2.25, 5.75] m and "
                          "[0, 3.5] m)"));
  // touching is fine: 1.75 ± 1.75 and 5.25 ± 1.75 share only the edge at 3.5 m
  testing::MustLoad(kHeader + "  - {id: x, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 30}\n");
}

// a tidal lane: two lanes on one strip, one per direction, naming each other, one on standby
TEST(LoadErrors, TidalLanesArePairsOnOneStrip) {
  const World w = testing::MustLoad(
      kHeader +
      "  - {id: t, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 30, tidal_with: tr}\n"
      "  - {id: tr, road: r1, offset_m: 5.25, direction: cn_to_vn, speed_limit_kmh: 30, tidal_with: t, standby: "
      "true}\n");
  const Lane& t = w.lanes[static_cast<size_t>(w.FindLane("t"))];
  const Lane& tr = w.lanes[static_cast<size_t>(w.FindLane("tr"))];
  EXPECT_EQ(t.tidal_partner, w.FindLane("tr"));
  EXPECT_EQ(tr.tidal_partner, w.FindLane("t"));
  EXPECT_FALSE(t.standby);
  EXPECT_TRUE(tr.standby);
  EXPECT_EQ(w.lanes[0].tidal_partner, -1);

  const std::string t_line = "  - {id: t, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 30, ";
  EXPECT_THAT(Errors(kHeader + t_line + "tidal_with: nope}\n"),
              ElementsAre("t.yaml:8:93: lane 't': tidal_with: lane 'nope' is not declared"));
  EXPECT_THAT(Errors(kHeader + t_line + "tidal_with: t}\n"),
              ElementsAre("t.yaml:8:93: lane 't': tidal_with: a lane cannot be its own tidal partner"));
  // the partner must name it back, run the other way, lie on the same strip; one on standby
  EXPECT_THAT(Errors(kHeader + t_line + "tidal_with: out1}\n"),
              ElementsAre("t.yaml:8:93: lane 't': tidal_with: 'out1' must name 't' back (tidal_with: t)"));
  EXPECT_THAT(
      Errors(kHeader + t_line + "tidal_with: u}\n" +
             "  - {id: u, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 30, tidal_with: t, "
             "standby: true}\n"),
      ElementsAre("t.yaml:8:93: lane 't': tidal_with: 'u' runs the same direction: a tidal pair is one lane per "
                  "direction",
                  "t.yaml:9:93: lane 'u': tidal_with: 't' runs the same direction: a tidal pair is one lane per "
                  "direction"));
  EXPECT_THAT(Errors(kHeader + t_line + "tidal_with: u}\n" +
                     "  - {id: u, road: r1, offset_m: 8.75, direction: cn_to_vn, speed_limit_kmh: 30, tidal_with: t, "
                     "standby: true}\n"),
              ElementsAre("t.yaml:8:93: lane 't': tidal_with: 'u' is not on the same strip (road, offset_m and width_m "
                          "must match)",
                          "t.yaml:9:93: lane 'u': tidal_with: 't' is not on the same strip (road, offset_m and width_m "
                          "must match)"));
  EXPECT_THAT(
      Errors(kHeader + t_line + "tidal_with: u}\n" +
             "  - {id: u, road: r1, offset_m: 5.25, direction: cn_to_vn, speed_limit_kmh: 30, tidal_with: t}\n"),
      ElementsAre("t.yaml:8:93: lane 't': tidal_with: 'u' and 't' are both open: exactly one must be "
                  "`standby: true` (the one closed at the start)"));
  EXPECT_THAT(Errors(kHeader + t_line + "standby: true}\n"),
              ElementsAre("t.yaml:8:90: lane 't': standby: only a tidal lane (one with tidal_with) can be on standby"));
}

TEST(LoadErrors, StationsMustLieOnTheLane) {
  EXPECT_THAT(Errors(kHeader + "booths:\n  - {id: b, kind: documents, lanes: [in1], at_m: 350}\n"
                               "barriers:\n  - {id: g, lane: out1, at_m: -1}\n"
                               "sensors:\n  - {id: s, kind: loop, role: count, lanes: [in1, out1], at_m: 301}\n"),
              ElementsAre("t.yaml:9:50: booth 'b': at_m 350 is outside lane 'in1' (0 to 300 m)",
                          "t.yaml:11:31: barrier 'g': at_m -1 is outside lane 'out1' (0 to 300 m)",
                          "t.yaml:13:64: sensor 's': at_m 301 is outside lane 'in1' (0 to 300 m)",
                          "t.yaml:13:64: sensor 's': at_m 301 is outside lane 'out1' (0 to 300 m)"));
}

TEST(LoadErrors, SensorPositionMustLieOnItsLanes) {
  // in1's centre is x = 1.75; allowed is half the width (1.75) + 1 m = 2.75 m
  EXPECT_THAT(Errors(kHeader + "sensors:\n  - {id: s, kind: radar, role: count, lanes: [in1], position: [6, 50]}\n"),
              ElementsAre("t.yaml:9:63: sensor 's': position is 4.25 m from lane 'in1' (at most 2.75 m)"));
  EXPECT_THAT(Errors(kHeader + "sensors:\n  - {id: s, kind: radar, role: count, lanes: [in1], at_m: 5, "
                               "position: [1, 5]}\n"),
              ElementsAre("t.yaml:9:72: sensor 's': give at_m or position, not both"));
  EXPECT_THAT(Errors(kHeader + "sensors:\n  - {id: s, kind: radar, role: count, lanes: [in1]}\n"),
              ElementsAre("t.yaml:9:5: sensor 's': missing required key 'at_m' (or 'position')"));
  EXPECT_THAT(Errors(kHeader + "sensors:\n  - {id: g, kind: gps, role: tracker, lanes: [in1]}\n"),
              ElementsAre("t.yaml:9:39: sensor 'g': a tracker has no fixed place; remove 'lanes'"));
}

TEST(LoadErrors, SensorDirectionMustAgreeWithLanes) {
  EXPECT_THAT(Errors(kHeader + "sensors:\n  - {id: s, kind: anpr, role: entry, lanes: [out1], at_m: 0, "
                               "direction: vn_to_cn}\n"),
              ElementsAre("t.yaml:9:73: sensor 's': direction vn_to_cn disagrees with lane 'out1' (cn_to_vn)"));
}

TEST(LoadErrors, ConnectionGapIsAtMost15m) {
  // in1 ends at (1.75, 300) and out1 starts at (-1.75, 300): 3.5 m apart, a U-turn that is fine
  testing::MustLoad(kHeader + "connections:\n  - {from: in1, to: out1}\n");
  // out1 ends at (-1.75, 0) and starts at (-1.75, 300)
  EXPECT_THAT(Errors(kHeader + "connections:\n  - {from: out1, to: out1}\n"),
              ElementsAre("t.yaml:9:5: connection out1 -> out1: the end of 'out1' is 300 m from the start of "
                          "'out1' (at most 15 m)"));
}

TEST(LoadErrors, PolygonsNeedThreePoints) {
  EXPECT_THAT(Errors(kHeader + "zones:\n  - {id: z, kind: yard, polygon: [[0, 0], [1, 0]]}\n"
                               "buildings:\n  - {id: h, function: office, footprint: [[0, 0], [1, 1]]}\n"),
              ElementsAre("t.yaml:9:34: zone 'z': polygon: needs at least 3 points, got 2",
                          "t.yaml:11:42: building 'h': footprint: needs at least 3 points, got 2"));
}

TEST(LoadErrors, CapacityMustNotBeNegative) {
  EXPECT_THAT(Errors(kHeader + "zones:\n  - {id: z, kind: yard, polygon: [[0, 0], [1, 0], [1, 1]], "
                               "capacity_trucks: -1}\n"),
              ElementsAre("t.yaml:9:77: zone 'z': capacity_trucks must be >= 0, got -1"));
}

TEST(LoadErrors, ServiceTimes) {
  EXPECT_THAT(Errors(kHeader + "booths:\n"
                               "  - {id: a, kind: xray, lanes: [in1], at_m: 10, service: {dist: gamma, mean_s: 5}}\n"
                               "  - {id: b, kind: xray, lanes: [in1], at_m: 10, service: {dist: fixed}}\n"
                               "  - {id: c, kind: xray, lanes: [in1], at_m: 10, service: {dist: uniform, min_s: 9, "
                               "max_s: 3}}\n"),
              ElementsAre("t.yaml:9:65: booth 'a': service: dist: unknown value 'gamma' (expected one of: fixed, "
                          "exponential, lognormal, uniform)",
                          "t.yaml:10:58: booth 'b': service: missing required key 'mean_s'",
                          "t.yaml:11:91: booth 'c': service: max_s 3 is below min_s 9"));
}

TEST(LoadErrors, ParameterValues) {
  EXPECT_THAT(Errors(kHeader + "parameters: {vehicle_spacing_m: 0, reorder_window_s: -1, utc_offset: \"7\"}\n"),
              ElementsAre("t.yaml:8:33: parameters: vehicle_spacing_m must be > 0, got 0",
                          "t.yaml:8:54: parameters: reorder_window_s must be >= 0, got -1",
                          "t.yaml:8:70: parameters: utc_offset: expected an offset like \"+07:00\", got '7'"));
}

TEST(LoadErrors, AnchorRange) {
  EXPECT_THAT(Errors("world: {name: t}\nanchor: {lat: 95, lon: 106.72}\n"),
              ElementsAre("t.yaml:2:15: anchor: lat must be within [-90, 90], got 95"));
}

TEST(LoadErrors, AllErrorsAreCollectedInFileOrder) {
  const auto errors = Errors(kHeader +
                             "  - {id: x, road: r1, offset_m: 9, direction: vn_to_cn, speed_limit_kmh: -3}\n"
                             "booths:\n  - {id: b, kind: cafe, lanes: [in1], at_m: 10}\n"
                             "sensors:\n  - {id: s, kind: anpr, role: entry, lanes: [in1], at_m: 0, colour: red}\n"
                             "wrld: {}\n");
  EXPECT_THAT(errors, ElementsAre("t.yaml:8:74: lane 'x': speed_limit_kmh must be > 0, got -3",
                                  "t.yaml:10:19: booth 'b': kind: unknown value 'cafe' (expected one of: documents, "
                                  "xray, weighbridge, quarantine)",
                                  "t.yaml:12:61: sensor 's': unknown key 'colour' (allowed: id, kind, role, lanes, "
                                  "at_m, position, booth, zone, direction)",
                                  "t.yaml:13:1: unknown top-level key 'wrld' (allowed: base, world, anchor, "
                                  "parameters, border, roads, lanes, connections, zones, booths, barriers, "
                                  "buildings, sensors, viewpoints, remove)"));
}

TEST(LoadErrors, RemoveNeedsABase) {
  EXPECT_THAT(Errors(kHeader + "remove: {lanes: [in1]}\n"),
              ElementsAre("t.yaml:8:1: remove: only an overlay (a file with base:) can remove elements"));
}

// inputs that once were (or could be) crashes: each must come back as errors, not throw
TEST(LoadErrors, NeverThrows) {
  const char* inputs[] = {
      "",
      "~",
      "[",
      "{",
      "a: b: c",
      "world: [",
      ":",
      "- - -",
      "&a [*a]",
      "world: &w {name: *w}\nanchor: *w\n",
      "\t",
      "world: {name: t}\nanchor: {lat: x, lon: {}}\n",
      "world: {name: t}\nanchor: {lat: 1, lon: 2}\nlanes: [{id: a, polyline: [[0, 0], [nan, 1]], direction: vn_to_cn, "
      "speed_limit_kmh: 3}]\n",
      "world: {name: t}\nanchor: {lat: 1, lon: 2}\nroads: [{id: r, centreline: [[0, 0], [1e308, 1e308], [-1e308, "
      "0]]}]\nlanes: [{id: a, road: r, offset_m: 1e308, direction: cn_to_vn, speed_limit_kmh: 3}]\n",
      "? [a, b]\n: c\n",
      "base: /dev/zero\n",
      "base: .\n",
  };
  for (const char* text : inputs) {
    LoadResult r;
    EXPECT_NO_THROW(r = LoadWorldFromString(text, "t.yaml")) << text;
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_FALSE(r.errors.empty()) << text;
  }
}

}  // namespace
}  // namespace gatetwin::world
