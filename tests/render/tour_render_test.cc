// `gatetwin render --tour`: an MP4 of the exact frame count and size, stills, a caption band really drawn, clear
// errors.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kWorld = kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kFeed = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";

using gatetwin::testing_util::Gatetwin;
using gatetwin::testing_util::Ran;
using gatetwin::testing_util::TempPath;

// two shots, 0.8 s + 0.7 s: 15 frames at 10 fps; the second has a caption when `caption`
std::string WriteTour(const std::string& name, bool caption) {
  const std::string path = TempPath(name);
  std::ofstream out(path);
  out << "tour:\n  world: " << kWorld << "\n  feed: " << kFeed << "\n  shots:\n"
      << "    - {name: wide, viewpoint: overview, duration_s: 0.8, at: \"10:40\", speed: 60}\n"
      << "    - name: plaza\n      viewpoint: booth_plaza\n      duration_s: 0.7\n      transition_s: 0.3\n";
  if (caption) out << "      caption: {vi: \"Khu bốt kiểm soát\", zh: \"查验亭区\", en: \"The booth plaza\"}\n";
  return path;
}

bool HaveFfmpeg() { return std::system("command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null") == 0; }

std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

TEST(TourRender, EncodesExactlyTheTourFramesAtTheSize) {
  if (!HaveFfmpeg()) GTEST_SKIP() << "ffmpeg not installed (apt-get install ffmpeg)";
  const std::string tour = WriteTour("t.yaml", true);
  const std::string mp4 = TempPath("brief.mp4"), stills = TempPath("stills");
  const Ran r = Gatetwin("render --tour " + tour + " --out " + mp4 + " --stills " + stills +
                         " --size 320x180 --fps 10 --language vi");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("15 frames, 320x180 at 10 fps"), std::string::npos) << r.output;
  const std::string probe = Shell(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames,width,height,pix_fmt,codec_name -of csv=p=0 " +
      mp4);
  EXPECT_EQ(probe, "h264,320,180,yuv420p,15\n");
  EXPECT_TRUE(Exists(stills + "/01_wide.png"));
  EXPECT_TRUE(Exists(stills + "/02_plaza.png"));
}

// the caption band: the same frame with and without a caption differs in the band, and only there
TEST(TourRender, DrawsTheCaptionBandInTheChosenLanguage) {
  const std::string with = TempPath("with") + "/", without = TempPath("without") + "/";
  Ran r = Gatetwin("render --tour " + WriteTour("c.yaml", true) + " --out " + with +
                   " --size 1280x720 --fps 10 --language zh");
  ASSERT_EQ(r.code, 0) << r.output;
  r = Gatetwin("render --tour " + WriteTour("n.yaml", false) + " --out " + without +
               " --size 1280x720 --fps 10 --language zh");
  ASSERT_EQ(r.code, 0) << r.output;
  int w = 0, h = 0, c = 0, w2 = 0, h2 = 0;
  unsigned char* a = stbi_load((with + "02_plaza.png").c_str(), &w, &h, &c, 3);
  unsigned char* b = stbi_load((without + "02_plaza.png").c_str(), &w2, &h2, &c, 3);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(w, 1280);
  ASSERT_EQ(h, 720);
  ASSERT_EQ(w2, w);
  ASSERT_EQ(h2, h);
  // pixels changed in the band and in the frame above it
  int band = 0, above = 0, bright_in_band = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int i = (y * w + x) * 3;
      const int d = std::abs(a[i] - b[i]) + std::abs(a[i + 1] - b[i + 1]) + std::abs(a[i + 2] - b[i + 2]);
      // the band is the bottom 106 px at 720 lines: look inside it, and well clear of it above
      const bool in_band = y >= h * 7 / 8;
      // the caption's light glyphs on the band's near-black
      if (in_band && std::min({a[i], a[i + 1], a[i + 2]}) > 150) ++bright_in_band;
      if (d <= 24) continue;
      if (in_band) ++band;
      if (y < h * 4 / 5) ++above;
    }
  }
  stbi_image_free(a);
  stbi_image_free(b);
  EXPECT_GT(band, w * h / 50) << "the band darkens the bottom of the frame";
  EXPECT_GT(bright_in_band, 200) << "the caption's glyphs are drawn";
  EXPECT_LT(above, w * h / 200) << "nothing else changes with the caption";
}

TEST(TourRender, SaysWhatIsWrong) {
  const std::string tour = WriteTour("e.yaml", true);
  const std::string mp4 = TempPath("e.mp4");
  Ran r = Gatetwin("render --tour " + tour + " --out " + mp4 + " --size 321x180");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--size `321x180` must be WIDTHxHEIGHT, even numbers"), std::string::npos) << r.output;
  r = Gatetwin("render --tour " + tour + " --out " + mp4 + " --fps 0");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--fps 0 is out of range"), std::string::npos) << r.output;
  r = Gatetwin("render --tour " + tour + " --size 320x180");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("give --out brief.mp4"), std::string::npos) << r.output;

  const std::string bad = TempPath("bad.yaml");
  std::ofstream(bad) << "tour:\n  world: w.yaml\n  feed: f.jsonl\n  shots:\n    - {viewpoint: a, duration: 3}\n";
  r = Gatetwin("render --tour " + bad + " --out " + mp4);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(bad + ":5:22: shot 1: unknown key 'duration'"), std::string::npos) << r.output;

  // no ffmpeg, and an ffmpeg that fails: named, with its own words (the child inherits the variable)
  setenv("GATETWIN_FFMPEG", "/nonexistent/ffmpeg", 1);
  r = Gatetwin("render --tour " + tour + " --out " + mp4 + " --size 320x180 --fps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("ffmpeg is not installed"), std::string::npos) << r.output;
  const std::string fake = TempPath("ffmpeg");
  std::ofstream(fake) << "#!/bin/sh\ncat >/dev/null\necho 'Unknown encoder libx264' >&2\nexit 1\n";
  ASSERT_EQ(std::system(("chmod +x " + fake).c_str()), 0);
  setenv("GATETWIN_FFMPEG", fake.c_str(), 1);
  r = Gatetwin("render --tour " + tour + " --out " + mp4 + " --size 320x180 --fps 10");
  unsetenv("GATETWIN_FFMPEG");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("ffmpeg failed (exit status 1); ffmpeg said: Unknown encoder libx264"), std::string::npos)
      << r.output;
}

}  // namespace
