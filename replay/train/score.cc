// Scoring a training shift: delays and queues against the baseline, response times (score.h).
#include "replay/train/score.h"

#include <algorithm>

namespace gatetwin::replay::train {

using engine::TimeUs;

ShiftKpis Measure(const sim::SimResult& sim, const ShiftLog& log) {
  ShiftKpis k;
  double delay_s = 0, perishable_s = 0;
  for (const sim::SimTrip& trip : sim.trips) {
    if (trip.unroutable) {
      ++k.unroutable;
      continue;
    }
    ++k.trucks;
    double d = 0;
    if (trip.exit_us >= 0) {
      ++k.completed;
      d = std::max(0.0, static_cast<double>(trip.exit_us - trip.arrival_us) / engine::kUsPerSecond - trip.free_flow_s);
    } else {
      ++k.still_inside;
      d = static_cast<double>(sim.end_us - trip.arrival_us) / engine::kUsPerSecond;
    }
    delay_s += d;
    if (trip.perishable) ++k.perishable_trucks, perishable_s += d;
  }
  k.total_delay_h = delay_s / 3600;
  k.perishable_delay_h = perishable_s / 3600;
  k.mean_delay_min = k.trucks > 0 ? delay_s / 60 / static_cast<double>(k.trucks) : 0;
  k.peak_queue = log.peak_queue;
  k.peak_queue_us = log.peak_queue_us;
  k.peak_queue_by_direction = log.peak_queue_by_direction;
  return k;
}

double RelativeFraction(double trainee, double baseline) {
  if (baseline <= 0) return trainee <= 0 ? 1 : 0;
  return std::clamp(1.5 - trainee / baseline, 0.0, 1.0);
}

Score ScoreShift(const Scenario& sc, const ShiftKpis& base, const ShiftKpis& trainee, const ShiftLog& log) {
  Score s;
  s.components.push_back({"delay", 40, RelativeFraction(trainee.total_delay_h, base.total_delay_h), true});
  s.components.push_back({"perishable_delay", 20, RelativeFraction(trainee.perishable_delay_h, base.perishable_delay_h),
                          base.perishable_trucks + trainee.perishable_trucks > 0});
  s.components.push_back({"peak_queue", 20, RelativeFraction(trainee.peak_queue, base.peak_queue), true});
  const double target_s = static_cast<double>(sc.response_target_us) / engine::kUsPerSecond;
  double sum = 0;
  int scored = 0;
  for (size_t i = 0; i < sc.incidents.size(); ++i) {
    IncidentResponse r;
    r.incident = static_cast<int>(i);
    r.fired_us = log.fired_us[i];
    r.acknowledged_us = log.acknowledged_us[i];
    r.scored = sc.incidents[i].alarm && r.fired_us >= 0;
    if (r.fired_us >= 0 && r.acknowledged_us >= 0) {
      r.response_s = static_cast<double>(r.acknowledged_us - r.fired_us) / engine::kUsPerSecond;
      r.fraction = r.response_s <= target_s ? 1 : std::clamp(1 - (r.response_s - target_s) / (2 * target_s), 0.0, 1.0);
    }
    if (r.scored) sum += r.fraction, ++scored;
    s.responses.push_back(r);
  }
  s.components.push_back({"response", 20, scored > 0 ? sum / scored : 0, scored > 0});
  double earned = 0, weights = 0;
  for (const auto& c : s.components) {
    if (!c.applies) continue;
    earned += c.weight * c.fraction;
    weights += c.weight;
  }
  s.total = weights > 0 ? 100 * earned / weights : 0;
  return s;
}

}  // namespace gatetwin::replay::train
