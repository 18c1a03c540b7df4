// Tour rendering speed: frames per second of a briefing tour (3D frame, overlay, read-back) at 720p and 1080p.
//
//   ./build/bench/tour_bench            # 90 frames at each size
//   ./build/bench/tour_bench 300        # more frames
//
// The encoder is not in the figure (ffmpeg runs in its own process, on the other core).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/viewer/tour_player.h"
#include "world/load.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;

// the sample day on the 14-lane world: a flight from the overview to the booth plaza at the
// morning peak, then the yards, captioned (the caption band is part of a briefing frame)
std::string TourText() {
  return "tour:\n  world: " + kSource + "/assets/worlds/huu_nghi/phase2_14lane.yaml\n  feed: " + kSource +
         "/assets/feeds/huu_nghi_2026-01-15.jsonl\n  shots:\n"
         "    - {viewpoint: overview, duration_s: 4, at: \"10:30\", speed: 60,"
         " caption: {en: \"The freight road at markers 1119-1120\"}}\n"
         "    - {viewpoint: booth_plaza, duration_s: 4, transition_s: 2, caption: {en: \"The booth plaza\"}}\n"
         "    - {viewpoint: yards, duration_s: 4, transition_s: 2, caption: {en: \"The yards\"}}\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gatetwin;
  const int frames = argc > 1 ? std::atoi(argv[1]) : 90;
  constexpr double kFps = 30;
  constexpr int kWarmUp = 3;  // the first frames upload the scene and the font atlas
  world::Diagnostics diags;
  const auto tour = viewer::ParseTour(TourText(), kSource + "/bench/tour.yaml", &diags);
  if (!tour) return std::fprintf(stderr, "tour_bench: the tour does not parse\n"), 1;
  auto loaded = world::LoadWorld(tour->world_path);
  if (!loaded.ok()) return std::fprintf(stderr, "tour_bench: the world does not load\n"), 1;
  std::printf("tour_bench: %d frames per size after %d warm-up frames, %s\n", frames, kWarmUp,
              tour->world_path.c_str());
  for (const auto& [w, h] : {std::pair{1280, 720}, std::pair{1920, 1080}}) {
    replay::ReplayOptions options;
    options.feeds = tour->feeds;
    replay::ReplayPlayer player(*loaded.world, options);
    std::vector<std::string> errors;
    if (!player.Open(&errors)) return std::fprintf(stderr, "tour_bench: %s\n", errors[0].c_str()), 1;
    viewer::TourRenderOptions ro;
    ro.width = w;
    ro.height = h;
    ro.fps = kFps;
    std::string error;
    auto tp = viewer::TourPlayer::Create(*tour, *loaded.world, player, ro, &error);
    if (!tp) return std::fprintf(stderr, "tour_bench: %s\n", error.c_str()), 1;
    const int n = std::min(frames + kWarmUp, tp->frame_count());
    for (int k = 0; k < kWarmUp; ++k) tp->Render(k);
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = kWarmUp; k < n; ++k) tp->Render(k);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("  %dx%d: %d frames in %.2f s = %.2f frames/s (%.0f ms a frame) on %s\n", w, h, n - kWarmUp, s,
                (n - kWarmUp) / s, 1000 * s / (n - kWarmUp), tp->renderer_name().c_str());
  }
  return 0;
}
