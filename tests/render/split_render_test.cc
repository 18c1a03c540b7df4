// `gatetwin render --compare-world`: both layouts really drawn side by side with their tiles, and clear errors.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kPhase1 = kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kPhase2 = kSource + "/assets/worlds/huu_nghi/phase2_14lane.yaml";
const std::string kFeed = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";
constexpr int kWidth = 960, kHeight = 540, kHalf = kWidth / 2;

using gatetwin::testing_util::Gatetwin;
using gatetwin::testing_util::Ran;
using gatetwin::testing_util::TempPath;

struct Rgb {
  std::vector<unsigned char> px;
  int w = 0, h = 0;
  const unsigned char* at(int x, int y) const { return &px[(static_cast<size_t>(y) * w + x) * 3]; }
};

Rgb Load(const std::string& path) {
  Rgb img;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &img.w, &img.h, &channels, 3);
  if (data == nullptr) return img;
  img.px.assign(data, data + static_cast<size_t>(img.w) * img.h * 3);
  stbi_image_free(data);
  return img;
}

// a split still of `left` and `right` at the morning peak from the overview, under `source`
Ran RenderSplit(const std::string& left, const std::string& right, const std::string& source, const std::string& out,
                const std::string& extra = "") {
  return Gatetwin("render --world " + left + " --compare-world " + right + " " + source +
                  " --at 2026-01-15T10:30:00+07:00 --camera overview --size " + std::to_string(kWidth) + "x" +
                  std::to_string(kHeight) + " --out " + out + " " + extra);
}

// the lanes' asphalt (74, 77, 82, lit flat from above): neither the grey-blue shoulders, the
// markings, the valley's green nor the sky
bool Asphalt(const unsigned char* p) {
  const int r = p[0], g = p[1], b = p[2];
  return r > 60 && r < 100 && std::abs(r - g) < 8 && b - r >= 0 && b - r <= 14;
}

// asphalt pixels in columns [x0, x1) of the lower half, where the lanes run nearest the camera
// (the plaza and the link roads beyond are the same on every phase)
int AsphaltIn(const Rgb& img, int x0, int x1) {
  int n = 0;
  for (int y = img.h / 2; y < img.h; ++y) {
    for (int x = x0; x < x1; ++x) n += Asphalt(img.at(x, y));
  }
  return n;
}

// pixels of the rectangle that differ between two images by more than a faint shade
int Differing(const Rgb& a, const Rgb& b, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char *p = a.at(x, y), *q = b.at(x, y);
      n += std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 40;
    }
  }
  return n;
}

// "left phase1_6lane, 41 vehicles; right phase2_14lane, 38 vehicles" → {41, 38}
std::pair<int, int> VehiclesDrawn(const std::string& output) {
  std::smatch m;
  if (!std::regex_search(output, m, std::regex(R"(left \w+, (\d+) vehicles; right \w+, (\d+) vehicles)"))) {
    return {-1, -1};
  }
  return {std::stoi(m[1]), std::stoi(m[2])};
}

// phase 1 beside `right` under a small demand, loaded (empty, with the failure reported, when it
// did not render)
Rgb SplitStill(const std::string& right, const std::string& extra) {
  const std::string out = TempPath("still.png");
  const Ran r = RenderSplit(kPhase1, right, "--trucks-per-day 400", out, extra);
  EXPECT_EQ(r.code, 0) << r.output;
  Rgb img = Load(out);
  std::remove(out.c_str());
  EXPECT_EQ(img.h, kHeight);
  return img;
}

// `args` exits 2 and its message has `needle` in it
void ExpectUsageError(const std::string& args, const std::string& needle) {
  const Ran r = Gatetwin(args);
  EXPECT_EQ(r.code, 2) << args;
  EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
}

TEST(SplitRender, TheFourteenLaneHalfShowsTheWiderRoad) {
  const Rgb img = SplitStill(kPhase2, "--no-overlay"), control = SplitStill(kPhase1, "--no-overlay");
  ASSERT_EQ(img.w, kWidth);
  ASSERT_EQ(control.w, kWidth);
  const int left = AsphaltIn(img, 0, kHalf), right = AsphaltIn(img, kHalf, kWidth);
  const int control_left = AsphaltIn(control, 0, kHalf), control_right = AsphaltIn(control, kHalf, kWidth);
  ASSERT_GT(left, 500) << "no road drawn on the left half";
  // the same layout on both sides gives (nearly) the same road: the halves are framed alike
  EXPECT_NEAR(static_cast<double>(control_right) / control_left, 1.0, 0.1) << control_left << " | " << control_right;
  // 14 lanes against 6 (and shoulders turned into lanes): much more asphalt on the right
  EXPECT_GT(static_cast<double>(right) / left, 1.5) << left << " | " << right;
}

TEST(SplitRender, EachHalfHasItsPhaseBandAndKpiTiles) {
  const Rgb a = SplitStill(kPhase2, "--language vi"), b = SplitStill(kPhase2, "--language vi --no-overlay");
  ASSERT_EQ(a.w, kWidth);
  ASSERT_EQ(b.w, kWidth);
  for (int half = 0; half < 2; ++half) {
    const int x0 = half * kHalf;
    // the four tiles stand in a column at the half's right edge, under its phase band
    const int tiles = Differing(a, b, x0 + kHalf * 2 / 3, kHeight / 8, x0 + kHalf - 16, kHeight * 3 / 4);
    const int tiles_area = (kHalf / 3 - 16) * (kHeight * 5 / 8);
    EXPECT_GT(tiles, tiles_area / 3) << "half " << half << ": no KPI tiles";
    const int band = Differing(a, b, x0 + 8, 2, x0 + kHalf - 8, 12);
    EXPECT_GT(band, (kHalf - 16) * 10 / 2) << "half " << half << ": no phase band";
    // away from the overlay the 3D view is the same picture: the overlay is drawn over it, not instead
    const int below = Differing(a, b, x0 + 16, kHeight * 3 / 4, x0 + kHalf / 2, kHeight - 8);
    EXPECT_LT(below, (kHalf / 2 - 16) * (kHeight / 4 - 8) / 50) << "half " << half;
  }
}

TEST(SplitRender, BothHalvesHaveTheirOwnTrucks) {
  const std::string out = TempPath("trucks.png");
  // the same simulated demand on both layouts
  Ran r = RenderSplit(kPhase1, kPhase2, "--trucks-per-day 800 --seed 3", out, "--no-overlay");
  ASSERT_EQ(r.code, 0) << r.output;
  auto [left, right] = VehiclesDrawn(r.output);
  EXPECT_GT(left, 0) << r.output;
  EXPECT_GT(right, 0) << r.output;
  // the recorded day on phase 1, its trucks simulated on phase 2
  r = RenderSplit(kPhase1, kPhase2, "--feed " + kFeed, out, "--no-overlay");
  ASSERT_EQ(r.code, 0) << r.output;
  std::tie(left, right) = VehiclesDrawn(r.output);
  EXPECT_GT(left, 0) << r.output;
  EXPECT_GT(right, 0) << r.output;
  // no trucks at all: nothing to compare, and it says so
  r = RenderSplit(kPhase1, kPhase2, "--trucks-per-day 0", out, "--no-overlay");
  EXPECT_EQ(r.code, 2) << r.output;
  std::remove(out.c_str());
}

// a one-shot tour over `demand` (or none) with `compare_world`, written to a temporary file
std::string WriteCompareTour(const std::string& name, const std::string& compare_world,
                             const std::string& more_shots = {}) {
  const std::string path = TempPath(name);
  std::ofstream out(path);
  out << "tour:\n  world: " << kPhase1 << "\n  compare_world: " << compare_world << "\n  demand: " << kSource
      << "/assets/demand/pilot_800.yaml\n  shots:\n"
      << "    - {name: wide, viewpoint: overview, duration_s: 1, at: \"10:30\", speed: 60,"
         " caption: {en: \"Before and after\"}}\n"
      << more_shots;
  return path;
}

TEST(SplitRender, ATourWithACompareWorldRendersSplitShots) {
  const std::string tour = WriteCompareTour("compare.yaml", kPhase2);
  const std::string stills = TempPath("stills") + "/";
  const Ran r = Gatetwin("render --tour " + tour + " --out " + stills + " --fps 1 --no-overlay --size " +
                         std::to_string(kWidth) + "x" + std::to_string(kHeight));
  ASSERT_EQ(r.code, 0) << r.output;
  const Rgb img = Load(stills + "01_wide.png");
  ASSERT_EQ(img.w, kWidth) << r.output;
  const int left = AsphaltIn(img, 0, kHalf), right = AsphaltIn(img, kHalf, kWidth);
  ASSERT_GT(left, 500) << "no road drawn on the left half";
  EXPECT_GT(static_cast<double>(right) / left, 1.5) << left << " | " << right;
  std::filesystem::remove_all(stills);
  std::remove(tour.c_str());
}

TEST(SplitRender, AShotWithSplitFalseShowsTheToursWorldAlone) {
  const std::string tour = WriteCompareTour("one_alone.yaml", kPhase2,
                                            "    - {name: alone, viewpoint: overview, duration_s: 1, split: false}\n");
  const std::string stills = TempPath("stills_alone") + "/";
  const Ran r = Gatetwin("render --tour " + tour + " --out " + stills + " --fps 1 --no-overlay --size " +
                         std::to_string(kWidth) + "x" + std::to_string(kHeight));
  ASSERT_EQ(r.code, 0) << r.output;
  const Rgb both = Load(stills + "01_wide.png"), alone = Load(stills + "02_alone.png");
  ASSERT_EQ(alone.w, kWidth) << r.output;
  // split, the right half is the 14-lane road up close; alone, the 6-lane road seen whole runs
  // from the bottom left to the middle, and the right half is mostly valley
  const int right_split = AsphaltIn(both, kHalf, kWidth), right_alone = AsphaltIn(alone, kHalf, kWidth);
  const int left_alone = AsphaltIn(alone, 0, kHalf);
  EXPECT_GT(left_alone, 500) << r.output;
  EXPECT_GT(right_split, 3 * right_alone) << right_split << " | " << right_alone;
  EXPECT_GT(left_alone, 3 * right_alone) << left_alone << " | " << right_alone;
  std::filesystem::remove_all(stills);
  std::remove(tour.c_str());

  // `split:` means nothing in a tour of one world
  const std::string single = TempPath("split_single.yaml");
  std::ofstream(single) << "tour:\n  world: " << kPhase1 << "\n  date: 2026-01-15\n  shots:\n"
                        << "    - {viewpoint: overview, duration_s: 1, split: false}\n";
  const Ran bad = Gatetwin("render --tour " + single + " --out " + TempPath("x") + "/ --fps 1 --size 320x180");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find(single + ":5:"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("only a tour with `compare_world:`"), std::string::npos) << bad.output;
  std::remove(single.c_str());
}

TEST(SplitRenderCli, AToursMissingCompareWorldIsNamedAtItsLine) {
  const std::string tour = WriteCompareTour("missing.yaml", "/nonexistent/b.yaml");
  const Ran r = Gatetwin("render --tour " + tour + " --out " + TempPath("out") + "/ --fps 1 --size 320x180");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(tour + ":3:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/b.yaml"), std::string::npos) << r.output;
  std::remove(tour.c_str());
}

TEST(SplitRenderCli, BadCombinationsSayWhatToFix) {
  const std::string out = TempPath("bad.png");
  const std::string split = "render --world " + kPhase1 + " --compare-world " + kPhase2;
  const std::string at = " --at 2026-01-15T10:30:00+07:00 --out " + out;
  ExpectUsageError("render --world " + kPhase1 + " --compare-world /nonexistent/b.yaml --trucks-per-day 100" + at,
                   "/nonexistent/b.yaml");
  ExpectUsageError(split + at, "--trucks-per-day N");
  ExpectUsageError(split + " --feed " + kFeed + " --trucks-per-day 100" + at, "one source");
  ExpectUsageError(split + " --trucks-per-day 100 --compare-feed " + kFeed + at, "--compare-feed goes with --feed");
  ExpectUsageError("render --world " + kPhase1 + " --trucks-per-day 100" + at, "go with --compare-world");
  ExpectUsageError(split + " --trucks-per-day 100 --out " + out, "--at");
  ExpectUsageError(
      "render --tour " + kSource + "/assets/tours/phase2_briefing.yaml --compare-world " + kPhase1 + " --out " + out,
      "--compare-world");
}

}  // namespace
