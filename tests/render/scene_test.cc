// The static scene drawn offscreen: lanes, ground, buildings, labels and sensor colours are where
// the world puts them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <osg/Viewport>

#include "engine/viewer/labels.h"
#include "engine/viewer/lane_signals.h"
#include "engine/viewer/offscreen.h"
#include "engine/viewer/scene_builder.h"
#include "engine/viewer/twin_scene.h"
#include "world/load.h"

namespace gatetwin::viewer {
namespace {

constexpr int kWidth = 320, kHeight = 240;

world::World Load(const std::string& relative) {
  auto result = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : result.errors[0].ToString());
  return result.ok() ? std::move(*result.world) : world::World{};
}

class SceneTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    renderer_ = OffscreenRenderer::Create(kWidth, kHeight, &error);
    ASSERT_NE(renderer_, nullptr) << error;
    renderer_->viewer().getCamera()->setProjectionMatrixAsPerspective(40.0, double(kWidth) / kHeight, 1.0, 20000.0);
  }

  void Show(osg::Node* node) { renderer_->viewer().setSceneData(node); }

  void Look(const osg::Vec3d& eye, const osg::Vec3d& target, const osg::Vec3d& up = osg::Vec3d(0, 0, 1)) {
    renderer_->viewer().getCamera()->setViewMatrixAsLookAt(eye, target, up);
  }

  // two frames: the first uploads and lays out screen-sized text. With GATETWIN_TEST_PNG_DIR
  // set, every image is also written there to look at.
  Image Render() {
    renderer_->RenderFrame();
    renderer_->RenderFrame();
    Image image = renderer_->ReadPixels();
    if (const char* dir = std::getenv("GATETWIN_TEST_PNG_DIR")) {
      const std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
      std::string error;
      WritePng(image, std::string(dir) + "/" + name + "_" + std::to_string(frame_++) + ".png", &error);
    }
    return image;
  }

  // where a world point lands in the image (column, row from the top)
  std::pair<int, int> Project(const osg::Vec3& p) {
    osg::Camera* camera = renderer_->viewer().getCamera();
    const osg::Matrixd m =
        camera->getViewMatrix() * camera->getProjectionMatrix() * camera->getViewport()->computeWindowMatrix();
    const osg::Vec3d s = osg::Vec3d(p) * m;
    return {static_cast<int>(s.x()), kHeight - 1 - static_cast<int>(s.y())};
  }

  engine::Rgba8 PixelAt(const Image& image, const osg::Vec3& p) {
    const auto [x, y] = Project(p);
    return image.At(x, y);
  }

  std::unique_ptr<OffscreenRenderer> renderer_;
  int frame_ = 0;
};

bool IsAsphalt(const engine::Rgba8& c) {
  return c.r > 45 && c.r < 115 && std::abs(c.r - c.g) < 12 && std::abs(c.g - c.b) < 16;
}
bool IsGreen(const engine::Rgba8& c) { return c.g > c.r + 8 && c.g > c.b + 8; }
// label text (anti-aliased, so its strokes are partly grey at this size)
bool IsNearWhite(const engine::Rgba8& c) { return c.r > 185 && c.g > 185 && c.b > 180; }

bool IsPlate(const engine::Rgba8& c) { return c.r < 70 && c.g < 75 && c.b < 85; }

int CountInBox(const Image& image, int x0, int y0, int x1, int y1, bool (*pred)(const engine::Rgba8&)) {
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(image.height, y1); ++y) {
    for (int x = std::max(0, x0); x < std::min(image.width, x1); ++x) n += pred(image.At(x, y)) ? 1 : 0;
  }
  return n;
}

int DifferingPixels(const Image& a, const Image& b) {
  int n = 0;
  for (size_t i = 0; i + 3 < a.rgba.size() && i + 3 < b.rgba.size(); i += 4) {
    const int d = std::abs(a.rgba[i] - b.rgba[i]) + std::abs(a.rgba[i + 1] - b.rgba[i + 1]) +
                  std::abs(a.rgba[i + 2] - b.rgba[i + 2]);
    n += d > 30 ? 1 : 0;
  }
  return n;
}

TEST_F(SceneTest, LaneIsAsphaltAndTheFieldBesideItIsGreen) {
  const world::World world = Load("tests/data/worlds/tiny.yaml");
  auto scene = StaticScene::Build(world, Language::kEn);
  scene->SetLayers(kAllLayers & ~kLayerLabels);
  Show(scene->root());
  // straight down over lane in1 (x = 1.75) at y = 50, clear of arrows, loops and booths
  Look(osg::Vec3d(1.75, 50, 80), osg::Vec3d(1.75, 50, 0), osg::Vec3d(0, 1, 0));
  const Image image = Render();
  const auto lane = PixelAt(image, osg::Vec3(1.2f, 52, 0));
  EXPECT_TRUE(IsAsphalt(lane)) << int(lane.r) << "," << int(lane.g) << "," << int(lane.b);
  const auto field = PixelAt(image, osg::Vec3(-34, 50, 0));
  EXPECT_TRUE(IsGreen(field)) << int(field.r) << "," << int(field.g) << "," << int(field.b);
  // the lane centre line between in1 and out1 (directions meet) is painted, in yellow
  int yellow = 0;
  for (int dx = -3; dx <= 3; ++dx) {
    const auto [x, y] = Project(osg::Vec3(0.18f, 52, 0));
    const auto c = image.At(x + dx, y);
    yellow += c.r > 170 && c.g > 140 && c.b < 140 ? 1 : 0;
  }
  EXPECT_GT(yellow, 0);
  // hiding the lanes shows the ground where the lane was
  scene->SetLayers(kAllLayers & ~kLayerLanes & ~kLayerLabels);
  const Image bare = Render();
  EXPECT_FALSE(IsAsphalt(PixelAt(bare, osg::Vec3(1.2f, 52, 0))));
}

// A road of three strips: `a` toward China outside, `t`/`tr` a tidal strip, `b` toward Việt Nam.
world::World TidalRoad(bool tidal) {
  std::string yaml = R"(world: {name: tidal}
anchor: {lat: 21.98, lon: 106.72}
roads:
  - {id: r1, centreline: [[0, 0], [0, 300]]}
lanes:
  - {id: a, road: r1, offset_m: 5.25, direction: vn_to_cn, speed_limit_kmh: 30}
  - {id: b, road: r1, offset_m: -1.75, direction: cn_to_vn, speed_limit_kmh: 30}
)";
  yaml += tidal ? R"(  - {id: t, road: r1, offset_m: 1.75, direction: vn_to_cn, speed_limit_kmh: 30, tidal_with: tr}
  - {id: tr, road: r1, offset_m: 1.75, direction: cn_to_vn, speed_limit_kmh: 30, tidal_with: t, standby: true}
)"
                : "  - {id: t, road: r1, offset_m: 1.75, direction: vn_to_cn, speed_limit_kmh: 30}\n";
  auto loaded = world::LoadWorldFromString(yaml, "tidal.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].ToString());
  return loaded.ok() ? std::move(*loaded.world) : world::World{};
}

TEST_F(SceneTest, ATidalStripIsPavedOnceAndLinedInDashedYellow) {
  bool (*yellow)(const engine::Rgba8&) = [](const engine::Rgba8& c) { return c.r > 150 && c.g > 120 && c.b < 130; };
  int lined[2] = {0, 0};
  for (const bool tidal : {false, true}) {
    const world::World world = TidalRoad(tidal);
    auto scene = StaticScene::Build(world, Language::kEn);
    scene->SetLayers(kAllLayers & ~kLayerLabels);
    Show(scene->root());
    Look(osg::Vec3d(1.75, 150, 40), osg::Vec3d(1.75, 150, 0), osg::Vec3d(0, 1, 0));
    const Image image = Render();
    // along the line between `a` and the strip (x = 3.5): yellow only when the strip is tidal
    const auto [x, y0] = Project(osg::Vec3(3.5f, 140, 0));
    const auto [x1, y1] = Project(osg::Vec3(3.5f, 160, 0));
    lined[tidal] = CountInBox(image, x - 3, std::min(y0, y1), x + 4, std::max(y0, y1), yellow);
    // the strip is asphalt in its middle, away from the arrows
    EXPECT_TRUE(IsAsphalt(PixelAt(image, osg::Vec3(1.0f, 137, 0))));
  }
  EXPECT_EQ(lined[0], 0);
  EXPECT_GT(lined[1], 20);
}

TEST_F(SceneTest, PluginOverlayColoursItsStretchOfLaneByValue) {
  const world::World world = Load("tests/data/worlds/tiny.yaml");
  TwinScene twin(world, Language::kEn);
  twin.statics().SetLayers(kAllLayers & ~kLayerLabels);
  Show(twin.root());
  Look(osg::Vec3d(1.75, 50, 80), osg::Vec3d(1.75, 50, 0), osg::Vec3d(0, 1, 0));
  const osg::Vec3 inside(1.75f, 45, 0), outside(1.75f, 62, 0);  // lane in1 runs north from y = 0
  const engine::Rgba8 before = PixelAt(Render(), inside);
  // an alarm-level stretch 30..55 m along lane in1 (index 0), and a lane the world lacks
  twin.overlays().Set({{0, 30, 55, 1.0}, {99, 0, 10, 1.0}});
  EXPECT_EQ(twin.overlays().drawn(), 1u);
  Image image = Render();
  const auto hot = PixelAt(image, inside);
  EXPECT_TRUE(hot.r > 180 && hot.g < 130 && hot.b < 60) << int(hot.r) << "," << int(hot.g) << "," << int(hot.b);
  EXPECT_TRUE(IsAsphalt(PixelAt(image, outside)));
  // a calm value is green-blue, and hiding the overlays layer shows the lane again
  twin.overlays().Set({{0, 30, 55, 0.0}});
  const auto calm = PixelAt(Render(), inside);
  EXPECT_TRUE(calm.g > calm.r + 60) << int(calm.r) << "," << int(calm.g) << "," << int(calm.b);
  twin.statics().SetLayers(kAllLayers & ~kLayerLabels & ~kLayerOverlays);
  const auto hidden = PixelAt(Render(), inside);
  EXPECT_EQ(hidden, before);
}

TEST_F(SceneTest, HidingBuildingsChangesWhereTheBuildingStands) {
  const world::World world = Load("tests/data/worlds/tiny.yaml");
  auto scene = StaticScene::Build(world, Language::kEn);
  Show(scene->root());
  Look(osg::Vec3d(40, 140, 40), osg::Vec3d(-20, 200, 4));
  scene->SetLayers(kAllLayers & ~kLayerLabels);
  const Image with = Render();
  scene->SetLayers(kAllLayers & ~kLayerLabels & ~kLayerBuildings);
  const Image without = Render();
  const auto a = PixelAt(with, osg::Vec3(-20, 200, 4)), b = PixelAt(without, osg::Vec3(-20, 200, 4));
  EXPECT_GT(std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b), 60)
      << int(a.r) << "," << int(a.g) << "," << int(a.b) << " vs " << int(b.r) << "," << int(b.g) << "," << int(b.b);
  // and the wall is a light, unsaturated building colour, not grass
  EXPECT_FALSE(IsGreen(a));
  EXPECT_EQ(scene->layers(), kAllLayers & ~kLayerLabels & ~kLayerBuildings);
}

TEST_F(SceneTest, BuildingLabelIsDrawnAndFollowsTheLanguage) {
  const world::World world = Load("tests/data/worlds/tiny.yaml");
  auto scene = StaticScene::Build(world, Language::kVi);
  Show(scene->root());
  Look(osg::Vec3d(60, 120, 90), osg::Vec3d(-20, 200, 0));
  // the label's bottom centre sits 4 m above the roof of "ctrl" (centroid -20, 200; 8 m high)
  const auto [ax, ay] = Project(osg::Vec3(-20, 200, 12));
  scene->SetLayers(kAllLayers);
  const Image vi = Render();
  scene->SetLayers(kAllLayers & ~kLayerLabels);
  const Image none = Render();
  // a dark plate with light text on it above the anchor, and neither without labels
  EXPECT_GT(CountInBox(vi, ax - 60, ay - 30, ax + 60, ay + 2, IsPlate), 300);
  EXPECT_GT(CountInBox(vi, ax - 60, ay - 30, ax + 60, ay + 2, IsNearWhite), 30);
  EXPECT_LT(CountInBox(none, ax - 60, ay - 30, ax + 60, ay + 2, IsPlate), 30);
  scene->SetLayers(kAllLayers);
  scene->SetLanguage(Language::kZh);
  EXPECT_EQ(scene->language(), Language::kZh);
  const Image zh = Render();
  scene->SetLanguage(Language::kEn);
  const Image en = Render();
  EXPECT_GT(DifferingPixels(vi, zh), 50);
  EXPECT_GT(DifferingPixels(zh, en), 50);
  EXPECT_GT(DifferingPixels(vi, en), 50);
  scene->SetLanguage(Language::kVi);
  EXPECT_EQ(DifferingPixels(vi, Render()), 0);
}

TEST_F(SceneTest, ChineseAndVietnameseDrawAsGlyphsNotMissingBoxes) {
  ASSERT_FALSE(FindFonts().cjk.empty()) << "install fonts-noto-cjk";
  // every missing character draws the same "tofu" box: real glyphs must differ from it and
  // from each other
  auto draw = [&](const std::string& text) {
    Labels labels(Language::kZh);
    labels.Add({text, text, text}, osg::Vec3(0, 0, 0), Labels::Style::kBuilding);
    Show(labels.root());
    Look(osg::Vec3d(0, -50, 0), osg::Vec3d(0, 0, 0));
    return Render();
  };
  const Image tofu = draw("\xee\x80\x80\xee\x80\x81\xee\x80\x82");  // U+E000..E002: private use, no glyphs
  const Image chinese = draw("友谊关");
  const Image vietnamese = draw("Cửa khẩu Hữu Nghị");
  const Image plain = draw("Cua khau Huu Nghi");
  EXPECT_GT(CountInBox(chinese, 0, 0, kWidth, kHeight, IsNearWhite), 30);
  EXPECT_GT(DifferingPixels(chinese, tofu), 30);
  // the diacritics add ink above and below the letters
  EXPECT_GT(DifferingPixels(vietnamese, plain), 20);
  EXPECT_GT(CountInBox(vietnamese, 0, 0, kWidth, kHeight, IsNearWhite),
            CountInBox(plain, 0, 0, kWidth, kHeight, IsNearWhite));
}

TEST_F(SceneTest, SensorShowsItsAlarmColourWhenDown) {
  const world::World world = Load("tests/data/worlds/tiny.yaml");
  const int loop = world.FindSensor("loop.in1");
  ASSERT_GE(loop, 0);
  auto scene = StaticScene::Build(world, Language::kEn);
  scene->SetLayers(kAllLayers & ~kLayerLabels);
  Show(scene->root());
  // straight down over the loop (lane in1, station 100: x = 1.75, y = 100); its outline's
  // right bar runs at x = 1.75 + 1.15 − 0.15
  Look(osg::Vec3d(1.75, 100, 14), osg::Vec3d(1.75, 100, 0), osg::Vec3d(0, 1, 0));
  const osg::Vec3 bar(2.75f, 100, 0);
  const engine::Rgba8 down = engine::SensorColour({0, false, uint8_t(engine::SnapshotHealth::kDown)});
  auto near = [](const engine::Rgba8& a, const engine::Rgba8& b) {
    return std::abs(a.r - b.r) < 12 && std::abs(a.g - b.g) < 12 && std::abs(a.b - b.b) < 12;
  };
  const Image idle = Render();
  EXPECT_FALSE(near(PixelAt(idle, bar), down));
  engine::SceneSnapshot snapshot;
  snapshot.sensors.push_back({static_cast<uint32_t>(loop), false, uint8_t(engine::SnapshotHealth::kDown)});
  scene->UpdateSensors(snapshot, 0.0);
  EXPECT_EQ(scene->sensor_colour(loop), down);
  const Image alarm = Render();
  const auto c = PixelAt(alarm, bar);
  EXPECT_TRUE(near(c, down)) << int(c.r) << "," << int(c.g) << "," << int(c.b);
  // asphalt beside the bar is untouched
  EXPECT_TRUE(IsAsphalt(PixelAt(alarm, osg::Vec3(1.75f, 97, 0))));
}

TEST_F(SceneTest, FiredSensorPulsesAndMissingSensorsAreIdle) {
  const world::World world = Load("tests/data/worlds/tiny.yaml");
  auto scene = StaticScene::Build(world, Language::kEn);
  const engine::Rgba8 idle = engine::SensorColour({});
  engine::SceneSnapshot snapshot;
  snapshot.sensors.push_back({1, true, 0});
  snapshot.sensors.push_back({5, false, uint8_t(engine::SnapshotHealth::kDegraded)});
  snapshot.sensors.push_back({9999, false, uint8_t(engine::SnapshotHealth::kDown)});  // ignored
  scene->UpdateSensors(snapshot, 0.0);
  const engine::Rgba8 bright = scene->sensor_colour(1);
  EXPECT_EQ(bright, (engine::Rgba8{255, 255, 255, 255}));
  scene->UpdateSensors(snapshot, 0.25);  // half a pulse later: back to idle
  EXPECT_EQ(scene->sensor_colour(1), idle);
  EXPECT_EQ(scene->sensor_colour(5), engine::SensorColour({5, false, uint8_t(engine::SnapshotHealth::kDegraded)}));
  EXPECT_EQ(scene->sensor_colour(0), idle);
  // a later snapshot without sensor 5 returns it to idle
  scene->UpdateSensors(engine::SceneSnapshot{}, 1.0);
  EXPECT_EQ(scene->sensor_colour(5), idle);
}

TEST_F(SceneTest, FourteenLaneGateOverviewHasRoadSkyAndBounds) {
  const world::World world = Load("assets/worlds/huu_nghi/phase2_14lane.yaml");
  ASSERT_FALSE(world.viewpoints.empty());
  auto scene = StaticScene::Build(world, Language::kZh);
  const osg::BoundingBox box = scene->bounds();
  EXPECT_LE(box.xMin(), -330);
  EXPECT_GE(box.xMax(), 330);
  EXPECT_LE(box.yMin(), -500);
  EXPECT_GE(box.yMax(), 1800);
  EXPECT_FLOAT_EQ(scene->GroundHeight(0, 300), 0.0f);  // flat on the road
  EXPECT_GT(scene->GroundHeight(-1200, 300), 10.0f);   // hills away from it
  scene->SetLayers(kAllLayers & ~kLayerLabels);
  Show(scene->root());
  // along the road from the south, above the export queue
  Look(osg::Vec3d(0, 150, 60), osg::Vec3d(0, 400, 0));
  const Image image = Render();
  EXPECT_TRUE(IsAsphalt(PixelAt(image, osg::Vec3(8, 300, 0))));
  const auto sky = image.At(kWidth / 2, 2);
  EXPECT_GT(sky.b, sky.r) << "the top of the view is sky blue";
  // every lane of the 14 is paved: sample across the road at y = 300
  for (const auto& lane : world.lanes) {
    if (lane.road != 0) continue;
    const auto c = PixelAt(image, osg::Vec3(static_cast<float>(lane.offset_m) + 0.9f, 300, 0));
    EXPECT_TRUE(IsAsphalt(c)) << lane.id << ": " << int(c.r) << "," << int(c.g) << "," << int(c.b);
  }
}

TEST_F(SceneTest, LaneSignalsShowEachLaneOpenClosedOrOpeningToOncomingTrucksAndFromAbove) {
  const world::World world = Load("assets/worlds/huu_nghi/phase2_14lane_tidal.yaml");
  const int l01 = world.FindLane("L01"), back = world.FindLane("L01R"), l02 = world.FindLane("L02");
  ASSERT_GE(l01, 0);
  ASSERT_GE(back, 0);
  ASSERT_GE(l02, 0);
  TwinScene twin(world, Language::kEn);
  twin.statics().SetLayers(kAllLayers & ~kLayerLabels);
  Show(twin.statics().root());
  LaneSignals& signals = twin.lane_signals();
  using S = replay::sim::LaneSignal;
  const auto lane = [](int i) { return static_cast<size_t>(i); };
  // a driver's view of a head: 40 m before it, at cab height, looking at its face
  const auto face_on = [&](int i) {
    const osg::Vec3 face = signals.face_centre(lane(i));
    osg::Vec3 ahead = signals.top_centre(lane(i)) - face;  // the top sits past the face, along the lane
    ahead.z() = 0;
    ahead.normalize();
    Look(osg::Vec3d(face - ahead * 40 - osg::Vec3(0, 0, 4)), osg::Vec3d(face));
    return PixelAt(Render(), face);
  };
  const auto is = [](const engine::Rgba8& c, int r, int g, int b) {
    return std::abs(c.r - r) < 40 && std::abs(c.g - g) < 40 && std::abs(c.b - b) < 40;
  };
  const auto text = [](const engine::Rgba8& c) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
  };
  // a recorded feed says nothing of lane states: hidden until told
  EXPECT_FALSE(signals.shown());
  EXPECT_FALSE(signals.signal(lane(l01)));
  const engine::Rgba8 hidden = face_on(l01);
  EXPECT_FALSE(is(hidden, 40, 224, 96)) << text(hidden);

  std::vector<S> states(world.lanes.size(), S::kOpen);
  states[lane(back)] = S::kClosed;  // the strip runs for exports
  signals.Show(states);
  EXPECT_EQ(signals.signal(lane(l01)), S::kOpen);
  EXPECT_EQ(signals.signal(lane(back)), S::kClosed);
  const engine::Rgba8 open = face_on(l01), standby = face_on(back);
  EXPECT_TRUE(is(open, 40, 224, 96)) << "L01 green: " << text(open);
  EXPECT_TRUE(is(standby, 240, 52, 40)) << "L01R red: " << text(standby);

  // reversed: exports may no longer take L01, imports wait on amber while the strip clears
  states[lane(l01)] = S::kClosed;
  states[lane(back)] = S::kOpening;
  signals.Show(states);
  const engine::Rgba8 closed = face_on(l01), opening = face_on(back);
  EXPECT_TRUE(is(closed, 240, 52, 40)) << "L01 red: " << text(closed);
  EXPECT_TRUE(is(opening, 255, 178, 0)) << "L01R amber: " << text(opening);
  // from above, the head's top shows the same light; its neighbour L02 stays green
  for (const auto& [i, rgb] : {std::pair{l01, osg::Vec3(240, 52, 40)}, std::pair{l02, osg::Vec3(40, 224, 96)}}) {
    const osg::Vec3 top = signals.top_centre(lane(i));
    Look(osg::Vec3d(top + osg::Vec3(0, 0, 30)), osg::Vec3d(top), osg::Vec3d(0, 1, 0));
    const engine::Rgba8 c = PixelAt(Render(), top);
    EXPECT_TRUE(is(c, int(rgb.x()), int(rgb.y()), int(rgb.z()))) << world.lanes[lane(i)].id << ": " << text(c);
  }
  signals.Hide();
  EXPECT_FALSE(signals.signal(lane(l01)));
  EXPECT_FALSE(is(face_on(l01), 240, 52, 40));
}

}  // namespace
}  // namespace gatetwin::viewer
