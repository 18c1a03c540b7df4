// Recorder and recording benchmarks: rows recorded per second, and seeking in a 24 h recording.
//
// A 25,000-truck day on the 14-lane world is synthesized once (not timed) and decoded into
// events with their raw lines, as live ingest holds them when it records.
//   BM_RecorderAdd     — Recorder::Add of every row + the batched commits (256 rows / 100 ms,
//                        WAL, synchronous=NORMAL as in `gatetwin live --record`): rows/s.
//   BM_SeekOrder       — RecordingReader::SeekOrder to a random time of the day: one index lookup.
//   BM_SeekAndFirstRow — what `gatetwin replay --from T` does first: RangeFor(T, T+1h) and the
//                        first row of that range read.
//   BM_OpenAndSeekFeed — a recording opened as a feed with --from T and its first event decoded:
//                        the whole cost of starting a replay at T in a 24 h recording.
// The targets (issue 5): the recorder ≥ 200,000 rows/s, a seek < 10 ms.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "replay/feed_reader.h"
#include "replay/recorder.h"
#include "replay/recording_import.h"
#include "replay/recording_reader.h"
#include "replay/synth.h"
#include "world/load.h"

namespace gatetwin::replay {
namespace {

constexpr int kTrucksPerDay = 25'000;

struct DayRows {
  std::unique_ptr<world::World> world;
  std::vector<Event> events;
  std::vector<std::string> raw;
  std::string feed_path;       // the synthesized day as JSON lines
  std::string recording_path;  // the same day recorded (ImportFeeds)
  engine::TimeUs first_us = 0, last_us = 0;
};

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("gatetwin_recording_bench_" + std::to_string(getpid()) + "_" + name))
      .string();
}

// the day, decoded once and recorded once, shared by every benchmark
const DayRows& Day() {
  static const DayRows* day = [] {
    auto* d = new DayRows;
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase2_14lane.yaml");
    if (!loaded.world) std::abort();
    d->world = std::make_unique<world::World>(std::move(*loaded.world));
    SynthOptions synth;
    synth.trucks_per_day = kTrucksPerDay;
    std::ostringstream text;
    const SynthStats stats = SynthesizeFeed(*d->world, synth, text);
    d->first_us = stats.first_ts_us;
    d->last_us = stats.last_ts_us;
    d->feed_path = TempPath("day.jsonl");
    {
      FILE* f = std::fopen(d->feed_path.c_str(), "wb");
      const std::string s = text.str();
      if (f == nullptr || std::fwrite(s.data(), 1, s.size(), f) != s.size()) std::abort();
      std::fclose(f);
    }
    ReaderOptions reader_options;
    auto reader = FeedReader::FromString(*d->world, "day", text.str(), FeedFormat::kJsonLines, reader_options, nullptr);
    while (reader->Peek() != nullptr) {
      Event e;
      std::string raw;
      reader->Pop(&e, &raw);
      reader->CountAccepted(e);
      d->events.push_back(e);
      d->raw.push_back(std::move(raw));
    }
    d->recording_path = TempPath("day.sqlite");
    ImportOptions import;
    import.overwrite = true;
    ImportStats import_stats;
    std::string error;
    if (!ImportFeeds(*d->world, {d->feed_path}, d->recording_path, import, &import_stats, &error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      std::abort();
    }
    std::atexit([] {
      std::filesystem::remove(Day().feed_path);
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(Day().recording_path + suffix);
    });
    return d;
  }();
  return *day;
}

void BM_RecorderAdd(benchmark::State& state) {
  const DayRows& day = Day();
  const std::string path = TempPath("add.sqlite");
  uint64_t rows = 0;
  for (auto _ : state) {
    std::string error;
    auto recorder = Recorder::Create(*day.world, path, RecorderOptions{}, /*overwrite=*/true, &error);
    if (!recorder) {
      state.SkipWithError(error.c_str());
      return;
    }
    int64_t recv_us = 1'768'410'000'000'000;
    for (size_t i = 0; i < day.events.size(); ++i) {
      recorder->Add(recv_us += 50, "gate/plate_read/x", day.raw[i], &day.events[i], std::nullopt, {});
    }
    if (!recorder->Commit()) state.SkipWithError(recorder->error().c_str());
    recorder.reset();  // the last commit and the close count too
    rows += day.events.size();
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.counters["rows"] = static_cast<double>(day.events.size());
}
BENCHMARK(BM_RecorderAdd)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// the day's recording opened for reading; nullptr (and the benchmark skipped) when it cannot be
std::unique_ptr<RecordingReader> OpenDay(benchmark::State& state) {
  std::string error;
  auto reader = RecordingReader::Open(Day().recording_path, &error);
  if (!reader) state.SkipWithError(error.c_str());
  return reader;
}

void BM_SeekOrder(benchmark::State& state) {
  const DayRows& day = Day();
  auto reader = OpenDay(state);
  if (!reader) return;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<engine::TimeUs> at(day.first_us, day.last_us);
  for (auto _ : state) benchmark::DoNotOptimize(reader->SeekOrder(at(rng)));
  state.counters["rows_in_recording"] = static_cast<double>(reader->last_id());
}
BENCHMARK(BM_SeekOrder)->Unit(benchmark::kMicrosecond);

void BM_SeekAndFirstRow(benchmark::State& state) {
  const DayRows& day = Day();
  auto reader = OpenDay(state);
  if (!reader) return;
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<engine::TimeUs> at(day.first_us, day.last_us);
  RecordedRow row;
  for (auto _ : state) {
    const engine::TimeUs t = at(rng);
    const auto range = reader->RangeFor(t, t + 3600 * engine::kUsPerSecond, reader->reorder_window_us());
    if (!range || !reader->BeginRows(*range, /*all_columns=*/true) || !reader->NextRow(&row)) {
      state.SkipWithError("no row after a seek");
      return;
    }
    benchmark::DoNotOptimize(row.id);
  }
}
BENCHMARK(BM_SeekAndFirstRow)->Unit(benchmark::kMicrosecond);

void BM_OpenAndSeekFeed(benchmark::State& state) {
  const DayRows& day = Day();
  std::mt19937_64 rng(13);
  std::uniform_int_distribution<engine::TimeUs> at(day.first_us, day.last_us - 3600 * engine::kUsPerSecond);
  for (auto _ : state) {
    ReaderOptions options;
    options.from_us = at(rng);
    std::string error;
    auto feed = OpenRecordingFeed(*day.world, day.recording_path, options, nullptr, &error);
    if (!feed || feed->Peek() == nullptr) {
      state.SkipWithError(error.empty() ? "no event after the seek" : error.c_str());
      return;
    }
    benchmark::DoNotOptimize(feed->Peek()->ts_us);
  }
}
BENCHMARK(BM_OpenAndSeekFeed)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gatetwin::replay

BENCHMARK_MAIN();
