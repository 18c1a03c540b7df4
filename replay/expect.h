// `--expect`: bounds on report values, checked after a replay (a pass/fail headless replay test).
#pragma once

#include <string>
#include <vector>

namespace gatetwin::replay {

/// The outcome of one bound.
struct ExpectCheck {
  std::string path;  // dotted path into the report, e.g. `vehicles.completed`
  double value = 0;  // what the report says
  bool passed = false;
  std::string message;  // `vehicles.completed = 650: below min 700 by 50 (7.1%)`
};

/// All checks, or the errors that prevented checking (bad expect file, unknown path).
struct ExpectResult {
  std::vector<ExpectCheck> checks;
  std::vector<std::string> errors;  // `file:line:col: what is wrong`

  bool ok() const { return errors.empty(); }
  bool passed() const;
};

/// Checks a report (JSON text) against an expect file. The file's format:
///
///     expect:
///       vehicles.completed: {min: 700, max: 900}
///       events.unknown_sensor: 0                  # exactly
///       time_in_system_s.p95: {max: 5400}
///       throughput_per_hour.total: {approx: 40, tol: 0.1}   # within 10 %
///
/// Paths name keys of nested objects joined by dots (keys that contain dots themselves,
/// such as sensor ids, are matched whole).
ExpectResult CheckExpectations(const std::string& report_json, const std::string& expect_path);

/// The same with the expect file's text in memory (`display_name` stands for it in errors).
ExpectResult CheckExpectationsText(const std::string& report_json, const std::string& expect_yaml,
                                   const std::string& display_name);

}  // namespace gatetwin::replay
