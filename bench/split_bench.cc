// Split-view rendering speed: frames per second of two layouts side by side (both 3D halves, both overlays, read-back).
//
//   ./build/bench/split_bench            # 60 frames at 1280x720, then at 1920x1080
//   ./build/bench/split_bench 200        # more frames
//
// Phase 1 (6 lanes) on the left, phase 2 (14 lanes) on the right, both replaying the sample day
// from 10:30 with the clock moving 2 s a frame (60x at 30 frames/s), as a briefing tour would.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/time.h"
#include "engine/viewer/split_view.h"
#include "engine/viewer/twin_scene.h"
#include "world/load.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kFeed = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";
constexpr gatetwin::engine::TimeUs kStepUs = 2 * gatetwin::engine::kUsPerSecond;

}  // namespace

int main(int argc, char** argv) {
  using namespace gatetwin;
  const int frames = argc > 1 ? std::atoi(argv[1]) : 60;
  constexpr int kWarmUp = 3;  // the first frames upload both scenes and the font atlas
  auto left = world::LoadWorld(kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
  auto right = world::LoadWorld(kSource + "/assets/worlds/huu_nghi/phase2_14lane.yaml");
  if (!left.ok() || !right.ok()) return std::fprintf(stderr, "split_bench: a world does not load\n"), 1;
  const auto start = engine::ParseRfc3339("2026-01-15T10:30:00+07:00");
  std::printf("split_bench: %d frames per size after %d warm-up frames, phase1_6lane | phase2_14lane, %s\n", frames,
              kWarmUp, kFeed.c_str());
  for (const auto& [w, h] : {std::pair{1280, 720}, std::pair{1920, 1080}}) {
    replay::ReplayOptions options;
    options.feeds = {kFeed};
    replay::ReplayPlayer left_player(*left.world, options), right_player(*right.world, options);
    std::vector<std::string> errors;
    if (!left_player.Open(&errors) || !right_player.Open(&errors)) {
      return std::fprintf(stderr, "split_bench: %s\n", errors[0].c_str()), 1;
    }
    viewer::SplitRenderOptions ro;
    ro.width = w;
    ro.height = h;
    std::string error;
    auto view = viewer::SplitView::Create({*left.world, left_player}, {*right.world, right_player}, ro, &error);
    if (!view) return std::fprintf(stderr, "split_bench: %s\n", error.c_str()), 1;
    viewer::Image image;
    engine::TimeUs t_us = start->utc_us;
    for (int k = 0; k < kWarmUp; ++k, t_us += kStepUs) view->RenderAtViewpoint(t_us, "overview", &image);
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < frames; ++k, t_us += kStepUs) view->RenderAtViewpoint(t_us, "overview", &image);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("  %dx%d: %d frames in %.2f s = %.2f frames/s (%.0f ms a frame; %zu | %zu vehicles) on %s\n", w, h,
                frames, s, frames / s, 1000 * s / frames, view->vehicles_drawn(0), view->vehicles_drawn(1),
                view->renderer_name().c_str());
  }
  return 0;
}
