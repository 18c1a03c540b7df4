// The calibration's figures as a readable table (stdout) and as JSON (`--json`).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "replay/event.h"
#include "replay/sim/calibrate.h"

namespace gatetwin::replay::sim {
namespace {

using world::Direction;

constexpr Direction kDirections[] = {Direction::kVnToCn, Direction::kCnToVn};
constexpr world::BoothKind kKinds[] = {world::BoothKind::kXray, world::BoothKind::kWeighbridge,
                                       world::BoothKind::kQuarantine, world::BoothKind::kDocuments};

std::string Printf(const char* format, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

double PerDay(const Demand& d, size_t dir) {
  double sum = 0;
  for (const auto& by_hour : d.arrivals_per_hour[dir]) {
    for (double rate : by_hour) sum += rate;
  }
  return sum;
}

double PerHour(const Demand& d, size_t dir, size_t hour) {
  double sum = 0;
  for (const auto& by_hour : d.arrivals_per_hour[dir]) sum += by_hour[hour];
  return sum;
}

double Share(int part, int whole) { return whole > 0 ? static_cast<double>(part) / whole : 0; }

std::string DescribeService(const world::ServiceTime& s) {
  switch (s.dist) {
    case world::ServiceTime::Dist::kFixed: return Printf("fixed %.1f s", s.mean_s);
    case world::ServiceTime::Dist::kExponential: return Printf("exponential mean %.1f s", s.mean_s);
    case world::ServiceTime::Dist::kLognormal: return Printf("lognormal mean %.1f s sd %.1f s", s.mean_s, s.sd_s);
    case world::ServiceTime::Dist::kUniform: return Printf("uniform %.1f–%.1f s", s.min_s, s.max_s);
  }
  return "?";
}

std::string PerishableNote(const ShareFit& s) {
  if (s.goods_declared == 0) return "0: no trip declares goods (an extra \"goods\" field), so none is assumed";
  return Printf("%.3f of %d trips declaring goods", Share(s.perishable, s.goods_declared), s.goods_declared);
}

nlohmann::ordered_json ServiceJson(const world::ServiceTime& s) {
  nlohmann::ordered_json j;
  j["dist"] = DistName(s.dist);
  j["mean_s"] = s.mean_s;
  if (s.dist == world::ServiceTime::Dist::kLognormal) j["sd_s"] = s.sd_s;
  if (s.dist == world::ServiceTime::Dist::kUniform) {
    j["min_s"] = s.min_s;
    j["max_s"] = s.max_s;
  }
  return j;
}

}  // namespace

std::string CalibrationSummary(const world::World& world, const Calibration& c) {
  const int offset = world.params.utc_offset_min;
  std::string out = "gatetwin calibrate — " + world.name + " (" + world.phase + ")\n";
  out += "  span        " + engine::FormatRfc3339(c.first_us, offset) + " → " +
         engine::FormatRfc3339(c.last_us, offset) + "\n";
  out += "  covered     " + engine::FormatRfc3339(c.covered_from_us, offset) + " → " +
         engine::FormatRfc3339(c.covered_to_us, offset) +
         Printf(" (%.2f h; days per hour of day below)\n",
                static_cast<double>(c.covered_to_us - c.covered_from_us) / 3.6e9);
  const FeedCounts& n = c.counts;
  const uint64_t outside = n.Of(Reason::kOutsideRange);
  out +=
      Printf("  events      %llu read, %llu used, %llu skipped", static_cast<unsigned long long>(n.read),
             static_cast<unsigned long long>(n.accepted), static_cast<unsigned long long>(n.RejectedTotal() - outside));
  std::string reasons;
  for (int r = 0; r < kReasonCount; ++r) {
    const auto reason = static_cast<Reason>(r);
    if (reason == Reason::kOutsideRange || n.Of(reason) == 0) continue;
    reasons += Printf(" %s=%llu", std::string(ToString(reason)).c_str(), static_cast<unsigned long long>(n.Of(reason)));
  }
  if (!reasons.empty()) out += " (" + reasons.substr(1) + ")";
  if (outside > 0) out += Printf(", %llu outside --from/--to", static_cast<unsigned long long>(outside));
  out += "\n";
  const ArrivalFit& a = c.arrivals;
  out += Printf("  trips       %d (%d vn_to_cn, %d cn_to_vn), %d entry re-reads within a trip\n", c.shares.trips,
                a.trips_by_dir[0], a.trips_by_dir[1], a.entry_rereads);
  out +=
      Printf("              %d plates seen without an entry read (not in the figures)", c.shares.plates_without_entry);
  if (a.without_class > 0) out += Printf("; %d without vehicle_class (as truck)", a.without_class);
  if (a.without_dir > 0) out += Printf("; %d entry reads without a direction (not counted)", a.without_dir);
  out += "\n";
  out += Printf("  per day     vn_to_cn %.1f, cn_to_vn %.1f, total %.1f trucks (arrivals_per_hour summed)\n",
                PerDay(c.demand, 0), PerDay(c.demand, 1), PerDay(c.demand, 0) + PerDay(c.demand, 1));
  const ShareFit& s = c.shares;
  for (size_t dir = 0; dir < 2; ++dir) {
    out += Printf("  inspection  %s, of %d trips served at a booth:", dir == 0 ? "vn_to_cn" : "cn_to_vn",
                  s.served_by_dir[dir]);
    for (world::BoothKind k : kKinds) {
      out += Printf(" %s %.3f", std::string(world::ToString(k)).c_str(),
                    Share(s.served_by_kind[dir][static_cast<size_t>(k)], s.served_by_dir[dir]));
    }
    out += "\n";
  }
  out += Printf("  shares      yard %.3f (%d), gps %.3f (%d) of %d trips\n", Share(s.yard, s.trips), s.yard,
                Share(s.gps, s.trips), s.gps, s.trips);
  out += "  perishable  " + PerishableNote(s) + "\n";

  size_t id_width = 5;
  for (const world::Booth& b : world.booths) id_width = std::max(id_width, b.id.size());
  const int w = static_cast<int>(id_width);
  out += "\n";
  out += Printf("  %-*s  %-11s  %-25s %5s %8s %8s  %-11s %6s %6s  %s\n", w, "booth", "kind", "timed by", "n", "mean_s",
                "sd_s", "dist", "D", "p", "used");
  for (const BoothFit& f : c.booths) {
    const world::Booth& b = world.booths[static_cast<size_t>(f.booth)];
    // the method text holds a multi-byte arrow: pad it by hand to 25 columns
    std::string method(ToString(f.method));
    const size_t columns = method.size() - (method.find("→") != std::string::npos ? 2 : 0);
    method.append(columns < 25 ? 25 - columns : 0, ' ');
    out += Printf("  %-*s  %-11s  %s %5d", w, b.id.c_str(), std::string(world::ToString(b.kind)).c_str(),
                  method.c_str(), f.n);
    if (f.n > 0) {
      const DistFit& chosen = f.fits[static_cast<size_t>(f.chosen)];
      out += Printf(" %8.1f %8.1f  %-11s %6.3f %6.3f", f.mean_s, f.sd_s,
                    std::string(DistName(chosen.service.dist)).c_str(), chosen.ks_d, chosen.p_value);
    } else {
      out += Printf(" %8s %8s  %-11s %6s %6s", "-", "-", "-", "-", "-");
    }
    out += f.fitted ? std::string("  fitted\n")
                    : Printf("  world's (n < %d): ", c.min_service_samples) + DescribeService(f.world) + "\n";
  }

  out += Printf("\n  arrivals per hour (trucks/h, all classes; local time, UTC%+03d:%02d)\n", offset / 60,
                std::abs(offset % 60));
  out += "  hour   days  vn_to_cn  cn_to_vn\n";
  for (size_t h = 0; h < 24; ++h) {
    out += Printf("  %02zu   %5.2f  %8.2f  %8.2f\n", h, a.covered_days[h], PerHour(c.demand, 0, h),
                  PerHour(c.demand, 1, h));
  }
  return out;
}

std::string CalibrationToJson(const world::World& world, const Calibration& c) {
  using nlohmann::ordered_json;
  const int offset = world.params.utc_offset_min;
  ordered_json j;
  j["world"] = world.name;
  j["phase"] = world.phase;
  j["span"] = {{"first", engine::FormatRfc3339(c.first_us, offset)},
               {"last", engine::FormatRfc3339(c.last_us, offset)}};
  j["covered"] = {{"from", engine::FormatRfc3339(c.covered_from_us, offset)},
                  {"to", engine::FormatRfc3339(c.covered_to_us, offset)},
                  {"days_by_hour", c.arrivals.covered_days}};
  ordered_json skipped = ordered_json::object();
  for (int r = 0; r < kReasonCount; ++r) {
    const auto reason = static_cast<Reason>(r);
    if (reason != Reason::kOutsideRange) skipped[std::string(ToString(reason))] = c.counts.Of(reason);
  }
  j["events"] = {{"read", c.counts.read},
                 {"used", c.counts.accepted},
                 {"skipped", skipped},
                 {"outside_range", c.counts.Of(Reason::kOutsideRange)}};
  const ArrivalFit& a = c.arrivals;
  j["trips"] = {{"total", c.shares.trips},
                {"vn_to_cn", a.trips_by_dir[0]},
                {"cn_to_vn", a.trips_by_dir[1]},
                {"entry_rereads", a.entry_rereads},
                {"without_class", a.without_class},
                {"entry_reads_without_dir", a.without_dir},
                {"plates_without_entry", c.shares.plates_without_entry}};
  ordered_json arrivals;
  for (Direction d : kDirections) {
    const auto di = static_cast<size_t>(d);
    ordered_json by_class = ordered_json::object(), counts = ordered_json::object();
    for (size_t k = 0; k < world::kVehicleClassCount; ++k) {
      if (a.trips[di][k] == std::array<int, 24>{}) continue;
      const std::string cls(world::ToString(static_cast<world::VehicleClass>(k)));
      by_class[cls] = c.demand.arrivals_per_hour[di][k];
      counts[cls] = a.trips[di][k];
    }
    arrivals[std::string(world::ToString(d))] = {
        {"per_day", PerDay(c.demand, di)}, {"per_hour", by_class}, {"trips_by_hour", counts}};
  }
  j["arrivals"] = arrivals;
  const ShareFit& s = c.shares;
  ordered_json inspection = ordered_json::object();
  for (size_t dir = 0; dir < 2; ++dir) {
    ordered_json mix = ordered_json::object();
    for (world::BoothKind k : kKinds) {
      mix[std::string(world::ToString(k))] = c.demand.inspection_share[dir][static_cast<size_t>(k)];
    }
    inspection[dir == 0 ? "vn_to_cn" : "cn_to_vn"] = mix;
  }
  j["shares"] = {{"served", s.served},
                 {"inspection", inspection},
                 {"yard", c.demand.yard_share},
                 {"gps", c.demand.gps_share},
                 {"perishable", c.demand.perishable_share},
                 {"goods_declared", s.goods_declared},
                 {"perishable_note", PerishableNote(s)}};
  ordered_json booths = ordered_json::array();
  for (const BoothFit& f : c.booths) {
    const world::Booth& b = world.booths[static_cast<size_t>(f.booth)];
    ordered_json jb;
    jb["id"] = b.id;
    jb["kind"] = world::ToString(b.kind);
    jb["timed_by"] = f.method == ServiceMethod::kBarrier ? "barrier"
                     : f.method == ServiceMethod::kScan  ? "scan"
                                                         : "none";
    jb["n"] = f.n;
    jb["mean_s"] = f.mean_s;
    jb["sd_s"] = f.sd_s;
    jb["min_s"] = f.min_s;
    jb["max_s"] = f.max_s;
    ordered_json fits = ordered_json::array();
    for (const DistFit& fit : f.fits) {
      ordered_json jf = ServiceJson(fit.service);
      jf["ks_d"] = fit.ks_d;
      jf["p_value"] = fit.p_value;
      fits.push_back(jf);
    }
    jb["fits"] = fits;
    jb["chosen"] = f.chosen >= 0 ? ordered_json(DistName(f.fits[static_cast<size_t>(f.chosen)].service.dist))
                                 : ordered_json(nullptr);
    jb["used"] = f.fitted ? "fitted" : "world";
    jb["world_service"] = ServiceJson(f.world);
    jb["unmatched_starts"] = f.unmatched_starts;
    jb["unmatched_ends"] = f.unmatched_ends;
    jb["non_positive"] = f.non_positive;
    booths.push_back(jb);
  }
  j["booths"] = booths;
  j["min_service_samples"] = c.min_service_samples;
  return j.dump(2) + "\n";
}

}  // namespace gatetwin::replay::sim
