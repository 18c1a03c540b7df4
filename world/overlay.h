// Layout phases: a world file may name a `base:` file and add, replace or remove elements (private).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "world/diagnostics.h"
#include "world/yaml_reader.h"

namespace gatetwin::world {

/// Sections merged key by key (a later file's key replaces the base's).
inline const std::vector<std::string_view> kMapSections = {"world", "anchor", "parameters", "border"};
/// Sections that are lists of elements, merged by id.
inline const std::vector<std::string_view> kListSections = {
    "roads", "lanes", "connections", "zones", "booths", "barriers", "buildings", "sensors", "viewpoints"};

/// The singular name of a list section's element, for messages: "lanes" → "lane".
std::string_view ElementKind(std::string_view section);

/// A world document with its chain of bases applied. Every element and key keeps the file
/// it was written in, so later errors point at the right file and line.
struct LayeredDoc {
  std::vector<std::string> files;                              // the deepest base first, the named file last
  SourceLoc top;                                               // start of the named file
  std::map<std::string, Fields, std::less<>> maps;             // present map sections
  std::map<std::string, std::vector<Src>, std::less<>> lists;  // list sections (maybe empty)
};

/// Parses `text` (shown as `file` in errors), loads the `base:` chain it names (relative to
/// `dir`) and merges it. `chain` holds the canonical paths already being loaded (cycle check).
/// Returns nullopt when the text or one of its bases cannot be read or parsed.
std::optional<LayeredDoc> LoadLayers(const std::string& text, const std::string& file, const std::string& dir,
                                     std::vector<std::string>* chain, Diagnostics* diags);

}  // namespace gatetwin::world
