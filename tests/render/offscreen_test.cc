// The offscreen renderer draws with no display and reads back what it drew.
#include <gtest/gtest.h>

#include <osg/Geode>
#include <osg/ShapeDrawable>

#include <sched.h>

#include <cstdio>
#include <fstream>

#include "engine/viewer/offscreen.h"
#include "tests/integration/temp_path.h"

namespace gatetwin::viewer {
namespace {

TEST(OffscreenRenderer, DrawsClearColourAndGeometryWhereTheCameraLooks) {
  std::string error;
  auto renderer = OffscreenRenderer::Create(160, 120, &error);
  ASSERT_NE(renderer, nullptr) << error;
  auto geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
  auto box = new osg::ShapeDrawable(new osg::Box(osg::Vec3(0, 0, 0), 2.0f));
  box->setColor(osg::Vec4(1, 0, 0, 1));
  geode->addDrawable(box);
  geode->getOrCreateStateSet()->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  auto& viewer = renderer->viewer();
  viewer.setSceneData(geode);
  viewer.getCamera()->setClearColor(osg::Vec4(0, 0, 1, 1));
  viewer.getCamera()->setProjectionMatrixAsPerspective(40.0, 160.0 / 120.0, 0.1, 100.0);
  viewer.getCamera()->setViewMatrixAsLookAt(osg::Vec3d(0, -10, 0), osg::Vec3d(0, 0, 0), osg::Vec3d(0, 0, 1));
  renderer->RenderFrame();
  const Image image = renderer->ReadPixels();
  ASSERT_EQ(image.width, 160);
  ASSERT_EQ(image.height, 120);
  // the box covers the middle, the clear colour the corner
  const auto centre = image.At(80, 60);
  EXPECT_GT(centre.r, 200);
  EXPECT_LT(centre.b, 50);
  const auto corner = image.At(2, 2);
  EXPECT_LT(corner.r, 50);
  EXPECT_GT(corner.b, 200);
  EXPECT_NE(renderer->renderer_name(), "");
}

// A single-threaded OSG viewer pins its thread to core 0 unless told not to; llvmpipe's
// rasteriser threads, started later, inherit that and share one core (a third slower frame).
TEST(OffscreenRenderer, LeavesEveryCoreToTheRasteriser) {
  cpu_set_t before, after;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  std::string error;
  auto renderer = OffscreenRenderer::Create(64, 48, &error);
  ASSERT_NE(renderer, nullptr) << error;
  renderer->RenderFrame();
  renderer->RenderFrame();
  ASSERT_EQ(sched_getaffinity(0, sizeof after, &after), 0);
  EXPECT_EQ(CPU_COUNT(&after), CPU_COUNT(&before));
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

TEST(OffscreenRenderer, RefusesAbsurdSizes) {
  std::string error;
  EXPECT_EQ(OffscreenRenderer::Create(0, 100, &error), nullptr);
  EXPECT_NE(error.find("outside"), std::string::npos);
}

TEST(Image, WritesAPngAndNamesTheFileItCannotWrite) {
  Image image{4, 2, std::vector<uint8_t>(4 * 2 * 4, 255)};
  const std::string path = testing_util::TempPath("image.png");
  std::string error;
  ASSERT_TRUE(WritePng(image, path, &error)) << error;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  std::remove(path.c_str());
  EXPECT_FALSE(WritePng(image, "/nonexistent-dir/x.png", &error));
  EXPECT_NE(error.find("/nonexistent-dir/x.png"), std::string::npos);
}

}  // namespace
}  // namespace gatetwin::viewer
