// Converts SUMO FCD samples and E1 intervals into the feed contract's events (JSON lines).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "replay/sumo_map.h"
#include "replay/sumo_xml.h"
#include "world/world.h"

namespace gatetwin::replay {

/// Why a SUMO record did not become the event it would have been.
enum class SumoIssue : uint8_t {
  kUnmappedLane,     // a vehicle on a SUMO lane the lane map does not list (written as an unknown-sensor line)
  kUnknownDetector,  // an E1 detector the map does not list and the world does not declare (unknown-sensor line)
  kBadAttribute,     // a missing or unparsable attribute (written as a malformed line)
  kIgnoredLane,      // a vehicle on a lane the map's ignore_lanes lists (counted only)
  kIgnoredElement,   // <person>, <container> or another element that is not converted (counted only)
  kOffLane,          // geo placement: no world lane within snap_m (its gps event is still written)
};
inline constexpr int kSumoIssueCount = 6;
std::string_view ToString(SumoIssue issue);

/// What a conversion read and wrote.
struct SumoTally {
  uint64_t vehicle_samples = 0;  // <vehicle> elements read
  uint64_t intervals = 0;        // <interval> elements read
  uint64_t vehicles = 0;         // distinct vehicle ids
  uint64_t gps_events = 0, plate_reads = 0, loop_events = 0;
  std::array<uint64_t, kSumoIssueCount> issues{};
  /// The first few records of each issue, as `file:line: issue: detail`.
  std::vector<std::string> examples;

  uint64_t Of(SumoIssue issue) const { return issues[static_cast<size_t>(issue)]; }
};

/// Turns one SUMO file's records into feed lines, in time order:
/// - each FCD sample on a mapped lane → a `gps` event (map.gps_sensor; plate from the vehicle id);
/// - each time a vehicle passes an ANPR sensor's station on its lane between two samples → the
///   `plate_read` that sensor would make, at the interpolated time;
/// - each E1 interval → a `loop` event at the interval's end (count nVehContrib, occupancy
///   0..1, mean speed km/h).
/// Records that cannot be mapped are counted (tally()) and, where they were meant to be events,
/// written as lines the replay quarantines (an unknown `sumo:...` sensor, or a malformed line),
/// each with `sumo_issue` and `sumo_src` (file:line), so nothing is dropped unseen.
class SumoConverter : public SumoXmlHandler {
 public:
  /// `world` and `map` must outlive the converter; `file` names the XML in `sumo_src` and examples.
  SumoConverter(const world::World& world, const SumoMap& map, std::string file);
  ~SumoConverter() override;
  SumoConverter(const SumoConverter&) = delete;
  SumoConverter& operator=(const SumoConverter&) = delete;

  /// Appends the lines that are complete (every event up to the last finished timestep) to `out`.
  void Drain(std::string* out);
  /// Ends the input: the last timestep's lines become complete.
  void Finish();
  const SumoTally& tally() const;

  void OnTimestep(double time_s, bool ok, uint64_t line) override;
  void OnVehicle(const FcdVehicle& v) override;
  void OnInterval(const E1Interval& i) override;
  void OnIgnoredElement(std::string_view element, uint64_t line) override;
  void OnBadAttribute(std::string_view element, std::string_view attribute, std::string_view value,
                      uint64_t line) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::replay
