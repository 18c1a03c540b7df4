// Feed input throughput: JSON lines → time-ordered Events through FeedMerger, one and three sources.
//
// A realistic day-like feed (~1 M lines: plate reads, presence, loop aggregates, GPS, barriers,
// scans, weighings, slightly out of order) is generated once into temp files, then read back
// through the whole pipeline: chunked reads, simdjson, decoding, reorder heaps, k-way merge and
// duplicate detection. The target is ≥ 2 M events/s on one core.
//
// BM_ReplayDay is that target end to end: a synthesized 25,000-truck day on the 14-lane world
// replayed exactly as `gatetwin replay` runs it (Replay::Open, RunToEnd, Finish, physics on),
// so parsing, merging, track building, engine steps, Bullet and the report all count.
#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "replay/feed_merger.h"
#include "replay/line_parser.h"
#include "replay/report.h"
#include "replay/session.h"
#include "replay/synth.h"
#include "world/load.h"
#include "world/world.h"

namespace gatetwin::replay {
namespace {

constexpr int kLanes = 12;
constexpr int kTotalLines = 1'000'000;

world::World MakeBenchWorld() {
  world::World w;
  w.name = "bench";
  char id[64];
  for (int i = 1; i <= kLanes; ++i) {
    world::Lane l;
    std::snprintf(id, sizeof id, "L%02d", i);
    l.id = id;
    l.direction = i <= kLanes / 2 ? world::Direction::kVnToCn : world::Direction::kCnToVn;
    w.lanes.push_back(l);
  }
  const auto add = [&](const std::string& sensor_id, world::SensorKind kind, std::vector<int> lanes) {
    world::Sensor s;
    s.id = sensor_id;
    s.kind = kind;
    s.lanes = std::move(lanes);
    s.station_m.assign(s.lanes.size(), 0.0);
    w.sensors.push_back(s);
  };
  for (int i = 1; i <= kLanes; ++i) {
    const char* dir = i <= kLanes / 2 ? "vn_to_cn" : "cn_to_vn";
    std::snprintf(id, sizeof id, "anpr.%s.entry.L%02d", dir, i);
    add(id, world::SensorKind::kAnpr, {i - 1});
    std::snprintf(id, sizeof id, "anpr.%s.exit.L%02d", dir, i);
    add(id, world::SensorKind::kAnpr, {i - 1});
    std::snprintf(id, sizeof id, "loop.km0_4.L%02d", i);
    add(id, world::SensorKind::kLoop, {i - 1});
    std::snprintf(id, sizeof id, "radar.plaza.L%02d", i);
    add(id, world::SensorKind::kRadar, {i - 1});
    std::snprintf(id, sizeof id, "barrier.booth.L%02d", i);
    add(id, world::SensorKind::kBarrier, {i - 1});
  }
  for (int i = 1; i <= 4; ++i) {
    std::snprintf(id, sizeof id, "xray.nii.%d", i);
    add(id, world::SensorKind::kScanner, {});
    std::snprintf(id, sizeof id, "wim.%d", i);
    add(id, world::SensorKind::kWeighbridge, {});
  }
  add("gps", world::SensorKind::kGps, {});
  w.Reindex();
  return w;
}

std::string Ts(int64_t ms) {
  // 2026-01-15 from 06:00 local; ms since then, written in +07:00 as gate systems do
  const int64_t t = ms + 6LL * 3600 * 1000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "2026-01-15T%02d:%02d:%02d.%03d+07:00", static_cast<int>(t / 3600000 % 24),
                static_cast<int>(t / 60000 % 60), static_cast<int>(t / 1000 % 60), static_cast<int>(t % 1000));
  return buf;
}

// one feed file of `lines` events, seeded so the three sources differ
std::string WriteFeed(const std::filesystem::path& path, int lines, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::ofstream out(path, std::ios::binary);
  std::string line;
  int64_t now_ms = 0;
  char buf[512];
  for (int n = 0; n < lines; ++n) {
    now_ms += static_cast<int64_t>(u(rng) * 40);
    // up to 1.5 s of disorder, within the 2 s reorder window
    const int64_t ms = std::max<int64_t>(0, now_ms - static_cast<int64_t>(u(rng) < 0.1 ? u(rng) * 1500 : 0));
    const std::string ts = Ts(ms);
    const int lane = 1 + static_cast<int>(rng() % kLanes);
    const char* dir = lane <= kLanes / 2 ? "vn_to_cn" : "cn_to_vn";
    const int plate_no = static_cast<int>(rng() % 90000) + 10000;
    char plate[32];
    std::snprintf(plate, sizeof plate, "%02dC-%03d.%02d", 12 + lane, plate_no / 100, plate_no % 100);
    const double r = u(rng);
    if (r < 0.30) {
      static const char* kClasses[] = {"truck", "container", "tanker", "truck", "car", "bus"};
      std::snprintf(
          buf, sizeof buf,
          R"({"ts":"%s","sensor":"anpr.%s.%s.L%02d","kind":"plate_read","plate":"%s","conf":%.2f,"vehicle_class":"%s"})",
          ts.c_str(), dir, u(rng) < 0.5 ? "entry" : "exit", lane, plate, 0.7 + 0.29 * u(rng), kClasses[rng() % 6]);
    } else if (r < 0.55) {
      std::snprintf(buf, sizeof buf,
                    R"({"ts":"%s","sensor":"radar.plaza.L%02d","kind":"presence","speed_kmh":%.1f,"length_m":%.1f})",
                    ts.c_str(), lane, 5 + 30 * u(rng), 4 + 14 * u(rng));
    } else if (r < 0.65) {
      std::snprintf(
          buf, sizeof buf,
          R"({"ts":"%s","sensor":"loop.km0_4.L%02d","kind":"loop","interval_s":30,"count":%d,"occupancy":%.2f,"mean_speed_kmh":%.1f})",
          ts.c_str(), lane, static_cast<int>(rng() % 12), u(rng), 3 + 25 * u(rng));
    } else if (r < 0.85) {
      std::snprintf(
          buf, sizeof buf,
          R"({"ts":"%s","sensor":"gps","kind":"gps","vehicle":"%s","lat":%.6f,"lon":%.6f,"heading_deg":%.0f,"speed_kmh":%.0f})",
          ts.c_str(), plate, 21.97 + 0.01 * u(rng), 106.70 + 0.01 * u(rng), 359 * u(rng), 40 * u(rng));
    } else if (r < 0.93) {
      std::snprintf(buf, sizeof buf, R"({"ts":"%s","sensor":"barrier.booth.L%02d","kind":"barrier","state":"%s"})",
                    ts.c_str(), lane, u(rng) < 0.5 ? "open" : "closed");
    } else if (r < 0.98) {
      std::snprintf(buf, sizeof buf,
                    R"({"ts":"%s","sensor":"xray.nii.%d","kind":"scan","plate":"%s","phase":"%s","result":"clear"})",
                    ts.c_str(), 1 + static_cast<int>(rng() % 4), plate, u(rng) < 0.5 ? "start" : "end");
    } else {
      std::snprintf(buf, sizeof buf, R"({"ts":"%s","sensor":"wim.%d","kind":"weigh","plate":"%s","gross_kg":%.0f})",
                    ts.c_str(), 1 + static_cast<int>(rng() % 4), plate, 12000 + 30000 * u(rng));
    }
    out << buf << '\n';
  }
  return path.string();
}

struct Feeds {
  world::World world = MakeBenchWorld();
  std::filesystem::path dir;
  std::string one;                 // kTotalLines lines
  std::vector<std::string> three;  // kTotalLines / 3 lines each

  Feeds() {
    dir = std::filesystem::temp_directory_path() / "gatetwin_parse_bench";
    std::filesystem::create_directories(dir);
    one = WriteFeed(dir / "one.jsonl", kTotalLines, 1);
    for (uint32_t i = 0; i < 3; ++i) {
      three.push_back(WriteFeed(dir / ("three_" + std::to_string(i) + ".jsonl"), kTotalLines / 3, 10 + i));
    }
  }
  ~Feeds() { std::filesystem::remove_all(dir); }
};

Feeds& GetFeeds() {
  static Feeds feeds;
  return feeds;
}

void RunMerge(benchmark::State& state, const std::vector<std::string>& files) {
  const Feeds& feeds = GetFeeds();
  uint64_t events = 0, bytes = 0;
  for (auto _ : state) {
    FeedMerger merger(feeds.world);
    for (const std::string& f : files) {
      std::string error;
      if (!merger.AddFile(f, &error)) state.SkipWithError(error.c_str());
    }
    // the no-copy Next(), as Replay reads the merger
    uint64_t n = 0;
    engine::TimeUs last_ts = 0;
    while (const Event* e = merger.Next()) {
      ++n;
      last_ts = e->ts_us;
    }
    benchmark::DoNotOptimize(last_ts);
    const FeedCounts c = merger.counts();
    if (c.accepted != n || c.read != c.accepted + c.RejectedTotal()) state.SkipWithError("counts do not add up");
    events += n;
    bytes += merger.bytes_read();
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(events));
}

void BM_MergeOneSource(benchmark::State& state) { RunMerge(state, {GetFeeds().one}); }
void BM_MergeThreeSources(benchmark::State& state) { RunMerge(state, GetFeeds().three); }

// Decodes every line of `feed` (read into memory first, so only the parser is timed) with one
// LineParser per run; `fast_path` as LineParser::set_fast_path.
void ParseLinesInMemory(benchmark::State& state, const world::World& world, const std::filesystem::path& feed,
                        bool fast_path) {
  std::ifstream in(feed, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.append(kLinePadding, '\0');
  std::vector<std::pair<size_t, size_t>> lines;
  for (size_t pos = 0, nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1)
    lines.emplace_back(pos, nl - pos);
  LineParser parser(world);
  parser.set_fast_path(fast_path);
  Event e;
  Doubt d;
  uint64_t ok = 0;
  for (auto _ : state) {
    for (const auto& [pos, len] : lines) ok += parser.ParsePadded(text.data() + pos, len, text.size() - pos, &e, &d);
  }
  benchmark::DoNotOptimize(ok);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(lines.size() * state.iterations()), benchmark::Counter::kIsRate);
}

// the line decoder alone, for comparison with simdjson's raw speed
void BM_LineParserOnly(benchmark::State& state) {
  const Feeds& feeds = GetFeeds();
  ParseLinesInMemory(state, feeds.world, feeds.three[0], true);
}

// A synthesized day (as `gatetwin feed synth --trucks-per-day 25000 --seed 1` writes it: ~1.35 M
// lines, half the plate reads Chinese plates) on the 14-lane world, written once to a temp file.
struct Day {
  std::optional<world::World> world;
  std::filesystem::path feed;

  Day() {
    world = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase2_14lane.yaml").world;
    if (!world) return;
    feed =
        std::filesystem::temp_directory_path() / ("gatetwin_replay_day_bench_" + std::to_string(getpid()) + ".jsonl");
    SynthOptions synth;
    synth.trucks_per_day = 25000;
    synth.seed = 1;
    std::ofstream out(feed, std::ios::binary | std::ios::trunc);
    SynthesizeFeed(*world, synth, out);
  }
  ~Day() {
    if (!feed.empty()) std::filesystem::remove(feed);
  }
};

const Day& GetDay() {
  static Day day;
  return day;
}

// events read per second of the whole replay, what `gatetwin replay` does minus writing files:
// open, parse + merge + reorder + duplicates, track building, engine steps with Bullet, report
void BM_ReplayDay(benchmark::State& state) {
  const Day& day = GetDay();
  if (!day.world) {
    state.SkipWithError("cannot load the 14-lane world");
    return;
  }
  uint64_t events = 0;
  for (auto _ : state) {
    ReplayOptions options;
    options.feeds = {day.feed.string()};
    Replay replay(*day.world, options);
    std::vector<std::string> errors;
    if (!replay.Open(&errors)) {
      state.SkipWithError("cannot open the feed");
      return;
    }
    replay.RunToEnd();
    const Report report = replay.Finish();
    benchmark::DoNotOptimize(report.events.read);
    events += report.events.read;
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<int64_t>(events));
}

// the line parser alone over the synthesized day's lines (the replay's real mix: half GPS, a
// third loop aggregates), already in memory: the parsing share of BM_ReplayDay
void BM_LineParserDay(benchmark::State& state) {
  const Day& day = GetDay();
  if (!day.world) {
    state.SkipWithError("cannot load the 14-lane world");
    return;
  }
  ParseLinesInMemory(state, *day.world, day.feed, state.range(0) != 0);
}

// The issue's yardstick: simdjson alone over the same day's lines (every key and raw value
// visited, nothing decoded or checked). The machines this runs on differ from session to
// session; this figure says how fast the one at hand is, so the others can be compared.
void BM_SimdjsonDay(benchmark::State& state) {
  const Day& day = GetDay();
  if (!day.world) {
    state.SkipWithError("cannot load the 14-lane world");
    return;
  }
  std::ifstream in(day.feed, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.append(simdjson::SIMDJSON_PADDING, '\0');
  std::vector<std::pair<size_t, size_t>> lines;
  for (size_t pos = 0, nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1)
    lines.emplace_back(pos, nl - pos);
  simdjson::ondemand::parser parser;
  uint64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& [pos, len] : lines) {
      simdjson::ondemand::document doc;
      if (parser.iterate(text.data() + pos, len, text.size() - pos).get(doc)) continue;
      simdjson::ondemand::object obj;
      if (doc.get_object().get(obj)) continue;
      for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key)) break;
        std::string_view raw;
        if (field.value().raw_json_token().get(raw)) break;
        bytes += key.size() + raw.size();
      }
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(lines.size() * state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_MergeOneSource)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_MergeThreeSources)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_LineParserOnly)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_LineParserDay)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_SimdjsonDay)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_ReplayDay)->Unit(benchmark::kMillisecond)->MinTime(5);

}  // namespace
}  // namespace gatetwin::replay

BENCHMARK_MAIN();
