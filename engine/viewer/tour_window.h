// A side-by-side tour played live in a window: each frame rendered offscreen by a TourPlayer and
// shown, while the presenter's keys steer the tour's clock.
#pragma once

#include <string>

#include "engine/viewer/tour_clock.h"
#include "engine/viewer/tour_player.h"

namespace gatetwin::viewer {

struct TourWindowOptions {
  int width = 1600, height = 900;  // the window, and the frames: make the TourPlayer this size
  bool fullscreen = false;         // the primary monitor at its own size (frames are scaled to it)
  int exit_after_frames = -1;      // demos and tests: stop after this many frames
  std::string screenshot_path;     // with exit_after_frames: the last frame as a PNG
};

/// Opens the window and plays `player`'s tour on `clock` until it ends, the presenter ends it
/// (End, Escape) or closes the window. The frames are drawn at the tour's pace, as fast as they
/// render (a software renderer: about 25 fps at 1600×900, 2 cores). Returns 0, or 1 when no window
/// could be opened or the screenshot not written (said on stderr).
int PlayTourInWindow(TourPlayer& player, TourClock& clock, const TourWindowOptions& options);

}  // namespace gatetwin::viewer
