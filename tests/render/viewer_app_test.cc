// The viewer window under Xvfb: a few frames of the real twin scene, then the screenshot is checked.
#include <gtest/gtest.h>

#include <sched.h>
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>

#include "engine/viewer/style.h"
#include "engine/viewer/training_panel.h"
#include "engine/viewer/twin_scene.h"
#include "engine/viewer/viewer_app.h"
#include "replay/train/session.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

#include <fstream>
#include <sstream>

namespace gatetwin::viewer {
namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;

struct Png {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;
  engine::Rgba8 At(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
  }
};

Png ReadPng(const std::string& path) {
  Png png;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &png.width, &png.height, &channels, 4);
  if (!data) return png;
  png.rgba.assign(data, data + static_cast<size_t>(png.width) * static_cast<size_t>(png.height) * 4);
  stbi_image_free(data);
  return png;
}

bool Near(engine::Rgba8 a, engine::Rgba8 b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

TEST(ViewerApp, DrawsTheControlRoomOverTheScene) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: run under xvfb-run (ctest does)";
  auto loaded = world::LoadWorld(kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
  ASSERT_TRUE(loaded.world.has_value());
  const world::World& world = *loaded.world;
  replay::ReplayOptions replay_options;
  replay_options.feeds = {kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl"};
  replay_options.event_log_capacity = 500;
  replay::ReplayPlayer player(world, replay_options);
  std::vector<std::string> errors;
  ASSERT_TRUE(player.Open(&errors));

  ViewerOptions options;
  options.width = 1280;
  options.height = 720;
  options.language = Language::kVi;
  options.exit_after_frames = 4;
  options.msaa_samples = 0;
  options.start_at = player.start_us() + 10 * 3600 * engine::kUsPerSecond;
  options.screenshot_path = testing_util::TempPath("viewer_app.png");
  TwinScene twin(world, options.language);
  cpu_set_t cores_before, cores_after;
  ASSERT_EQ(sched_getaffinity(0, sizeof cores_before, &cores_before), 0);
  ASSERT_EQ(RunViewer(world, player, twin.Hooks(), options), 0);
  // the viewer must not have pinned the process to one core (llvmpipe's threads would share it)
  ASSERT_EQ(sched_getaffinity(0, sizeof cores_after, &cores_after), 0);
  EXPECT_TRUE(CPU_EQUAL(&cores_before, &cores_after));

  const Png png = ReadPng(options.screenshot_path);
  ASSERT_EQ(png.width, 1280);
  ASSERT_EQ(png.height, 720);
  // the title bar's accent rule runs across the top
  EXPECT_TRUE(Near(png.At(640, 63), engine::Rgba8{38, 166, 222, 255}, 24))
      << int(png.At(640, 63).r) << "," << int(png.At(640, 63).g) << "," << int(png.At(640, 63).b);
  // the left column's panel background (blended over the scene, so within a few levels), where
  // no widget is drawn: between the window edge and the text
  int panel_hits = 0;
  // (the panel is translucent: over the real scene it stays dark and blue-grey)
  for (int y = 120; y < 700; y += 20) {
    const auto c = png.At(14, y);
    panel_hits += Near(c, kPanelBackground, 16) && c.r < 60 && c.g < 60 && c.b < 70 && c.b >= c.r;
  }
  EXPECT_GT(panel_hits, 24) << "left column at x=14 is " << int(png.At(14, 300).r) << "," << int(png.At(14, 300).g)
                            << "," << int(png.At(14, 300).b);
  // the scene in the middle: drawn geometry (ground, lanes, buildings), neither sky nor panel
  int scene = 0, samples = 0;
  for (int x = 420; x < 820; x += 10) {
    for (int y = 200; y < 500; y += 10, ++samples) {
      const auto c = png.At(x, y);
      scene += !Near(c, kSkyColour, 6) && !Near(c, kPanelBackground, 6);
    }
  }
  EXPECT_GT(scene, samples / 3) << "the twin scene is not visible in the middle";
  // the valley's green hills around the gate
  int green = 0;
  for (int x = 420; x < 820; x += 10) {
    const auto c = png.At(x, 150);
    green += c.g > c.r && c.g > c.b;
  }
  EXPECT_GT(green, 20) << "the hills should show above the gate";
  std::remove(options.screenshot_path.c_str());
}

TEST(ViewerApp, DrawsTheTrainingPanelAndReplaysADecisionAtOnce) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: run under xvfb-run (ctest does)";
  std::vector<std::string> errors;
  auto setup = replay::train::LoadShift(kSource + "/assets/scenarios/morning_shift_phase1.yaml", "", &errors);
  ASSERT_TRUE(setup) << ::testing::PrintToString(errors);
  replay::train::TrainingSession session(std::move(*setup));
  const world::World& world = session.setup().world;
  replay::ReplayOptions replay_options;
  replay_options.feed_texts.emplace_back("training", session.feed());
  replay::ReplayPlayer player(world, replay_options);
  ASSERT_TRUE(player.Open(&errors));
  // 08:15, five minutes into the scanner fault: the trainee closes lane L04 behind it
  const engine::TimeUs t = session.setup().scenario.start_us + (2 * 3600 + 15 * 60) * engine::kUsPerSecond;
  player.SeekTo(t);
  const std::string saved = testing_util::TempPath("viewer_training.actions.yaml");
  TrainingPanel panel(session, player, Language::kZh, saved);
  replay::train::Action close;
  close.kind = replay::train::ActionKind::kCloseLane;
  close.lane = {"L04", {}, world.FindLane("L04")};
  std::string error;
  ASSERT_TRUE(panel.Act(close, &error)) << error;
  EXPECT_EQ(session.version(), 2);
  EXPECT_EQ(player.timeline().position(), t);  // the view goes on from the moment of the decision
  bool marked = false;
  for (const auto& m : player.marks()) marked |= m.kind == replay::TimelineMark::Kind::kAction && m.t_us == t;
  EXPECT_TRUE(marked);
  std::ifstream in(saved);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("do: close_lane, lane: \"L04\""), std::string::npos) << text.str();
  // the instructor strikes an incident of their own at the same moment: on the timeline, saved
  replay::train::Incident stuck;
  stuck.kind = replay::train::IncidentKind::kBarrierStuck;
  stuck.booth.id = "booth.L01";
  stuck.duration_us = 10 * 60 * engine::kUsPerSecond;
  ASSERT_TRUE(panel.Strike(stuck, &error)) << error;
  EXPECT_EQ(session.version(), 3);
  bool struck = false;
  for (const auto& m : player.marks()) struck |= m.kind == replay::TimelineMark::Kind::kIncident && m.t_us == t;
  EXPECT_TRUE(struck);
  std::ifstream again(saved);
  std::stringstream saved_text;
  saved_text << again.rdbuf();
  EXPECT_NE(saved_text.str().find("kind: barrier_stuck"), std::string::npos) << saved_text.str();
  stuck.booth.id = "booth.L99";
  EXPECT_FALSE(panel.Strike(stuck, &error));
  EXPECT_NE(error.find("booth.L99"), std::string::npos) << error;
  EXPECT_EQ(session.version(), 3);

  ViewerOptions options;
  options.width = 1280;
  options.height = 720;
  options.language = Language::kZh;
  options.exit_after_frames = 4;
  options.msaa_samples = 0;
  options.start_playing = false;
  options.screenshot_path = testing_util::TempPath("viewer_training.png");
  TwinScene twin(world, options.language);
  SceneHooks hooks = twin.Hooks();
  panel.Attach(&hooks);
  ASSERT_EQ(RunViewer(world, player, hooks, options), 0);
  EXPECT_EQ(player.timeline().position(), t);
  // the lane signals follow the session: the trainee's closure shows red over L04, L01 stays green
  EXPECT_EQ(twin.lane_signals().signal(static_cast<size_t>(world.FindLane("L04"))), replay::sim::LaneSignal::kClosed);
  EXPECT_EQ(twin.lane_signals().signal(static_cast<size_t>(world.FindLane("L01"))), replay::sim::LaneSignal::kOpen);
  const Png png = ReadPng(options.screenshot_path);
  ASSERT_EQ(png.width, 1280);
  // the training window's background down its left edge, over the middle of the scene
  int panel_hits = 0;
  for (int y = 110; y < 480; y += 10) {
    const auto c = png.At(602, y);
    panel_hits += Near(c, kPanelBackground, 20) && c.b >= c.r;
  }
  EXPECT_GT(panel_hits, 25) << "at x=602 the colour is " << int(png.At(602, 300).r) << "," << int(png.At(602, 300).g)
                            << "," << int(png.At(602, 300).b);
  std::remove(options.screenshot_path.c_str());
  std::remove(saved.c_str());
}

}  // namespace
}  // namespace gatetwin::viewer
