// `gatetwin render --compare-world`: two layouts side by side in one still, at the same clock, each with its KPIs.
#pragma once

#include <string>

#include "engine/cli/split_feeds.h"
#include "engine/viewer/language.h"
#include "world/world.h"

namespace gatetwin::cli {

/// A split still, its common options already checked by `gatetwin render`.
struct RenderSplitArgs {
  std::string compare_world;  // the right half's world file (the left is --world)
  SplitSourceArgs sources;
  std::string at;
  std::string camera;
  std::string out;
  int width = 1920, height = 1080;
  viewer::Language language = viewer::Language::kEn;
  bool colour_by_direction = false;
  bool overlay = true;
};

/// Renders `left` beside the compare world; returns the exit code (0, or 2 for bad input and
/// failed output).
int RunRenderSplit(const RenderSplitArgs& args, const world::World& left);

}  // namespace gatetwin::cli
