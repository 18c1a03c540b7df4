// The microsimulation: trucks from a demand drive the world's lanes (IDM), queue, are served, leave.
//
// What it models, in order of a trip (docs/layout-planning.md has the picture):
//   arrival    Poisson arrivals per hour, direction and class from the Demand (or a recorded
//              feed's entry reads); each truck draws its inspection (documents, X-ray,
//              weighbridge, quarantine), perishable goods, a yard visit and a GPS tracker;
//   upstream   trucks wait, first come first served per direction, in the logistics area until
//              a lane they may use has room at its start;
//   lane       the driver takes, among the lanes of its direction whose class rules allow it and
//              whose booth does its inspection, the one with the fewest trucks before or at the
//              booth (ties at random); a layout without a booth of that kind sends it to a
//              documents booth, then to any booth;
//   movement   the Intelligent Driver Model (Treiber, Hennecke, Helbing 2000) along the lane,
//              behind the truck ahead or toward the booth's stop line, integrated with the
//              ballistic scheme at a fixed step (as SUMO does); no lane changes once entered;
//   service    at the stop line, when the booth is free: a service time from the booth's
//              distribution (the demand may replace it); scanners may end in `hold`;
//   yard       after service, trucks that drew a yard visit (and every hold) leave the lanes for
//              a yard of their side that has room, dwell 20 min – 3 h, then drive to the exit
//              camera across the area (off the lanes: they meet no queue on the way);
//   exit       read by the exit camera of the lane's route: the trip ends.
// Every sensor the world declares reports what it saw, exactly per the feed contract, through
// the synthesizer's writers: plate reads, scanner start/end, weighbridge weights, barrier arms,
// loop counts and occupancy, radar presences, GPS fixes.
//
// Deterministic: the same world, demand and options give a byte-identical feed (own PRNG, own
// log/exp, IEEE-exact arithmetic only).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "engine/time.h"
#include "replay/sim/control.h"
#include "replay/sim/demand.h"
#include "replay/synth.h"
#include "world/world.h"

namespace gatetwin::replay::sim {

/// Parameters of the Intelligent Driver Model for trucks (assumed typical laden-truck values).
struct IdmParams {
  double max_accel_mps2 = 0.8;      // a: laden trucks accelerate gently
  double comfort_decel_mps2 = 1.5;  // b
  double time_headway_s = 1.5;      // T
  double min_gap_m = 2.0;           // s0: bumper gap when stopped in a queue
  // the free-road exponent δ is 4 (the model's usual value), computed as v⁴ by multiplications
};

/// One arrival given explicitly (from a recorded feed's entry reads), instead of drawn from a demand.
struct Arrival {
  engine::TimeUs t_us = 0;
  world::Direction dir = world::Direction::kCnToVn;
  world::VehicleClass vehicle_class = world::VehicleClass::kTruck;
  std::string plate;    // as read (UTF-8); empty: the simulator draws one
  int inspection = -1;  // world::BoothKind, or -1: drawn from the demand's shares
  int perishable = -1;  // 1 or 0, or -1: drawn from the demand's share
};

/// How to run a simulation.
struct SimOptions {
  uint64_t seed = 1;
  engine::TimeUs start_us = kDefaultSynthDayStartUs;           // the first instant of arrivals
  engine::TimeUs duration_us = 86'400 * engine::kUsPerSecond;  // arrivals come within [start, start + duration)
  // after the arrivals end, the gate goes on serving the trucks that came, for at most this long
  engine::TimeUs drain_us = 12 * 3600 * engine::kUsPerSecond;
  double step_s = 0.5;  // integration step of the movement model
  IdmParams idm;
  double hold_share = 0.03;             // X-ray scans that end in `hold` (sent to a yard)
  int loop_interval_s = 30;             // aggregation interval of count-role loops
  double cn_plate_share_import = 0.6;   // cn_to_vn trucks with Chinese plates
  double cn_plate_share_export = 0.25;  // vn_to_cn trucks with Chinese plates
  /// Explicit arrivals ("yesterday's trucks on tomorrow's layout"); when not empty they replace
  /// the demand's arrival rates (its inspection, yard and GPS shares still apply).
  std::vector<Arrival> arrivals;
  /// Incidents and operator actions during the run (training); null: the gate runs undisturbed.
  Controller* controller = nullptr;
};

/// The ground truth of one simulated truck (what the sensors could only estimate).
struct SimTrip {
  world::Direction dir = world::Direction::kCnToVn;
  world::VehicleClass vehicle_class = world::VehicleClass::kTruck;
  int inspection = 0;  // world::BoothKind it was sent to
  bool perishable = false;
  bool unroutable = false;        // no lane of its direction allows its class: it never came through
  int lane = -1;                  // entry lane (index into World::lanes), -1 while waiting upstream
  int booth = -1;                 // booth that served it, -1 when none
  int yard = -1;                  // zone it dwelt in, -1 when none
  engine::TimeUs arrival_us = 0;  // came to the gate area (demand)
  engine::TimeUs lane_us = -1;    // entered its lane
  engine::TimeUs entry_us = -1;   // read by the entry camera (time in system starts)
  engine::TimeUs service_start_us = -1, service_end_us = -1;
  engine::TimeUs exit_us = -1;  // read by the exit camera; -1: still inside at the end
  double free_flow_s = 0;       // entry → exit at the speed limit, plus the service time
};

/// What a lane's control signal (the light over its entry) shows drivers.
enum class LaneSignal : uint8_t {
  kOpen,     // green arrow: trucks may choose the lane
  kClosed,   // red cross: no truck chooses it (trucks already on it carry on)
  kOpening,  // amber: a tidal lane that opens once the other direction's trucks have left the strip
};

/// A lane's signal changing at a moment of the run.
struct LaneSignalChange {
  engine::TimeUs t_us = 0;
  int lane = -1;  // index into World::lanes
  LaneSignal signal = LaneSignal::kOpen;
};

/// Each lane's signal at `t_us`: its last change at or before `t_us`, or before the run's start
/// its first (the start's state); kOpen for a lane the list does not name.
std::vector<LaneSignal> LaneSignalsAt(const std::vector<LaneSignalChange>& changes, size_t lane_count,
                                      engine::TimeUs t_us);

/// What a simulation produced.
struct SimResult {
  std::vector<SimTrip> trips;     // in order of arrival
  SynthStats feed;                // lines and events written, by kind
  engine::TimeUs end_us = 0;      // when the simulation stopped
  uint64_t vehicle_updates = 0;   // car-following updates (vehicles × steps)
  int yard_full = 0;              // yard visits given up because every yard was full
  int unroutable = 0;             // arrivals with no lane of their direction and class
  std::vector<Refusal> refusals;  // controller commands that could not take effect
  // in time order: every lane's signal at the start, then each change (closures, reversals)
  std::vector<LaneSignalChange> lane_signals;
};

/// Simulates `demand` (or options.arrivals) on `world` and writes the sensors' feed to `out` as
/// JSON Lines sorted by time. Service-time overrides in the demand must name booths of the
/// world (CheckDemandAgainstWorld).
SimResult Simulate(const world::World& world, const Demand& demand, const SimOptions& options, std::ostream& out);

}  // namespace gatetwin::replay::sim
