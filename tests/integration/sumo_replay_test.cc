// SUMO traces through the whole replay: the checked-in sample, import-sumo, and a fresh `sumo` run.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "replay/report.h"
#include "replay/session.h"
#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

namespace gatetwin {
namespace {

const std::string kSrc = GATETWIN_SOURCE_DIR;
const std::string kWorld = kSrc + "/assets/worlds/huu_nghi/phase1_6lane.yaml";

world::World LoadOrDie(const std::string& path) {
  auto r = world::LoadWorld(path);
  if (!r.ok()) ADD_FAILURE() << r.errors.front().ToString();
  return std::move(*r.world);
}

// What the FCD and E1 files say, read with regular expressions (not with the reader under test)
// and mapped with the lane map's table and the world's ANPR stations.
struct Expected {
  int seen = 0;
  std::array<int, 2> completed{};
  std::array<double, 2> mean_time_s{};
  double span_h = 0;
  std::map<std::string, int64_t> loop_counts;  // world sensor → Σ nVehContrib
};

Expected FromXml(const world::World& w, const std::string& fcd, const std::string& e1, const std::string& map_path) {
  const YAML::Node map = YAML::LoadFile(map_path)["sumo_map"];
  std::map<std::string, int> lane_of;
  for (const auto& kv : map["lanes"]) lane_of[kv.first.as<std::string>()] = w.FindLane(kv.second.as<std::string>());
  struct Track {
    int lane = -1;
    std::vector<std::pair<double, double>> samples;  // (t, pos)
  };
  std::map<std::string, Track> tracks;
  double first_s = 1e18, last_s = -1e18, now_s = 0;
  const std::regex timestep(R"re(<timestep time="([0-9.]+)")re");
  const std::regex vehicle(R"re(<vehicle id="([^"]+)".* pos="([0-9.]+)" lane="([^"]+)")re");
  std::ifstream in(fcd);
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, m, timestep)) now_s = std::stod(m[1]);
    if (!std::regex_search(line, m, vehicle)) continue;
    Track& t = tracks[m[1]];
    t.lane = lane_of.at(m[3]);
    t.samples.emplace_back(now_s, std::stod(m[2]));
    first_s = std::min(first_s, now_s);
    last_s = std::max(last_s, now_s);
  }
  // the time a track passes `station`: interpolated between the samples around it
  const auto pass_s = [](const Track& t, double station) -> std::optional<double> {
    for (size_t i = 1; i < t.samples.size(); ++i) {
      const auto [t0, p0] = t.samples[i - 1];
      const auto [t1, p1] = t.samples[i];
      if (p0 < station && p1 >= station) return t0 + (station - p0) / (p1 - p0) * (t1 - t0);
    }
    return std::nullopt;
  };
  Expected e;
  std::array<double, 2> total_s{};
  for (const auto& [id, t] : tracks) {
    std::optional<double> entry, exit;
    bool read = false;
    for (const world::Sensor& s : w.sensors) {
      if (s.kind != world::SensorKind::kAnpr || s.lanes.size() != 1 || s.lanes[0] != t.lane) continue;
      const auto at = pass_s(t, s.station_m[0]);
      read |= at.has_value();
      if (s.role == world::SensorRole::kEntry) entry = at;
      if (s.role == world::SensorRole::kExit) exit = at;
    }
    e.seen += read ? 1 : 0;
    if (entry && exit) {
      const auto d = static_cast<size_t>(w.lanes[static_cast<size_t>(t.lane)].direction);
      ++e.completed[d];
      total_s[d] += *exit - *entry;
    }
  }
  const std::regex interval(R"re(<interval begin="[0-9.]+" end="([0-9.]+)" id="([^"]+)" nVehContrib="([0-9]+)")re");
  std::ifstream ein(e1);
  for (std::string line; std::getline(ein, line);) {
    if (!std::regex_search(line, m, interval)) continue;
    e.loop_counts[map["detectors"][m[2].str()].as<std::string>()] += std::stoll(m[3]);
    last_s = std::max(last_s, std::stod(m[1]));
  }
  e.span_h = (last_s - first_s) / 3600;
  for (size_t d = 0; d < 2; ++d) e.mean_time_s[d] = e.completed[d] ? total_s[d] / e.completed[d] : 0;
  return e;
}

void ExpectReportMatches(const replay::Report& r, const Expected& e) {
  EXPECT_EQ(r.vehicles_seen, static_cast<uint64_t>(e.seen));
  EXPECT_GT(e.seen, 0);
  for (size_t d = 0; d < 2; ++d) {
    EXPECT_EQ(r.completed_by_direction[d], static_cast<uint64_t>(e.completed[d])) << d;
    EXPECT_NEAR(r.throughput_per_hour[d], e.completed[d] / e.span_h, 1e-6) << d;
    // plate reads are interpolated to the microsecond and written to the millisecond
    EXPECT_NEAR(r.time_in_system_by_direction_s[d].mean, e.mean_time_s[d], 0.002) << d;
  }
  for (const replay::LoopCheck& loop : r.loops) {
    auto it = e.loop_counts.find(loop.sensor);
    EXPECT_EQ(loop.reported, it == e.loop_counts.end() ? 0 : it->second) << loop.sensor;
  }
  EXPECT_EQ(r.events.read, r.events.applied);  // every line of the sample maps
}

replay::ReplayOutcome Replay(const world::World& w, std::vector<std::string> feeds, const std::string& map) {
  replay::ReplayOptions o;
  o.feeds = std::move(feeds);
  o.sumo_map_path = map;
  return replay::RunReplay(w, o);
}

TEST(SumoSample, ReplayByLaneMapMatchesWhatTheFcdSays) {
  const world::World w = LoadOrDie(kWorld);
  const std::string dir = kSrc + "/assets/sumo/";
  const auto out = Replay(w, {dir + "fcd.xml", dir + "e1.xml"}, dir + "approach.map.yaml");
  ASSERT_TRUE(out.ok) << (out.errors.empty() ? "" : out.errors[0]);
  ExpectReportMatches(out.report, FromXml(w, dir + "fcd.xml", dir + "e1.xml", dir + "approach.map.yaml"));
}

TEST(SumoSample, ReplayByGeoAgreesWithTheLaneMap) {
  const world::World w = LoadOrDie(kWorld);
  const std::string dir = kSrc + "/assets/sumo/";
  // the lon/lat trace snapped by position must find the lanes the lane map names
  const auto out = Replay(w, {dir + "fcd_geo.xml", dir + "e1.xml"}, dir + "approach_geo.map.yaml");
  ASSERT_TRUE(out.ok) << (out.errors.empty() ? "" : out.errors[0]);
  ExpectReportMatches(out.report, FromXml(w, dir + "fcd.xml", dir + "e1.xml", dir + "approach.map.yaml"));
  // the twin's own loop crossings (from the gps positions) agree with SUMO's loops
  for (const replay::LoopCheck& loop : out.report.loops) EXPECT_EQ(loop.twin, loop.reported) << loop.sensor;
}

TEST(SumoSample, GzippedTracesReplayAsTheirXmlAndACutOneIsNamed) {
  const world::World w = LoadOrDie(kWorld);
  const std::string dir = kSrc + "/assets/sumo/";
  // SUMO writes `--fcd-output fcd.xml.gz` compressed: the same report as the plain files
  const std::string fcd = testing_util::TempPath("fcd.xml.gz"), e1 = testing_util::TempPath("e1.xml.gz");
  ASSERT_EQ(std::system(("gzip -c " + dir + "fcd.xml > " + fcd + " && gzip -c " + dir + "e1.xml > " + e1).c_str()), 0);
  const auto plain = Replay(w, {dir + "fcd.xml", dir + "e1.xml"}, dir + "approach.map.yaml");
  const auto gz = Replay(w, {fcd, e1}, dir + "approach.map.yaml");
  ASSERT_TRUE(gz.ok) << (gz.errors.empty() ? "" : gz.errors[0]);
  EXPECT_GT(gz.report.vehicles_seen, 0u);
  EXPECT_EQ(gz.report.vehicles_seen, plain.report.vehicles_seen);
  EXPECT_EQ(gz.report.events.read, plain.report.events.read);
  EXPECT_EQ(gz.report.completed_by_direction, plain.report.completed_by_direction);
  // a download cut short: the events before the cut are kept and the file is named
  const std::string cut = testing_util::TempPath("cut.xml.gz");
  const auto size = std::filesystem::file_size(fcd);
  std::filesystem::copy_file(fcd, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, size / 2);
  const auto bad = Replay(w, {cut}, dir + "approach.map.yaml");
  bool named = false;
  for (const std::string& e : bad.errors) named |= e.find(cut) != std::string::npos;
  for (const std::string& e : bad.warnings) named |= e.find(cut) != std::string::npos;
  EXPECT_TRUE(named) << (bad.errors.empty() ? "no error" : bad.errors[0]);
  EXPECT_GT(bad.report.events.read, 0u);
  EXPECT_LT(bad.report.events.read, plain.report.events.read);
  for (const auto& p : {fcd, e1, cut}) std::filesystem::remove(p);
}

TEST(SumoCli, ImportSumoThenReplayGivesTheSameReport) {
  const std::string dir = kSrc + "/assets/sumo/";
  const std::string feed = testing_util::TempPath("sumo.jsonl");
  const auto import = testing_util::Gatetwin("feed import-sumo --world " + kWorld + " --fcd " + dir + "fcd.xml --e1 " +
                                             dir + "e1.xml --map " + dir + "approach.map.yaml --out " + feed);
  ASSERT_EQ(import.code, 0) << import.output;
  EXPECT_NE(import.output.find("fcd.xml: "), std::string::npos) << import.output;
  const std::string a = testing_util::TempPath("a.json"), b = testing_util::TempPath("b.json");
  const auto direct = testing_util::Gatetwin("replay -q --world " + kWorld + " --feed " + dir + "fcd.xml --feed " +
                                             dir + "e1.xml --sumo-map " + dir + "approach.map.yaml --report " + a);
  ASSERT_EQ(direct.code, 0) << direct.output;
  const auto via = testing_util::Gatetwin("replay -q --world " + kWorld + " --feed " + feed + " --report " + b);
  ASSERT_EQ(via.code, 0) << via.output;
  const auto body = [](const std::string& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    // the reports differ only in the names of their feeds
    return text.substr(text.find("\"span\""));
  };
  EXPECT_EQ(body(a), body(b));
}

TEST(SumoCli, BadInputNamesTheFileLineAndTheFix) {
  const std::string dir = kSrc + "/assets/sumo/";
  const auto no_map = testing_util::Gatetwin("replay -q --world " + kWorld + " --feed " + dir + "fcd.xml");
  EXPECT_EQ(no_map.code, 2);
  EXPECT_NE(no_map.output.find("needs a lane map: give --sumo-map MAP.yaml"), std::string::npos) << no_map.output;
  const std::string cut = testing_util::TempPath("cut.xml");
  {
    std::ifstream in(dir + "fcd.xml");
    std::ofstream o(cut);
    std::string line;
    for (int i = 0; i < 60 && std::getline(in, line); ++i) o << line << "\n";
    o << "        <vehicle id=\"x\" x=\"1\" y=\"2\n";  // broken off mid-attribute, line 61
  }
  const auto bad = testing_util::Gatetwin("feed import-sumo --world " + kWorld + " --fcd " + cut + " --map " + dir +
                                          "approach.map.yaml --out " + testing_util::TempPath("cut.jsonl"));
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find(cut + ":61:9: XML: unclosed token"), std::string::npos) << bad.output;
  const auto no_start =
      testing_util::Gatetwin("feed import-sumo --world " + kWorld + " --fcd " + dir + "fcd_geo.xml --out -");
  EXPECT_EQ(no_start.code, 2);
  EXPECT_NE(no_start.output.find("give --start TS"), std::string::npos) << no_start.output;
}

// a fresh trace from Debian's `sumo`, by the script that made the sample
TEST(SumoRealBinary, FreshTraceReplaysToWhatItsFcdSays) {
  if (std::system("command -v sumo >/dev/null 2>&1 && command -v netconvert >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "sumo/netconvert not installed (apt-get install sumo): the checked-in sample is tested instead";
  }
  const std::string out = testing_util::TempPath("sumo");
  std::filesystem::create_directories(out);
  const std::string cmd = "OUT=" + out + " bash " + kSrc + "/scripts/make-sumo-sample.sh > " + out + "/make.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "see " << out << "/make.log";
  // the lane map names its net relative to itself: it travels with the fresh net
  std::filesystem::copy_file(kSrc + "/assets/sumo/approach.map.yaml", out + "/approach.map.yaml");
  const world::World w = LoadOrDie(kWorld);
  const auto r = Replay(w, {out + "/fcd.xml", out + "/e1.xml"}, out + "/approach.map.yaml");
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  ExpectReportMatches(r.report, FromXml(w, out + "/fcd.xml", out + "/e1.xml", out + "/approach.map.yaml"));
}

}  // namespace
}  // namespace gatetwin
