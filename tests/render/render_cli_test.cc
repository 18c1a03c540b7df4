// `gatetwin render` and `gatetwin view` as a user runs them: the still's content, and clear errors.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "replay/live/local_broker.h"
#include "replay/live/mqtt_client.h"
#include "replay/recording_reader.h"
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

TEST(RenderCli, DrawsAMomentOfATrainingShiftWithItsLaneSignals) {
  const std::string scenario = kSource + "/assets/scenarios/import_peak_tidal.yaml";
  const std::string actions = kSource + "/assets/scenarios/import_peak_tidal.actions.yaml";
  // pixels of the signals' red cross and green arrow in the tidal strip's view at 08:00
  const auto lights = [&](const std::string& extra) -> std::pair<int, int> {
    const std::string out = gatetwin::testing_util::TempPath("render_training.png");
    const Ran r = Gatetwin("render --scenario " + scenario + extra +
                           " --at 2026-01-15T08:00:00+07:00 --camera tidal_strip --size 960x540 --out " + out);
    EXPECT_EQ(r.code, 0) << r.output;
    int w = 0, h = 0, channels = 0, red = 0, green = 0;
    unsigned char* data = stbi_load(out.c_str(), &w, &h, &channels, 3);
    if (data == nullptr) return {-1, -1};
    for (int i = 0; i < w * h; ++i) {
      const int r8 = data[i * 3], g8 = data[i * 3 + 1], b8 = data[i * 3 + 2];
      red += r8 > 200 && g8 < 90 && b8 < 80;
      green += g8 > 190 && r8 < 90 && b8 < 130;
    }
    stbi_image_free(data);
    std::remove(out.c_str());
    return {red, green};
  };
  const auto [red_sop, green_sop] = lights("");                                 // the strip kept for the exports
  const auto [red_reversed, green_reversed] = lights(" --actions " + actions);  // reversed at 07:32
  EXPECT_GT(green_sop, 200) << "no green arrows over the export lanes";
  // reversed, L01's arrow turns into a red cross; the other export lanes stay green
  EXPECT_GT(red_reversed, red_sop + 30) << red_sop << " | " << red_reversed;
  EXPECT_LT(green_reversed, green_sop) << green_sop << " | " << green_reversed;
  EXPECT_GT(green_reversed, green_sop / 2);
  // a shift brings its own world and traffic
  EXPECT_EQ(Gatetwin("render --scenario " + scenario + " --world " + kWorld + " --out x.png").code, 2);
  EXPECT_EQ(Gatetwin("render --world " + kWorld + " --actions " + actions + " --out x.png").code, 2);
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
  // no --msaa: on Mesa's software rasteriser the window gets no multisamples (2.5x the frame)
  if (r.output.find("on llvmpipe") != std::string::npos) {
    EXPECT_NE(r.output.find("samples a pixel: 1,"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("anti-aliasing off"), std::string::npos) << r.output;
  } else {
    EXPECT_NE(r.output.find("samples a pixel: 4,"), std::string::npos) << r.output;
  }
}

TEST(ViewCli, PlaysATourInTheWindowInPresentationMode) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: ctest runs this under xvfb-run";
  const std::string tour = gatetwin::testing_util::TempPath("view_tour.yaml");
  std::ofstream(tour) << "tour:\n  world: " << kWorld << "\n  feed: " << kFeed << "\n  shots:\n"
                      << "    - {name: first, viewpoint: overview, duration_s: 0.02, at: \"10:00\", speed: 60}\n"
                      << "    - {name: plaza, viewpoint: booth_plaza, duration_s: 20, transition_s: 0, at: \"11:30\","
                         " speed: 1, caption: {en: \"The booths\", zh: \"查验亭\"}}\n";
  const std::string shot = gatetwin::testing_util::TempPath("view_tour.png");
  const Ran r = Gatetwin("view --tour " + tour + " --size 960x540 --frames 6 --screenshot " + shot);
  ASSERT_EQ(r.code, 0) << r.output;
  // the first shot lasts 20 ms: after six frames the tour is in the second, at its clock
  EXPECT_NE(r.output.find("stopped at"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("shot 2 'plaza', clock 2026-01-15T11:30:0"), std::string::npos) << r.output;
  // presentation mode: no control room column down the left (the free view has its panels there)
  const auto panel_rows = [](const std::string& png) {
    int w = 0, h = 0, channels = 0, rows = 0;
    unsigned char* data = stbi_load(png.c_str(), &w, &h, &channels, 3);
    if (data == nullptr) return -1;
    for (int y = 120; y < 400; y += 20) {
      const unsigned char* p = data + (static_cast<size_t>(y) * w + 14) * 3;
      rows += p[0] < 45 && p[1] < 50 && p[2] < 60 && p[2] >= p[0];
    }
    stbi_image_free(data);
    return rows;
  };
  const std::string free_view = gatetwin::testing_util::TempPath("view_free.png");
  ASSERT_EQ(
      Gatetwin("view --world " + kWorld + " --feed " + kFeed + " --size 960x540 --frames 3 --screenshot " + free_view)
          .code,
      0);
  EXPECT_GE(panel_rows(free_view), 12);
  EXPECT_LE(panel_rows(shot), 2);
  std::remove(shot.c_str());
  std::remove(free_view.c_str());
  // a tour brings its own world
  EXPECT_EQ(Gatetwin("view --tour " + tour + " --world " + kWorld).code, 2);
  std::remove(tour.c_str());
}

// road grey in the window's screenshot `png` under the horizon, left of each half's KPI tiles:
// {left half, right half}; {-1, -1} when it cannot be read or is not 960x540
std::pair<int, int> AsphaltPerHalf(const std::string& png) {
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(png.c_str(), &w, &h, &channels, 3);
  if (data == nullptr || w != 960 || h != 540) {
    if (data) stbi_image_free(data);
    return {-1, -1};
  }
  const auto asphalt = [&](int x0) {
    int n = 0;
    for (int y = h / 2; y < h; ++y) {
      for (int x = x0; x < x0 + w / 2 * 3 / 5; ++x) {
        const unsigned char* p = data + (static_cast<size_t>(y) * w + x) * 3;
        n += p[0] > 45 && p[0] < 115 && std::abs(p[0] - p[1]) < 12 && std::abs(p[1] - p[2]) < 16;
      }
    }
    return n;
  };
  const std::pair<int, int> out{asphalt(0), asphalt(w / 2)};
  stbi_image_free(data);
  return out;
}

TEST(ViewCli, PlaysATourWithACompareWorldSideBySideInTheWindow) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: ctest runs this under xvfb-run";
  // phase 1 against `right`, the window read back after three frames
  const auto play = [&](const std::string& right) {
    const std::string tour = gatetwin::testing_util::TempPath("view_tour_compare.yaml");
    std::ofstream(tour) << "tour:\n  world: " << kWorld << "\n  compare_world: " << right << "\n  feed: " << kFeed
                        << "\n  shots:\n    - {viewpoint: overview, duration_s: 30, at: \"10:00\"}\n";
    const std::string shot = gatetwin::testing_util::TempPath("view_tour_compare.png");
    const Ran r = Gatetwin("view --tour " + tour + " --size 960x540 --frames 3 --screenshot " + shot);
    EXPECT_EQ(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("side by side"), std::string::npos) << r.output;
    const auto halves = AsphaltPerHalf(shot);
    std::remove(shot.c_str());
    std::remove(tour.c_str());
    return halves;
  };
  const auto [left, right] = play(kSource + "/assets/worlds/huu_nghi/phase2_14lane.yaml");
  const auto [same_left, same_right] = play(kWorld);
  ASSERT_GT(left, 300) << "no road on the left half (or no 960x540 screenshot)";
  ASSERT_GT(same_left, 300);
  // the same layout on both sides: the same road, framed alike; the 14 lanes: a wider road
  EXPECT_NEAR(static_cast<double>(same_right) / same_left, 1.0, 0.1) << same_left << " | " << same_right;
  EXPECT_GT(static_cast<double>(right) / left, 1.25) << left << " | " << right;
}

TEST(ViewCli, RunsATrainingShiftAndKeepsItsReportAndDecisions) {
  const std::string scenario = kSource + "/assets/scenarios/morning_shift_phase1.yaml";
  const std::string actions = kSource + "/assets/scenarios/morning_shift_phase1.actions.yaml";
  // the scenario brings its world and traffic: no --world or --feed with it
  EXPECT_EQ(Gatetwin("view --scenario " + scenario + " --world " + kWorld).code, 2);
  EXPECT_EQ(Gatetwin("view --world " + kWorld + " --feed " + kFeed + " --report x.json").code, 2);
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: ctest runs this under xvfb-run";
  const std::string report = gatetwin::testing_util::TempPath("view_training.json");
  const std::string saved = gatetwin::testing_util::TempPath("view_training.actions.yaml");
  const Ran r = Gatetwin("view --scenario " + scenario + " --actions " + actions +
                         " --at 2026-01-15T09:00:00+07:00 --size 960x540 --msaa 0 --frames 3 --report " + report +
                         " --save-actions " + saved);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("training score"), std::string::npos) << r.output;
  // the decisions kept are the ones it started from: headless, they give the same score
  const Ran again = Gatetwin("train -q --scenario " + scenario + " --actions " + saved + " --report " + report + ".2");
  ASSERT_EQ(again.code, 0) << again.output;
  const Ran same = Gatetwin("train -q --scenario " + scenario + " --actions " + actions + " --report " + report + ".3");
  ASSERT_EQ(same.code, 0) << same.output;
  std::ifstream a(report + ".2"), b(report + ".3");
  std::string ja((std::istreambuf_iterator<char>(a)), {}), jb((std::istreambuf_iterator<char>(b)), {});
  const auto score = [](const std::string& j) { return j.substr(j.find("\"score\""), 60); };
  EXPECT_EQ(score(ja), score(jb));
  for (const std::string& f : {report, saved, report + ".2", report + ".3"}) std::remove(f.c_str());
}

TEST(ViewCli, FollowsALiveBusAndRecordsWhatItShows) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display: ctest runs this under xvfb-run";
  using namespace gatetwin::replay::live;
  LocalBrokerOptions bo;
  bo.dir = gatetwin::testing_util::TempPath("broker");
  LocalBroker broker(bo);
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  const std::string rec = gatetwin::testing_util::TempPath("view_live.sqlite");
  auto view = std::async(std::launch::async, [&] {
    return Gatetwin("view --world " + kWorld + " --mqtt " + broker.url() + " --record " + rec +
                    " --size 640x360 --msaa 0 --frames 120 --connect-timeout 20");
  });
  // the view subscribes when it is up: publish the morning's plate reads again and again until it has quit
  MqttOptions po;
  ASSERT_TRUE(ParseMqttUrl(broker.url(), &po, &error)) << error;
  po.client_id = "view-live-test-publisher";
  auto pub = MqttPublisher::Create(po, &error);
  ASSERT_TRUE(pub && pub->Start(&error)) << error;
  ASSERT_TRUE(pub->WaitConnected(5000));
  std::vector<std::string> lines;
  {
    FILE* f = std::fopen(kFeed.c_str(), "r");
    char buf[4096];
    while (f && lines.size() < 400 && std::fgets(buf, sizeof buf, f)) lines.emplace_back(buf);
    if (f) std::fclose(f);
  }
  while (view.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    for (const std::string& l : lines) pub->Publish("gate/all", l, &error);
  }
  const Ran r = view.get();
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("following " + broker.url()), std::string::npos) << r.output;
  // what it showed, it recorded: the first lines it got are lines of the feed, in order
  auto reader = gatetwin::replay::RecordingReader::Open(rec, &error);
  ASSERT_TRUE(reader) << error;
  ASSERT_GT(reader->last_id(), 0) << r.output;
  ASSERT_TRUE(reader->BeginRows({}, false));
  int64_t id = 0;
  std::string_view raw;
  ASSERT_TRUE(reader->NextRaw(&id, &raw));
  bool known = false;
  for (const std::string& l : lines) known = known || std::string_view(l).substr(0, raw.size()) == raw;
  EXPECT_TRUE(known) << raw;
  // a live view cannot also replay files
  EXPECT_EQ(Gatetwin("view --world " + kWorld + " --feed " + kFeed + " --mqtt " + broker.url()).code, 2);
}

}  // namespace
