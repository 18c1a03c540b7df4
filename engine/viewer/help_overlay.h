// The help overlay: mouse and keyboard controls, centred over the view (F1, H or ?).
#pragma once

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// Draws the overlay; returns false when the operator closed it.
bool DrawHelpOverlay(const PanelContext& ctx);

}  // namespace gatetwin::viewer
