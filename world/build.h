// Turns a layered world document into a World: reads elements, resolves ids, derives geometry (private).
#pragma once

#include <vector>

#include "world/diagnostics.h"
#include "world/overlay.h"
#include "world/world.h"
#include "world/yaml_reader.h"

namespace gatetwin::world {

/// A built world plus what the geometry checks need to know about how it was built.
struct BuiltWorld {
  World world;
  std::vector<bool> lane_derived;  // per lane: polyline derived from its road (not given)
};

/// Reads every section of `doc`, resolving references and deriving lane polylines, booth,
/// barrier and sensor stations and positions. Problems are reported to `diags`; elements
/// that cannot be read are left out, so the result is only meaningful when none were reported.
BuiltWorld BuildWorld(const LayeredDoc& doc, Diagnostics* diags);

/// Checks that span elements: degenerate roads and lanes, lanes of one road overlapping
/// laterally, connections whose ends are apart.
void ValidateGeometry(const BuiltWorld& built, Diagnostics* diags);

/// Reads a service-time mapping `{dist, mean_s, sd_s, min_s, max_s}` (a booth's `service`,
/// a demand file's per-booth override); `what` names it in messages.
std::optional<ServiceTime> ReadServiceTime(const Src& src, const std::string& what, Diagnostics* diags);

}  // namespace gatetwin::world
