// Camera tours for leadership briefings: the YAML format, its loader and the tour's timeline.
//
// GL-free, so the loader is unit-tested and fuzzed without the viewer. A tour file
// (assets/tours/*.yaml, every key in docs/briefing.md):
//
//   tour:
//     name: phase2_briefing
//     world: ../worlds/huu_nghi/phase2_14lane.yaml   # relative to the tour file
//     compare_world: ../worlds/huu_nghi/phase1_6lane.yaml   # optional: every shot split, this world on the right
//     feed: day.jsonl                # or a list; or `demand: FILE` (+ `seed: N`) to simulate one
//     date: 2026-01-15               # the local day of the shots' clock (default: the feed's first)
//     shots:
//       - name: overview
//         viewpoint: overview        # or eye: [x, y, z] and target: [x, y, z] (local metres)
//         duration_s: 20
//         transition_s: 3            # the flight from the previous shot, within duration_s
//         easing: ease_in_out        # linear, ease_in, ease_out, ease_in_out, cut
//         at: "10:30"                # the twin's local clock when the shot starts (first shot: required)
//         speed: 60                  # twin seconds per second of video (default: the previous shot's)
//         caption: {vi: "...", zh: "...", en: "..."}
//         follow: 29C-123.45         # the camera follows this truck while it is at the gate
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/viewer/easing.h"
#include "world/diagnostics.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// A point in the world's local metres (east, north, up).
struct TourPoint {
  double x = 0, y = 0, z = 0;
};

/// One shot: where the camera looks, for how long, and what the twin shows meanwhile.
struct TourShot {
  std::string name;       // for still file names; "shot_03" when not given
  std::string viewpoint;  // a viewpoint id of the world, or empty when eye and target are given
  std::optional<TourPoint> eye, target;
  double duration_s = 0;
  double transition_s = 0;  // the flight from the previous shot's camera (0 for the first shot)
  Easing easing = Easing::kEaseInOut;
  double start_clock_s = 0;  // the twin's clock at the start: seconds after local midnight of the tour's day
  double speed = 0;          // twin seconds per tour second
  world::Names caption;
  std::string follow_plate;  // empty: no follow
  bool split = true;         // in a tour with a compare world: both side by side; false: this world alone
  world::SourceLoc loc, viewpoint_loc, follow_loc;  // for messages that need the world or the feed
};

/// A whole tour, with its paths resolved against the tour file's folder.
struct Tour {
  std::string file;
  std::string name;
  std::string world_path;
  /// Every shot side by side: `world_path` on the left, this world on the right under the same
  /// trucks (the demand simulated on both, or the feed's trucks simulated on it); empty: none.
  std::string compare_world_path;
  world::SourceLoc compare_world_loc;
  std::vector<std::string> feeds;
  std::string demand_path;  // simulate this demand instead of replaying feeds
  uint64_t seed = 1;
  std::string date;  // "2026-01-15", or empty: the feed's first local day
  std::vector<TourShot> shots;

  double duration_s() const;
};

/// Loads a tour file. On errors returns nullopt with `file:line:col: what` diagnostics.
std::optional<Tour> LoadTour(const std::string& path, world::Diagnostics* diags);
/// The same from text (tests, fuzzing); `file` names it in messages and anchors relative paths.
std::optional<Tour> ParseTour(const std::string& text, const std::string& file, world::Diagnostics* diags);

/// Where a tour is at one moment of its playback.
struct TourMoment {
  int shot = 0;
  double shot_time_s = 0;  // since the shot began
  double flight = 1;       // eased progress of the flight from the previous shot: 1 once arrived
  double clock_s = 0;      // the twin's clock, seconds after local midnight of the tour's day
};

/// The moment `t_s` seconds into the tour (clamped to the tour's span).
TourMoment MomentAt(const Tour& tour, double t_s);

/// Frames of the whole tour at `fps`: round(duration × fps), at least 1. Frame k shows k / fps.
int FrameCount(const Tour& tour, double fps);

/// The index of the last frame of each shot (a still for slides shows the shot settled).
std::vector<int> LastFrameOfEachShot(const Tour& tour, double fps);

}  // namespace gatetwin::viewer
