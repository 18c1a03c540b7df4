// What every control-room panel draws from, and the small widgets and formats they share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <imgui.h>

#include "engine/time.h"
#include "engine/viewer/fonts.h"
#include "engine/viewer/ui_text.h"
#include "replay/session.h"
#include "replay/sim/microsim.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// The inputs of one frame's panels.
struct PanelContext {
  const world::World& world;
  replay::ReplayPlayer& player;
  Language language;
  const UiFonts& fonts;
  float scale;  // the monitor's content scale: multiply every hand-picked pixel size by it
  /// Each lane's control signal when someone knows them (a training session), else null.
  const std::vector<replay::sim::LaneSignal>* lane_signals = nullptr;

  const char* T(TextId id) const { return Tr(id, language); }
  float Px(float px) const { return px * scale; }
  int utc_offset_min() const { return world.params.utc_offset_min; }
};

/// "08:42:17" in the gate's local time.
std::string FormatClock(engine::TimeUs t, int utc_offset_min);
/// "2026-01-15" in the gate's local time.
std::string FormatDate(engine::TimeUs t, int utc_offset_min);
/// "UTC+07:00".
std::string FormatUtcOffset(int utc_offset_min);
/// "1 h 05 min", "12 min", "45 s".
std::string FormatDuration(engine::TimeUs dt, Language language);

/// A small caps-like section heading: dim text, a thin rule under it.
void SectionHeading(const char* text);
/// A filled rounded square of `colour` on the text line, then the label.
void ColourSwatch(ImU32 colour, const char* label);
/// A pill with `text` on a tinted background (status chips).
void Chip(const char* text, ImU32 colour);
/// A tooltip with `text` when the last item is hovered.
void HoverTip(const char* text);

}  // namespace gatetwin::viewer
