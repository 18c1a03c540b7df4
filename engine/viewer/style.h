// The control room's look: a dark theme with one accent colour, and the palette panels share.
#pragma once

#include <imgui.h>

#include "engine/snapshot.h"

namespace gatetwin::viewer {

/// Colours the panels use beyond the theme's, so every panel speaks the same visual language.
namespace palette {
inline constexpr ImU32 kAccent = IM_COL32(38, 166, 222, 255);  // cyan-blue: active, selected, progress
inline constexpr ImU32 kAccentDim = IM_COL32(38, 166, 222, 90);
inline constexpr ImU32 kText = IM_COL32(226, 232, 240, 255);
inline constexpr ImU32 kTextDim = IM_COL32(140, 152, 170, 255);
inline constexpr ImU32 kPanel = IM_COL32(17, 22, 30, 235);
inline constexpr ImU32 kTrack = IM_COL32(36, 44, 58, 255);
inline constexpr ImU32 kGrid = IM_COL32(60, 70, 88, 255);
inline constexpr ImU32 kFault = IM_COL32(232, 72, 72, 255);     // sensor fault markers
inline constexpr ImU32 kOffline = IM_COL32(240, 160, 40, 255);  // sensor offline markers
inline constexpr ImU32 kGood = IM_COL32(72, 200, 140, 255);
}  // namespace palette

/// The panel background as RGBA 0..255 (tests look for it in screenshots).
inline constexpr engine::Rgba8 kPanelBackground{17, 22, 30, 235};

/// The 3D view's clear colour, where the scene draws nothing (tests tell it from the panels).
inline constexpr engine::Rgba8 kSkyColour{30, 38, 50, 255};

/// An engine colour as an ImGui one.
inline ImU32 ToImU32(engine::Rgba8 c) { return IM_COL32(c.r, c.g, c.b, c.a); }

/// Applies the dark control-room theme to the current context's style, scaled by `scale`
/// (the monitor's content scale).
void ApplyControlRoomStyle(float scale);

}  // namespace gatetwin::viewer
