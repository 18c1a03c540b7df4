// What a synthesized truck meets on each lane: entry/exit cameras, booths and their devices, yards.
#include <algorithm>
#include <cmath>

#include "replay/synth_internal.h"

#ifdef __clang__
#pragma clang fp contract(off)
#endif

namespace gatetwin::replay::synth {
namespace {

using world::SensorKind;
using world::SensorRole;

// how many lane-to-lane connections a truck may follow to find an exit camera
constexpr int kMaxExitHops = 4;

bool Covers(const world::Sensor& s, int lane) {
  return std::find(s.lanes.begin(), s.lanes.end(), lane) != s.lanes.end();
}

}  // namespace

Routes::Routes(const world::World& world) : world_(world) {
  const size_t lane_count = world.lanes.size();
  cumulative_m_.resize(lane_count);
  lane_length_.resize(lane_count);
  for (size_t i = 0; i < lane_count; ++i) {
    const auto& pts = world.lanes[i].polyline;
    auto& cum = cumulative_m_[i];
    cum.reserve(pts.size());
    double total = 0;
    for (size_t p = 0; p < pts.size(); ++p) {
      if (p > 0) total += Planar(pts[p].x - pts[p - 1].x, pts[p].y - pts[p - 1].y);
      cum.push_back(total);
    }
    lane_length_[i] = world.lanes[i].length_m > 0 ? world.lanes[i].length_m : total;
  }

  lane_booths_.resize(lane_count);
  for (size_t b = 0; b < world.booths.size(); ++b) {
    for (int lane : world.booths[b].lanes) {
      if (lane >= 0 && static_cast<size_t>(lane) < lane_count)
        lane_booths_[static_cast<size_t>(lane)].push_back(static_cast<int>(b));
    }
  }

  booth_cameras_.resize(world.booths.size());
  booth_scanner_.assign(world.booths.size(), -1);
  booth_weigh_.assign(world.booths.size(), -1);
  booth_barrier_.assign(world.booths.size(), -1);
  counters_.resize(lane_count);
  std::vector<std::vector<Read>> lane_exits(lane_count);
  for (size_t si = 0; si < world.sensors.size(); ++si) {
    const auto& s = world.sensors[si];
    const int sensor = static_cast<int>(si);
    const bool has_booth = s.booth >= 0 && static_cast<size_t>(s.booth) < world.booths.size();
    for (size_t k = 0; k < s.lanes.size(); ++k) {
      const int lane = s.lanes[k];
      if (lane < 0 || static_cast<size_t>(lane) >= lane_count) continue;
      const Read read{sensor, lane, SensorStation(sensor, k)};
      if (s.kind == SensorKind::kAnpr && s.role == SensorRole::kEntry) {
        entries_[static_cast<int>(world.lanes[static_cast<size_t>(lane)].direction)].push_back(read);
      } else if (s.kind == SensorKind::kAnpr && s.role == SensorRole::kExit) {
        lane_exits[static_cast<size_t>(lane)].push_back(read);
      } else if (s.role == SensorRole::kCount && (s.kind == SensorKind::kLoop || s.kind == SensorKind::kRadar)) {
        counters_[static_cast<size_t>(lane)].push_back(read);
      }
    }
    if (has_booth) {
      const auto b = static_cast<size_t>(s.booth);
      if (s.kind == SensorKind::kAnpr && s.role == SensorRole::kBooth) booth_cameras_[b].push_back(sensor);
      if (s.kind == SensorKind::kScanner && booth_scanner_[b] < 0) booth_scanner_[b] = sensor;
      if (s.kind == SensorKind::kWeighbridge && booth_weigh_[b] < 0) booth_weigh_[b] = sensor;
      if (s.kind == SensorKind::kBarrier && booth_barrier_[b] < 0) booth_barrier_[b] = sensor;
    }
    if (s.kind == SensorKind::kGps && gps_sensor_ < 0) gps_sensor_ = sensor;
  }

  // exits: the farthest exit camera on the lane itself, else the nearest one a few
  // connections downstream (breadth first, so the shortest way out)
  exits_.resize(lane_count);
  for (size_t start = 0; start < lane_count; ++start) {
    std::vector<std::vector<int>> frontier = {{static_cast<int>(start)}};
    for (int hop = 0; hop <= kMaxExitHops && !frontier.empty() && exits_[start].exit.sensor < 0; ++hop) {
      std::vector<std::vector<int>> next;
      for (const auto& path : frontier) {
        const auto& here = lane_exits[static_cast<size_t>(path.back())];
        if (!here.empty()) {
          const auto best = std::max_element(here.begin(), here.end(),
                                             [](const Read& a, const Read& b) { return a.station_m < b.station_m; });
          exits_[start] = ExitRoute{path, *best};
          break;
        }
        for (const auto& c : world.connections) {
          if (c.from != path.back() || c.to < 0 || static_cast<size_t>(c.to) >= lane_count) continue;
          if (std::find(path.begin(), path.end(), c.to) != path.end()) continue;
          auto longer = path;
          longer.push_back(c.to);
          next.push_back(std::move(longer));
        }
      }
      frontier = std::move(next);
    }
  }

  // yards: per direction, the first yard_in and yard_out cameras on lanes of that direction
  // (a camera with no lane counts for its declared direction, or for both)
  for (size_t z = 0; z < world.zones.size(); ++z) {
    const auto& zone = world.zones[z];
    if (zone.kind != world::ZoneKind::kYard) continue;
    for (int d = 0; d < 2; ++d) {
      const auto dir = static_cast<world::Direction>(d);
      auto find = [&](SensorRole role, Read* read, world::Vec3* point) {
        for (size_t si = 0; si < world.sensors.size(); ++si) {
          const auto& s = world.sensors[si];
          if (s.kind != SensorKind::kAnpr || s.role != role || s.zone != static_cast<int>(z)) continue;
          for (size_t k = 0; k < s.lanes.size(); ++k) {
            const int lane = s.lanes[k];
            if (lane < 0 || static_cast<size_t>(lane) >= lane_count) continue;
            if (world.lanes[static_cast<size_t>(lane)].direction != dir) continue;
            *read = Read{static_cast<int>(si), lane, SensorStation(static_cast<int>(si), k)};
            *point = At(lane, read->station_m).position;
            return true;
          }
          if (s.lanes.empty() && (!s.direction || *s.direction == dir)) {
            *read = Read{static_cast<int>(si), -1, 0};
            *point = s.position;
            return true;
          }
        }
        return false;
      };
      YardAccess yard;
      yard.zone = static_cast<int>(z);
      if (!find(SensorRole::kYardIn, &yard.in, &yard.in_point) ||
          !find(SensorRole::kYardOut, &yard.out, &yard.out_point))
        continue;
      if (!zone.polygon.empty()) {
        for (const auto& p : zone.polygon) yard.centre.x += p.x, yard.centre.y += p.y, yard.centre.z += p.z;
        const double n = static_cast<double>(zone.polygon.size());
        yard.centre = {yard.centre.x / n, yard.centre.y / n, yard.centre.z / n};
      } else {
        yard.centre = {(yard.in_point.x + yard.out_point.x) / 2, (yard.in_point.y + yard.out_point.y) / 2,
                       (yard.in_point.z + yard.out_point.z) / 2};
      }
      yards_[d].push_back(yard);
    }
  }
}

int Routes::BoothCamera(int booth, int lane) const {
  const auto& cams = booth_cameras_[static_cast<size_t>(booth)];
  for (int s : cams) {
    if (Covers(world_.sensors[static_cast<size_t>(s)], lane)) return s;
  }
  return cams.empty() ? -1 : cams.front();
}

const ExitRoute* Routes::Exit(int lane) const {
  const auto& e = exits_[static_cast<size_t>(lane)];
  return e.exit.sensor < 0 ? nullptr : &e;
}

double Routes::SpeedMps(int lane) const {
  const double kmh = world_.lanes[static_cast<size_t>(lane)].speed_limit_kmh;
  return (kmh > 0 ? kmh : 20.0) / 3.6;
}

LanePoint Routes::At(int lane, double station_m) const {
  const auto& pts = world_.lanes[static_cast<size_t>(lane)].polyline;
  const auto& cum = cumulative_m_[static_cast<size_t>(lane)];
  LanePoint out;
  if (pts.empty()) return out;
  if (pts.size() == 1) {
    out.position = pts[0];
    return out;
  }
  // segment i runs from pts[i] to pts[i + 1]
  const auto it = std::upper_bound(cum.begin(), cum.end(), station_m);
  size_t i = it == cum.begin() ? 0 : static_cast<size_t>(it - cum.begin()) - 1;
  if (i >= pts.size() - 1) i = pts.size() - 2;
  const double seg = cum[i + 1] - cum[i];
  double f = seg > 0 ? (station_m - cum[i]) / seg : 0;
  f = std::clamp(f, 0.0, 1.0);
  const auto& a = pts[i];
  const auto& b = pts[i + 1];
  out.position = {a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.z + (b.z - a.z) * f};
  out.heading_rad = std::atan2(b.y - a.y, b.x - a.x);
  return out;
}

double Routes::SensorStation(int sensor, size_t k) const {
  const auto& s = world_.sensors[static_cast<size_t>(sensor)];
  if (k < s.station_m.size()) return s.station_m[k];
  // the loader derives stations; a hand-built world may leave them out
  if (s.booth >= 0 && static_cast<size_t>(s.booth) < world_.booths.size()) {
    return world_.booths[static_cast<size_t>(s.booth)].station_m;
  }
  if (s.role == world::SensorRole::kExit && k < s.lanes.size()) return LaneLength(s.lanes[k]);
  return 0;
}

}  // namespace gatetwin::replay::synth
