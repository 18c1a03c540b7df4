// The congestion plugin's figures as plain data, and writing them to CSV and JSON files.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gatetwin::congestion {

/// One headline figure.
struct Kpi {
  std::string name;  // "lane_queue_max_veh.L01"
  double value = 0;
  std::string unit;
};

/// One time series: `series` names the figure, `key` what it is of (a lane, an approach, a point).
struct Series {
  std::string series, key, unit;
  std::vector<std::pair<int64_t, double>> points;  // (UTC microseconds, value), in time order
};

/// Everything the plugin publishes, plus what only the files carry (text facts, the world).
struct Figures {
  std::string world_name, world_phase;
  int utc_offset_min = 0;
  double interval_s = 0;
  std::vector<double> los_thresholds_min;
  int64_t from_us = -1, to_us = -1;
  std::vector<Kpi> kpis;
  std::vector<Series> series;
  std::vector<std::pair<std::string, std::string>> facts;  // ("peak_queue.lane", "L02"), ...
};

/// `t_us` (UTC) as local RFC 3339 with the offset, e.g. 2026-01-15T08:05:00.000+07:00.
std::string FormatLocal(int64_t t_us, int utc_offset_min);

/// Writes `dir`/congestion_series.csv (long format: t_local,series,key,value,unit) and
/// `dir`/congestion.json (KPIs, facts and series). Each file is written beside itself and then
/// renamed, so a reader never sees half a file. Throws std::runtime_error naming the file.
void WriteFiles(const std::string& dir, const Figures& figures);

}  // namespace gatetwin::congestion
