// The timeline panel: transport buttons, speed, loop, and a scrubber with sensor-fault markers.
#pragma once

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// The scrubber's drag: the replay seeks once on release, as a backward seek replays from the
/// start and would stall every frame of a drag.
struct ScrubState {
  bool dragging = false;
  double drag_fraction = 0;
};

/// The speed one notch up (`direction` > 0) or down the ladder 0.1× … 1000× from `current`.
double NextSpeed(double current, int direction);

/// Where a time falls on a span, in [0, 1].
double SpanFraction(engine::TimeUs t, engine::TimeUs start, engine::TimeUs end);

/// Draws the timeline panel's contents into the current window.
void DrawTimelinePanel(const PanelContext& ctx, ScrubState* scrub);

}  // namespace gatetwin::viewer
