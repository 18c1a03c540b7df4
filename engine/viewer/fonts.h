// The control room's fonts: one atlas with Latin, Vietnamese and only the Chinese characters used.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "engine/viewer/language.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// Glyph ranges (ImGui's zero-terminated pairs) covering Basic Latin, Latin-1, Latin Extended
/// (U+0100–U+01FF, Vietnamese ơ ư đ), Latin Extended Additional (U+1EA0–U+1EF9, Vietnamese tones),
/// general punctuation, arrows and shapes, plus every character of the UI table and `extra`
/// texts. The full Chinese set (~20k glyphs) would take seconds to rasterise at start; the few
/// hundred actually shown build in milliseconds.
std::vector<ImWchar> BuildGlyphRanges(const std::vector<std::string_view>& extra);

/// True when every code point of UTF-8 `text` lies in `ranges` (for tests and a startup check).
bool RangesCover(const std::vector<ImWchar>& ranges, std::string_view text);

/// The names in a world that the UI or scene labels may show (the phase, viewpoints, roads,
/// booths, zones, buildings, and the ids of lanes and sensors), in every language.
std::vector<std::string_view> WorldTexts(const world::World& world);

/// The fonts the control room draws with.
struct UiFonts {
  ImFont* regular = nullptr;  // panels
  ImFont* large = nullptr;    // the clock and the title
  ImFont* small = nullptr;    // axis labels, table details
  bool fallback = false;      // no system font found: ImGui's built-in one (no Vietnamese tones, no Chinese)
};

/// Loads the fonts into the current ImGui context's atlas at `size_px` × `scale`. The atlas's
/// ranges must outlive it, so they are kept in `ranges_storage`.
UiFonts LoadFonts(const FontFiles& files, float size_px, float scale, const std::vector<std::string_view>& extra,
                  std::vector<ImWchar>* ranges_storage);

/// LoadFonts again, for an atlas the OpenGL3 backend already draws with: text that appears at
/// run time (a note typed in Chinese) may hold characters the first atlas left out, which ImGui
/// draws as `?`. Rebuilds the atlas to cover `extra` too and remakes the backend's texture.
/// Call between frames with the GL context current; the old UiFonts pointers die with it.
UiFonts ReloadFonts(const FontFiles& files, float size_px, float scale, const std::vector<std::string_view>& extra,
                    std::vector<ImWchar>* ranges_storage);

/// The text of the input field being edited in the current ImGui context, as UTF-8 (empty when
/// none is): what the user is typing, so the fonts can grow to show it.
std::string ActiveInputText();

}  // namespace gatetwin::viewer
