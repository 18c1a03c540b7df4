// TEMPORARY (helper-calibrate branch only): minimal WriteDemand/TrucksPerDay so calibrate builds and tests before
// demand.cc lands.
//
// The lead's replay/sim/demand.cc is the real implementation of the demand file API; DELETE
// THIS FILE AT MERGE. It writes only the arrivals_per_hour form documented in demand.h, which
// is all `gatetwin calibrate` needs; nothing here is meant to survive.
#include <array>
#include <charconv>
#include <string>

#include "replay/sim/demand.h"

namespace gatetwin::replay::sim {
namespace {

// the shortest text that reads back to the same double
void AppendNumber(double value, std::string* out) {
  std::array<char, 32> buf;
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out->append(buf.data(), result.ptr);
}

// a YAML double-quoted scalar (JSON escaping is a subset of YAML's)
void AppendQuoted(const std::string& text, std::string* out) {
  *out += '"';
  for (char ch : text) {
    if (ch == '"' || ch == '\\') *out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) {
      *out += ' ';
      continue;
    }
    *out += ch;
  }
  *out += '"';
}

}  // namespace

double Demand::TrucksPerDay() const {
  return TrucksPerDay(world::Direction::kVnToCn) + TrucksPerDay(world::Direction::kCnToVn);
}

double Demand::TrucksPerDay(world::Direction d) const {
  double sum = 0;
  for (const auto& by_hour : arrivals_per_hour[static_cast<size_t>(d)]) {
    for (double rate : by_hour) sum += rate;
  }
  return sum;
}

std::string WriteDemand(const Demand& demand) {
  std::string out = "demand:\n  name: ";
  AppendQuoted(demand.name, &out);
  out += "\n  names: {vi: ";
  AppendQuoted(demand.names.vi, &out);
  out += ", zh: ";
  AppendQuoted(demand.names.zh, &out);
  out += ", en: ";
  AppendQuoted(demand.names.en, &out);
  out += "}\n  arrivals_per_hour:\n";
  for (const world::Direction d : {world::Direction::kVnToCn, world::Direction::kCnToVn}) {
    const auto& by_class = demand.arrivals_per_hour[static_cast<size_t>(d)];
    std::string classes;
    for (size_t k = 0; k < by_class.size(); ++k) {
      if (by_class[k] == std::array<double, 24>{}) continue;
      classes += classes.empty() ? "" : ", ";
      classes += world::ToString(static_cast<world::VehicleClass>(k));
      classes += ": [";
      for (size_t h = 0; h < 24; ++h) {
        if (h > 0) classes += ", ";
        AppendNumber(by_class[k][h], &classes);
      }
      classes += ']';
    }
    out += "    ";
    out += world::ToString(d);
    out += ": {" + classes + "}\n";
  }
  out += "  inspection_share: {";
  const world::BoothKind kinds[] = {world::BoothKind::kXray, world::BoothKind::kWeighbridge,
                                    world::BoothKind::kQuarantine};
  for (size_t i = 0; i < 3; ++i) {
    if (i > 0) out += ", ";
    out += world::ToString(kinds[i]);
    out += ": ";
    AppendNumber(demand.inspection_share[static_cast<size_t>(kinds[i])], &out);
  }
  out += "}\n  perishable_share: ";
  AppendNumber(demand.perishable_share, &out);
  out += "\n  yard_share: ";
  AppendNumber(demand.yard_share, &out);
  out += "\n  gps_share: ";
  AppendNumber(demand.gps_share, &out);
  out += "\n";
  if (!demand.service.empty()) {
    out += "  service:\n";
    for (const auto& [booth, s] : demand.service) {
      out += "    ";
      AppendQuoted(booth, &out);
      out += ": {dist: ";
      switch (s.dist) {
        case world::ServiceTime::Dist::kFixed: out += "fixed, mean_s: "; break;
        case world::ServiceTime::Dist::kExponential: out += "exponential, mean_s: "; break;
        case world::ServiceTime::Dist::kLognormal: out += "lognormal, mean_s: "; break;
        case world::ServiceTime::Dist::kUniform: out += "uniform, mean_s: "; break;
      }
      AppendNumber(s.mean_s, &out);
      if (s.dist == world::ServiceTime::Dist::kLognormal) {
        out += ", sd_s: ";
        AppendNumber(s.sd_s, &out);
      }
      if (s.dist == world::ServiceTime::Dist::kUniform) {
        out += ", min_s: ";
        AppendNumber(s.min_s, &out);
        out += ", max_s: ";
        AppendNumber(s.max_s, &out);
      }
      out += "}\n";
    }
  }
  return out;
}

}  // namespace gatetwin::replay::sim
