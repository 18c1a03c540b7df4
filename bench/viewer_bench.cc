// Benchmarks of the 3D view: vehicle layer Sync cost and offscreen frames per second on the machine's GL.
#include <benchmark/benchmark.h>

#include <osg/Geode>
#include <osg/Geometry>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "engine/lane_geometry.h"
#include "engine/viewer/offscreen.h"
#include "engine/viewer/offscreen_ui.h"
#include "engine/viewer/twin_scene.h"
#include "engine/viewer/vehicle_layer.h"
#include "world/load.h"

namespace gatetwin::viewer {
namespace {

using engine::SceneSnapshot;
using engine::SnapshotVehicle;

constexpr double kAreaM = 1000;      // the gate area is about 1 km long
constexpr double kLaneSpacingM = 4;  // lanes side by side, 50 vehicles on each
constexpr int kVehiclesPerLane = 50;

// `n` vehicles on parallel lanes over the area, half each way, a realistic class and stage mix.
SceneSnapshot Traffic(int n, double advance_m, uint64_t sequence) {
  SceneSnapshot s;
  s.sequence = sequence;
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> jitter(-2, 2);
  std::discrete_distribution<int> vehicle_class({30, 30, 10, 20, 7, 3});
  std::discrete_distribution<int> stage({30, 35, 10, 15, 10});
  const int lanes = (n + kVehiclesPerLane - 1) / kVehiclesPerLane;
  for (int i = 0; i < n; ++i) {
    const int lane = i % lanes, slot = i / lanes;
    const bool eastbound = lane < lanes / 2;
    SnapshotVehicle v;
    v.id = static_cast<uint32_t>(i + 1);
    const double along = -kAreaM / 2 + (slot + 0.5) * kAreaM / kVehiclesPerLane + jitter(rng);
    v.position = {along + (eastbound ? advance_m : -advance_m), (lane - lanes / 2.0) * kLaneSpacingM, 0};
    v.heading_rad = eastbound ? 0.0f : static_cast<float>(M_PI);
    v.vehicle_class = static_cast<uint8_t>(vehicle_class(rng));
    const bool car = v.vehicle_class == 3;
    v.length_m = car ? 4.5f : (v.vehicle_class == 1 ? 16.5f : 12.0f);
    v.width_m = car ? 1.8f : 2.5f;
    v.height_m = car ? 1.5f : (v.vehicle_class == 4 ? 3.3f : 3.9f);
    v.stage = static_cast<uint8_t>(stage(rng));
    v.direction = eastbound ? 0 : 1;
    s.vehicles.push_back(v);
  }
  return s;
}

// Sync of n moving vehicles plus one Interpolate: the per-snapshot CPU cost of the layer.
void BM_VehicleSync(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const SceneSnapshot a = Traffic(n, 0, 1), b = Traffic(n, 1, 2);
  VehicleLayer layer;
  layer.Sync(a);
  bool flip = false;
  for (auto _ : state) {
    layer.Sync(flip ? a : b);
    layer.Interpolate(0.5);
    flip = !flip;
  }
  if (layer.drawn() != static_cast<size_t>(n)) state.SkipWithError("not every vehicle is drawn");
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_VehicleSync)->Arg(500)->Arg(2000)->Arg(5000)->Unit(benchmark::kMillisecond);

osg::ref_ptr<osg::Node> GroundPlane() {
  auto geometry = osg::ref_ptr<osg::Geometry>(new osg::Geometry);
  auto vertices = new osg::Vec3Array;
  for (auto [x, y] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
    vertices->push_back(osg::Vec3(x * 1500, y * 1500, 0));
  geometry->setVertexArray(vertices);
  auto colours = new osg::Vec4Array;
  colours->push_back(osg::Vec4(0.42f, 0.43f, 0.44f, 1));
  geometry->setColorArray(colours, osg::Array::BIND_OVERALL);
  geometry->addPrimitiveSet(new osg::DrawArrays(GL_QUADS, 0, 4));
  geometry->getOrCreateStateSet()->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  auto geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
  geode->addDrawable(geometry);
  return geode;
}

// Frames per second at 1280x720 offscreen: n vehicles over the ~1 km area, seen from an overview
// camera (arg 2 = 0: the whole area obliquely, every vehicle small) or a close one (1: along the
// queues from 100 m, the nearest few hundred vehicles in full detail). Each frame interpolates and
// a new snapshot arrives every third frame (10 Hz at 30 fps).
// GATETWIN_BENCH_PNG=dir keeps the last frame as dir/vehicles_bench_<n>_<camera>.png.
void BM_VehicleFrame(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const bool close = state.range(1) == 1;
  std::string error;
  auto renderer = OffscreenRenderer::Create(1280, 720, &error);
  if (!renderer) {
    state.SkipWithError(error.c_str());
    return;
  }
  VehicleLayer layer;
  auto root = osg::ref_ptr<osg::Group>(new osg::Group);
  root->addChild(GroundPlane());
  root->addChild(layer.node());
  auto& viewer = renderer->viewer();
  viewer.setSceneData(root);
  viewer.getCamera()->setClearColor(osg::Vec4(0.62f, 0.72f, 0.82f, 1));
  viewer.getCamera()->setProjectionMatrixAsPerspective(40, 1280.0 / 720.0, 1, 5000);
  if (close) {
    viewer.getCamera()->setViewMatrixAsLookAt(osg::Vec3d(-560, -110, 70), osg::Vec3d(-420, -10, 0),
                                              osg::Vec3d(0, 0, 1));
  } else {
    viewer.getCamera()->setViewMatrixAsLookAt(osg::Vec3d(-120, -620, 380), osg::Vec3d(0, 0, 0), osg::Vec3d(0, 0, 1));
  }
  const SceneSnapshot a = Traffic(n, 0, 1), b = Traffic(n, 1, 2);
  layer.Sync(a);
  renderer->RenderFrame();  // first frame: shader compile and buffer uploads, not timed
  int frame = 0;
  for (auto _ : state) {
    if (frame % 3 == 0) layer.Sync((frame / 3) % 2 ? a : b);
    layer.Interpolate((frame % 3) / 3.0);
    renderer->RenderFrame();
    ++frame;
  }
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(renderer->renderer_name());
  if (const char* dir = std::getenv("GATETWIN_BENCH_PNG")) {
    const std::string path =
        std::string(dir) + "/vehicles_bench_" + std::to_string(n) + "_" + std::to_string(state.range(1)) + ".png";
    if (!WritePng(renderer->ReadPixels(), path, &error)) state.SkipWithError(error.c_str());
  }
}
// CPU is the whole process's (llvmpipe's rasteriser threads too); on a machine busy with other
// work the wall time stretches while CPU per frame stays near what an idle machine needs.
BENCHMARK(BM_VehicleFrame)
    ->ArgNames({"vehicles", "close"})
    ->Args({0, 0})
    ->Args({2000, 0})
    ->Args({5000, 0})
    ->Args({2000, 1})
    ->Args({5000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// `n` vehicles spread evenly over the world's lanes, moved `advance_m` along them.
SceneSnapshot TrafficOnLanes(const world::World& w, int n, double advance_m, uint64_t sequence) {
  SceneSnapshot s;
  s.sequence = sequence;
  const engine::LaneNetwork lanes(w);
  double total_m = 0;
  for (int l = 0; l < lanes.lane_count(); ++l) total_m += lanes.lane(l).length_m();
  const double pitch_m = total_m / std::max(1, n);
  double along_m = pitch_m / 2;
  uint32_t id = 1;
  for (int l = 0; l < lanes.lane_count() && id <= static_cast<uint32_t>(n); ++l) {
    const engine::ArcPolyline& line = lanes.lane(l);
    for (; along_m < line.length_m() && id <= static_cast<uint32_t>(n); along_m += pitch_m, ++id) {
      const engine::LanePose pose = line.PoseAt(std::min(along_m + advance_m, line.length_m()));
      SnapshotVehicle v;
      v.id = id;
      v.position = pose.position;
      v.heading_rad = static_cast<float>(pose.heading_rad);
      v.vehicle_class = static_cast<uint8_t>(id % 5 == 0 ? 3 : id % 3);
      v.length_m = v.vehicle_class == 3 ? 4.5f : 14.0f;
      v.width_m = v.vehicle_class == 3 ? 1.8f : 2.5f;
      v.height_m = v.vehicle_class == 3 ? 1.5f : 3.9f;
      v.stage = static_cast<uint8_t>(id % 4);
      v.direction = static_cast<uint8_t>(w.lanes[static_cast<size_t>(l)].direction);
      s.vehicles.push_back(v);
    }
    along_m -= line.length_m();
  }
  return s;
}

// The figure: frames per second at 1280x720 of the whole twin (the 14-lane world's
// static scene with terrain, buildings, sensors and labels, plus n vehicles on its lanes) from
// the world's overview and booth plaza viewpoints, a new snapshot every third frame.
void BM_TwinFrame(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const char* camera = state.range(1) == 0 ? "overview" : "booth_plaza";
  auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase2_14lane.yaml");
  std::string error;
  auto renderer = OffscreenRenderer::Create(1280, 720, &error);
  if (!loaded.ok() || !renderer) {
    state.SkipWithError(loaded.ok() ? error.c_str() : "cannot load the 14-lane world");
    return;
  }
  const world::World& w = *loaded.world;
  TwinScene scene(w, Language::kVi);
  const auto view = FindViewpoint(w, camera);
  if (!view) {
    state.SkipWithError("viewpoint missing");
    return;
  }
  auto& viewer = renderer->viewer();
  viewer.setSceneData(scene.root());
  viewer.getCamera()->setProjectionMatrixAsPerspective(40, 1280.0 / 720.0, 1, 20000);
  viewer.getCamera()->setViewMatrixAsLookAt(view->eye, view->target, osg::Vec3d(0, 0, 1));
  const SceneSnapshot a = TrafficOnLanes(w, n, 0, 1), b = TrafficOnLanes(w, n, 1, 2);
  scene.Apply(a, 0);
  // the first frames upload buffers, compile shaders and rasterise glyphs: not timed
  for (int warm_up = 0; warm_up < 5; ++warm_up) renderer->RenderFrame();
  int frame = 0;
  for (auto _ : state) {
    if (frame % 3 == 0) scene.Apply((frame / 3) % 2 ? a : b, frame / 30.0);
    scene.vehicles().Interpolate((frame % 3) / 3.0);
    renderer->RenderFrame();
    ++frame;
  }
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["drawn"] = static_cast<double>(scene.vehicles().drawn());
  state.SetLabel(renderer->renderer_name());  // a figure from a GPU or a newer Mesa is not comparable
  if (const char* dir = std::getenv("GATETWIN_BENCH_PNG")) {
    const std::string path = std::string(dir) + "/twin_bench_" + std::to_string(n) + "_" + camera + ".png";
    if (!WritePng(renderer->ReadPixels(), path, &error)) state.SkipWithError(error.c_str());
  }
}
BENCHMARK(BM_TwinFrame)
    ->ArgNames({"vehicles", "plaza"})
    ->Args({0, 0})
    ->Args({2000, 0})
    ->Args({0, 1})
    ->Args({2000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// What a trainee waits the first time a note uses a Chinese character no text had at start:
// the control room's atlas rebuilt from the font files with one more glyph, and re-uploaded.
// Each iteration covers a character none before it did (CJK ideographs from U+9F00 on).
void BM_FontCover(benchmark::State& state) {
  std::string error;
  auto renderer = OffscreenRenderer::Create(320, 120, &error);
  auto ui = renderer ? OffscreenUi::Create(320, 120, 1.0f, {}, &error) : nullptr;
  if (!ui) {
    state.SkipWithError(error.c_str());
    return;
  }
  ui->Draw([] {}, 1.0 / 30);  // the backend makes its first texture
  uint32_t cp = 0x9F00;
  for (auto _ : state) {
    const char utf8[4] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F)), 0};
    ++cp;
    if (!ui->Cover(utf8)) state.SkipWithError("the character was already covered");
  }
}
BENCHMARK(BM_FontCover)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
}  // namespace gatetwin::viewer

BENCHMARK_MAIN();
