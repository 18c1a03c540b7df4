// SUMO trace conversion speed: FCD samples → feed events per second, by lane map and by geo.
//
// A synthetic FCD of ~260,000 samples (1,600 trucks on the Hữu Nghị phase 1 world's L01–L04,
// one sample per second, as `sumo --fcd-output` writes them) is made once in memory, in net
// form (lane + pos) and in --fcd-output.geo form (lon/lat of the same points). Each benchmark
// runs the expat reader and the converter over it (gps every sample, plate reads at the ANPR
// stations); BM_SumoFeedLaneMap also parses the converted lines as the replay's FeedReader does.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/lane_geometry.h"
#include "replay/feed_reader.h"
#include "replay/gz_file.h"
#include "replay/sumo_convert.h"
#include "replay/sumo_map.h"
#include "replay/sumo_xml.h"
#include "world/geo_frame.h"
#include "world/load.h"

namespace gatetwin::replay {
namespace {

constexpr int kTrucksPerLane = 400;
constexpr int kHeadwayS = 10;
constexpr double kSpeedMps = 8;
const char* const kSumoLanes[4] = {"export_1", "import_1", "export_0", "import_0"};
const char* const kWorldLanes[4] = {"L01", "L02", "L03", "L04"};

struct Fixture {
  world::World world;
  std::string fcd_net, fcd_geo;
  int64_t samples = 0;
  SumoMap lane_map, geo_map;

  Fixture() {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
    world = std::move(*loaded.world);
    const engine::LaneNetwork lanes(world);
    const world::GeoFrame frame(world.anchor);
    lane_map = DefaultSumoMap(world, 0);
    lane_map.placement = SumoPlacement::kLanes;
    geo_map = DefaultSumoMap(world, 0);
    int lane_index[4];
    double length_m[4];
    for (int k = 0; k < 4; ++k) {
      lane_index[k] = world.FindLane(kWorldLanes[k]);
      length_m[k] = lanes.lane(lane_index[k]).length_m();
      lane_map.lanes[kSumoLanes[k]] = {lane_index[k], 0};
    }
    const int end_s = kTrucksPerLane * kHeadwayS + static_cast<int>(1400 / kSpeedMps);
    fcd_net = fcd_geo = "<fcd-export>\n";
    char line[512];
    for (int t = 0; t <= end_s; ++t) {
      std::snprintf(line, sizeof line, "    <timestep time=\"%d.00\">\n", t);
      fcd_net += line;
      fcd_geo += line;
      for (int k = 0; k < 4; ++k) {
        for (int v = 0; v < kTrucksPerLane; ++v) {
          const double pos = (t - v * kHeadwayS) * kSpeedMps;
          if (pos < 0 || pos > length_m[k]) continue;
          const engine::LanePose pose = lanes.lane(lane_index[k]).PoseAt(pos);
          const world::Vec3 g = frame.ToGeo(pose.position);
          const double angle = k % 2 == 0 ? 0.0 : 180.0;
          std::snprintf(line, sizeof line,
                        "        <vehicle id=\"%s.%d\" x=\"%.2f\" y=\"%.2f\" angle=\"%.2f\" type=\"truck\" "
                        "speed=\"%.2f\" pos=\"%.2f\" lane=\"%s\" slope=\"0.00\"/>\n",
                        kWorldLanes[k], v, pose.position.x, pose.position.y, angle, kSpeedMps, pos, kSumoLanes[k]);
          fcd_net += line;
          std::snprintf(line, sizeof line,
                        "        <vehicle id=\"%s.%d\" x=\"%.7f\" y=\"%.7f\" angle=\"%.2f\" type=\"truck\" "
                        "speed=\"%.2f\" pos=\"%.2f\" lane=\"%s\" slope=\"0.00\"/>\n",
                        kWorldLanes[k], v, g.y, g.x, angle, kSpeedMps, pos, kSumoLanes[k]);
          fcd_geo += line;
          ++samples;
        }
      }
      fcd_net += "    </timestep>\n";
      fcd_geo += "    </timestep>\n";
    }
    fcd_net += "</fcd-export>\n";
    fcd_geo += "</fcd-export>\n";
  }
};

const Fixture& Get() {
  static const Fixture f;
  return f;
}

// reader + converter in 64 KiB pieces, as SumoSource reads a file; returns the converted text's size
size_t Convert(const Fixture& f, const SumoMap& map, const std::string& xml, std::string* out) {
  SumoConverter converter(f.world, map, "bench.xml");
  SumoXmlReader reader("bench.xml", &converter);
  constexpr size_t kPiece = size_t{1} << 16;
  size_t bytes = 0;
  for (size_t i = 0; i < xml.size(); i += kPiece) {
    const size_t n = std::min(kPiece, xml.size() - i);
    reader.Parse(xml.data() + i, n, i + n == xml.size());
    converter.Drain(out);
    bytes += out->size();
    out->clear();
  }
  converter.Finish();
  converter.Drain(out);
  return bytes + out->size();
}

void Run(benchmark::State& state, bool geo) {
  const Fixture& f = Get();
  const std::string& xml = geo ? f.fcd_geo : f.fcd_net;
  std::string out;
  for (auto _ : state) benchmark::DoNotOptimize(Convert(f, geo ? f.geo_map : f.lane_map, xml, &out));
  state.SetItemsProcessed(state.iterations() * f.samples);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(xml.size()));
  state.counters["samples"] = static_cast<double>(f.samples);
}

void BM_SumoFcdLaneMap(benchmark::State& state) { Run(state, false); }
void BM_SumoFcdGeo(benchmark::State& state) { Run(state, true); }

// the conversion and then the replay's parsing of its lines (what `gatetwin replay` does with a
// SUMO feed; SumoSource hands the lines on in pieces, here they are gathered once for the reader)
void BM_SumoFeedLaneMap(benchmark::State& state) {
  const Fixture& f = Get();
  for (auto _ : state) {
    std::string all;
    SumoConverter converter(f.world, f.lane_map, "bench.xml");
    SumoXmlReader reader("bench.xml", &converter);
    reader.Parse(f.fcd_net.data(), f.fcd_net.size(), true);
    converter.Finish();
    converter.Drain(&all);
    auto feed = FeedReader::FromString(f.world, "bench.jsonl", std::move(all), FeedFormat::kJsonLines, ReaderOptions{},
                                       nullptr);
    Event e;
    int64_t n = 0;
    while (feed->Next(&e)) ++n;
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * f.samples);
}

BENCHMARK(BM_SumoFcdLaneMap)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SumoFcdGeo)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SumoFeedLaneMap)->Unit(benchmark::kMillisecond);

// the trace's bytes read from disk, plain (`arg` 0) or gzipped as SUMO writes `fcd.xml.gz` (1),
// through GzFile in the chunks SumoSource asks for: what reading a gzipped trace adds
void BM_SumoFileRead(benchmark::State& state) {
  const Fixture& f = Get();
  const bool gz = state.range(0) != 0;
  const std::string path = "/tmp/gatetwin_sumo_bench" + std::to_string(getpid()) + (gz ? ".xml.gz" : ".xml");
  gzFile out = gzopen(path.c_str(), gz ? "wb6" : "wbT");  // T: plain, no compression
  gzwrite(out, f.fcd_net.data(), static_cast<unsigned>(f.fcd_net.size()));
  gzclose(out);
  std::vector<char> chunk(size_t{1} << 16);
  for (auto _ : state) {
    std::string error;
    auto file = GzFile::Open(path, &error);
    size_t total = 0, n = 0;
    while ((n = file->Read(chunk.data(), chunk.size())) > 0) total += n;
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(f.fcd_net.size()));
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  std::filesystem::remove(path);
}
BENCHMARK(BM_SumoFileRead)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gatetwin::replay

BENCHMARK_MAIN();
