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

// True when `pixel` is a saturated colour with the hue of `expected` (within 12 degrees).
bool HasHueOf(Rgba8 pixel, Rgba8 expected) {
  const Hsv p = ToHsv(pixel), e = ToHsv(expected);
  const double diff = std::fabs(p.hue - e.hue);
  return p.saturation > 0.5 && p.value > 0.25 && std::min(diff, 360 - diff) < 12;
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
  // from heading +170 degrees to -170 degrees: halfway is 180 degrees (still along x), not 0
  // through 90 degrees (along y)
  const double x = kCentreX, y = kCentreY;
  const float from = 170 * M_PI / 180, to = -170 * M_PI / 180;
  layer_.Sync(Snapshot({Truck(5, x, y, from, SnapshotStage::kQueued)}));
  layer_.Sync(Snapshot({Truck(5, x, y, to, SnapshotStage::kQueued)}, 2));
  layer_.Interpolate(0.5);
  const Image image = Render();
  EXPECT_TRUE(HasHueOf(PixelAt(image, x + 3, y), kQueued));
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
  layer_.SetHighlighted(0);
  image = Render();
  const Rgba8 off = PixelAt(image, x, y);
  EXPECT_EQ(off.r + off.g + off.b, plain.r + plain.g + plain.b);
}

}  // namespace
}  // namespace gatetwin::viewer
