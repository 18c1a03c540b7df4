// Training scenarios and trainee actions: what strikes the gate during a shift and what the operator does.
//
// A scenario file (YAML, `assets/scenarios/*.yaml`; every key in docs/training.md) names a
// world, the traffic (a demand file, a truck count, or a recorded feed's trucks), the shift's
// start and length, how the gate starts (lanes or booths closed), the baseline policy the
// trainee is scored against, and the incidents: each at a time or when a queue grows past a
// size. An actions file lists the trainee's decisions, each at a time or a delay after an
// incident fired. Both load in two passes: the text (syntax, types, times) and then the
// world's references (lanes, booths, sensors), each error as `file:line:col: what to fix`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/time.h"
#include "world/diagnostics.h"
#include "world/world.h"

namespace gatetwin::replay::train {

/// A world element named in a file, resolved to its index by ResolveScenario/ResolveActions.
struct Ref {
  std::string id;
  world::SourceLoc loc;
  int index = -1;
};

/// When something happens: at a time, a delay after an incident fired, or (incidents only)
/// when a queue reaches a size.
struct Trigger {
  enum class Kind : uint8_t { kAt, kAfterIncident, kQueue } kind = Kind::kAt;
  engine::TimeUs at_us = 0;  // kAt: the instant
  std::string incident;      // kAfterIncident: its id
  world::SourceLoc incident_loc;
  engine::TimeUs delay_us = 0;       // kAfterIncident: this long after it fired
  int queue_trucks = 0;              // kQueue: trucks not yet through a booth, at least
  int direction = -1;                // kQueue: of this direction (-1: both together)
  Ref lane;                          // kQueue: on this lane only (id empty: the whole direction)
  engine::TimeUs not_before_us = 0;  // kQueue: not before this instant
};

enum class IncidentKind : uint8_t {
  kScannerFault,
  kLaneClosure,
  kBarrierStuck,
  kSurge,
  kBoothBlocked,
  kSensorOffline,
  kRain,
  kPerishableConvoy,
};
inline constexpr int kIncidentKindCount = 8;
std::string_view ToString(IncidentKind kind);

/// One scripted incident.
struct Incident {
  std::string id;
  IncidentKind kind = IncidentKind::kLaneClosure;
  world::Names names;  // what the alarm says, in vi/zh/en (optional)
  Trigger trigger;
  engine::TimeUs duration_us = 0;  // 0: until the end of the shift (surge/convoy: the arrival spread)
  Ref lane, booth, sensor;         // the element it strikes, by kind
  int direction = 0;               // surge and convoy
  int trucks = 0;                  // surge and convoy
  world::VehicleClass vehicle_class = world::VehicleClass::kTruck;
  double speed_factor = 0.6;   // rain
  bool alarm = true;           // the operator must acknowledge it (response time is scored)
  bool by_instructor = false;  // struck by the instructor (an actions file's), not the scenario's
  world::SourceLoc loc;
};

enum class ActionKind : uint8_t {
  kOpenLane,
  kCloseLane,
  kOpenBooth,
  kCloseBooth,
  kDivertToYard,
  kPrioritisePerishable,
  kAcknowledge,
  kAnnotate,
  kInject,       // the instructor fires an incident of the scenario now (it had not happened yet)
  kReverseLane,  // a tidal lane: the side in use closes, the other opens once the strip is clear
};
inline constexpr int kActionKindCount = 10;
std::string_view ToString(ActionKind kind);

/// One decision of the operator (or of the baseline policy), or an instructor's note.
struct Action {
  ActionKind kind = ActionKind::kAcknowledge;
  Trigger trigger;  // kAt or kAfterIncident
  Ref lane, booth;
  int direction = 0;     // prioritise_perishable
  bool on = true;        // prioritise_perishable
  std::string incident;  // acknowledge, inject
  world::SourceLoc incident_loc;
  std::string text;  // annotate
  world::SourceLoc loc;
};

/// Where the traffic of the shift comes from.
struct Traffic {
  std::string demand_path;              // a demand file (resolved against the scenario's folder)
  double trucks_per_day = -1;           // or the default gate day of this many trucks
  std::vector<std::string> feed_paths;  // or a recorded feed's trucks
};

/// A training scenario.
struct Scenario {
  std::string file;  // where it was read from
  std::string name;
  world::Names names;
  std::string world_path;  // resolved against the scenario's folder
  Traffic traffic;
  engine::TimeUs start_us = 0;
  engine::TimeUs duration_us = 0;                             // arrivals come within [start, start + duration)
  engine::TimeUs drain_us = 2 * 3600 * engine::kUsPerSecond;  // then the gate serves those inside
  uint64_t seed = 1;
  std::vector<Ref> closed_lanes, closed_booths;  // at the start of the shift
  engine::TimeUs response_target_us = 5 * 60 * engine::kUsPerSecond;
  std::vector<Action> baseline;  // the policy the trainee is scored against (empty: do nothing)
  std::vector<Incident> incidents;
};

/// Reads a scenario (text only: world references are resolved by ResolveScenario). On errors
/// returns nullopt with `file:line:col: message` diagnostics.
std::optional<Scenario> LoadScenario(const std::string& path, world::Diagnostics* diags);
std::optional<Scenario> ParseScenario(const std::string& text, const std::string& file, world::Diagnostics* diags);

/// Reads an actions file (`actions:` list); `start_us` is the scenario's, for `at: HH:MM`.
/// An actions file: the trainee's decisions, and the incidents the instructor struck during the
/// session beyond the scenario's (`incidents:`, written as in a scenario; they strike the
/// baseline too).
struct ActionsFile {
  std::vector<Action> actions;
  std::vector<Incident> incidents;
};
std::optional<ActionsFile> LoadActions(const std::string& path, engine::TimeUs start_us, world::Diagnostics* diags);
std::optional<ActionsFile> ParseActions(const std::string& text, const std::string& file, engine::TimeUs start_us,
                                        world::Diagnostics* diags);

/// Writes an actions file that ParseActions reads back to the same actions and incidents (times
/// as RFC 3339 in the gate's offset): what the viewer saves, so `gatetwin train` replays a session.
std::string WriteActions(const std::vector<Action>& actions, const std::vector<Incident>& incidents = {});

/// The first sensor of `kind` serving `booth` (its scanner, its barrier arm), or -1.
int BoothSensor(const world::World& world, int booth, world::SensorKind kind);

/// Resolves every lane, booth and sensor of the scenario in `world` and checks that each
/// incident fits its element (a scanner fault needs a booth with a scanner, ...); incident
/// ids named by triggers must exist. Errors go to `diags`; true when there were none.
bool ResolveScenario(const world::World& world, Scenario* scenario, world::Diagnostics* diags);
/// Appends the instructor's incidents (an actions file's) to the scenario's, before
/// ResolveScenario; an id the scenario already uses is an error at the incident. True when none.
bool AddInstructorIncidents(std::vector<Incident> incidents, Scenario* scenario, world::Diagnostics* diags);
/// The same for actions (against the scenario's incidents too).
bool ResolveActions(const world::World& world, const Scenario& scenario, std::vector<Action>* actions,
                    world::Diagnostics* diags);

}  // namespace gatetwin::replay::train
