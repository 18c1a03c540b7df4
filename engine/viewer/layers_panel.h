// The layers panel: scene layer toggles, colouring with its legend, and the viewpoints.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// What the operator changed this frame.
struct LayersChange {
  std::optional<uint32_t> layer_mask;
  std::optional<int> colouring;
  std::optional<int> viewpoint;
};

LayersChange DrawLayersPanel(const PanelContext& ctx, uint32_t layer_mask, int colouring);

}  // namespace gatetwin::viewer
