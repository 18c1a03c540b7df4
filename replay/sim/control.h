// Changes to a running microsimulation: incidents and operator actions, as commands at a time.
//
// The microsimulation (microsim.h) knows nothing of scenarios or trainees: a Controller looks
// at the gate once per step (GateView) and hands it the commands due now. replay/train/ turns
// a scenario's incidents and a trainee's actions into such commands; a study could as well.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/time.h"

namespace gatetwin::replay::sim {

struct Arrival;

/// One change to the running gate, applied at the first step at or after it is issued.
struct Command {
  enum class Kind : uint8_t {
    kCloseLane,             // target lane: no truck chooses it any more (those on it carry on)
    kOpenLane,              // target lane: open again
    kCloseBooth,            // target booth: no new service starts there, and no truck chooses its lanes
    kOpenBooth,             // target booth: serves again
    kHoldBooth,             // target booth: its truck in service (or else the next) keeps it `duration_us` longer
    kJamBarrier,            // target booth: its arm stays down, no truck leaves it for `duration_us`
    kSpeedFactor,           // every lane's speed limit × `value` (heavy rain: about 0.6); 1 restores it
    kArrivals,              // `arrivals` come to the gate (a surge, a perishable convoy)
    kSensorDown,            // target sensor: its events are lost until kSensorUp; `detail` is the status
    kSensorUp,              // target sensor: reports again
    kDivertToYard,          // target booth: its truck in service leaves for a yard now
    kPrioritisePerishable,  // target direction; value 1 on, 0 off: perishable trucks go first upstream
    kReverseLane,           // target: either lane of a tidal pair; the open side closes to new trucks and
                            // the other opens once no truck is left on the strip
  };
  Kind kind = Kind::kCloseLane;
  int target = -1;  // lane, booth or sensor index (into the world), or a direction
  double value = 0;
  engine::TimeUs duration_us = 0;
  std::vector<Arrival> arrivals;
  std::string detail;  // kSensorDown: `fault` or `offline`
  int tag = -1;        // the controller's own number for it (refusals name it)
};

/// A command that could not take effect, and why (e.g. no truck at the booth to divert).
struct Refusal {
  int tag = -1;
  engine::TimeUs t_us = 0;
  std::string reason;
};

/// What a controller sees of the gate at the start of a step.
struct GateView {
  engine::TimeUs t_us = 0;
  std::array<int, 2> queue{};                    // per direction: upstream + on lanes, not yet through a booth
  const std::vector<int>* lane_queue = nullptr;  // per lane: trucks on it not yet through its booth
};

/// Decides, step by step, what happens to the gate.
class Controller {
 public:
  virtual ~Controller() = default;
  /// Called at the start of every simulated step; appends the commands due now.
  virtual void Step(const GateView& view, std::vector<Command>* commands) = 0;
  /// The earliest time a timed command falls due: the simulation never jumps past it.
  virtual engine::TimeUs NextDueUs() const { return std::numeric_limits<engine::TimeUs>::max(); }
};

}  // namespace gatetwin::replay::sim
