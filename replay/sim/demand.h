// Demand for a simulated day: arrivals per hour by direction and class, inspection and goods mix.
//
// A demand file (YAML, `assets/demand/*.yaml`) says who comes to the gate and what they need,
// independent of the layout, so one demand runs on every phase ("the same traffic on 6 vs 14
// lanes"). `gatetwin calibrate` writes one from a recorded feed; `gatetwin simulate` reads it.
// The format, with every key, is in docs/layout-planning.md:
//
//   demand:
//     name: pilot_800
//     names: {vi: "...", zh: "...", en: "..."}
//     trucks_per_day: 800            # scales `profile` (omit when arrivals_per_hour is given)
//     direction_share: {vn_to_cn: 0.35, cn_to_vn: 0.65}
//     profile: [24 relative weights] # hour 0..23 of the local day; default: two-peak gate day
//     class_share: {truck: 0.6, container: 0.3, tanker: 0.1}
//     arrivals_per_hour:             # instead of the four keys above: trucks per hour
//       vn_to_cn: {truck: [24 numbers], container: [24 numbers]}
//       cn_to_vn: {truck: [24 numbers]}
//     inspection_share: {xray: 0.25, weighbridge: 0.1, quarantine: 0.05}  # the rest: documents;
//                                    # or per direction: {vn_to_cn: {xray: 0.2}, cn_to_vn: {...}}
//     perishable_share: 0.15
//     yard_share: 0.08               # trucks that wait in a yard after service
//     gps_share: 0.1                 # trucks carrying a GPS tracker
//     service:                       # optional: per-booth service times that replace the world's
//       booth.L01: {dist: lognormal, mean_s: 118, sd_s: 55}
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "world/diagnostics.h"
#include "world/world.h"

namespace gatetwin::replay::sim {

/// Inspection a truck is sent to: the booth kinds of the world.
using Inspection = world::BoothKind;
inline constexpr int kInspectionCount = 4;

/// A day's demand. Arrivals are Poisson within each hour at the given rate.
struct Demand {
  std::string name;
  world::Names names;
  /// Mean arrivals in each hour of the local day, [direction][class][hour], trucks per hour.
  std::array<std::array<std::array<double, 24>, world::kVehicleClassCount>, 2> arrivals_per_hour{};
  /// Share of trucks sent to each inspection kind, [direction][world::BoothKind]; documents is
  /// the rest (1 − the others; files give only the others). Per direction, because each side's
  /// control has its own booths (the 6-lane phase weighs exports and quarantines imports).
  std::array<std::array<double, kInspectionCount>, 2> inspection_share{};
  double perishable_share = 0;
  double yard_share = 0.08;
  double gps_share = 0.1;
  /// Service times replacing the world's, by booth id, and where each was written.
  std::map<std::string, world::ServiceTime> service;
  std::map<std::string, world::SourceLoc> service_loc;
  /// Where the file was read from (empty for a demand made in code).
  std::string file;

  /// Expected trucks in the whole day.
  double TrucksPerDay() const;
  /// Expected trucks per day in one direction.
  double TrucksPerDay(world::Direction d) const;
  /// The same demand with every arrival rate multiplied by `factor` (demand sweeps).
  Demand Scaled(double factor) const;
};

/// The default two-peak profile of a gate day (relative weights for hours 0..23, mean 1).
const std::array<double, 24>& DefaultProfile();

/// A demand of `trucks_per_day` on the default profile and mix (the synthesizer's day).
Demand DefaultDemand(double trucks_per_day);

/// Loads a demand file. On errors returns nullopt with `file:line:col: what` diagnostics.
std::optional<Demand> LoadDemand(const std::string& path, world::Diagnostics* diags);
/// The same from text (for tests and fuzzing); `file` names it in messages.
std::optional<Demand> ParseDemand(const std::string& text, const std::string& file, world::Diagnostics* diags);

/// Checks the demand against a world: every `service` booth id must exist there. Problems
/// are added to `errors` as `file:line:col: message`; true when there were none.
bool CheckDemandAgainstWorld(const Demand& demand, const world::World& world, std::vector<std::string>* errors);

/// Writes `demand` as a demand file that LoadDemand reads back to the same values
/// (arrivals_per_hour form, numbers with enough digits to round-trip).
std::string WriteDemand(const Demand& demand);

}  // namespace gatetwin::replay::sim
