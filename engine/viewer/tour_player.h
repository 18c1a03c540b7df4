// Plays a camera tour offscreen, frame by frame: the camera, the twin's clock, the presentation overlay.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/viewer/image.h"
#include "engine/viewer/language.h"
#include "engine/viewer/split_view.h"
#include "engine/viewer/tour.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// Checks a tour against its world: every viewpoint it names must exist. Appends
/// `file:line:col: ...` messages to `errors`; false when there was any. `world_file` names the
/// world in them (default: the tour's own world; give the compare world's path for that one).
bool CheckTourAgainstWorld(const Tour& tour, const world::World& world, std::vector<std::string>* errors,
                           const std::string& world_file = {});

/// The start of the tour's day (local midnight) in UTC microseconds: the tour's `date`, else
/// the local day on which `feed_start_us` falls.
engine::TimeUs TourDayStartUs(const Tour& tour, const world::World& world, engine::TimeUs feed_start_us);

struct TourRenderOptions {
  int width = 1920, height = 1080;
  double fps = 30;
  Language language = Language::kEn;
  bool presentation = true;          // the KPI tiles and caption band; false: the 3D view alone
  bool colour_by_direction = false;  // trucks by direction rather than by stage
};

/// Renders the frames of one tour, in order, with the player at the clock each frame shows.
class TourPlayer {
 public:
  /// Makes the offscreen context, the scene and the overlay. nullptr with `error` when there is
  /// no OpenGL (see OffscreenRenderer) or the UI cannot start. The tour must have passed
  /// CheckTourAgainstWorld; the player must be Open()ed. With `compare` (a tour's compare world
  /// and its replay, checked and opened likewise) every frame is split: `world` on the left, the
  /// compare world on the right, each framed from its own viewpoints.
  static std::unique_ptr<TourPlayer> Create(const Tour& tour, const world::World& world, replay::ReplayPlayer& player,
                                            const TourRenderOptions& options, std::string* error,
                                            const SplitHalf* compare = nullptr);
  ~TourPlayer();
  TourPlayer(const TourPlayer&) = delete;
  TourPlayer& operator=(const TourPlayer&) = delete;

  int frame_count() const;
  /// The shot frame `k` belongs to.
  int ShotOf(int k) const;
  /// Renders frame `k` (0 … frame_count()-1) and reads it back. Frames are meant to come in
  /// order: the follow camera smooths over them and flights start from the previous frame.
  Image Render(int k);
  /// Renders the tour's moment `t_s` (seconds from its start), `dt_s` after the frame before
  /// (for the follow camera's smoothing): a tour played live, its clock the presenter's.
  Image RenderAt(double t_s, double dt_s);
  /// What went wrong without stopping the tour: each shot rendered so far whose followed plate
  /// was never at the gate during it, as `file:line:col: ...`.
  std::vector<std::string> warnings() const;
  std::string renderer_name() const;

 private:
  TourPlayer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::viewer
