// Reading YAML with locations: files, syntax errors, typed keys of one element (private).
//
// The only header of the module that shows yaml-cpp types; it is not installed and no public
// header includes it (yaml-cpp is linked PRIVATE).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "world/diagnostics.h"
#include "world/geo_frame.h"
#include "world/world.h"

namespace gatetwin::world {

/// A YAML node and the file it was read from.
struct Src {
  YAML::Node node;
  std::string file;

  /// Where the node was written (line 0 when yaml-cpp has no mark for it).
  SourceLoc Loc() const;
};

/// Reads a regular file of at most 64 MiB into `text`; false with `reason` otherwise.
bool ReadTextFile(const std::string& path, std::string* text, std::string* reason);

/// Parses one YAML document; a syntax error becomes a diagnostic and nullopt.
std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& file, Diagnostics* diags);

/// What a node holds, for "expected ..., got <this>" messages.
std::string Describe(const YAML::Node& node);

/// One key of a mapping: where the key was written and its value.
struct Field {
  std::string key;
  SourceLoc key_loc;
  Src value;
};

/// The keys of one mapping (for a merged section, gathered from several files).
struct Fields {
  SourceLoc loc;
  std::vector<Field> items;

  const Field* Find(std::string_view key) const;
  /// Adds `field`, or replaces the field with the same key (overlay merge).
  void Set(Field field);
};

/// Splits a YAML mapping into Fields, reporting keys that are not plain names or repeat.
/// Returns nullopt (and reports nothing) when the node is not a mapping.
std::optional<Fields> SplitMapping(const Src& src, std::string_view what, Diagnostics* diags);

/// A name written in a list, with where it was written (for "lane 'x' is not declared").
struct NameAt {
  std::string name;
  SourceLoc loc;
};

/// Whether a key must be present.
enum class Need { kOptional, kRequired };

/// Reads the keys of one element (a lane, a booth, the `parameters` section, ...) with
/// checked types; every problem is reported with the element's name and the key's location.
class ElementReader {
 public:
  /// From gathered fields; `kind` names the element in messages ("lane").
  ElementReader(Fields fields, std::string kind, Diagnostics* diags);
  /// From a node, reporting "<kind>: expected a mapping" when it is not one.
  ElementReader(const Src& src, std::string kind, Diagnostics* diags);

  /// The node was a mapping.
  bool IsMapping() const { return ok_; }
  /// "lane 'in1'" once the id is known, else "lane".
  const std::string& What() const { return what_; }
  const SourceLoc& Loc() const { return fields_.loc; }
  const Field* Find(std::string_view key) const { return fields_.Find(key); }
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  /// Where the value of `key` was written, or the element's location when it is absent.
  SourceLoc KeyLoc(std::string_view key) const;

  /// Reads the required `id` and names the element by it in later messages.
  std::optional<std::string> Id();
  /// Names the element in later messages ("connection in1 -> out1").
  void SetWhat(std::string what) { what_ = std::move(what); }
  /// Reports every key not in `allowed`.
  void CheckKeys(const std::vector<std::string_view>& allowed);

  std::optional<std::string> String(std::string_view key, Need need);
  std::optional<double> Number(std::string_view key, Need need);
  std::optional<int> Int(std::string_view key, Need need);
  std::optional<std::vector<NameAt>> StringList(std::string_view key, Need need);
  /// A value from `choices`, as its index.
  std::optional<int> Choice(std::string_view key, Need need, const std::vector<std::string_view>& choices);
  /// A point `[x, y]`, `[x, y, z]` or `{lat, lon[, alt_m]}`.
  std::optional<Vec3> Point(std::string_view key, Need need, const GeoFrame& frame);
  /// A list of points with at least `min_count` of them.
  std::optional<std::vector<Vec3>> Points(std::string_view key, Need need, const GeoFrame& frame, size_t min_count);
  /// `{vi, zh, en}`, each optional.
  Names ReadNames(std::string_view key);

  /// Reports `message` prefixed by the element's name.
  void Error(const SourceLoc& loc, const std::string& message);

 private:
  // the field for `key`, or nullptr (reporting it when required)
  const Field* Get(std::string_view key, Need need);
  void TypeError(const Field& field, std::string_view expected);

  Fields fields_;
  std::string kind_, what_;
  Diagnostics* diags_;
  bool ok_ = true;
};

/// Reads one point node (see ElementReader::Point); reports under `what`/`key`.
std::optional<Vec3> ReadPoint(const Src& src, const std::string& what, std::string_view key, const GeoFrame& frame,
                              Diagnostics* diags);

/// Parses a finite decimal number ("12", "-3.5", "1e3"); nullopt otherwise.
std::optional<double> ParseNumber(std::string_view text);

/// Parses `text` as one YAML document and returns `read(root)`. A syntax error, and any
/// exception from `read` (a bug of ours must not take the caller down with a bad file), become
/// diagnostics and nullopt. The shared front end of every file format's reader.
template <typename T, typename Read>
std::optional<T> ReadYamlText(const std::string& text, const std::string& file, Diagnostics* diags, Read&& read) {
  try {
    auto root = ParseYaml(text, file, diags);
    if (!root) return std::nullopt;
    return read(*root);
  } catch (const std::exception& e) {
    diags->Error(SourceLoc{file, 0, 0}, std::string("internal error while reading: ") + e.what());
    return std::nullopt;
  }
}

/// Reads the file at `path`, then ReadYamlText; an unreadable file is reported as "cannot open
/// [the <what>]: why".
template <typename T, typename Read>
std::optional<T> ReadYamlFile(const std::string& path, std::string_view what, Diagnostics* diags, Read&& read) {
  std::string text, reason;
  if (!ReadTextFile(path, &text, &reason)) {
    diags->Error(SourceLoc{path, 0, 0},
                 "cannot open" + (what.empty() ? std::string() : " the " + std::string(what)) + ": " + reason);
    return std::nullopt;
  }
  return ReadYamlText<T>(text, path, diags, read);
}

}  // namespace gatetwin::world
