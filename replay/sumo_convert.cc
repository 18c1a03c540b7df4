// Converts SUMO FCD samples and E1 intervals into the feed contract's events (JSON lines).
//
// [SECTION] text helpers   [SECTION] state   [SECTION] FCD   [SECTION] E1   [SECTION] issues
#include "replay/sumo_convert.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "engine/lane_geometry.h"
#include "engine/time.h"
#include "replay/line_parser.h"
#include "replay/sumo_geo.h"

namespace gatetwin::replay {

using engine::TimeUs;

std::string_view ToString(SumoIssue issue) {
  switch (issue) {
    case SumoIssue::kUnmappedLane: return "unmapped_lane";
    case SumoIssue::kUnknownDetector: return "unknown_detector";
    case SumoIssue::kBadAttribute: return "bad_attribute";
    case SumoIssue::kIgnoredLane: return "ignored_lane";
    case SumoIssue::kIgnoredElement: return "ignored_element";
    case SumoIssue::kOffLane: return "off_lane";
  }
  return "?";
}

namespace {

// [SECTION] text helpers

constexpr size_t kExamplesPerIssue = 5;
constexpr double kRadToDeg = 57.295779513082320876;

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

void AppendFixed(double v, int digits, std::string* out) {
  // inputs are bounded by the reader (|x| < 1e12), so this never overflows; 0 keeps JSON valid if it did
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, digits);
  if (r.ec != std::errc() || !std::isfinite(v)) {
    out->push_back('0');
    return;
  }
  out->append(buf, r.ptr);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// compass bearing (clockwise from north, [0, 360)) of an ENU heading
double BearingDeg(double heading_rad) { return std::fmod(90 - heading_rad * kRadToDeg + 720, 360); }

// the smallest angle between two bearings, in [0, 180]
double AngleBetweenDeg(double a, double b) {
  const double d = std::fmod(std::fabs(a - b), 360);
  return d > 180 ? 360 - d : d;
}

}  // namespace

// [SECTION] state

struct SumoConverter::Impl {
  struct AnprAt {
    double station_m;
    int sensor;
  };
  struct VehicleState {
    int lane = -1;  // world lane of the last sample, -1 when it was not on one
    double station_m = 0;
    TimeUs ts_us = 0;
    uint64_t samples = 0;
    std::string plate_json;
    std::string_view class_text;
    std::vector<int> fired;  // ANPR sensors it has passed (each reads a vehicle once)
  };
  struct Pending {
    TimeUs ts_us;
    uint64_t seq;
    std::string line;
  };

  const world::World& world;
  const SumoMap& map;
  std::string file;
  engine::LaneNetwork lanes;
  SumoProjector projector;
  std::vector<std::vector<AnprAt>> anpr_by_lane;
  std::unordered_set<uint64_t> connections;  // from << 32 | to
  std::vector<std::string> sensor_json, lane_json;
  std::unordered_map<std::string, VehicleState> vehicles;
  SumoTally tally;
  std::array<size_t, kSumoIssueCount> examples_of{};

  std::vector<Pending> pending;  // the current timestep's lines, sorted when it ends
  uint64_t seq = 0;
  std::string done;  // complete lines, in time order
  bool timestep_ok = false;
  uint64_t timestep_line = 0;
  TimeUs now_us = 0;
  TimeUs floor_us = std::numeric_limits<TimeUs>::min();  // no line may be earlier (already written)
  std::string ts_text;                                   // now_us formatted (reused by the timestep's lines)
  bool bad_pending = false;                              // the element being read had a bad attribute, already reported

  Impl(const world::World& w, const SumoMap& m, std::string f)
      : world(w), map(m), file(std::move(f)), lanes(w), projector(w, m), anpr_by_lane(w.lanes.size()) {
    for (size_t s = 0; s < w.sensors.size(); ++s) {
      const world::Sensor& sensor = w.sensors[s];
      sensor_json.push_back(JsonString(sensor.id));
      if (sensor.kind != world::SensorKind::kAnpr) continue;
      for (size_t k = 0; k < sensor.lanes.size() && k < sensor.station_m.size(); ++k) {
        anpr_by_lane[static_cast<size_t>(sensor.lanes[k])].push_back({sensor.station_m[k], static_cast<int>(s)});
      }
    }
    for (auto& list : anpr_by_lane) {
      std::sort(list.begin(), list.end(), [](const AnprAt& a, const AnprAt& b) { return a.station_m < b.station_m; });
    }
    for (const world::Lane& lane : w.lanes) lane_json.push_back(JsonString(lane.id));
    for (const world::Connection& c : w.connections) {
      connections.insert(static_cast<uint64_t>(c.from) << 32 | static_cast<uint32_t>(c.to));
    }
  }

  TimeUs ToTs(double time_s) const { return map.start_us + std::llround(time_s * 1e6); }

  std::string Src(uint64_t line) const { return file + ":" + std::to_string(line); }

  // `{"ts":"...","sensor":...,"kind":"..."` into `out`
  void Begin(TimeUs ts_us, std::string_view sensor_json_text, std::string_view kind, std::string* out) const {
    out->append("{\"ts\":\"");
    out->append(ts_us == now_us && !ts_text.empty() ? ts_text : engine::FormatRfc3339(ts_us, map.utc_offset_min));
    out->append("\",\"sensor\":");
    out->append(sensor_json_text);
    out->append(",\"kind\":\"");
    out->append(kind);
    out->push_back('"');
  }

  void End(uint64_t line, std::string* out) const {
    out->append(",\"sumo_src\":");
    AppendJsonString(out, Src(line));
    out->append("}\n");
  }

  void Emit(TimeUs ts_us, std::string line) { pending.push_back({ts_us, seq++, std::move(line)}); }

  void Flush() {
    std::sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
      return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.seq < b.seq;
    });
    for (const Pending& p : pending) done += p.line;
    pending.clear();
  }

  // [SECTION] issues

  void Note(SumoIssue issue, uint64_t line, const std::string& detail) {
    const auto i = static_cast<size_t>(issue);
    ++tally.issues[i];
    if (examples_of[i] < kExamplesPerIssue) {
      ++examples_of[i];
      tally.examples.push_back(Src(line) + ": " + std::string(ToString(issue)) + ": " + detail);
    }
  }

  // a record that was meant to be an event but is broken: a line without ts, which the replay
  // quarantines as malformed, carrying what was wrong
  void Bad(uint64_t line, std::string_view kind, const std::string& detail) {
    Note(SumoIssue::kBadAttribute, line, detail);
    std::string out = "{\"sensor\":\"sumo\",\"kind\":\"";
    out += kind;
    out += "\",\"sumo_issue\":\"bad_attribute\",\"detail\":";
    AppendJsonString(&out, detail);
    End(line, &out);
    done += out;  // without a ts it has no place in time: it goes out at once
  }

  // [SECTION] FCD

  VehicleState& StateOf(std::string_view id) {
    auto [it, inserted] = vehicles.try_emplace(std::string(id));
    if (inserted) {
      ++tally.vehicles;
      it->second.plate_json = JsonString(map.PlateFor(id));
    }
    return it->second;
  }

  bool Connected(int from, int to) const {
    return connections.count(static_cast<uint64_t>(from) << 32 | static_cast<uint32_t>(to)) != 0;
  }

  // the world lane and station of a geo sample: the nearest lane within snap_m whose direction
  // agrees with the vehicle's heading (when it has one)
  engine::LaneNetwork::Snap SnapGeo(const world::Vec3& p, bool has_bearing, double bearing_deg) const {
    engine::LaneNetwork::Snap best;
    for (const world::Direction d : {world::Direction::kVnToCn, world::Direction::kCnToVn}) {
      const auto snap = lanes.Nearest(p, map.snap_m, &d);
      if (snap.lane < 0) continue;
      if (has_bearing) {
        const double lane_bearing = BearingDeg(lanes.lane(snap.lane).PoseAt(snap.projection.station_m).heading_rad);
        if (AngleBetweenDeg(lane_bearing, bearing_deg) >= 90) continue;
      }
      if (best.lane < 0 || snap.projection.distance_m < best.projection.distance_m) best = snap;
    }
    return best;
  }

  void EmitGps(const VehicleState& st, double lat, double lon, bool has_heading, double heading_deg,
               const FcdVehicle& v, std::string_view sensor_text, std::string_view issue) {
    std::string out;
    out.reserve(256);
    Begin(now_us, sensor_text, "gps", &out);
    out += ",\"vehicle\":";
    out += st.plate_json;
    out += ",\"lat\":";
    AppendFixed(lat, 7, &out);
    out += ",\"lon\":";
    AppendFixed(lon, 7, &out);
    if (has_heading) {
      out += ",\"heading_deg\":";
      AppendFixed(std::fmod(std::round(heading_deg * 10) / 10 + 360, 360), 1, &out);
    }
    if (v.has_speed && v.speed_mps >= 0) {
      out += ",\"speed_kmh\":";
      AppendFixed(v.speed_mps * 3.6, 1, &out);
    }
    if (!issue.empty()) {
      out += ",\"sumo_issue\":\"";
      out += issue;
      out += '"';
    }
    End(v.line, &out);
    Emit(now_us, std::move(out));
  }

  // the plate reads of the ANPR sensors passed since the vehicle's previous sample
  void Cross(VehicleState* st, int lane, double station_m, const FcdVehicle& v) {
    if (st->samples == 0) return;  // it appeared here: what it passed before is not known
    double from_m = -std::numeric_limits<double>::infinity();
    bool interpolate = false;
    if (st->lane == lane) {
      if (station_m <= st->station_m) return;
      from_m = st->station_m;
      interpolate = true;
    } else if (st->lane >= 0 && !Connected(st->lane, lane)) {
      // a change to a neighbouring lane: stations run alongside, so it passed what lies between
      from_m = st->station_m;
    }
    for (const AnprAt& a : anpr_by_lane[static_cast<size_t>(lane)]) {
      if (a.station_m <= from_m || a.station_m > station_m) continue;
      if (std::find(st->fired.begin(), st->fired.end(), a.sensor) != st->fired.end()) continue;
      st->fired.push_back(a.sensor);
      TimeUs ts = now_us;
      if (interpolate) {
        const double f = (a.station_m - from_m) / (station_m - from_m);
        ts = st->ts_us + static_cast<TimeUs>(std::llround(f * static_cast<double>(now_us - st->ts_us)));
      }
      ts = std::max(ts, floor_us);
      std::string out;
      out.reserve(256);
      Begin(ts, sensor_json[static_cast<size_t>(a.sensor)], "plate_read", &out);
      out += ",\"plate\":";
      out += st->plate_json;
      out += ",\"lane\":";
      out += lane_json[static_cast<size_t>(lane)];
      out += ",\"dir\":\"";
      out += world::ToString(world.lanes[static_cast<size_t>(lane)].direction);
      out += "\",\"conf\":1.0,\"vehicle_class\":\"";
      out += st->class_text;
      out += '"';
      End(v.line, &out);
      Emit(ts, std::move(out));
      ++tally.plate_reads;
    }
  }

  void Vehicle(const FcdVehicle& v) {
    ++tally.vehicle_samples;
    if (bad_pending) {
      bad_pending = false;  // its bad attribute was reported
      return;
    }
    if (!timestep_ok) {
      Bad(v.line, "gps",
          "vehicle in the timestep of line " + std::to_string(timestep_line) + ", which has no valid time");
      return;
    }
    if (v.id.empty()) {
      Bad(v.line, "gps", "vehicle without id=");
      return;
    }
    VehicleState& st = StateOf(v.id);
    st.class_text = world::ToString(map.ClassFor(v.type));
    const std::string_view gps_text =
        map.gps_sensor >= 0 ? std::string_view(sensor_json[static_cast<size_t>(map.gps_sensor)]) : "";
    int lane = -1;
    double station_m = 0, lat = 0, lon = 0, heading = 0;
    bool has_heading = false;
    if (map.placement == SumoPlacement::kLanes) {
      if (v.lane.empty() || !v.has_pos) {
        Bad(v.line, "gps",
            "vehicle " + std::string(v.id) +
                " has no lane= or pos= (sumo writes them by default; or use placement: geo)");
        return;
      }
      auto it = map.lanes.find(std::string(v.lane));
      if (it == map.lanes.end()) {
        st.lane = -1;
        ++st.samples;
        if (map.Ignored(v.lane)) {
          Note(SumoIssue::kIgnoredLane, v.line, "lane " + std::string(v.lane));
          return;
        }
        Note(SumoIssue::kUnmappedLane, v.line,
             "vehicle " + std::string(v.id) + " on SUMO lane " + std::string(v.lane) +
                 ", which the lane map does not list (add it under lanes: or ignore_lanes:)");
        // an unknown sensor to the replay: quarantined with where it came from
        SumoGeoPoint g;
        if (v.has_x && v.has_y && (map.coordinates == SumoCoordinates::kLonLat || map.location) &&
            projector.Project(v.x, v.y, &g)) {
          lat = g.lat_deg;
          lon = g.lon_deg;
        }
        EmitGps(st, lat, lon, false, 0, v, JsonString("sumo:lane:" + std::string(v.lane)), "unmapped_lane");
        return;
      }
      lane = it->second.lane;
      station_m = v.pos_m + it->second.offset_m;
      const engine::LanePose pose = lanes.lane(lane).PoseAt(station_m);
      projector.ToGeo(pose.position, &lat, &lon);
      heading = BearingDeg(pose.heading_rad);
      has_heading = true;
    } else {
      SumoGeoPoint g;
      if (!v.has_x || !v.has_y) {
        Bad(v.line, "gps", "vehicle " + std::string(v.id) + " has no x= or y=");
        return;
      }
      if (!projector.Project(v.x, v.y, &g)) {
        Bad(v.line, "gps",
            "vehicle " + std::string(v.id) + " at x/y " + std::to_string(v.x) + "," + std::to_string(v.y) +
                (map.coordinates == SumoCoordinates::kLonLat
                     ? " is no lon/lat (a trace in net metres needs a map with `coordinates: net` and `net:`)"
                     : " is not a place on the earth in the net's projection"));
        return;
      }
      lat = g.lat_deg;
      lon = g.lon_deg;
      has_heading = v.has_angle;
      heading = v.angle_deg + g.convergence_deg;
      const auto snap = SnapGeo(g.local, has_heading, heading);
      if (snap.lane < 0) {
        Note(SumoIssue::kOffLane, v.line,
             "vehicle " + std::string(v.id) + " is farther than snap_m from every world lane of its heading");
      } else {
        lane = snap.lane;
        station_m = snap.projection.station_m;
      }
    }
    if (!gps_text.empty()) {
      EmitGps(st, lat, lon, has_heading, heading, v, gps_text, "");
      ++tally.gps_events;
    }
    if (lane >= 0) Cross(&st, lane, station_m, v);
    st.lane = lane;
    st.station_m = station_m;
    st.ts_us = now_us;
    ++st.samples;
  }

  void Timestep(double time_s, bool ok, uint64_t line) {
    Flush();
    bad_pending = false;
    if (timestep_ok) floor_us = std::max(floor_us, now_us);
    timestep_ok = ok;
    timestep_line = line;
    if (!ok) return;
    now_us = ToTs(time_s);
    ts_text = engine::FormatRfc3339(now_us, map.utc_offset_min);
  }

  // [SECTION] E1

  void Interval(const E1Interval& iv) {
    ++tally.intervals;
    if (bad_pending) {
      bad_pending = false;
      return;
    }
    if (iv.id.empty() || !iv.has_begin || !iv.has_end || !iv.has_count) {
      Bad(iv.line, "loop", "interval without id=, begin=, end= or nVehContrib=");
      return;
    }
    if (iv.end_s <= iv.begin_s) {
      Bad(iv.line, "loop", "interval of " + std::string(iv.id) + " ends before it begins");
      return;
    }
    int sensor = -1;
    if (auto it = map.detectors.find(std::string(iv.id)); it != map.detectors.end()) {
      sensor = it->second;
    } else if (const int s = world.FindSensor(iv.id); s >= 0) {
      // a detector named after a world sensor needs no map entry
      const auto kind = world.sensors[static_cast<size_t>(s)].kind;
      if (kind == world::SensorKind::kLoop || kind == world::SensorKind::kRadar) sensor = s;
    }
    const TimeUs ts = ToTs(iv.end_s);
    std::string out;
    out.reserve(256);
    if (sensor < 0) {
      Note(SumoIssue::kUnknownDetector, iv.line,
           "detector " + std::string(iv.id) + " is not in the map's detectors: and not a loop of the world");
      Begin(ts, JsonString("sumo:detector:" + std::string(iv.id)), "loop", &out);
    } else {
      Begin(ts, sensor_json[static_cast<size_t>(sensor)], "loop", &out);
    }
    out += ",\"interval_s\":";
    AppendFixed(iv.end_s - iv.begin_s, 3, &out);
    out += ",\"count\":";
    AppendInt(iv.count, &out);
    if (iv.has_occupancy && iv.occupancy_pct >= 0) {
      out += ",\"occupancy\":";
      AppendFixed(std::min(1.0, iv.occupancy_pct / 100), 4, &out);  // SUMO writes percent
    }
    if (iv.has_speed && iv.speed_mps >= 0) {
      out += ",\"mean_speed_kmh\":";
      AppendFixed(iv.speed_mps * 3.6, 1, &out);
    }
    if (sensor >= 0) {
      const world::Sensor& s = world.sensors[static_cast<size_t>(sensor)];
      if (s.lanes.size() == 1) {
        out += ",\"lane\":";
        out += lane_json[static_cast<size_t>(s.lanes[0])];
      }
      ++tally.loop_events;
    } else {
      out += ",\"sumo_issue\":\"unknown_detector\"";
    }
    End(iv.line, &out);
    done += out;
  }
};

SumoConverter::SumoConverter(const world::World& world, const SumoMap& map, std::string file)
    : impl_(std::make_unique<Impl>(world, map, std::move(file))) {}
SumoConverter::~SumoConverter() = default;

void SumoConverter::Drain(std::string* out) {
  if (out->empty()) {
    out->swap(impl_->done);
  } else {
    out->append(impl_->done);
  }
  impl_->done.clear();
}

void SumoConverter::Finish() { impl_->Flush(); }
const SumoTally& SumoConverter::tally() const { return impl_->tally; }

void SumoConverter::OnTimestep(double time_s, bool ok, uint64_t line) { impl_->Timestep(time_s, ok, line); }
void SumoConverter::OnVehicle(const FcdVehicle& v) { impl_->Vehicle(v); }
void SumoConverter::OnInterval(const E1Interval& i) { impl_->Interval(i); }

void SumoConverter::OnIgnoredElement(std::string_view element, uint64_t line) {
  impl_->Note(SumoIssue::kIgnoredElement, line, "<" + std::string(element) + "> is not converted");
}

void SumoConverter::OnBadAttribute(std::string_view element, std::string_view attribute, std::string_view value,
                                   uint64_t line) {
  // one element is one line: count it once, however many of its attributes are bad
  if (impl_->bad_pending) return;
  impl_->bad_pending = true;
  std::string detail = "<" + std::string(element) + "> ";
  detail += value.empty() && attribute == "time"
                ? "has no time="
                : std::string(attribute) + "=\"" + std::string(value) + "\" is not a number";
  if (element == "timestep") {
    // its vehicles are reported one by one (they are the events that are lost)
    impl_->Note(SumoIssue::kBadAttribute, line, detail);
    return;
  }
  impl_->Bad(line, element == "interval" ? "loop" : "gps", detail);
}

}  // namespace gatetwin::replay
