// Tour files: a good file read in full, every error with its line and column, and the timeline.
#include "engine/viewer/tour.h"

#include <gtest/gtest.h>

#include <cctype>

#include <string>

#include "engine/viewer/tour_player.h"
#include "world/load.h"

namespace gatetwin::viewer {
namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;

// the errors of `text` read as /tours/t.yaml, one per line
std::string Errors(const std::string& text) {
  world::Diagnostics diags;
  const auto tour = ParseTour(text, "/tours/t.yaml", &diags);
  std::string out;
  for (const auto& d : diags.TakeSorted({"/tours/t.yaml"})) out += d.ToString() + "\n";
  EXPECT_EQ(tour.has_value(), out.empty()) << out;
  return out;
}

// a valid tour's text with `shot` as its only shot's body (indented under "    - ")
std::string WithShot(const std::string& shot) {
  return "tour:\n  world: w.yaml\n  date: 2026-01-15\n  shots:\n    - " + shot + "\n";
}

TEST(Tour, ReadsEveryKey) {
  const std::string text = R"(tour:
  name: t
  world: ../worlds/w.yaml
  feed: [a.jsonl, /data/b.jsonl]
  date: 2026-01-15
  shots:
    - name: wide
      viewpoint: overview
      duration_s: 10
      at: "10:30"
      speed: 30
      caption: {vi: "Tổng quan", zh: "全景", en: "Overview"}
    - eye: [1, 2, 3]
      target: [4, 5.5, -6]
      duration_s: 5
      transition_s: 1.5
      easing: linear
      follow: 29C-123.45
    - viewpoint: yards
      duration_s: 1
      at: "08:00:30"
      speed: 0
)";
  world::Diagnostics diags;
  const auto tour = ParseTour(text, "/srv/tours/t.yaml", &diags);
  ASSERT_TRUE(tour) << diags.TakeSorted({})[0].ToString();
  EXPECT_EQ(tour->name, "t");
  EXPECT_EQ(tour->world_path, "/srv/worlds/w.yaml");
  ASSERT_EQ(tour->feeds.size(), 2u);
  EXPECT_EQ(tour->feeds[0], "/srv/tours/a.jsonl");
  EXPECT_EQ(tour->feeds[1], "/data/b.jsonl");
  EXPECT_EQ(tour->date, "2026-01-15");
  ASSERT_EQ(tour->shots.size(), 3u);
  const TourShot& a = tour->shots[0];
  EXPECT_EQ(a.name, "wide");
  EXPECT_EQ(a.viewpoint, "overview");
  EXPECT_EQ(a.duration_s, 10);
  EXPECT_EQ(a.transition_s, 0);  // the first shot starts where it is
  EXPECT_EQ(a.easing, Easing::kEaseInOut);
  EXPECT_EQ(a.start_clock_s, 10.5 * 3600);
  EXPECT_EQ(a.speed, 30);
  EXPECT_EQ(a.caption.vi, "Tổng quan");
  EXPECT_EQ(a.caption.zh, "全景");
  EXPECT_EQ(a.caption.en, "Overview");
  const TourShot& b = tour->shots[1];
  EXPECT_EQ(b.name, "shot_02");
  ASSERT_TRUE(b.eye && b.target);
  EXPECT_EQ(b.eye->z, 3);
  EXPECT_EQ(b.target->y, 5.5);
  EXPECT_EQ(b.target->z, -6);
  EXPECT_EQ(b.transition_s, 1.5);
  EXPECT_EQ(b.easing, Easing::kLinear);
  EXPECT_EQ(b.follow_plate, "29C-123.45");
  EXPECT_EQ(b.follow_loc.line, 18);
  // no `at`: the clock runs on from the previous shot, at its speed
  EXPECT_EQ(b.speed, 30);
  EXPECT_EQ(b.start_clock_s, 10.5 * 3600 + 10 * 30);
  const TourShot& c = tour->shots[2];
  EXPECT_EQ(c.start_clock_s, 8 * 3600 + 30);
  EXPECT_EQ(c.speed, 0);
  EXPECT_EQ(c.transition_s, 1);  // the default 2 s, cut to the shot's length
  EXPECT_EQ(tour->duration_s(), 16);
}

TEST(Tour, TheBriefingExampleLoadsAndFitsItsWorld) {
  world::Diagnostics diags;
  const auto tour = LoadTour(kSource + "/assets/tours/phase2_briefing.yaml", &diags);
  ASSERT_TRUE(tour);
  EXPECT_NEAR(tour->duration_s(), 300, 30);  // about five minutes
  for (const TourShot& s : tour->shots) {
    EXPECT_FALSE(s.caption.vi.empty() || s.caption.zh.empty() || s.caption.en.empty()) << s.name;
  }
  const auto world = world::LoadWorld(tour->world_path);
  ASSERT_TRUE(world.ok());
  EXPECT_EQ(world.world->phase, "phase2_14lane");
  std::vector<std::string> errors;
  EXPECT_TRUE(CheckTourAgainstWorld(*tour, *world.world, &errors)) << errors[0];
}

TEST(Tour, TheBeforeAfterExampleComparesPhaseOneWithPhaseTwo) {
  world::Diagnostics diags;
  const auto tour = LoadTour(kSource + "/assets/tours/before_after.yaml", &diags);
  ASSERT_TRUE(tour);
  for (const TourShot& s : tour->shots) {
    EXPECT_FALSE(s.caption.vi.empty() || s.caption.zh.empty() || s.caption.en.empty()) << s.name;
  }
  const auto left = world::LoadWorld(tour->world_path);
  const auto right = world::LoadWorld(tour->compare_world_path);
  ASSERT_TRUE(left.ok() && right.ok());
  EXPECT_EQ(left.world->phase, "phase1_6lane");
  EXPECT_EQ(right.world->phase, "phase2_14lane");
  // every shot's viewpoint must exist on both halves
  std::vector<std::string> errors;
  EXPECT_TRUE(CheckTourAgainstWorld(*tour, *left.world, &errors)) << errors[0];
  EXPECT_TRUE(CheckTourAgainstWorld(*tour, *right.world, &errors)) << errors[0];
}

TEST(Tour, AViewpointTheWorldLacksIsAnErrorAtItsLine) {
  world::Diagnostics diags;
  auto tour = ParseTour(WithShot("viewpoint: roof\n      duration_s: 1\n      at: \"10:00\""), "/tours/t.yaml", &diags);
  ASSERT_TRUE(tour);
  const auto world = world::LoadWorld(kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
  ASSERT_TRUE(world.ok());
  std::vector<std::string> errors;
  EXPECT_FALSE(CheckTourAgainstWorld(*tour, *world.world, &errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("/tours/t.yaml:5:18: viewpoint 'roof' is not a viewpoint of", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("overview"), std::string::npos) << errors[0];
}

TEST(Tour, ACompareWorldIsResolvedBesideTheTourAndEmptyIsAnError) {
  world::Diagnostics diags;
  const auto tour = ParseTour(
      "tour:\n  world: w.yaml\n  compare_world: ../worlds/b.yaml\n  date: 2026-01-15\n  shots:\n"
      "    - {viewpoint: overview, duration_s: 1, at: \"10:00\"}\n",
      "/srv/tours/t.yaml", &diags);
  ASSERT_TRUE(tour);
  EXPECT_EQ(tour->compare_world_path, "/srv/worlds/b.yaml");
  EXPECT_EQ(tour->compare_world_loc.line, 3);
  const auto plain =
      ParseTour(WithShot("viewpoint: overview\n      duration_s: 1\n      at: \"10:00\""), "/tours/t.yaml", &diags);
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->compare_world_path.empty());
  EXPECT_EQ(Errors("tour:\n  world: w.yaml\n  compare_world: \"\"\n  date: 2026-01-15\n  shots:\n"
                   "    - {viewpoint: overview, duration_s: 1, at: \"10:00\"}\n")
                .rfind("/tours/t.yaml:3:18: tour: compare_world must name a world file", 0),
            0u);
}

struct BadCase {
  const char* what;
  std::string text;
  const char* error;  // the start of the first message, with its location
};
// gtest prints the case by its words, not its bytes
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.what; }

class TourErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(TourErrors, SaysWhereAndWhat) {
  const std::string errors = Errors(GetParam().text);
  EXPECT_NE(errors.find(GetParam().error), std::string::npos) << GetParam().what << ":\n" << errors;
}

const std::string kAt = "\n      at: \"10:00\"";
const std::string kGood = "viewpoint: overview\n      duration_s: 5" + kAt;

INSTANTIATE_TEST_SUITE_P(
    EveryPath, TourErrors,
    ::testing::Values(
        BadCase{"syntax", "tour: [\n", "/tours/t.yaml:2:1: "},
        BadCase{"not a mapping", "- 1\n", "/tours/t.yaml:1:1: tour file: expected a mapping"},
        BadCase{"no tour key", "name: x\n", "/tours/t.yaml:1:1: tour file: unknown key 'name'"},
        BadCase{"unknown tour key", "tour:\n  wrold: w.yaml\n", "/tours/t.yaml:2:3: tour: unknown key 'wrold'"},
        BadCase{"missing world", "tour:\n  date: 2026-01-15\n  shots: [{viewpoint: a, duration_s: 1, at: '1:00'}]\n",
                "/tours/t.yaml:2:3: tour: missing required key 'world'"},
        BadCase{"feed and demand", "tour:\n  world: w\n  feed: f\n  demand: d\n  shots: []\n",
                "/tours/t.yaml:4:11: tour: give `feed:` (a recorded day) or `demand:`"},
        BadCase{"seed without demand", "tour:\n  world: w\n  feed: f\n  seed: 3\n",
                "/tours/t.yaml:4:9: tour: seed is for `demand:`"},
        BadCase{"empty feed list", "tour:\n  world: w\n  feed: []\n",
                "/tours/t.yaml:3:9: tour: feed: the list is empty"},
        BadCase{"bad date", "tour:\n  world: w\n  date: 15/01/2026\n",
                "/tours/t.yaml:3:9: tour: date must be a local day written YYYY-MM-DD"},
        BadCase{"no day at all", "tour:\n  world: w\n  shots: []\n",
                "/tours/t.yaml:2:3: tour: give `date: YYYY-MM-DD`"},
        BadCase{"no shots", "tour:\n  world: w\n  date: 2026-01-15\n",
                "/tours/t.yaml:2:3: tour: a `shots:` list is required"},
        BadCase{"empty shots", "tour:\n  world: w\n  date: 2026-01-15\n  shots: []\n",
                "/tours/t.yaml:4:10: shots: expected a list of at least one shot"},
        BadCase{"shot not a mapping", "tour:\n  world: w\n  date: 2026-01-15\n  shots: [3]\n",
                "/tours/t.yaml:4:11: shot 1: expected a mapping"},
        BadCase{"unknown shot key", WithShot(kGood + "\n      durration_s: 5"),
                "/tours/t.yaml:8:7: shot 1: unknown key 'durration_s'"},
        BadCase{"no camera", WithShot("duration_s: 5" + kAt),
                "/tours/t.yaml:5:7: shot 1 'shot_01': say where the camera is"},
        BadCase{"eye without target", WithShot("eye: [1, 2, 3]\n      duration_s: 5" + kAt),
                "/tours/t.yaml:5:12: shot 1 'shot_01': say where the camera is"},
        BadCase{"viewpoint and eye", WithShot("viewpoint: a\n      eye: [1, 2, 3]\n      duration_s: 5" + kAt),
                "/tours/t.yaml:5:18: shot 1 'shot_01': give `viewpoint:` or `eye:` and `target:`, not both"},
        BadCase{"eye of two numbers", WithShot("eye: [1, 2]\n      target: [0, 0, 0]\n      duration_s: 5" + kAt),
                "/tours/t.yaml:5:12: shot 1 'shot_01': eye: expected [x, y, z]"},
        BadCase{"eye not a number", WithShot("eye: [1, x, 3]\n      target: [0, 0, 0]\n      duration_s: 5" + kAt),
                "/tours/t.yaml:5:16: shot 1 'shot_01': eye: expected a number"},
        BadCase{"eye on the target", WithShot("eye: [1, 2, 3]\n      target: [1, 2, 3]\n      duration_s: 5" + kAt),
                "/tours/t.yaml:5:12: shot 1 'shot_01': eye and target are the same point"},
        BadCase{"missing duration", WithShot("viewpoint: a" + kAt),
                "/tours/t.yaml:5:7: shot 1 'shot_01': missing required key 'duration_s'"},
        BadCase{"zero duration", WithShot("viewpoint: a\n      duration_s: 0" + kAt),
                "/tours/t.yaml:6:19: shot 1 'shot_01': duration_s must be in (0, 3600]"},
        BadCase{"duration not a number", WithShot("viewpoint: a\n      duration_s: long" + kAt),
                "/tours/t.yaml:6:19: shot 1 'shot_01': duration_s: expected a number"},
        BadCase{"transition on the first shot", WithShot(kGood + "\n      transition_s: 1"),
                "/tours/t.yaml:8:21: shot 1 'shot_01': the first shot has no previous camera"},
        BadCase{"transition longer than the shot",
                WithShot(kGood + "\n    - viewpoint: a\n      duration_s: 2\n"
                                 "      transition_s: 3"),
                "/tours/t.yaml:10:21: shot 2 'shot_02': transition_s must be in [0, duration_s] = [0, 2], got 3"},
        BadCase{"unknown easing", WithShot(kGood + "\n      easing: smooth"),
                "/tours/t.yaml:8:15: shot 1 'shot_01': easing: unknown value 'smooth' (expected one of: linear, "
                "ease_in, ease_out, ease_in_out, cut)"},
        BadCase{"bad clock", WithShot("viewpoint: a\n      duration_s: 5\n      at: \"25:00\""),
                "/tours/t.yaml:7:11: shot 1 'shot_01': at must be a local time HH:MM or HH:MM:SS"},
        BadCase{"clock with trailing text", WithShot("viewpoint: a\n      duration_s: 5\n      at: \"10:00 am\""),
                "/tours/t.yaml:7:11: shot 1 'shot_01': at must be a local time"},
        BadCase{"first shot without a clock", WithShot("viewpoint: a\n      duration_s: 5"),
                "/tours/t.yaml:5:7: shot 1 'shot_01': the first shot needs `at: \"HH:MM\"`"},
        BadCase{"speed too high", WithShot(kGood + "\n      speed: 5000"),
                "/tours/t.yaml:8:14: shot 1 'shot_01': speed must be in [0, 1000]"},
        BadCase{"caption in French", WithShot(kGood + "\n      caption: {fr: Bonjour}"),
                "/tours/t.yaml:8:17: shot 1 'shot_01': caption: unknown key 'fr'"},
        BadCase{"caption not a mapping", WithShot(kGood + "\n      caption: Hello"),
                "/tours/t.yaml:8:16: shot 1 'shot_01': caption: expected {vi, zh, en}"},
        BadCase{"empty follow", WithShot(kGood + "\n      follow: \"\""),
                "/tours/t.yaml:8:15: shot 1 'shot_01': follow: give a plate"},
        BadCase{"name with a slash", WithShot("name: a/b\n      " + kGood),
                "/tours/t.yaml:5:13: shot 1: name 'a/b' must be non-empty and contain no /"}),
    // the case's words as its name, so ctest lists "EveryPath/TourErrors.SaysWhereAndWhat/missing_duration"
    [](const ::testing::TestParamInfo<BadCase>& param_info) {
      std::string name;
      for (const char* c = param_info.param.what; *c != 0; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });

TEST(TourTimeline, MapsTimeToShotsFlightsAndTheClock) {
  world::Diagnostics diags;
  const auto tour = ParseTour(WithShot("viewpoint: a\n      duration_s: 10\n      at: \"10:00\"\n      speed: 60\n"
                                       "    - viewpoint: b\n      duration_s: 4\n      transition_s: 2\n"
                                       "      easing: linear\n      speed: 10"),
                              "t.yaml", &diags);
  ASSERT_TRUE(tour);
  TourMoment m = MomentAt(*tour, 5);
  EXPECT_EQ(m.shot, 0);
  EXPECT_DOUBLE_EQ(m.shot_time_s, 5);
  EXPECT_DOUBLE_EQ(m.flight, 1);
  EXPECT_DOUBLE_EQ(m.clock_s, 36000 + 5 * 60);
  m = MomentAt(*tour, 11);
  EXPECT_EQ(m.shot, 1);
  EXPECT_DOUBLE_EQ(m.shot_time_s, 1);
  EXPECT_DOUBLE_EQ(m.flight, 0.5);  // linear, half of the 2 s flight
  EXPECT_DOUBLE_EQ(m.clock_s, 36000 + 600 + 10);
  m = MomentAt(*tour, 10);  // a shot's first instant belongs to it
  EXPECT_EQ(m.shot, 1);
  EXPECT_DOUBLE_EQ(m.flight, 0);
  m = MomentAt(*tour, 99);  // past the end: the last instant
  EXPECT_EQ(m.shot, 1);
  EXPECT_DOUBLE_EQ(m.shot_time_s, 4);
  EXPECT_DOUBLE_EQ(m.clock_s, 36000 + 600 + 40);

  EXPECT_EQ(FrameCount(*tour, 10), 140);
  EXPECT_EQ(FrameCount(*tour, 2.5), 35);
  const std::vector<int> last = LastFrameOfEachShot(*tour, 10);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[0], 99);  // 9.9 s
  EXPECT_EQ(last[1], 139);
}

}  // namespace
}  // namespace gatetwin::viewer
