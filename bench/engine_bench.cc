// Benchmarks of the engine's low-level pieces: Bullet presence updates, ray picking, lane snapping, poses.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/lane_geometry.h"
#include "engine/physics.h"
#include "world/world.h"

namespace gatetwin::engine {
namespace {

using world::Vec3;

constexpr int kLanes = 50;
constexpr int kLanePoints = 20;
constexpr double kLaneSpacingM = 3.5;
constexpr double kGateLengthM = 3000;

// a gate-like network: 50 gently curving parallel lanes of 20 points, half each way
world::World GateWorld() {
  world::World w;
  for (int l = 0; l < kLanes; ++l) {
    world::Lane lane;
    lane.id = "lane" + std::to_string(l);
    lane.direction = l < kLanes / 2 ? world::Direction::kVnToCn : world::Direction::kCnToVn;
    for (int i = 0; i < kLanePoints; ++i) {
      const double x = kGateLengthM * i / (kLanePoints - 1);
      lane.polyline.push_back({x, l * kLaneSpacingM + 20 * std::sin(x / 400), 0});
    }
    if (lane.direction == world::Direction::kCnToVn) std::reverse(lane.polyline.begin(), lane.polyline.end());
    w.lanes.push_back(std::move(lane));
  }
  w.Reindex();
  return w;
}

// ---------------------------------------------------------------------------------------------
// physics

struct Traffic {
  PhysicsWorld physics;
  std::vector<double> station_m;
  std::vector<int> lane;
  std::vector<ArcPolyline> lanes;
};

// n vehicles spread over the lanes, 50 detector zones (25 stations × 2 lane groups)
void FillTraffic(Traffic* t, int n) {
  const world::World w = GateWorld();
  for (const world::Lane& l : w.lanes) t->lanes.emplace_back(l.polyline);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> station(0, kGateLengthM);
  for (int z = 0; z < 50; ++z) {
    const int group = z % 2;
    const double x = 100 + (z / 2) * 110.0;
    const double y = group * (kLanes / 2) * kLaneSpacingM + (kLanes / 4) * kLaneSpacingM + 20 * std::sin(x / 400);
    t->physics.AddDetectorZone(static_cast<uint32_t>(z), {x, y, 1}, {6, kLanes / 4 * kLaneSpacingM, 2}, 0);
  }
  for (int v = 0; v < n; ++v) {
    const bool truck = v % 3 != 0;
    t->physics.AddVehicle(static_cast<uint32_t>(v), truck ? Vec3{8, 1.25, 2} : Vec3{2.2, 0.9, 0.75});
    t->lane.push_back(v % kLanes);
    t->station_m.push_back(station(rng));
  }
}

void MoveAll(Traffic* t) {
  for (size_t v = 0; v < t->station_m.size(); ++v) {
    double& s = t->station_m[v];
    s += 1.0;  // 10 m/s at a 100 ms step
    if (s > kGateLengthM) s -= kGateLengthM;
    const LanePose pose = t->lanes[static_cast<size_t>(t->lane[v])].PoseAt(s);
    t->physics.SetVehiclePose(static_cast<uint32_t>(v), pose.position, pose.heading_rad);
  }
}

// one engine step: every vehicle moves, then presence is updated
void BM_PhysicsStep(benchmark::State& state) {
  Traffic t;
  FillTraffic(&t, static_cast<int>(state.range(0)));
  MoveAll(&t);
  t.physics.Update();
  size_t changes = 0;
  for (auto _ : state) {
    MoveAll(&t);
    t.physics.Update();
    changes += t.physics.presence_changes().size();
  }
  state.counters["changes/step"] = benchmark::Counter(static_cast<double>(changes), benchmark::Counter::kAvgIterations);
  state.counters["candidates"] = static_cast<double>(t.physics.candidate_pair_count());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PhysicsStep)->Arg(1000)->Arg(5000)->Arg(10000)->Unit(benchmark::kMillisecond);

// Update alone (broadphase + confirmation), the poses already pushed
void BM_PhysicsUpdateOnly(benchmark::State& state) {
  Traffic t;
  FillTraffic(&t, static_cast<int>(state.range(0)));
  MoveAll(&t);
  t.physics.Update();
  for (auto _ : state) {
    state.PauseTiming();
    MoveAll(&t);
    state.ResumeTiming();
    t.physics.Update();
  }
}
BENCHMARK(BM_PhysicsUpdateOnly)->Arg(1000)->Arg(5000)->Arg(10000)->Unit(benchmark::kMillisecond);

// vehicles arriving and leaving: one add + pose and one remove
void BM_PhysicsAddRemove(benchmark::State& state) {
  Traffic t;
  FillTraffic(&t, 5000);
  MoveAll(&t);
  t.physics.Update();
  uint32_t next = 5000, oldest = 0;
  for (auto _ : state) {
    t.physics.AddVehicle(next, {8, 1.25, 2});
    t.physics.SetVehiclePose(next, {static_cast<double>(next % 3000), 40, 0}, 0);
    ++next;
    t.physics.RemoveVehicle(oldest++);
  }
}
BENCHMARK(BM_PhysicsAddRemove);

// a viewer pick: a ray from a camera above into the traffic, 5,000 vehicles
void BM_RayQuery(benchmark::State& state) {
  Traffic t;
  FillTraffic(&t, 5000);
  MoveAll(&t);
  t.physics.Update();
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> x(0, kGateLengthM), y(0, kLanes * kLaneSpacingM);
  std::vector<std::pair<Vec3, Vec3>> rays;
  for (int i = 0; i < 256; ++i) {
    const Vec3 target{x(rng), y(rng), 0};
    rays.push_back({{target.x - 60, target.y - 60, 80}, {target.x + 6, target.y + 6, -8}});
  }
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    const auto& [from, to] = rays[i++ & 255];
    const RayHit hit = t.physics.RayQuery(from, to);
    hits += hit.hit;
    benchmark::DoNotOptimize(hit);
  }
  state.counters["hit_rate"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RayQuery);

// ---------------------------------------------------------------------------------------------
// lane geometry

std::vector<Vec3> GpsQueries() {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> x(-50, kGateLengthM + 50), y(-40, kLanes * kLaneSpacingM + 40);
  std::vector<Vec3> q(4096);
  for (Vec3& p : q) p = {x(rng), y(rng), 0};
  return q;
}

// GPS snapping, as per event: nearest lane within 15 m
void BM_LaneNearest(benchmark::State& state) {
  const LaneNetwork net(GateWorld());
  const std::vector<Vec3> q = GpsQueries();
  const world::Direction dir = world::Direction::kCnToVn;
  const world::Direction* filter = state.range(0) ? &dir : nullptr;
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(net.Nearest(q[i++ & 4095], 15, filter));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LaneNearest)->ArgName("direction_filter")->Arg(0)->Arg(1);

// the same query by scanning every lane, for comparison
void BM_LaneNearestBruteForce(benchmark::State& state) {
  const LaneNetwork net(GateWorld());
  const std::vector<Vec3> q = GpsQueries();
  size_t i = 0;
  for (auto _ : state) {
    const Vec3& p = q[i++ & 4095];
    int best = -1;
    double best_d = 15;
    for (int l = 0; l < net.lane_count(); ++l) {
      const double d = net.lane(l).Project(p).distance_m;
      if (d <= best_d) best_d = d, best = l;
    }
    benchmark::DoNotOptimize(best);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LaneNearestBruteForce);

void BM_PoseAt(benchmark::State& state) {
  const world::World w = GateWorld();
  const ArcPolyline line(w.lanes[0].polyline);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> s(0, line.length_m());
  std::vector<double> stations(4096);
  for (double& v : stations) v = s(rng);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(line.PoseAt(stations[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PoseAt);

}  // namespace
}  // namespace gatetwin::engine

BENCHMARK_MAIN();
