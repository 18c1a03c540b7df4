// The control room draws inside a plain ImGui frame (no window, no GL) from a real replay.
#include "engine/viewer/control_room.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>

#include "engine/viewer/event_log_panel.h"
#include "engine/viewer/kpi_panel.h"
#include "engine/viewer/lane_signals.h"
#include "engine/viewer/style.h"
#include "engine/viewer/timeline_panel.h"
#include "world/load.h"

namespace gatetwin::viewer {
namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;

class ControlRoomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
    ASSERT_TRUE(loaded.world.has_value());
    world_ = std::make_unique<world::World>(std::move(*loaded.world));
    replay::ReplayOptions options;
    options.feeds = {kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl"};
    options.event_log_capacity = 500;
    player_ = std::make_unique<replay::ReplayPlayer>(*world_, options);
    std::vector<std::string> errors;
    ASSERT_TRUE(player_->Open(&errors));
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 900);
    io.DeltaTime = 1.0f / 60;
    fonts_ = LoadFonts(FindFonts(), 18, 1, WorldTexts(*world_), &ranges_);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas, as a renderer backend would
    ApplyControlRoomStyle(1);
  }
  void TearDown() override {
    if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
  }

  void Frame(ControlRoom& room) {
    ImGui::NewFrame();
    room.Draw();
    ImGui::Render();
  }

  std::unique_ptr<world::World> world_;
  std::unique_ptr<replay::ReplayPlayer> player_;
  UiFonts fonts_;
  std::vector<ImWchar> ranges_;
};

TEST_F(ControlRoomTest, DrawsEveryPanelInEveryLanguageWithoutAWindow) {
  std::vector<uint32_t> layers;
  std::vector<Language> languages;
  ControlRoomActions actions;
  actions.set_layers = [&](uint32_t m) { layers.push_back(m); };
  actions.set_language = [&](Language l) { languages.push_back(l); };
  ControlRoom room(*world_, *player_, actions, Language::kVi);
  room.SetFonts(fonts_, 1);
  EXPECT_FALSE(fonts_.fallback) << "install fonts-noto-cjk for the real fonts";
  player_->SeekTo(player_->start_us() + 10 * 3600 * engine::kUsPerSecond);
  const auto t0 = std::chrono::steady_clock::now();
  int frames = 0;
  for (Language l : {Language::kVi, Language::kZh, Language::kEn}) {
    room.SetLanguage(l);
    for (int i = 0; i < 20; ++i, ++frames) Frame(room);
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / frames;
  std::printf("control room: %.3f ms per frame (ImGui build, no GL)\n", ms);
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000);
  EXPECT_EQ(languages.size(), 3u);
  room.Handle(Command::kToggleHelp);
  Frame(room);
  EXPECT_TRUE(room.help_visible());
  room.Handle(Command::kQuit);  // Esc closes the help first
  EXPECT_FALSE(room.help_visible());
}

TEST_F(ControlRoomTest, CommandsDriveTheTimeline) {
  ControlRoom room(*world_, *player_, {}, Language::kEn);
  room.SetFonts(fonts_, 1);
  auto& timeline = player_->timeline();
  EXPECT_FALSE(timeline.playing());
  room.Handle(Command::kPlayPause);
  EXPECT_TRUE(timeline.playing());
  const engine::TimeUs at = timeline.position();
  room.Handle(Command::kStepForward);
  EXPECT_EQ(timeline.position(), at + 60 * engine::kUsPerSecond);
  room.Handle(Command::kStepBack);
  EXPECT_EQ(timeline.position(), at);
  timeline.SetSpeed(60);
  room.Handle(Command::kFaster);
  EXPECT_EQ(timeline.speed(), 120);
  room.Handle(Command::kSlower);
  room.Handle(Command::kSlower);
  EXPECT_EQ(timeline.speed(), 30);
  room.Handle(Command::kNextLanguage);
  EXPECT_EQ(room.language(), Language::kVi);
}

// vertices of the last frame drawn in `colour`
int VerticesIn(ImU32 colour) {
  int n = 0;
  const ImDrawData* data = ImGui::GetDrawData();
  for (int l = 0; l < data->CmdListsCount; ++l) {
    for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer) n += v.col == colour;
  }
  return n;
}

TEST_F(ControlRoomTest, QueueBarsMarkClosedAndOpeningLanesWhenTheSignalsAreKnown) {
  ControlRoom room(*world_, *player_, {}, Language::kEn);
  room.SetFonts(fonts_, 1);
  player_->SeekTo(player_->start_us() + 10 * 3600 * engine::kUsPerSecond);
  Frame(room);
  EXPECT_EQ(VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kClosed))), 0)
      << "a recorded feed says nothing of closures";
  using S = replay::sim::LaneSignal;
  std::vector<S> signals(world_->lanes.size(), S::kOpen);
  signals[static_cast<size_t>(world_->FindLane("L04"))] = S::kClosed;
  room.SetLaneSignals(signals);
  Frame(room);
  const int closed = VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kClosed)));
  EXPECT_GT(closed, 0);
  EXPECT_EQ(VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kOpening))), 0);
  signals[static_cast<size_t>(world_->FindLane("L01"))] = S::kOpening;
  room.SetLaneSignals(signals);
  Frame(room);
  EXPECT_EQ(VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kClosed))), closed);
  EXPECT_GT(VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kOpening))), 0);
  room.SetLaneSignals({});
  Frame(room);
  EXPECT_EQ(VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kClosed))) +
                VerticesIn(ToImU32(SignalColour(replay::sim::LaneSignal::kOpening))),
            0);
}

TEST_F(ControlRoomTest, SelectAndFollowTellTheView) {
  std::optional<uint32_t> followed, highlighted;
  int follow_calls = 0;
  ControlRoomActions actions;
  actions.follow = [&](std::optional<uint32_t> id) {
    followed = id;
    ++follow_calls;
  };
  actions.select = [&](std::optional<uint32_t> id) { highlighted = id; };
  ControlRoom room(*world_, *player_, actions, Language::kEn);
  room.Handle(Command::kFollow);  // nothing selected: nothing to follow
  EXPECT_FALSE(room.following());
  room.Select(7);
  EXPECT_EQ(highlighted, 7u);
  room.Handle(Command::kFollow);
  EXPECT_TRUE(room.following());
  EXPECT_EQ(followed, 7u);
  room.Select(std::nullopt);  // deselecting stops the follow
  EXPECT_FALSE(room.following());
  EXPECT_EQ(followed, std::nullopt);
  EXPECT_EQ(follow_calls, 2);
}

TEST(TimelinePanel, SpeedLadderAndSpan) {
  EXPECT_EQ(NextSpeed(60, +1), 120);
  EXPECT_EQ(NextSpeed(60, -1), 30);
  EXPECT_EQ(NextSpeed(1000, +1), 1000);
  EXPECT_EQ(NextSpeed(0.1, -1), 0.1);
  EXPECT_EQ(NextSpeed(45, +1), 60);  // off the ladder: the next notch up
  EXPECT_EQ(SpanFraction(150, 100, 200), 0.5);
  EXPECT_EQ(SpanFraction(50, 100, 200), 0);
  EXPECT_EQ(SpanFraction(500, 100, 100), 0);
}

TEST(KpiHistory, SamplesEachMinuteAndStartsOverAfterAJumpBack) {
  world::World w;
  engine::Engine engine(w);
  engine.Start(0);
  KpiHistory history;
  for (int s = 0; s <= 600; s += 10) {
    engine.AdvanceTo(s * engine::kUsPerSecond);
    history.Update(engine);
  }
  EXPECT_EQ(history.present().size(), 11u);  // minutes 0..10
  engine::Engine restarted(w);               // a seek back restarts the replay: a new engine at an earlier time
  restarted.Start(0);
  history.Update(restarted);
  EXPECT_EQ(history.present().size(), 1u);
}

}  // namespace
}  // namespace gatetwin::viewer
