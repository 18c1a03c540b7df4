// The vehicle layer draws each snapshot vehicle where the snapshot puts it, in its stage's colour.
#include "engine/viewer/vehicle_layer.h"

#include <gtest/gtest.h>

#include <osg/Geode>
#include <osg/Geometry>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "engine/viewer/offscreen.h"

namespace gatetwin::viewer {
namespace {

using engine::Rgba8;
using engine::SceneSnapshot;
using engine::SnapshotStage;
using engine::SnapshotVehicle;

constexpr int kPixels = 256;
constexpr double kViewM = 100;  // the top-down view spans 100 m: 0.39 m per pixel
constexpr double kCentreX = 200, kCentreY = -300;

// Hue in degrees and saturation (0..1) of a colour.
struct Hsv {
  double hue = 0, saturation = 0, value = 0;
};
Hsv ToHsv(Rgba8 c) {
  const double r = c.r / 255.0, g = c.g / 255.0, b = c.b / 255.0;
  const double max = std::max({r, g, b}), min = std::min({r, g, b}), d = max - min;
  Hsv h;
  h.value = max;
  h.saturation = max > 0 ? d / max : 0;
  if (d <= 0) return h;
  if (max == r) {
    h.hue = 60 * std::fmod((g - b) / d + 6, 6.0);
  } else if (max == g) {
    h.hue = 60 * ((b - r) / d + 2);
  } else {
    h.hue = 60 * ((r - g) / d + 4);
  }
  return h;
}

// True when `pixel` is a clear colour (not grey, white or near black) with the hue of `expected`
// (within 12 degrees). The palette's least saturated colour, reddish purple, has 0.41.
bool HasHueOf(Rgba8 pixel, Rgba8 expected) {
  const Hsv p = ToHsv(pixel), e = ToHsv(expected);
  const double diff = std::fabs(p.hue - e.hue);
  return p.saturation > 0.3 && p.value > 0.25 && std::min(diff, 360 - diff) < 12;
}

class VehicleLayerTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    renderer_ = OffscreenRenderer::Create(kPixels, kPixels, &error);
    ASSERT_NE(renderer_, nullptr) << error;
    auto root = osg::ref_ptr<osg::Group>(new osg::Group);
    root->addChild(Ground());
    root->addChild(layer_.node());
    auto& viewer = renderer_->viewer();
    viewer.setSceneData(root);
    viewer.getCamera()->setClearColor(osg::Vec4(0, 0, 0, 1));
    // straight down from 300 m, north up
    viewer.getCamera()->setProjectionMatrixAsOrtho(-kViewM / 2, kViewM / 2, -kViewM / 2, kViewM / 2, 1, 1000);
    viewer.getCamera()->setViewMatrixAsLookAt(osg::Vec3d(kCentreX, kCentreY, 300), osg::Vec3d(kCentreX, kCentreY, 0),
                                              osg::Vec3d(0, 1, 0));
  }

  // a mid-grey ground square under the view: no hue, so any hue seen is a vehicle's
  static osg::ref_ptr<osg::Node> Ground() {
    auto geometry = osg::ref_ptr<osg::Geometry>(new osg::Geometry);
    auto vertices = new osg::Vec3Array;
    for (auto [x, y] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}) {
      vertices->push_back(osg::Vec3(kCentreX + x * 500, kCentreY + y * 500, 0));
    }
    geometry->setVertexArray(vertices);
    auto colours = new osg::Vec4Array;
    colours->push_back(osg::Vec4(0.45f, 0.45f, 0.45f, 1));
    geometry->setColorArray(colours, osg::Array::BIND_OVERALL);
    geometry->addPrimitiveSet(new osg::DrawArrays(GL_QUADS, 0, 4));
    geometry->getOrCreateStateSet()->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
    auto geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
    geode->addDrawable(geometry);
    return geode;
  }

  // GATETWIN_TEST_RENDERS=dir keeps each test's last picture as dir/<test>.png for a person to look at
  Image Render() {
    renderer_->RenderFrame();
    Image image = renderer_->ReadPixels();
    if (const char* dir = std::getenv("GATETWIN_TEST_RENDERS")) {
      const std::string path =
          std::string(dir) + "/" + testing::UnitTest::GetInstance()->current_test_info()->name() + ".png";
      std::string error;
      EXPECT_TRUE(WritePng(image, path, &error)) << error;
    }
    return image;
  }

  // the pixel under the world point (x, y)
  static Rgba8 PixelAt(const Image& image, double x, double y) {
    const int column = static_cast<int>(std::floor((x - kCentreX + kViewM / 2) / kViewM * kPixels));
    const int row = static_cast<int>(std::floor((kCentreY + kViewM / 2 - y) / kViewM * kPixels));
    return image.At(column, row);
  }

  static SnapshotVehicle Truck(uint32_t id, double x, double y, float heading, SnapshotStage stage) {
    SnapshotVehicle v;
    v.id = id;
    v.position = {x, y, 0};
    v.heading_rad = heading;
    v.length_m = 12;
    v.width_m = 2.5f;
    v.height_m = 3.8f;
    v.vehicle_class = 0;  // truck
    v.stage = static_cast<uint8_t>(stage);
    v.direction = 0;
    return v;
  }

  static SceneSnapshot Snapshot(std::vector<SnapshotVehicle> vehicles, uint64_t sequence = 1) {
    SceneSnapshot s;
    s.sequence = sequence;
    s.vehicles = std::move(vehicles);
    return s;
  }

  std::unique_ptr<OffscreenRenderer> renderer_;
  VehicleLayer layer_;
};

const Rgba8 kQueued = engine::StageColour(static_cast<uint8_t>(SnapshotStage::kQueued));
const Rgba8 kCleared = engine::StageColour(static_cast<uint8_t>(SnapshotStage::kCleared));

TEST_F(VehicleLayerTest, DrawsAVehicleWhereTheSnapshotSaysItIs) {
  const double x = kCentreX + 10, y = kCentreY - 5;
  layer_.Sync(Snapshot({Truck(7, x, y, 0.3f, SnapshotStage::kQueued)}));
  EXPECT_EQ(layer_.drawn(), 1u);
  const Image image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x, y), kQueued));
  // 20 m across its heading (0.3 rad): ground, not truck
  const double across = 0.3 + M_PI / 2;
  EXPECT_FALSE(HasHueOf(PixelAt(image, x + 20 * std::cos(across), y + 20 * std::sin(across)), kQueued));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x - 20, y), kQueued));
  // the cargo box is 12 m long along the heading: 4 m ahead of the centre is still cargo... and
  // 3 m behind it too, while 8 m is past the rear
  EXPECT_TRUE(HasHueOf(PixelAt(image, x - 3 * std::cos(0.3), y - 3 * std::sin(0.3)), kQueued));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x - 8 * std::cos(0.3), y - 8 * std::sin(0.3)), kQueued));
}

TEST_F(VehicleLayerTest, DrawsTheVehicleAtItsNewPlaceAfterSync) {
  const double x0 = kCentreX - 20, x1 = kCentreX + 20, y = kCentreY;
  layer_.Sync(Snapshot({Truck(3, x0, y, 0, SnapshotStage::kCleared)}));
  Image image = Render();
  ASSERT_TRUE(HasHueOf(PixelAt(image, x0, y), kCleared));
  layer_.Sync(Snapshot({Truck(3, x1, y, 0, SnapshotStage::kCleared)}, 2));
  // the move starts where the vehicle was drawn
  image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x0, y), kCleared));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x1, y), kCleared));
  layer_.Interpolate(1.0);
  image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x1, y), kCleared));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x0, y), kCleared));
  EXPECT_EQ(layer_.drawn(), 1u);
}

TEST_F(VehicleLayerTest, InterpolateHalfwayDrawsTheVehicleHalfway) {
  const double x0 = kCentreX - 20, x1 = kCentreX + 20, y = kCentreY + 10;
  layer_.Sync(Snapshot({Truck(3, x0, y, 0, SnapshotStage::kCleared)}));
  layer_.Sync(Snapshot({Truck(3, x1, y, 0, SnapshotStage::kCleared)}, 2));
  layer_.Interpolate(0.5);
  const Image image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, (x0 + x1) / 2, y), kCleared));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x0, y), kCleared));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x1, y), kCleared));
}

TEST_F(VehicleLayerTest, HeadingTurnsTheShortWayRound) {
  // from +170 to -170 degrees: halfway the short way is 180 degrees (cab toward -x); the long way
  // round would be 0 degrees, on the same axis but with the cab toward +x
  const double x = kCentreX, y = kCentreY;
  const float from = 170 * M_PI / 180, to = -170 * M_PI / 180;
  layer_.Sync(Snapshot({Truck(5, x, y, from, SnapshotStage::kQueued)}));
  layer_.Sync(Snapshot({Truck(5, x, y, to, SnapshotStage::kQueued)}, 2));
  layer_.Interpolate(0.5);
  const Image image = Render();
  // the white cab spans 3.7..6 m ahead of the centre of the 12 m truck, cargo the rest
  EXPECT_TRUE(HasHueOf(PixelAt(image, x + 4.8, y), kQueued));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x - 4.8, y), kQueued));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x, y + 4), kQueued));
}

TEST_F(VehicleLayerTest, ColouringByDirectionRecoloursTheCargo) {
  const double x = kCentreX, y = kCentreY;
  SnapshotVehicle v = Truck(9, x, y, 1.0f, SnapshotStage::kQueued);
  v.direction = 1;  // toward Viet Nam: yellow
  layer_.Sync(Snapshot({v}));
  Image image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x, y), kQueued));
  layer_.SetColouring(VehicleColouring::kByDirection);
  image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x, y), engine::DirectionColour(1)));
  EXPECT_FALSE(HasHueOf(PixelAt(image, x, y), kQueued));
  layer_.SetColouring(VehicleColouring::kByStage);
  image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x, y), kQueued));
}

TEST_F(VehicleLayerTest, RemovedAndExitedVehiclesVanish) {
  const double xa = kCentreX - 20, xb = kCentreX + 20, y = kCentreY;
  layer_.Sync(Snapshot({Truck(1, xa, y, 0, SnapshotStage::kQueued), Truck(2, xb, y, 0, SnapshotStage::kQueued)}));
  Image image = Render();
  ASSERT_TRUE(HasHueOf(PixelAt(image, xa, y), kQueued));
  ASSERT_TRUE(HasHueOf(PixelAt(image, xb, y), kQueued));
  // 1 leaves the snapshot, 2 exits
  layer_.Sync(Snapshot({Truck(2, xb, y, 0, SnapshotStage::kExited)}, 2));
  EXPECT_EQ(layer_.drawn(), 0u);
  image = Render();
  EXPECT_FALSE(HasHueOf(PixelAt(image, xa, y), kQueued));
  EXPECT_FALSE(HasHueOf(PixelAt(image, xb, y), engine::StageColour(static_cast<uint8_t>(SnapshotStage::kExited))));
  EXPECT_FALSE(HasHueOf(PixelAt(image, xb, y), kQueued));
  // a new vehicle appears where it is, with no slide in from anywhere
  layer_.Sync(Snapshot({Truck(4, xa, y, 0, SnapshotStage::kCleared)}, 3));
  image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, xa, y), kCleared));
}

TEST_F(VehicleLayerTest, DrawsEveryShapeAndManyVehicles) {
  std::vector<SnapshotVehicle> vehicles;
  uint32_t id = 1;
  for (int row = 0; row < 6; ++row) {
    for (int column = 0; column < 7; ++column) {
      // 13 m apart: 12 m vehicles never overlap whatever their heading
      SnapshotVehicle v =
          Truck(id++, kCentreX - 39 + column * 13, kCentreY - 35 + row * 14, 0.5f * column, SnapshotStage::kCleared);
      v.vehicle_class = static_cast<uint8_t>((row + column) % 6);
      if (v.vehicle_class == 3) v.length_m = 4.5f, v.width_m = 1.8f, v.height_m = 1.5f;
      vehicles.push_back(v);
    }
  }
  layer_.Sync(Snapshot(vehicles));
  EXPECT_EQ(layer_.drawn(), vehicles.size());
  const Image image = Render();
  // every class has its cargo, tank, car roof or bus roof coloured at its centre, 0.95 m to a
  // side of it or 4 m behind it (a tanker's walkway and a bus's roof unit run along the middle)
  for (const SnapshotVehicle& v : vehicles) {
    const double c = std::cos(v.heading_rad), s = std::sin(v.heading_rad);
    const double x = v.position.x, y = v.position.y;
    EXPECT_TRUE(HasHueOf(PixelAt(image, x, y), kCleared) ||
                HasHueOf(PixelAt(image, x - 0.95 * s, y + 0.95 * c), kCleared) ||
                HasHueOf(PixelAt(image, x - 4 * c, y - 4 * s), kCleared))
        << "vehicle " << v.id << " of class " << int{v.vehicle_class};
  }
}

TEST_F(VehicleLayerTest, HighlightBrightensAndFramesThePickedVehicle) {
  const double x = kCentreX, y = kCentreY;
  layer_.Sync(
      Snapshot({Truck(11, x, y, 0, SnapshotStage::kInService), Truck(12, x, y + 20, 0, SnapshotStage::kInService)}));
  Image image = Render();
  const Rgba8 plain = PixelAt(image, x, y);
  const Rgba8 beside_plain = PixelAt(image, x, y - 2.1);  // 0.85 m outside the 2.5 m wide footprint
  layer_.SetHighlighted(11);
  image = Render();
  const Rgba8 lit = PixelAt(image, x, y);
  const Rgba8 beside_lit = PixelAt(image, x, y - 2.1);
  EXPECT_GT(lit.r + lit.g + lit.b, plain.r + plain.g + plain.b + 60);
  EXPECT_GT(beside_lit.r + beside_lit.g + beside_lit.b, beside_plain.r + beside_plain.g + beside_plain.b + 200);
  // the other truck is unchanged, and the highlight survives a Sync
  const Rgba8 other = PixelAt(image, x, y + 20);
  EXPECT_LT(other.r + other.g + other.b, lit.r + lit.g + lit.b - 60);
  layer_.Sync(
      Snapshot({Truck(11, x, y, 0, SnapshotStage::kInService), Truck(12, x, y + 20, 0, SnapshotStage::kInService)}, 2));
  image = Render();
  const Rgba8 again = PixelAt(image, x, y);
  EXPECT_EQ(again.r + again.g + again.b, lit.r + lit.g + lit.b);
  layer_.SetHighlighted(kNoHighlight);
  image = Render();
  const Rgba8 off = PixelAt(image, x, y);
  EXPECT_EQ(off.r + off.g + off.b, plain.r + plain.g + plain.b);
}

TEST_F(VehicleLayerTest, ZoomingInSwitchesToTheDetailedMesh) {
  // a tanker under the middle of the view: seen small, its far mesh is a plain coloured tank; close
  // up, the detailed one has a dark walkway along the top of the tank
  SnapshotVehicle v = Truck(21, kCentreX, kCentreY, 0, SnapshotStage::kQueued);
  v.vehicle_class = 2;
  layer_.Sync(Snapshot({v}));
  Image image = Render();
  EXPECT_TRUE(HasHueOf(image.At(kPixels / 2, kPixels / 2), kQueued));
  // 20 m across 256 pixels: 12.8 pixels per metre
  renderer_->viewer().getCamera()->setProjectionMatrixAsOrtho(-10, 10, -10, 10, 1, 1000);
  image = Render();
  const Rgba8 walkway = image.At(kPixels / 2, kPixels / 2);
  EXPECT_LT(ToHsv(walkway).value, 0.3);
  EXPECT_TRUE(HasHueOf(image.At(kPixels / 2, kPixels / 2 - static_cast<int>(0.9 * 12.8)), kQueued));
}

TEST_F(VehicleLayerTest, DistantVehiclesShowTheSideFacingTheEye) {
  // seen at 1.28 pixels per metre the vehicle gets the distant mesh, whose one modelled side (+y)
  // the shader turns toward the eye. A big box seen from the south at 45 degrees: the middle of
  // the picture is its south (-y) side, not ground.
  SnapshotVehicle v = Truck(31, kCentreX, kCentreY, 0, SnapshotStage::kCleared);
  v.length_m = 100;
  v.width_m = 40;
  v.height_m = 30;
  layer_.Sync(Snapshot({v}));
  auto* camera = renderer_->viewer().getCamera();
  camera->setProjectionMatrixAsOrtho(-100, 100, -100, 100, 1, 2000);
  camera->setViewMatrixAsLookAt(osg::Vec3d(kCentreX, kCentreY - 200, 200), osg::Vec3d(kCentreX, kCentreY, 0),
                                osg::Vec3d(0, 0, 1));
  const Image image = Render();
  // the south side spans 14 m below to 7 m above the centre on screen, the top 7 to 35 m above
  EXPECT_TRUE(HasHueOf(image.At(kPixels / 2, kPixels / 2 + 5), kCleared));
  EXPECT_TRUE(HasHueOf(image.At(kPixels / 2, kPixels / 2 - 25), kCleared));
  EXPECT_FALSE(HasHueOf(image.At(kPixels / 2, kPixels / 2 + 30), kCleared));
}

TEST_F(VehicleLayerTest, TheNodeOutlivesTheLayerSafely) {
  // a viewer may still hold the node when its layer is destroyed: drawing it must not crash
  osg::ref_ptr<osg::Node> kept;
  {
    VehicleLayer layer;
    layer.Sync(Snapshot({Truck(1, kCentreX, kCentreY, 0, SnapshotStage::kQueued)}));
    kept = layer.node();
  }
  auto root = osg::ref_ptr<osg::Group>(new osg::Group);
  root->addChild(kept);
  renderer_->viewer().setSceneData(root);
  const Image image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, kCentreX, kCentreY), kQueued));
}

// A queue scene from an oblique camera, as the big screen shows it: every stage colour must be on
// the picture. With GATETWIN_TEST_RENDERS=dir it is kept as dir/vehicles_showcase.png to look at.
TEST(VehicleLayerShowcase, QueuesAtBoothsShowEveryStageColour) {
  std::string error;
  auto renderer = OffscreenRenderer::Create(1280, 720, &error);
  ASSERT_NE(renderer, nullptr) << error;
  VehicleLayer layer;
  std::vector<SnapshotVehicle> vehicles;
  uint32_t id = 1;
  // 12 lanes toward a booth line at x = 0: queued behind it, in service at it, cleared beyond
  for (int lane = 0; lane < 12; ++lane) {
    const bool car_lane = lane >= 10;
    for (int slot = 0; slot < 25; ++slot) {
      SnapshotVehicle v;
      v.id = id++;
      v.vehicle_class = static_cast<uint8_t>(car_lane ? (slot % 4 == 0 ? 4 : 3) : (lane * 7 + slot * 3) % 3);
      const bool car = v.vehicle_class == 3, bus = v.vehicle_class == 4;
      v.length_m = car ? 4.6f : (bus ? 12 : (v.vehicle_class == 1 ? 16.5f : 13));
      v.width_m = car ? 1.8f : 2.5f;
      v.height_m = car ? 1.5f : (bus ? 3.3f : 3.9f);
      const double spacing = car_lane ? 8 : 19;
      double x = -10 - slot * spacing;
      uint8_t stage = static_cast<uint8_t>(SnapshotStage::kQueued);
      if (slot == 0) stage = static_cast<uint8_t>(SnapshotStage::kInService), x = 0;
      if (slot >= 18) stage = static_cast<uint8_t>(SnapshotStage::kApproaching);
      if (slot >= 22) x = 30 + (slot - 22) * 40, stage = static_cast<uint8_t>(SnapshotStage::kCleared);
      v.position = {x, lane * 4.5 - 25, 0};
      v.stage = stage;
      vehicles.push_back(v);
    }
  }
  // a yard of parked trucks beside the road
  for (int row = 0; row < 4; ++row) {
    for (int column = 0; column < 10; ++column) {
      SnapshotVehicle v;
      v.id = id++;
      v.vehicle_class = static_cast<uint8_t>((row + column) % 3);
      v.length_m = v.vehicle_class == 1 ? 16.5f : 12;
      v.width_m = 2.5f;
      v.height_m = 3.9f;
      v.position = {-60.0 - column * 5.0, 45.0 + row * 20, 0};
      v.heading_rad = static_cast<float>(M_PI / 2);
      v.stage = static_cast<uint8_t>(SnapshotStage::kInYard);
      vehicles.push_back(v);
    }
  }
  layer.Sync(SceneSnapshot{0, 1, vehicles, {}});
  layer.SetHighlighted(3 * 25 + 1);  // in service at the booth of lane 3, in view
  auto root = osg::ref_ptr<osg::Group>(new osg::Group);
  auto ground = osg::ref_ptr<osg::Geometry>(new osg::Geometry);
  auto corners = new osg::Vec3Array;
  for (auto [x, y] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
    corners->push_back(osg::Vec3(x * 2000, y * 2000, 0));
  ground->setVertexArray(corners);
  auto grey = new osg::Vec4Array;
  grey->push_back(osg::Vec4(0.50f, 0.51f, 0.52f, 1));
  ground->setColorArray(grey, osg::Array::BIND_OVERALL);
  ground->addPrimitiveSet(new osg::DrawArrays(GL_QUADS, 0, 4));
  ground->getOrCreateStateSet()->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  auto geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
  geode->addDrawable(ground);
  root->addChild(geode);
  root->addChild(layer.node());
  auto& viewer = renderer->viewer();
  viewer.setSceneData(root);
  viewer.getCamera()->setClearColor(osg::Vec4(0.68f, 0.77f, 0.86f, 1));
  viewer.getCamera()->setProjectionMatrixAsPerspective(35, 1280.0 / 720.0, 1, 5000);
  viewer.getCamera()->setViewMatrixAsLookAt(osg::Vec3d(60, -120, 70), osg::Vec3d(-60, 10, 0), osg::Vec3d(0, 0, 1));
  renderer->RenderFrame();
  const Image image = renderer->ReadPixels();
  if (const char* dir = std::getenv("GATETWIN_TEST_RENDERS")) {
    ASSERT_TRUE(WritePng(image, std::string(dir) + "/vehicles_showcase.png", &error)) << error;
  }
  for (uint8_t stage = 0; stage < 5; ++stage) {
    int count = 0;
    for (int y = 0; y < image.height; y += 2) {
      for (int x = 0; x < image.width; x += 2) count += HasHueOf(image.At(x, y), engine::StageColour(stage));
    }
    EXPECT_GT(count, 50) << "stage " << int{stage};
  }
}

}  // namespace
}  // namespace gatetwin::viewer
