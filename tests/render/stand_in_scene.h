// A stand-in for the real scene (StaticScene + VehicleLayer) for the viewer's tests and dev program.
#pragma once

#include "engine/viewer/viewer_app.h"
#include "world/world.h"

namespace gatetwin::testing_util {

/// A ground plane under the lanes, the lanes as lines, buildings as boxes, and one box per
/// vehicle of each snapshot, wired to the viewer's hooks (layers, colouring, highlight).
viewer::SceneHooks MakeStandInScene(const world::World& world);

}  // namespace gatetwin::testing_util
