// Presentation mode: no control-room chrome, large KPI tiles and a caption band, for the big screen.
#pragma once

#include <string>

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// Draws the presentation over the whole main viewport, behind any window (the help overlay
/// stays readable): the gate and the local clock, four KPI tiles (vehicles present, queue,
/// throughput and mean time in system over the last hour) and, when `caption` is not empty,
/// the caption band along the bottom. Call between ImGui::NewFrame and Render.
void DrawPresentation(const PanelContext& ctx, const std::string& caption);

/// The same within the rectangle at `origin` of `size` (screen pixels): one half of a split
/// view, each half with its own world's title, tiles and caption.
void DrawPresentationIn(const PanelContext& ctx, const std::string& caption, ImVec2 origin, ImVec2 size);

/// The caption band's height in pixels with these fonts at `scale` (tests look for the band there).
float CaptionBandHeight(const UiFonts& fonts, float scale);

}  // namespace gatetwin::viewer
