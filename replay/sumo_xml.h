// Streams SUMO's FCD and E1 (induction loop) XML outputs into records, with the line of each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gatetwin::replay {

/// Which SUMO output a file is, from its root element.
enum class SumoFileKind : uint8_t { kUnknown, kFcd, kE1 };

/// One `<vehicle>` of an FCD `<timestep>`. Attributes that were absent have `has_*` false;
/// a present but unparsable one is reported through SumoXmlHandler::OnBadAttribute instead.
struct FcdVehicle {
  std::string_view id, type, lane;
  double x = 0, y = 0;   // net metres, or lon/lat with --fcd-output.geo
  double angle_deg = 0;  // navigational: clockwise from (grid) north
  double speed_mps = 0;
  double pos_m = 0;  // distance along `lane`
  bool has_x = false, has_y = false, has_angle = false, has_speed = false, has_pos = false;
  uint64_t line = 0;
};

/// One `<interval>` of an E1 detector file (SUMO's units: flow veh/h, occupancy %, speed m/s,
/// -1 when no vehicle passed).
struct E1Interval {
  std::string_view id;
  double begin_s = 0, end_s = 0;
  int64_t count = 0;  // nVehContrib
  double flow_vph = 0, occupancy_pct = 0, speed_mps = -1;
  bool has_begin = false, has_end = false, has_count = false, has_occupancy = false, has_speed = false;
  uint64_t line = 0;
};

/// Receives a SUMO file's records in file order. String views are valid during the call only.
class SumoXmlHandler {
 public:
  virtual ~SumoXmlHandler() = default;
  /// A `<timestep time>`: `time_s` is valid only when `ok` (else the time was missing or bad,
  /// and that was reported through OnBadAttribute).
  virtual void OnTimestep(double time_s, bool ok, uint64_t line) = 0;
  virtual void OnVehicle(const FcdVehicle& v) = 0;
  virtual void OnInterval(const E1Interval& i) = 0;
  /// An element that is not part of what is converted (`<person>`, `<container>`, others).
  virtual void OnIgnoredElement(std::string_view element, uint64_t line) = 0;
  /// An attribute whose value is not what SUMO writes (`speed="fast"`).
  virtual void OnBadAttribute(std::string_view element, std::string_view attribute, std::string_view value,
                              uint64_t line) = 0;
};

/// An expat push parser over one SUMO file: give it the bytes in pieces of any size. Well-formed
/// XML is required; the first syntax error stops it, with error() saying `name:line:col: what`.
class SumoXmlReader {
 public:
  /// `name` is used in messages; `handler` must outlive the reader.
  SumoXmlReader(std::string name, SumoXmlHandler* handler);
  ~SumoXmlReader();
  SumoXmlReader(const SumoXmlReader&) = delete;
  SumoXmlReader& operator=(const SumoXmlReader&) = delete;

  /// Parses the next `n` bytes (`last` on the final piece). False once an error stopped it.
  bool Parse(const char* data, size_t n, bool last);
  /// The file's kind, known after its root element was read.
  SumoFileKind kind() const;
  /// The first error (`name:line:col: what, and what to do`); empty when none.
  const std::string& error() const;
  /// The line the parser has reached (for messages about the end of input).
  uint64_t line() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::replay
