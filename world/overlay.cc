// Layout-phase overlays: loads a file's chain of bases and merges sections by key and by id.
#include "world/overlay.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace gatetwin::world {
namespace {

// overlays of overlays are normal (phase 2 on phase 1); this only stops runaway chains
constexpr size_t kMaxChainFiles = 16;

bool Contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string_view> TopLevelKeys() {
  std::vector<std::string_view> keys = {"base"};
  keys.insert(keys.end(), kMapSections.begin(), kMapSections.end());
  keys.insert(keys.end(), kListSections.begin(), kListSections.end());
  keys.push_back("remove");
  return keys;
}

// the scalar value of `key` in mapping `node`, if any (without yaml-cpp's inserting operator[])
std::optional<std::string> ScalarOf(const YAML::Node& node, std::string_view key) {
  if (!node.IsMap()) return std::nullopt;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      if (it->second.IsScalar()) return it->second.Scalar();
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// what identifies an element across files: its id, or for a connection its two lanes
std::optional<std::string> MergeKey(std::string_view section, const YAML::Node& element) {
  if (section == "connections") {
    auto from = ScalarOf(element, "from");
    auto to = ScalarOf(element, "to");
    if (!from || !to) return std::nullopt;
    return *from + " -> " + *to;
  }
  return ScalarOf(element, "id");
}

std::string Canonical(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

// applies `remove: {section: [ids]}` of one overlay to the merged base
void ApplyRemove(const Src& remove, LayeredDoc* doc, Diagnostics* diags) {
  auto fields = SplitMapping(remove, "remove", diags);
  if (!fields) {
    diags->Error(remove.Loc(), "remove: expected a mapping of section: [ids], got " + Describe(remove.node));
    return;
  }
  for (const Field& f : fields->items) {
    if (!Contains(kListSections, f.key)) {
      diags->Error(f.key_loc,
                   "remove: unknown section " + Quoted(f.key) + " (allowed: " + JoinNames(kListSections) + ")");
      continue;
    }
    const bool connections = f.key == "connections";
    if (!f.value.node.IsSequence()) {
      diags->Error(f.value.Loc(), "remove: " + f.key + ": expected a list of " +
                                      (connections ? "[from, to] pairs" : "ids") + ", got " + Describe(f.value.node));
      continue;
    }
    std::vector<Src>& elements = doc->lists[f.key];
    for (auto it = f.value.node.begin(); it != f.value.node.end(); ++it) {
      const Src item{*it, f.value.file};
      std::string key;
      if (connections && item.node.IsSequence() && item.node.size() == 2 && item.node[0].IsScalar() &&
          item.node[1].IsScalar()) {
        key = item.node[0].Scalar() + " -> " + item.node[1].Scalar();
      } else if (!connections && item.node.IsScalar()) {
        key = item.node.Scalar();
      } else {
        diags->Error(item.Loc(), "remove: " + f.key + ": expected " + (connections ? "a [from, to] pair" : "an id") +
                                     ", got " + Describe(item.node));
        continue;
      }
      auto match =
          std::find_if(elements.begin(), elements.end(), [&](const Src& e) { return MergeKey(f.key, e.node) == key; });
      if (match == elements.end()) {
        diags->Error(item.Loc(), "remove: no " + std::string(ElementKind(f.key)) + " " + Quoted(key) + " in the base");
        continue;
      }
      elements.erase(match);
    }
  }
}

// merges one file's list section into the document: same key replaces, new key appends
void MergeList(const std::string& section, const Src& list, LayeredDoc* doc, Diagnostics* diags) {
  std::vector<Src>& elements = doc->lists[section];
  if (list.node.IsNull()) return;  // `lanes:` with nothing under it
  if (!list.node.IsSequence()) {
    diags->Error(list.Loc(), section + ": expected a list, got " + Describe(list.node));
    return;
  }
  // only elements of earlier files may be replaced; a repeat within this file stays, so the
  // builder reports it as a duplicate
  const size_t base_count = elements.size();
  std::set<size_t> replaced;
  for (auto it = list.node.begin(); it != list.node.end(); ++it) {
    const Src element{*it, list.file};
    auto key = MergeKey(section, element.node);
    bool merged = false;
    if (key) {
      for (size_t i = 0; i < base_count && !merged; ++i) {
        if (!replaced.count(i) && MergeKey(section, elements[i].node) == key) {
          elements[i] = element;
          replaced.insert(i);
          merged = true;
        }
      }
    }
    if (!merged) elements.push_back(element);
  }
}

}  // namespace

std::string_view ElementKind(std::string_view section) {
  if (section == "roads") return "road";
  if (section == "lanes") return "lane";
  if (section == "connections") return "connection";
  if (section == "zones") return "zone";
  if (section == "booths") return "booth";
  if (section == "barriers") return "barrier";
  if (section == "buildings") return "building";
  if (section == "sensors") return "sensor";
  if (section == "viewpoints") return "viewpoint";
  return section;
}

std::optional<LayeredDoc> LoadLayers(const std::string& text, const std::string& file, const std::string& dir,
                                     std::vector<std::string>* chain, Diagnostics* diags) {
  auto root_node = ParseYaml(text, file, diags);
  if (!root_node) return std::nullopt;
  const Src root{*root_node, file};
  if (root.node.IsNull()) {
    diags->Error(SourceLoc{file, 0, 0}, "empty world file: expected a mapping of sections (world, anchor, ...)");
    return std::nullopt;
  }
  auto top = SplitMapping(root, "", diags);
  if (!top) {
    diags->Error(root.Loc(), "expected a mapping of sections (world, anchor, ...), got " + Describe(root.node));
    return std::nullopt;
  }
  const auto allowed = TopLevelKeys();
  for (const Field& f : top->items) {
    if (!Contains(allowed, f.key)) {
      diags->Error(f.key_loc, "unknown top-level key " + Quoted(f.key) + " (allowed: " + JoinNames(allowed) + ")");
    }
  }

  LayeredDoc doc;
  if (const Field* base = top->Find("base")) {
    if (!base->value.node.IsScalar() || base->value.node.Scalar().empty()) {
      diags->Error(base->value.Loc(), "base: expected a file name, got " + Describe(base->value.node));
      return std::nullopt;
    }
    const std::filesystem::path base_path = (std::filesystem::path(dir) / base->value.node.Scalar()).lexically_normal();
    const std::string base_file = base_path.string();
    const std::string canonical = Canonical(base_file);
    if (std::find(chain->begin(), chain->end(), canonical) != chain->end()) {
      diags->Error(base->value.Loc(),
                   "base: " + Quoted(base_file) + " is already being loaded (the overlays form a cycle)");
      return std::nullopt;
    }
    if (chain->size() >= kMaxChainFiles) {
      diags->Error(base->value.Loc(), "base: overlays nest deeper than " + std::to_string(kMaxChainFiles) + " files");
      return std::nullopt;
    }
    std::string base_text, reason;
    if (!ReadTextFile(base_file, &base_text, &reason)) {
      diags->Error(base->value.Loc(), "cannot open base " + Quoted(base_file) + ": " + reason);
      return std::nullopt;
    }
    chain->push_back(canonical);
    auto merged = LoadLayers(base_text, base_file, base_path.parent_path().string(), chain, diags);
    chain->pop_back();
    if (!merged) return std::nullopt;
    doc = std::move(*merged);
  }

  if (const Field* remove = top->Find("remove")) {
    if (top->Find("base") == nullptr) {
      diags->Error(remove->key_loc, "remove: only an overlay (a file with base:) can remove elements");
    } else {
      ApplyRemove(remove->value, &doc, diags);
    }
  }
  for (const Field& f : top->items) {
    if (Contains(kMapSections, f.key)) {
      if (f.value.node.IsNull()) {
        doc.maps[f.key].loc = f.value.Loc();
        continue;
      }
      auto fields = SplitMapping(f.value, f.key, diags);
      if (!fields) {
        diags->Error(f.value.Loc(), f.key + ": expected a mapping, got " + Describe(f.value.node));
        continue;
      }
      Fields& merged = doc.maps[f.key];
      merged.loc = fields->loc;
      for (Field& item : fields->items) merged.Set(std::move(item));
    } else if (Contains(kListSections, f.key)) {
      MergeList(f.key, f.value, &doc, diags);
    }
  }
  doc.files.push_back(file);
  doc.top = root.Loc();
  return doc;
}

}  // namespace gatetwin::world
