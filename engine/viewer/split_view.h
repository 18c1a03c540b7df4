// Side by side: two worlds (layouts or scenarios) drawn in one offscreen frame at the same clock, each half with its
// KPIs.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/viewer/camera_rig.h"
#include "engine/viewer/image.h"
#include "engine/viewer/language.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// One half of a split frame: a world and the replay that drives it (Open()ed, not owned).
struct SplitHalf {
  const world::World& world;
  replay::ReplayPlayer& player;
};

struct SplitRenderOptions {
  int width = 1920, height = 1080;  // the whole frame; each half is width / 2 wide
  Language language = Language::kEn;
  bool overlay = true;                        // per half: the phase band, the clock and the four KPI tiles
  bool colour_by_direction = false;           // trucks by direction rather than by stage
  std::vector<std::string_view> extra_texts;  // captions to draw, beside both worlds' names (the font atlas)
};

/// Renders two worlds side by side: one osg::Camera per half under one root on one offscreen
/// context, then one ImGui pass drawing each half's phase band and presentation tiles.
class SplitView {
 public:
  /// Makes the context, both scenes and the overlay. nullptr with `error` when there is no
  /// OpenGL (see OffscreenRenderer) or the UI cannot start.
  static std::unique_ptr<SplitView> Create(SplitHalf left, SplitHalf right, const SplitRenderOptions& options,
                                           std::string* error);
  ~SplitView();
  SplitView(const SplitView&) = delete;
  SplitView& operator=(const SplitView&) = delete;

  /// Moves both replays to `t_us` and draws the frame, the left half from `left_pose`, the right
  /// from `right_pose`; `caption` (may be empty) runs along the bottom of each half.
  Image Render(engine::TimeUs t_us, const CameraPose& left_pose, const CameraPose& right_pose,
               const std::string& caption = {});
  /// One half's world alone over the whole frame (a tour's `split: false` shot), with its phase
  /// band and tiles across the width; the next Render splits the frame again.
  Image RenderOne(int half, engine::TimeUs t_us, const CameraPose& pose, const std::string& caption = {});
  /// The same from the viewpoint `viewpoint_id` of each world; false when either lacks it.
  bool RenderAtViewpoint(engine::TimeUs t_us, std::string_view viewpoint_id, Image* out);
  /// Vehicles drawn in the last frame, per half (0 left, 1 right).
  size_t vehicles_drawn(int half) const;
  std::string renderer_name() const;

 private:
  SplitView();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::viewer
