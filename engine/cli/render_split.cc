// The split still: load the compare world, prepare both halves' trucks, render once, write the PNG.
#include "engine/cli/render_split.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "engine/cli/cli_common.h"
#include "engine/viewer/split_view.h"
#include "engine/viewer/twin_scene.h"

namespace gatetwin::cli {
namespace {

constexpr const char* kWho = "gatetwin render";

// a replay of `options` on `world`, opened; nullptr with the reasons printed
std::unique_ptr<replay::ReplayPlayer> OpenPlayer(const world::World& world, const replay::ReplayOptions& options) {
  auto player = std::make_unique<replay::ReplayPlayer>(world, options);
  std::vector<std::string> errors;
  if (player->Open(&errors)) return player;
  for (const std::string& e : errors) std::cerr << kWho << ": " << e << "\n";
  return nullptr;
}

}  // namespace

int RunRenderSplit(const RenderSplitArgs& a, const world::World& left) {
  const auto start = std::chrono::steady_clock::now();
  auto right = LoadWorldOrPrint(a.compare_world);
  if (!right) {
    std::cerr << kWho << ": --compare-world " << a.compare_world << " could not be loaded (see above)\n";
    return kExitUsage;
  }
  if (!viewer::FindViewpoint(*right, a.camera)) {
    std::cerr << kWho << ": --camera `" << a.camera << "` is not a viewpoint of " << a.compare_world
              << " (--compare-world); it has: " << viewer::ViewpointIds(*right) << "\n";
    return kExitUsage;
  }
  if (a.at.empty()) {
    std::cerr << kWho << ": give --at TIME (RFC 3339 with offset): both halves are drawn at that moment\n";
    return kExitUsage;
  }
  const auto at_us = ParseTimeArg(a.at);
  if (!at_us) {
    std::cerr << kWho << ": --at `" << a.at
              << "` is not an RFC 3339 time with an offset, e.g. 2026-01-15T10:30:00+07:00\n";
    return kExitUsage;
  }
  const auto feeds =
      PrepareSplitFeeds(a.sources, left, *right, engine::LocalDayStartUs(*at_us, left.params.utc_offset_min), kWho);
  if (!feeds) return kExitUsage;
  auto left_player = OpenPlayer(left, (*feeds)[0]);
  auto right_player = OpenPlayer(*right, (*feeds)[1]);
  if (!left_player || !right_player) return kExitUsage;

  viewer::SplitRenderOptions options;
  options.width = a.width;
  options.height = a.height;
  options.language = a.language;
  options.overlay = a.overlay;
  options.colour_by_direction = a.colour_by_direction;
  std::string error;
  auto view = viewer::SplitView::Create({left, *left_player}, {*right, *right_player}, options, &error);
  if (!view) {
    std::cerr << kWho << ": " << error << "\n";
    return kExitUsage;
  }
  viewer::Image image;
  view->RenderAtViewpoint(*at_us, a.camera, &image);  // both worlds have the viewpoint: checked above
  if (!viewer::WritePng(image, a.out, &error)) {
    std::cerr << kWho << ": " << error << "\n";
    return kExitUsage;
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "wrote " << a.out << " (" << a.width << "x" << a.height << ", camera " << a.camera << ", "
            << engine::FormatRfc3339(*at_us, left.params.utc_offset_min) << "; left " << left.phase << ", "
            << view->vehicles_drawn(0) << " vehicles; right " << right->phase << ", " << view->vehicles_drawn(1)
            << " vehicles";
  std::printf(") in %.0f ms on %s\n", ms, view->renderer_name().c_str());
  return kExitOk;
}

}  // namespace gatetwin::cli
