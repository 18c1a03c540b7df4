// The viewer window: GLFW + one OpenGL context shared by the embedded OSG viewer and the control room.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <osg/BoundingBox>
#include <osg/Group>
#include <osg/ref_ptr>

#include "engine/snapshot.h"
#include "engine/time.h"
#include "engine/viewer/language.h"
#include "replay/session.h"
#include "replay/sim/microsim.h"
#include "world/world.h"

namespace gatetwin::viewer {

class ControlRoom;
class TourDirector;

/// No vehicle (set_highlighted's argument when nothing is selected; vehicle ids start at 0).
inline constexpr uint32_t kNoVehicle = 0xFFFFFFFFu;

/// How the scene (static gate + vehicles) plugs into the viewer. Any function may be empty.
struct SceneHooks {
  osg::ref_ptr<osg::Group> root;                                  // the static scene + vehicles
  osg::BoundingBox bounds;                                        // of the modelled area
  std::function<void(Language)> set_language;                     // scene labels
  std::function<void(uint32_t layer_mask)> set_layers;            // bits: layer::kGround … kOverlays
  std::function<void(int colouring)> set_colouring;               // 0 by stage, 1 by direction
  std::function<void(const engine::SceneSnapshot&)> on_snapshot;  // a new engine state
  std::function<void(double alpha, double wall_time_s)>
      on_frame;                                              // every frame, alpha in [0,1] since the last snapshot
  std::function<void(uint32_t vehicle_id)> set_highlighted;  // kNoVehicle: none
  std::function<void()> draw_panels;  // extra ImGui windows (plugin panels), after the control room
  /// Each lane's control signal now, from whoever knows them (a training session; a recorded
  /// feed does not say which lanes were open); unset: unknown, and none are shown.
  std::function<std::vector<replay::sim::LaneSignal>()> lane_signals;
  std::function<void(const std::vector<replay::sim::LaneSignal>&)> show_lane_signals;  // the scene draws them
};

/// ViewerOptions::msaa_samples: 4 samples, or none when the OpenGL is a software rasteriser.
inline constexpr int kMsaaAuto = -1;

struct ViewerOptions {
  int width = 1600, height = 900;
  bool fullscreen = false;
  Language language = Language::kEn;
  std::string start_viewpoint = "overview";
  double speed = 60;
  std::optional<engine::TimeUs> start_at;
  int exit_after_frames = -1;   // for tests: render this many frames, then exit (and print timings)
  std::string screenshot_path;  // written before exit (with exit_after_frames: of the last frame)
  bool start_playing = true;
  bool present = false;  // start in presentation mode (P toggles it)
  /// Texts beyond the world's that panels will draw (a training scenario's names): their glyphs
  /// go into the font atlas, which holds only the characters it was built with.
  std::vector<std::string> extra_texts;
  /// Multisampling: smooth edges on a GPU; on Mesa's llvmpipe (CI, Xvfb) 4 samples make a
  /// 1280×720 frame 2.5× slower. kMsaaAuto: 4 on a GPU, none on software OpenGL.
  int msaa_samples = kMsaaAuto;
  /// A tour to play (not owned): it drives the clock, the camera and the caption until it ends;
  /// start in presentation mode, not playing, to show it as offscreen renders do.
  TourDirector* tour = nullptr;
  /// Called once before the first frame (after start_at): tests and demos select a vehicle,
  /// open the help, switch a layer, as an operator would.
  std::function<void(ControlRoom&)> configure;
};

/// Opens the window and runs until the operator quits (Esc or closing the window). The player
/// must be Open()ed. Returns the process exit code: 0, or 1 when no window or GL context could be
/// made (no display) or the screenshot could not be written.
int RunViewer(const world::World& world, replay::ReplayPlayer& player, SceneHooks hooks, const ViewerOptions& options);

}  // namespace gatetwin::viewer
