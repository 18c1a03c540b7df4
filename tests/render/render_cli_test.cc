// `gatetwin render` and `gatetwin view` as a user runs them: the still's content, and clear errors.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kWorld = kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kFeed = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";

using gatetwin::testing_util::Gatetwin;
using gatetwin::testing_util::Ran;

TEST(RenderCli, DrawsTheMorningPeakAtTheBoothPlaza) {
  const std::string out = gatetwin::testing_util::TempPath("render_cli.png");
  const Ran r = Gatetwin("render --world " + kWorld + " --feed " + kFeed +
                         " --at 2026-01-15T10:45:00+07:00 --camera booth_plaza --size 640x360 --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("640x360"), std::string::npos) << r.output;
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(out.c_str(), &w, &h, &channels, 3);
  ASSERT_NE(data, nullptr);
  ASSERT_EQ(w, 640);
  ASSERT_EQ(h, 360);
  // vehicles at 10:45 are queued (orange) or in service (vermillion): count warm, saturated pixels
  int warm = 0, green = 0;
  for (int i = 0; i < w * h; ++i) {
    const int r8 = data[i * 3], g8 = data[i * 3 + 1], b8 = data[i * 3 + 2];
    warm += r8 > 180 && g8 > 60 && g8 < 180 && b8 < 60;
    green += g8 > r8 && g8 > b8;
  }
  stbi_image_free(data);
  EXPECT_GT(warm, 100) << "no queued trucks drawn at the morning peak";
  EXPECT_GT(green, w * h / 10) << "the valley's ground is missing";
  // the same moment with no feed: no vehicles, so (almost) no warm pixels
  const Ran empty = Gatetwin("render --world " + kWorld + " --camera booth_plaza --size 640x360 --out " + out);
  ASSERT_EQ(empty.code, 0) << empty.output;
  data = stbi_load(out.c_str(), &w, &h, &channels, 3);
  ASSERT_NE(data, nullptr);
  int warm_empty = 0;
  for (int i = 0; i < w * h; ++i) {
    warm_empty += data[i * 3] > 180 && data[i * 3 + 1] > 60 && data[i * 3 + 1] < 180 && data[i * 3 + 2] < 60;
  }
  stbi_image_free(data);
  EXPECT_LT(warm_empty, warm / 4) << warm_empty << " warm pixels with no vehicles";
  std::remove(out.c_str());
}

TEST(RenderCli, BadArgumentsSayWhatToFix) {
  const std::string out = gatetwin::testing_util::TempPath("render_bad.png");
  Ran r = Gatetwin("render --world " + kWorld + " --camera rooftop --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("booth_plaza"), std::string::npos) << r.output;
  r = Gatetwin("render --world " + kWorld + " --size 12 --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("WIDTHxHEIGHT"), std::string::npos) << r.output;
  r = Gatetwin("render --world " + kWorld + " --feed " + kFeed + " --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--at"), std::string::npos) << r.output;
  r = Gatetwin("render --world " + kWorld + " --language fr --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("vi, zh or en"), std::string::npos) << r.output;
  r = Gatetwin("render --world " + kWorld + " --out /nonexistent-dir/x.png");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent-dir/x.png"), std::string::npos) << r.output;
}

TEST(ViewCli, OpensTheWindowForSomeFramesAndWritesTheScreenshot) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: ctest runs this under xvfb-run";
  const std::string shot = gatetwin::testing_util::TempPath("view_cli.png");
  const Ran r =
      Gatetwin("view --world " + kWorld + " --feed " + kFeed +
               " --at 2026-01-15T10:00:00+07:00 --language zh --size 960x540 --frames 3 --screenshot " + shot);
  ASSERT_EQ(r.code, 0) << r.output;
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(shot.c_str(), &w, &h, &channels, 3);
  ASSERT_NE(data, nullptr) << r.output;
  EXPECT_EQ(w, 960);
  EXPECT_EQ(h, 540);
  stbi_image_free(data);
  std::remove(shot.c_str());
}

}  // namespace
