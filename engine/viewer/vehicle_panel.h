// The selected-vehicle panel: plate, class, stage, stage times, lane and route; follow button.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// What the operator asked for in the panel this frame.
struct VehiclePanelAction {
  bool toggle_follow = false;
  bool deselect = false;
};

VehiclePanelAction DrawVehiclePanel(const PanelContext& ctx, std::optional<uint32_t> selected, bool following);

}  // namespace gatetwin::viewer
