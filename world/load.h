// Loads a world YAML file (with its phase overlays) and validates it.
#pragma once

#include <string>
#include <vector>

#include "world/world.h"

namespace gatetwin::world {

/// One problem found in a world file, printed as `file:line:col: message`.
struct Diagnostic {
  SourceLoc loc;
  std::string message;

  std::string ToString() const;
};

/// The outcome of loading: a world, or the errors that stopped it.
struct LoadResult {
  std::optional<World> world;      // set when there are no errors
  std::vector<Diagnostic> errors;  // every problem found, in file order

  bool ok() const { return world.has_value(); }
};

/// Reads `path` (a base world or a phase overlay that names its base), applies overlays,
/// derives lane polylines and sensor stations, and validates every reference and the geometry.
/// Never throws for bad input: missing files, YAML syntax errors and bad values become errors.
LoadResult LoadWorld(const std::string& path);

/// The same from text in memory (`display_name` stands for the file in errors; overlays
/// that name a base are resolved relative to `base_dir`).
LoadResult LoadWorldFromString(const std::string& yaml_text, const std::string& display_name,
                               const std::string& base_dir = ".");

}  // namespace gatetwin::world
