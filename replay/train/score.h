// Scoring a training shift: the trainee's run against the scenario's baseline policy.
//
// The rules (docs/training.md has them with a worked example):
//   delay        per truck: arrival in the gate area → exit camera, minus the same trip at the
//                speed limit with its own drawn service time (holds, jams and queues are delay);
//                a truck still inside at the end counts all its time since arrival.
//   components   total delay (weight 40), perishable delay (20), peak queue (20): each earns
//                clamp(1.5 − trainee / baseline, 0, 1) — as good as the baseline is half marks,
//                half the baseline's is full marks, 1.5 × the baseline's is none; a baseline of 0
//                gives full marks only to a trainee's 0.
//   response     (20) per alarm that fired in the trainee's run: full marks when acknowledged
//                within the scenario's response target, falling linearly to none at 3 × the
//                target; never acknowledged: none. The component is their mean.
//   total        the weighted mean over the components that apply (no perishable trucks in
//                either run, or no alarms fired: that component is left out), × 100.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "replay/sim/microsim.h"
#include "replay/train/shift.h"

namespace gatetwin::replay::train {

/// What one run of the shift achieved.
struct ShiftKpis {
  uint64_t trucks = 0;  // arrived and could use the layout
  uint64_t completed = 0, still_inside = 0, unroutable = 0;
  uint64_t perishable_trucks = 0;
  double total_delay_h = 0;
  double perishable_delay_h = 0;
  double mean_delay_min = 0;
  int peak_queue = 0;  // both directions, trucks not yet through a booth
  engine::TimeUs peak_queue_us = -1;
  std::array<int, 2> peak_queue_by_direction{};
};

ShiftKpis Measure(const sim::SimResult& sim, const ShiftLog& log);

/// One component of the score.
struct ScoreComponent {
  std::string name;  // delay, perishable_delay, peak_queue, response
  double weight = 0;
  double fraction = 0;  // 0..1 of its weight earned
  bool applies = true;
};

/// How the trainee answered one incident.
struct IncidentResponse {
  int incident = -1;
  engine::TimeUs fired_us = -1, acknowledged_us = -1;
  double response_s = -1;  // -1: not acknowledged (or did not fire)
  double fraction = 0;     // of the response marks
  bool scored = false;     // an alarm that fired
};

struct Score {
  double total = 0;  // 0..100
  std::vector<ScoreComponent> components;
  std::vector<IncidentResponse> responses;  // per incident of the scenario
};

/// The fraction a component earns: clamp(1.5 − trainee / baseline, 0, 1).
double RelativeFraction(double trainee, double baseline);

Score ScoreShift(const Scenario& scenario, const ShiftKpis& baseline, const ShiftKpis& trainee,
                 const ShiftLog& trainee_log);

}  // namespace gatetwin::replay::train
