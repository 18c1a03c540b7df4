// Typed, located reads of YAML nodes; every problem becomes a `file:line:col` diagnostic.
#include "world/yaml_reader.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace gatetwin::world {
namespace {

// a world file is a few hundred kilobytes; this only guards against reading a device or a log
constexpr size_t kMaxFileBytes = size_t{64} << 20;
// values longer than this are cut in messages
constexpr size_t kMaxQuoted = 40;

constexpr std::string_view kPointExpected = "a point [x, y], [x, y, z] or {lat, lon}";

std::string Trimmed(const std::string& s) {
  if (s.size() <= kMaxQuoted) return s;
  return s.substr(0, kMaxQuoted) + "...";
}

}  // namespace

SourceLoc Src::Loc() const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourceLoc{file, 0, 0};
  return SourceLoc{file, mark.line + 1, mark.column + 1};
}

bool ReadTextFile(const std::string& path, std::string* text, std::string* reason) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    *reason = "is a directory";
    return false;
  }
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    *reason = "not a regular file";
    return false;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *reason = std::strerror(errno);
    return false;
  }
  text->clear();
  char buf[1 << 16];
  size_t n = 0;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (text->size() + n > kMaxFileBytes) {
      too_big = true;
      break;
    }
    text->append(buf, n);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (too_big)
    *reason = "larger than 64 MiB";
  else if (failed)
    *reason = "read error";
  return !too_big && !failed;
}

std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& file, Diagnostics* diags) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLoc loc{file, 0, 0};
    if (!e.mark.is_null()) loc = SourceLoc{file, e.mark.line + 1, e.mark.column + 1};
    diags->Error(loc, "YAML syntax error: " + e.msg);
  } catch (const std::exception& e) {
    diags->Error(SourceLoc{file, 0, 0}, std::string("YAML syntax error: ") + e.what());
  }
  return std::nullopt;
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return Quoted(Trimmed(node.Scalar()));
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    default: return "nothing";
  }
}

std::optional<double> ParseNumber(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

const Field* Fields::Find(std::string_view key) const {
  for (const Field& f : items) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

void Fields::Set(Field field) {
  for (Field& f : items) {
    if (f.key == field.key) {
      f = std::move(field);
      return;
    }
  }
  items.push_back(std::move(field));
}

std::optional<Fields> SplitMapping(const Src& src, std::string_view what, Diagnostics* diags) {
  if (!src.node.IsMap()) return std::nullopt;
  Fields fields;
  fields.loc = src.Loc();
  const std::string prefix = what.empty() ? "" : std::string(what) + ": ";
  for (auto it = src.node.begin(); it != src.node.end(); ++it) {
    const Src key{it->first, src.file};
    if (!key.node.IsScalar()) {
      diags->Error(key.Loc(), prefix + "keys must be plain names, got " + Describe(key.node));
      continue;
    }
    const std::string name = key.node.Scalar();
    if (fields.Find(name) != nullptr) {
      diags->Error(key.Loc(), prefix + "key " + Quoted(name) + " is given twice");
      continue;
    }
    fields.items.push_back(Field{name, key.Loc(), Src{it->second, src.file}});
  }
  return fields;
}

ElementReader::ElementReader(Fields fields, std::string kind, Diagnostics* diags)
    : fields_(std::move(fields)), kind_(kind), what_(std::move(kind)), diags_(diags) {}

ElementReader::ElementReader(const Src& src, std::string kind, Diagnostics* diags)
    : kind_(kind), what_(std::move(kind)), diags_(diags) {
  auto fields = SplitMapping(src, what_, diags);
  if (fields) {
    fields_ = std::move(*fields);
  } else {
    fields_.loc = src.Loc();
    ok_ = false;
    diags_->Error(fields_.loc, what_ + ": expected a mapping, got " + Describe(src.node));
  }
}

SourceLoc ElementReader::KeyLoc(std::string_view key) const {
  const Field* f = Find(key);
  return f ? f->value.Loc() : fields_.loc;
}

void ElementReader::Error(const SourceLoc& loc, const std::string& message) {
  diags_->Error(loc, what_ + ": " + message);
}

const Field* ElementReader::Get(std::string_view key, Need need) {
  const Field* f = Find(key);
  if (f == nullptr && need == Need::kRequired && ok_) {
    Error(fields_.loc, "missing required key " + Quoted(key));
  }
  return f;
}

void ElementReader::TypeError(const Field& field, std::string_view expected) {
  Error(field.value.Loc(), field.key + ": expected " + std::string(expected) + ", got " + Describe(field.value.node));
}

std::optional<std::string> ElementReader::Id() {
  auto id = String("id", Need::kRequired);
  if (!id) return std::nullopt;
  if (id->empty()) {
    Error(KeyLoc("id"), "id must not be empty");
    return std::nullopt;
  }
  what_ = kind_ + " " + Quoted(*id);
  return id;
}

void ElementReader::CheckKeys(const std::vector<std::string_view>& allowed) {
  for (const Field& f : fields_.items) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == f.key;
    if (!known) Error(f.key_loc, "unknown key " + Quoted(f.key) + " (allowed: " + JoinNames(allowed) + ")");
  }
}

std::optional<std::string> ElementReader::String(std::string_view key, Need need) {
  const Field* f = Get(key, need);
  if (f == nullptr) return std::nullopt;
  if (!f->value.node.IsScalar()) {
    TypeError(*f, "a name");
    return std::nullopt;
  }
  return f->value.node.Scalar();
}

std::optional<double> ElementReader::Number(std::string_view key, Need need) {
  const Field* f = Get(key, need);
  if (f == nullptr) return std::nullopt;
  std::optional<double> v;
  if (f->value.node.IsScalar()) v = ParseNumber(f->value.node.Scalar());
  if (!v) TypeError(*f, "a number");
  return v;
}

std::optional<int> ElementReader::Int(std::string_view key, Need need) {
  const Field* f = Get(key, need);
  if (f == nullptr) return std::nullopt;
  if (f->value.node.IsScalar()) {
    std::string_view text = f->value.node.Scalar();
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return value;
  }
  TypeError(*f, "a whole number");
  return std::nullopt;
}

std::optional<std::vector<NameAt>> ElementReader::StringList(std::string_view key, Need need) {
  const Field* f = Get(key, need);
  if (f == nullptr) return std::nullopt;
  if (!f->value.node.IsSequence()) {
    TypeError(*f, "a list of names");
    return std::nullopt;
  }
  std::vector<NameAt> out;
  bool good = true;
  for (auto it = f->value.node.begin(); it != f->value.node.end(); ++it) {
    const Src item{*it, f->value.file};
    if (!item.node.IsScalar()) {
      Error(item.Loc(), f->key + ": expected a name, got " + Describe(item.node));
      good = false;
      continue;
    }
    out.push_back(NameAt{item.node.Scalar(), item.Loc()});
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<int> ElementReader::Choice(std::string_view key, Need need,
                                         const std::vector<std::string_view>& choices) {
  auto s = String(key, need);
  if (!s) return std::nullopt;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == *s) return static_cast<int>(i);
  }
  Error(KeyLoc(key),
        std::string(key) + ": unknown value " + Quoted(Trimmed(*s)) + " (expected one of: " + JoinNames(choices) + ")");
  return std::nullopt;
}

std::optional<Vec3> ReadPoint(const Src& src, const std::string& what, std::string_view key, const GeoFrame& frame,
                              Diagnostics* diags) {
  const std::string prefix = what + ": " + std::string(key) + ": ";
  auto bad = [&] {
    diags->Error(src.Loc(), prefix + "expected " + std::string(kPointExpected) + ", got " + Describe(src.node));
    return std::nullopt;
  };
  if (src.node.IsSequence()) {
    double xyz[3] = {0, 0, 0};
    size_t n = 0;
    for (auto it = src.node.begin(); it != src.node.end(); ++it, ++n) {
      if (n >= 3 || !it->IsScalar()) return bad();
      auto v = ParseNumber(it->Scalar());
      if (!v) return bad();
      xyz[n] = *v;
    }
    if (n < 2) return bad();
    return Vec3{xyz[0], xyz[1], xyz[2]};
  }
  if (src.node.IsMap()) {
    ElementReader geo(src, what + ": " + std::string(key), diags);
    geo.CheckKeys({"lat", "lon", "alt_m"});
    // a mapping without lat/lon is most likely a mistyped point, not a geo point
    if (!geo.Has("lat") && !geo.Has("lon")) return bad();
    auto lat = geo.Number("lat", Need::kRequired);
    auto lon = geo.Number("lon", Need::kRequired);
    auto alt = geo.Number("alt_m", Need::kOptional);
    if (!lat || !lon) return std::nullopt;
    if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
      diags->Error(src.Loc(), prefix + "latitude/longitude " + FormatNumber(*lat) + ", " + FormatNumber(*lon) +
                                  " is outside [-90, 90] × [-180, 180]");
      return std::nullopt;
    }
    return frame.ToLocal(*lat, *lon, alt.value_or(0));
  }
  return bad();
}

std::optional<Vec3> ElementReader::Point(std::string_view key, Need need, const GeoFrame& frame) {
  const Field* f = Get(key, need);
  if (f == nullptr) return std::nullopt;
  return ReadPoint(f->value, what_, key, frame, diags_);
}

std::optional<std::vector<Vec3>> ElementReader::Points(std::string_view key, Need need, const GeoFrame& frame,
                                                       size_t min_count) {
  const Field* f = Get(key, need);
  if (f == nullptr) return std::nullopt;
  if (!f->value.node.IsSequence()) {
    TypeError(*f, "a list of points");
    return std::nullopt;
  }
  std::vector<Vec3> out;
  bool good = true;
  for (auto it = f->value.node.begin(); it != f->value.node.end(); ++it) {
    auto p = ReadPoint(Src{*it, f->value.file}, what_, key, frame, diags_);
    if (p) out.push_back(*p);
    good = good && p.has_value();
  }
  if (!good) return std::nullopt;
  if (out.size() < min_count) {
    Error(f->value.Loc(), std::string(key) + ": needs at least " + std::to_string(min_count) + " points, got " +
                              std::to_string(out.size()));
    return std::nullopt;
  }
  return out;
}

Names ElementReader::ReadNames(std::string_view key) {
  Names names;
  const Field* f = Get(key, Need::kOptional);
  if (f == nullptr) return names;
  if (!f->value.node.IsMap()) {
    TypeError(*f, "{vi, zh, en}");
    return names;
  }
  ElementReader r(f->value, what_ + ": " + std::string(key), diags_);
  r.CheckKeys({"vi", "zh", "en"});
  names.vi = r.String("vi", Need::kOptional).value_or("");
  names.zh = r.String("zh", Need::kOptional).value_or("");
  names.en = r.String("en", Need::kOptional).value_or("");
  return names;
}

}  // namespace gatetwin::world
