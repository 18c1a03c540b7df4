// The control room: the Dear ImGui panels over the 3D view, drawn from a ReplayPlayer and a World.
//
// GLFW-free: Draw() works inside any ImGui frame (a window's, or an offscreen one), and the
// keyboard arrives as Commands, so the same panels render in tests and `gatetwin render`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/viewer/event_log_panel.h"
#include "engine/viewer/fonts.h"
#include "engine/viewer/kpi_panel.h"
#include "engine/viewer/language.h"
#include "engine/viewer/timeline_panel.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// Bits of the layer mask the scene hooks receive.
namespace layer {
inline constexpr uint32_t kGround = 1u << 0;
inline constexpr uint32_t kLanes = 1u << 1;
inline constexpr uint32_t kBuildings = 1u << 2;
inline constexpr uint32_t kSensors = 1u << 3;
inline constexpr uint32_t kLabels = 1u << 4;
inline constexpr uint32_t kVehicles = 1u << 5;
inline constexpr uint32_t kOverlays = 1u << 6;
inline constexpr uint32_t kAll = (1u << 7) - 1;
inline constexpr int kCount = 7;
}  // namespace layer

/// What the keyboard (or anything else) can ask of the control room.
enum class Command {
  kPlayPause,
  kStepBack,
  kStepForward,
  kFaster,
  kSlower,
  kViewpoint,  // argument: viewpoint index
  kFollow,     // follow the selected vehicle, or stop following
  kNextLanguage,
  kToggleHelp,
  kTogglePresentation,  // presentation mode: no panels, large KPI tiles, the caption band
  kQuit,                // closes the help first when it is open
};

/// What the control room asks of the 3D view and the application; any may be empty.
struct ControlRoomActions {
  std::function<void(Language)> set_language;
  std::function<void(uint32_t layer_mask)> set_layers;
  std::function<void(int colouring)> set_colouring;  // 0 by stage, 1 by direction
  std::function<void(int viewpoint)> go_to_viewpoint;
  std::function<void(std::optional<uint32_t> vehicle)> follow;  // nullopt: stop
  std::function<void(std::optional<uint32_t> vehicle)> select;  // highlight; nullopt: none
  std::function<void()> quit;
};

/// Timing of the frame, shown in the title bar.
struct FrameStats {
  double frame_ms = 0;  // the whole previous frame (scene + UI + swap)
  double ui_ms = 0;     // the control room's drawing in the previous frame
};

class ControlRoom {
 public:
  ControlRoom(const world::World& world, replay::ReplayPlayer& player, ControlRoomActions actions, Language language);

  /// The fonts to draw with (from LoadFonts) and the content scale.
  void SetFonts(const UiFonts& fonts, float scale);

  /// Draws every panel over the whole main viewport. Call between ImGui::NewFrame and Render.
  void Draw(const FrameStats& stats = {});

  /// Applies a command (keyboard shortcuts arrive here).
  void Handle(Command command, int argument = 0);

  /// A vehicle picked in the 3D view (nullopt: clicked on nothing).
  void Select(std::optional<uint32_t> vehicle);
  std::optional<uint32_t> selected() const { return selected_; }
  bool following() const { return following_; }
  /// The follow ended elsewhere (the user dragged the camera, the vehicle left).
  void FollowEnded();

  Language language() const { return language_; }
  void SetLanguage(Language language);
  uint32_t layer_mask() const { return layer_mask_; }
  int colouring() const { return colouring_; }
  bool help_visible() const { return show_help_; }
  /// Presentation mode (see presentation.h) instead of the panels.
  void SetPresenting(bool on) { presenting_ = on; }
  bool presenting() const { return presenting_; }
  /// The caption band's text in presentation mode (empty: no band).
  void SetCaption(std::string caption) { caption_ = std::move(caption); }
  /// Each lane's signal (world.lanes order), shown on the queue bars; empty: not known.
  void SetLaneSignals(std::vector<replay::sim::LaneSignal> signals) { lane_signals_ = std::move(signals); }

 private:
  void DrawTitleBar(const FrameStats& stats);
  void SetLayers(uint32_t mask);
  void SetColouring(int colouring);
  void SetSpeedStep(int direction);

  const world::World& world_;
  replay::ReplayPlayer& player_;
  ControlRoomActions actions_;
  Language language_;
  UiFonts fonts_;
  float scale_ = 1;
  uint32_t layer_mask_ = layer::kAll;
  int colouring_ = 0;
  std::optional<uint32_t> selected_;
  bool following_ = false;
  bool show_help_ = false;
  bool presenting_ = false;
  std::string caption_;
  std::vector<replay::sim::LaneSignal> lane_signals_;
  KpiHistory kpi_history_;
  EventLogFilter event_log_filter_;
  ScrubState scrub_;
};

}  // namespace gatetwin::viewer
