// End-to-end replay bench: a synthesized day through the same path as `gatetwin replay`.
//
// Usage: replay_day_bench [WORLD] [TRUCKS_PER_DAY ...]
//   (default: assets/worlds/huu_nghi/phase2_14lane.yaml, 2500 and 25000 trucks/day)
// Each case synthesizes its feed to a temporary file (not timed), then replays it in a child
// process three times, so that the peak memory reported is that replay's alone. events/s is
// events read per second of the whole replay (parse, merge, apply, engine steps, report).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "replay/report.h"
#include "replay/session.h"
#include "replay/synth.h"
#include "world/load.h"

namespace {

struct Measure {
  double seconds = 0;
  double events = 0;
  double max_rss_mb = 0;
};

// runs one replay in a child process and returns its wall time, events read and peak memory
Measure ReplayInChild(const gatetwin::world::World& world, const std::string& feed) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    gatetwin::replay::ReplayOptions options;
    options.feeds = {feed};
    const auto start = std::chrono::steady_clock::now();
    auto out = gatetwin::replay::RunReplay(world, options);
    const std::string json = gatetwin::replay::ReportToJson(out.report);
    const auto end = std::chrono::steady_clock::now();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    Measure m{std::chrono::duration<double>(end - start).count(), static_cast<double>(out.report.events.read),
              static_cast<double>(usage.ru_maxrss) / 1024.0};
    if (!out.ok || json.empty()) m.seconds = -1;
    if (write(fds[1], &m, sizeof m) != sizeof m) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Measure m;
  if (read(fds[0], &m, sizeof m) != sizeof m) m.seconds = -1;
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  std::string world_path = std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase2_14lane.yaml";
  std::vector<int> cases;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.find(".yaml") != std::string::npos) {
      world_path = arg;
    } else {
      cases.push_back(std::atoi(arg.c_str()));
    }
  }
  if (cases.empty()) cases = {2500, 25000};
  auto loaded = gatetwin::world::LoadWorld(world_path);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
    return 2;
  }
  const gatetwin::world::World& world = *loaded.world;
  std::printf("world %s (%zu lanes)\n", world_path.c_str(), world.lanes.size());
  std::printf("%-14s %10s %10s %10s %14s %12s\n", "trucks/day", "lines", "best_s", "median_s", "events/s", "peak_MB");
  for (int trucks : cases) {
    const std::string feed = "/tmp/gatetwin_bench_" + std::to_string(trucks) + ".jsonl";
    gatetwin::replay::SynthOptions synth;
    synth.trucks_per_day = trucks;
    synth.seed = 7;
    // synthesize in a child too: the generator holds the day in memory, and a replay child
    // forked from a large parent would report the parent's pages as its own peak
    int64_t lines = 0;
    {
      int fds[2];
      if (pipe(fds) != 0) std::abort();
      const pid_t pid = fork();
      if (pid == 0) {
        close(fds[0]);
        std::ofstream out(feed, std::ios::binary | std::ios::trunc);
        const int64_t n = gatetwin::replay::SynthesizeFeed(world, synth, out).lines;
        out.close();
        if (write(fds[1], &n, sizeof n) != sizeof n) _exit(1);
        _exit(0);
      }
      close(fds[1]);
      if (read(fds[0], &lines, sizeof lines) != sizeof lines) lines = -1;
      close(fds[0]);
      waitpid(pid, nullptr, 0);
    }
    std::vector<Measure> runs;
    for (int r = 0; r < 3; ++r) runs.push_back(ReplayInChild(world, feed));
    std::sort(runs.begin(), runs.end(), [](const Measure& a, const Measure& b) { return a.seconds < b.seconds; });
    if (runs.front().seconds < 0) {
      std::fprintf(stderr, "replay of %s failed\n", feed.c_str());
      return 1;
    }
    double peak = 0;
    for (const Measure& m : runs) peak = std::max(peak, m.max_rss_mb);
    std::printf("%-14d %10lld %10.3f %10.3f %14.0f %12.1f\n", trucks, static_cast<long long>(lines), runs[0].seconds,
                runs[1].seconds, runs[0].events / runs[0].seconds, peak);
    std::remove(feed.c_str());
  }
  return 0;
}
