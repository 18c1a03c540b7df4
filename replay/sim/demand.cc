// Demand files: loading with file:line:col errors, the default gate day, writing them back.
#include "replay/sim/demand.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "replay/synth_internal.h"
#include "world/build.h"
#include "world/yaml_reader.h"

namespace gatetwin::replay::sim {
namespace {

using world::Diagnostics;
using world::ElementReader;
using world::Field;
using world::FormatNumber;
using world::Need;
using world::Src;

constexpr int kDirections = 2;
const std::vector<std::string_view> kInspectionKeys = {"documents", "xray", "weighbridge", "quarantine"};
// shares written by hand are accepted when they sum to 1 within this
constexpr double kShareSumTolerance = 1e-3;

// the default mix of the gate's freight (assumed, as the feed synthesizer's): 35 % exports;
// general trucks, containers, some tankers; a fifth X-rayed, a tenth weighed, 5 % quarantine
constexpr double kExportShare = 0.35;
constexpr double kClassShare[world::kVehicleClassCount] = {0.50, 0.42, 0.08, 0, 0, 0};
constexpr double kInspectionShare[kInspectionCount] = {0, 0.20, 0.10, 0.05};

// A list of exactly 24 numbers >= 0 (hours 0..23).
std::optional<std::array<double, 24>> Hours(const Src& src, const std::string& what, Diagnostics* diags) {
  if (!src.node.IsSequence() || src.node.size() != 24) {
    diags->Error(src.Loc(), what + ": expected a list of 24 numbers (hours 0 to 23), got " + world::Describe(src.node));
    return std::nullopt;
  }
  std::array<double, 24> out{};
  for (size_t h = 0; h < 24; ++h) {
    const YAML::Node n = src.node[h];
    std::optional<double> v;
    if (n.IsScalar()) v = world::ParseNumber(n.Scalar());
    if (!v || *v < 0) {
      diags->Error(Src{n, src.file}.Loc(),
                   what + ": hour " + std::to_string(h) + " must be a number >= 0, got " + world::Describe(n));
      return std::nullopt;
    }
    out[h] = *v;
  }
  return out;
}

// A mapping of names (from `choices`) to shares in [0, 1]: indices → shares. Unknown keys are errors.
std::optional<std::vector<double>> Shares(const Field& f, const std::string& what,
                                          const std::vector<std::string_view>& choices, Diagnostics* diags) {
  ElementReader r(f.value, what, diags);
  if (!r.IsMapping()) return std::nullopt;
  r.CheckKeys(choices);
  std::vector<double> out(choices.size(), 0);
  bool good = true;
  for (size_t i = 0; i < choices.size(); ++i) {
    auto v = r.Number(choices[i], Need::kOptional);
    if (r.Has(choices[i]) && !v) good = false;
    if (v && (*v < 0 || *v > 1)) {
      r.Error(r.KeyLoc(choices[i]), std::string(choices[i]) + " must be a share in [0, 1], got " + FormatNumber(*v));
      good = false;
    }
    if (v) out[i] = *v;
  }
  if (!good) return std::nullopt;
  return out;
}

// the four shares, documents being the rest (the same sum in the same order everywhere, so a
// written demand reads back bit for bit)
std::array<double, kInspectionCount> WithDocuments(double xray, double weighbridge, double quarantine) {
  return {std::max(0.0, 1 - (xray + weighbridge + quarantine)), xray, weighbridge, quarantine};
}

std::array<double, kInspectionCount> DefaultInspection() {
  return WithDocuments(kInspectionShare[1], kInspectionShare[2], kInspectionShare[3]);
}

std::vector<std::string_view> ClassNames() {
  std::vector<std::string_view> names;
  for (int c = 0; c < world::kVehicleClassCount; ++c) names.push_back(world::ToString(world::VehicleClass(c)));
  return names;
}

double Sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

class Reader {
 public:
  Reader(std::string file, Diagnostics* diags) : file_(std::move(file)), diags_(diags) {}

  std::optional<Demand> Read(const YAML::Node& root) {
    ElementReader top(Src{root, file_}, "demand file", diags_);
    if (!top.IsMapping()) return std::nullopt;
    top.CheckKeys({"demand"});
    const Field* f = top.Find("demand");
    if (f == nullptr) {
      top.Error(top.Loc(), "expected a top-level `demand:` mapping");
      return std::nullopt;
    }
    ElementReader r(f->value, "demand", diags_);
    if (!r.IsMapping()) return std::nullopt;
    r.CheckKeys({"name", "names", "trucks_per_day", "direction_share", "profile", "class_share", "arrivals_per_hour",
                 "inspection_share", "perishable_share", "yard_share", "gps_share", "service"});
    Demand d;
    d.file = file_;
    d.name = r.String("name", Need::kOptional).value_or("");
    d.names = r.ReadNames("names");
    bool good = ReadArrivals(&r, &d);
    good &= ReadInspection(&r, &d);
    good &= Share(&r, "perishable_share", &d.perishable_share);
    good &= Share(&r, "yard_share", &d.yard_share);
    good &= Share(&r, "gps_share", &d.gps_share);
    good &= ReadService(&r, &d);
    if (!good || diags_->HasErrors()) return std::nullopt;
    return d;
  }

 private:
  bool Share(ElementReader* r, std::string_view key, double* out) {
    auto v = r->Number(key, Need::kOptional);
    if (r->Has(key) && !v) return false;
    if (!v) return true;
    if (*v < 0 || *v > 1) {
      r->Error(r->KeyLoc(key), std::string(key) + " must be a share in [0, 1], got " + FormatNumber(*v));
      return false;
    }
    *out = *v;
    return true;
  }

  // `arrivals_per_hour`, or `trucks_per_day` with its profile and shares
  bool ReadArrivals(ElementReader* r, Demand* d) {
    const bool table = r->Has("arrivals_per_hour");
    const bool total = r->Has("trucks_per_day");
    if (table == total) {
      r->Error(r->Loc(), table ? "give either arrivals_per_hour or trucks_per_day, not both"
                               : "missing the arrivals: give trucks_per_day (with an optional profile and shares) "
                                 "or arrivals_per_hour");
      return false;
    }
    if (table) {
      for (std::string_view key : {"direction_share", "profile", "class_share"}) {
        if (r->Has(key)) {
          r->Error(r->KeyLoc(key), std::string(key) + " only goes with trucks_per_day; arrivals_per_hour is explicit");
          return false;
        }
      }
      return ReadTable(*r->Find("arrivals_per_hour"), d);
    }
    auto per_day = r->Number("trucks_per_day", Need::kRequired);
    if (!per_day) return false;
    if (*per_day < 0) {
      r->Error(r->KeyLoc("trucks_per_day"), "trucks_per_day must be >= 0, got " + FormatNumber(*per_day));
      return false;
    }
    std::array<double, 24> profile = DefaultProfile();
    if (const Field* p = r->Find("profile")) {
      auto hours = Hours(p->value, "profile", diags_);
      if (!hours) return false;
      // weights are relative: scale by the largest first, so 24 huge weights cannot sum to inf
      double largest = 0;
      for (double w : *hours) largest = std::max(largest, w);
      if (largest <= 0) {
        diags_->Error(p->value.Loc(), "profile: at least one hour must have a weight above 0");
        return false;
      }
      double sum = 0;
      for (double w : *hours) sum += w / largest;
      for (size_t h = 0; h < 24; ++h) profile[h] = (*hours)[h] / largest * 24 / sum;
    }
    std::vector<double> dir_share = {kExportShare, 1 - kExportShare};
    if (const Field* f = r->Find("direction_share")) {
      auto s = SumsToOne(*f, "direction_share", {"vn_to_cn", "cn_to_vn"});
      if (!s) return false;
      dir_share = *s;
    }
    std::vector<double> class_share(std::begin(kClassShare), std::end(kClassShare));
    if (const Field* f = r->Find("class_share")) {
      auto s = SumsToOne(*f, "class_share", ClassNames());
      if (!s) return false;
      class_share = *s;
    }
    for (int dir = 0; dir < kDirections; ++dir) {
      for (int c = 0; c < world::kVehicleClassCount; ++c) {
        for (size_t h = 0; h < 24; ++h) {
          d->arrivals_per_hour[dir][c][h] = *per_day / 24 * profile[h] * dir_share[dir] * class_share[c];
        }
      }
    }
    return true;
  }

  std::optional<std::vector<double>> SumsToOne(const Field& f, const std::string& what,
                                               const std::vector<std::string_view>& keys) {
    auto s = Shares(f, what, keys, diags_);
    if (!s) return std::nullopt;
    if (std::abs(Sum(*s) - 1) > kShareSumTolerance) {
      diags_->Error(f.value.Loc(), what + ": the shares must sum to 1, they sum to " + FormatNumber(Sum(*s)));
      return std::nullopt;
    }
    return s;
  }

  bool ReadTable(const Field& f, Demand* d) {
    ElementReader r(f.value, "arrivals_per_hour", diags_);
    if (!r.IsMapping()) return false;
    r.CheckKeys({"vn_to_cn", "cn_to_vn"});
    bool good = true;
    for (int dir = 0; dir < kDirections; ++dir) {
      const std::string_view dir_key = world::ToString(world::Direction(dir));
      const Field* by_class = r.Find(dir_key);
      if (by_class == nullptr) continue;
      const std::string what = "arrivals_per_hour." + std::string(dir_key);
      ElementReader cr(by_class->value, what, diags_);
      if (!cr.IsMapping()) {
        good = false;
        continue;
      }
      const auto classes = ClassNames();
      cr.CheckKeys(classes);
      for (int c = 0; c < world::kVehicleClassCount; ++c) {
        const Field* hours_field = cr.Find(classes[static_cast<size_t>(c)]);
        if (hours_field == nullptr) continue;
        auto hours = Hours(hours_field->value, what + "." + std::string(classes[static_cast<size_t>(c)]), diags_);
        if (!hours) {
          good = false;
          continue;
        }
        d->arrivals_per_hour[dir][c] = *hours;
      }
    }
    return good;
  }

  bool ReadInspection(ElementReader* r, Demand* d) {
    const Field* f = r->Find("inspection_share");
    if (f == nullptr) {
      for (auto& shares : d->inspection_share) shares = DefaultInspection();
      return true;
    }
    // one mix for both directions, or one per direction
    const YAML::Node& node = f->value.node;  // const: looking a key up must not add it
    const bool per_direction = node.IsMap() && (node["vn_to_cn"] || node["cn_to_vn"]);
    if (!per_direction) {
      auto mix = Mix(*f, "inspection_share");
      if (!mix) return false;
      for (auto& shares : d->inspection_share) shares = *mix;
      return true;
    }
    ElementReader dirs(f->value, "inspection_share", diags_);
    dirs.CheckKeys({"vn_to_cn", "cn_to_vn"});
    bool good = true;
    for (int dir = 0; dir < kDirections; ++dir) {
      const std::string_view key = world::ToString(world::Direction(dir));
      const Field* by_dir = dirs.Find(key);
      if (by_dir == nullptr) {
        d->inspection_share[static_cast<size_t>(dir)] = DefaultInspection();
        continue;
      }
      auto mix = Mix(*by_dir, "inspection_share." + std::string(key));
      if (!mix) {
        good = false;
        continue;
      }
      d->inspection_share[static_cast<size_t>(dir)] = *mix;
    }
    return good;
  }

  // {xray, weighbridge, quarantine} shares; documents is what is left: every truck has its
  // documents checked somewhere
  std::optional<std::array<double, kInspectionCount>> Mix(const Field& f, const std::string& what) {
    auto s = Shares(f, what, kInspectionKeys, diags_);
    if (!s) return std::nullopt;
    if ((*s)[0] != 0) {
      diags_->Error(f.value.Loc(), what + ": leave out documents, it is the share left by the others");
      return std::nullopt;
    }
    if (Sum(*s) > 1 + kShareSumTolerance) {
      diags_->Error(f.value.Loc(), what + ": the shares sum to " + FormatNumber(Sum(*s)) + ", above 1");
      return std::nullopt;
    }
    return WithDocuments((*s)[1], (*s)[2], (*s)[3]);
  }

  bool ReadService(ElementReader* r, Demand* d) {
    const Field* f = r->Find("service");
    if (f == nullptr) return true;
    auto fields = world::SplitMapping(f->value, "service", diags_);
    if (!fields) {
      diags_->Error(f->value.Loc(),
                    "service: expected a mapping of booth id to service time, got " + world::Describe(f->value.node));
      return false;
    }
    bool good = true;
    for (const Field& booth : fields->items) {
      auto service = world::ReadServiceTime(booth.value, "service of " + world::Quoted(booth.key), diags_);
      if (!service) {
        good = false;
        continue;
      }
      d->service[booth.key] = *service;
      d->service_loc[booth.key] = booth.key_loc;
    }
    return good;
  }

  std::string file_;
  Diagnostics* diags_;
};

std::string LocText(const world::SourceLoc& loc) {
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

// shortest text that reads back to the same double
std::string Exact(double v) {
  char buf[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string_view DistName(world::ServiceTime::Dist d) {
  switch (d) {
    case world::ServiceTime::Dist::kFixed: return "fixed";
    case world::ServiceTime::Dist::kExponential: return "exponential";
    case world::ServiceTime::Dist::kLognormal: return "lognormal";
    case world::ServiceTime::Dist::kUniform: return "uniform";
  }
  return "lognormal";
}

// a YAML double-quoted scalar
std::string QuotedYaml(std::string_view text) {
  std::string out;
  AppendJsonString(&out, text);  // JSON strings are YAML double-quoted scalars
  return out;
}

}  // namespace

const std::array<double, 24>& DefaultProfile() {
  // the synthesizer's two-peak gate day (synth::ArrivalRate), averaged over each hour and
  // scaled to a mean of 1, so `trucks_per_day: N` here and `feed synth --trucks-per-day N`
  // describe the same day
  static const std::array<double, 24> profile = [] {
    std::array<double, 24> p{};
    double sum = 0;
    for (int h = 0; h < 24; ++h) {
      constexpr int kSamples = 60;
      for (int k = 0; k < kSamples; ++k) p[static_cast<size_t>(h)] += synth::ArrivalRate(h + (k + 0.5) / kSamples);
      sum += p[static_cast<size_t>(h)];
    }
    for (double& w : p) w *= 24 / sum;
    return p;
  }();
  return profile;
}

Demand DefaultDemand(double trucks_per_day) {
  Demand d;
  d.name = "default_" + FormatNumber(trucks_per_day);
  const auto& profile = DefaultProfile();
  const double dir_share[2] = {kExportShare, 1 - kExportShare};
  for (int dir = 0; dir < kDirections; ++dir) {
    for (int c = 0; c < world::kVehicleClassCount; ++c) {
      for (size_t h = 0; h < 24; ++h) {
        d.arrivals_per_hour[dir][c][h] = trucks_per_day / 24 * profile[h] * dir_share[dir] * kClassShare[c];
      }
    }
  }
  for (auto& shares : d.inspection_share) shares = DefaultInspection();
  return d;
}

double Demand::TrucksPerDay(world::Direction dir) const {
  double n = 0;
  for (const auto& by_hour : arrivals_per_hour[static_cast<size_t>(dir)]) {
    for (double r : by_hour) n += r;
  }
  return n;
}

double Demand::TrucksPerDay() const {
  return TrucksPerDay(world::Direction::kVnToCn) + TrucksPerDay(world::Direction::kCnToVn);
}

Demand Demand::Scaled(double factor) const {
  Demand d = *this;
  for (auto& by_class : d.arrivals_per_hour) {
    for (auto& by_hour : by_class) {
      for (double& r : by_hour) r *= factor;
    }
  }
  return d;
}

std::optional<Demand> ParseDemand(const std::string& text, const std::string& file, Diagnostics* diags) {
  return world::ReadYamlText<Demand>(text, file, diags,
                                     [&](const YAML::Node& root) { return Reader(file, diags).Read(root); });
}

std::optional<Demand> LoadDemand(const std::string& path, Diagnostics* diags) {
  return world::ReadYamlFile<Demand>(path, "", diags,
                                     [&](const YAML::Node& root) { return Reader(path, diags).Read(root); });
}

bool CheckDemandAgainstWorld(const Demand& demand, const world::World& world, std::vector<std::string>* errors) {
  bool good = true;
  for (const auto& [booth, service] : demand.service) {
    if (world.FindBooth(booth) >= 0) continue;
    const auto loc = demand.service_loc.find(booth);
    const std::string where = loc != demand.service_loc.end() ? LocText(loc->second) + ": " : demand.file + ": ";
    errors->push_back(where + "service: booth " + world::Quoted(booth) + " is not in world " +
                      world::Quoted(world.name + " (" + world.phase + ")"));
    good = false;
  }
  return good;
}

std::string WriteDemand(const Demand& demand) {
  std::string out = "# A gatetwin demand file (docs/layout-planning.md): arrivals per hour by direction and class.\n";
  out += "demand:\n";
  out += "  name: " + QuotedYaml(demand.name) + "\n";
  if (!demand.names.vi.empty() || !demand.names.zh.empty() || !demand.names.en.empty()) {
    out += "  names: {vi: " + QuotedYaml(demand.names.vi) + ", zh: " + QuotedYaml(demand.names.zh) +
           ", en: " + QuotedYaml(demand.names.en) + "}\n";
  }
  std::string table;
  for (int dir = 0; dir < kDirections; ++dir) {
    const auto& by_class = demand.arrivals_per_hour[static_cast<size_t>(dir)];
    std::string rows;
    for (int c = 0; c < world::kVehicleClassCount; ++c) {
      const auto& hours = by_class[static_cast<size_t>(c)];
      bool any = false;
      for (double r : hours) any |= r != 0;
      if (!any) continue;
      rows += "      " + std::string(world::ToString(world::VehicleClass(c))) + ": [";
      for (size_t h = 0; h < 24; ++h) rows += (h ? ", " : "") + Exact(hours[h]);
      rows += "]\n";
    }
    if (rows.empty()) continue;
    table += "    " + std::string(world::ToString(world::Direction(dir))) + ":\n" + rows;
  }
  // a day with no trucks is still a demand: an empty mapping, not a key with nothing under it
  out += table.empty() ? "  arrivals_per_hour: {}  # no trucks\n"
                       : "  arrivals_per_hour:  # trucks per hour, hours 0..23 of the local day\n" + table;
  out += "  inspection_share:  # the rest of each direction's trucks: documents only\n";
  for (int dir = 0; dir < kDirections; ++dir) {
    const auto& mix = demand.inspection_share[static_cast<size_t>(dir)];
    out += "    " + std::string(world::ToString(world::Direction(dir))) + ": {xray: " + Exact(mix[1]) +
           ", weighbridge: " + Exact(mix[2]) + ", quarantine: " + Exact(mix[3]) + "}\n";
  }
  out += "  perishable_share: " + Exact(demand.perishable_share) + "\n";
  out += "  yard_share: " + Exact(demand.yard_share) + "\n";
  out += "  gps_share: " + Exact(demand.gps_share) + "\n";
  if (!demand.service.empty()) {
    out += "  service:\n";
    for (const auto& [booth, s] : demand.service) {
      out += "    " + QuotedYaml(booth) + ": {dist: " + std::string(DistName(s.dist));
      if (s.dist == world::ServiceTime::Dist::kUniform) {
        out += ", min_s: " + Exact(s.min_s) + ", max_s: " + Exact(s.max_s);
      } else {
        out += ", mean_s: " + Exact(s.mean_s);
        if (s.sd_s > 0) out += ", sd_s: " + Exact(s.sd_s);
      }
      out += "}\n";
    }
  }
  return out;
}

}  // namespace gatetwin::replay::sim
