// The event log panel: the replay's latest applied events, filterable, and doubtful input by reason.
#pragma once

#include <cstdint>

#include <imgui.h>

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// The operator's filter: a sensor text filter ("anpr", "-loop", "anpr,rfid") and kinds shown.
struct EventLogFilter {
  ImGuiTextFilter sensor;
  uint32_t kinds = (1u << replay::kEventKindCount) - 1;  // bit i: EventKind(i) shown
};

/// True when `event` passes `filter` (sensor id text and kind).
bool EventPasses(const EventLogFilter& filter, const world::World& world, const replay::LoggedEvent& event);

void DrawEventLogPanel(const PanelContext& ctx, EventLogFilter* filter);

}  // namespace gatetwin::viewer
