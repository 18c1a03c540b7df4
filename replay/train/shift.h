// A training shift as a microsimulation controller: fires incidents, carries out actions, logs both.
//
// The shift turns the scenario's incidents (at their times or when a queue grows) and one
// policy's actions (the trainee's, or the scenario's baseline) into microsimulation commands
// (replay/sim/control.h), and keeps what the scoring and the after-action review need: when
// each incident fired and was acknowledged, every decision on a timeline, and the queues.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "replay/sim/microsim.h"  // the Controller and the Arrival its commands carry
#include "replay/train/scenario.h"

namespace gatetwin::replay::train {

/// One mark on the shift's timeline.
struct TimelineEntry {
  enum class Type : uint8_t { kIncident, kIncidentEnd, kAction, kAnnotation, kRefused };
  engine::TimeUs t_us = 0;
  Type type = Type::kAction;
  std::string what;    // the incident's id, or the action's kind
  std::string detail;  // e.g. "booth.L04", "lane L05 opened", the refusal's reason
  int index = -1;      // into the scenario's incidents or the policy's actions
};
std::string_view ToString(TimelineEntry::Type type);

/// Queues at one moment (the shift samples them every few minutes).
struct QueueSample {
  engine::TimeUs t_us = 0;
  std::array<int, 2> queue{};  // per direction: trucks not yet through a booth
};

/// What happened during one run of the shift under one policy.
struct ShiftLog {
  std::vector<TimelineEntry> timeline;          // in time order
  std::vector<engine::TimeUs> fired_us;         // per incident: when it fired, -1 never
  std::vector<engine::TimeUs> acknowledged_us;  // per incident: first acknowledgement, -1 none
  int peak_queue = 0;                           // both directions together
  engine::TimeUs peak_queue_us = -1;
  std::array<int, 2> peak_queue_by_direction{};
  std::vector<QueueSample> queue_series;
};

/// Drives one run of a shift. `actions` must outlive it; both it and the scenario resolved.
class Shift : public sim::Controller {
 public:
  Shift(const world::World& world, const Scenario& scenario, const std::vector<Action>& actions);

  void Step(const sim::GateView& view, std::vector<sim::Command>* commands) override;
  engine::TimeUs NextDueUs() const override;

  /// Adds the microsimulation's refusals to the timeline; call once after the run.
  void Finish(const std::vector<sim::Refusal>& refusals);
  const ShiftLog& log() const { return log_; }

 private:
  // something due at a known time: an incident firing or ending, an action
  struct Due {
    engine::TimeUs t_us;
    enum class What : uint8_t { kFire, kEnd, kAct } what;
    int index;
  };
  void Schedule(engine::TimeUs t, Due::What what, int index);
  void Fire(int incident, engine::TimeUs t, std::vector<sim::Command>* out);
  void End(int incident, engine::TimeUs t, std::vector<sim::Command>* out);
  void Act(int action, engine::TimeUs t, std::vector<sim::Command>* out);
  // follow-ups of a fired incident: actions and incidents `after_incident` it
  void ScheduleAfter(int incident, engine::TimeUs fired_us);
  bool QueueReached(const Trigger& trig, const sim::GateView& view) const;
  sim::Command Make(sim::Command::Kind kind, int target, engine::TimeUs t) const;
  void Log(engine::TimeUs t, TimelineEntry::Type type, std::string what, std::string detail, int index);

  const world::World& world_;
  const Scenario& scenario_;
  const std::vector<Action>& actions_;
  std::map<std::pair<engine::TimeUs, uint64_t>, Due> due_;  // by time, then the order scheduled
  uint64_t due_seq_ = 0;
  bool started_ = false;
  engine::TimeUs next_sample_us_ = 0;
  ShiftLog log_;
};

}  // namespace gatetwin::replay::train
