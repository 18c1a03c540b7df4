// Track reconstruction: turns decoded sensor events into trips and commands for the engine.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/engine.h"
#include "replay/event.h"

namespace gatetwin::replay {

/// Counts of events that were applied but did not fit a trip: the "doubtful tracks".
struct TrackStats {
  uint64_t rereads = 0;                  // a plate read again at the same stage (camera re-read)
  uint64_t trips_without_entry = 0;      // first read of a trip was not at an entry sensor
  uint64_t superseded = 0;               // a trip never read at exit, replaced by the plate's new trip
  uint64_t unmatched_plate = 0;          // scan/weigh/rfid for a plate with no active trip
  uint64_t barrier_without_vehicle = 0;  // barrier opened with nobody in service at its booth
  uint64_t gps_unmatched = 0;            // GPS of a vehicle with no active trip
  uint64_t gps_off_lane = 0;             // GPS fix farther than the snap distance from any lane
  uint64_t gps_snapped = 0;
  uint64_t gps_in_yard = 0;           // GPS of a truck parked in a yard (not snapped)
  uint64_t low_confidence_reads = 0;  // plate reads with conf below the threshold (still applied)
};

/// Knobs of reconstruction.
struct TrackOptions {
  double gps_snap_m = 15;       // a GPS fix this close to a lane of the trip's direction snaps to it
  double low_confidence = 0.6;  // plate reads below this confidence are counted as doubtful
};

/// Applies events, in time order, to an engine.
class TrackBuilder {
 public:
  TrackBuilder(engine::Engine& engine, TrackOptions options = {});
  ~TrackBuilder();

  /// Advances the engine to the event's time and applies it.
  void Apply(const Event& event);

  const TrackStats& stats() const { return stats_; }

 private:
  struct Place {
    int lane = -1;
    double station_m = 0;
  };
  Place PlaceOf(const Event& e) const;
  world::Direction DirectionOf(const Event& e) const;
  void ApplyPlateRead(const Event& e);
  void ApplyBarrier(const Event& e);
  void ApplyGps(const Event& e);
  uint32_t StartTrip(const Event& e, bool at_entry);

  engine::Engine& engine_;
  TrackOptions options_;
  TrackStats stats_;
  struct Geo;
  std::unique_ptr<Geo> geo_;
};

}  // namespace gatetwin::replay
