// The KPI panel: vehicles present, queues per lane, throughput, time in system, live and day plots.
#pragma once

#include <deque>

#include "engine/viewer/panel_context.h"

namespace gatetwin::viewer {

/// Samples of the engine taken at each simulated minute, for the live trend plots.
class KpiHistory {
 public:
  static constexpr size_t kCapacity = 180;  // three hours of minutes

  /// Samples every minute boundary crossed since the last call; a jump back in time (seek,
  /// loop) starts over, as the old samples describe another run.
  void Update(const engine::Engine& engine);
  const std::deque<float>& present() const { return present_; }
  const std::deque<float>& queued() const { return queued_; }

 private:
  engine::TimeUs last_minute_us_ = -1;
  std::deque<float> present_, queued_;
};

/// Completed trips in the hour up to the engine's now, and their mean time in system.
struct HourFigures {
  int completed = 0;
  double mean_time_in_system_s = -1;  // -1: none completed in that hour
};
HourFigures LastHourFigures(const engine::Engine& engine);

/// Vehicles queued on every lane now.
int QueuedTotal(const engine::Engine& engine);

void DrawKpiPanel(const PanelContext& ctx, KpiHistory* history);

}  // namespace gatetwin::viewer
