// `gatetwin render`: one frame of the 3D twin to a PNG, with no window (EGL offscreen); --tour: a briefing video;
// --compare-world: two layouts side by side; --scenario: a moment of a training shift, its lane signals lit.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/cli/render_split.h"
#include "engine/cli/render_tour.h"
#include "engine/viewer/offscreen.h"
#include "engine/viewer/twin_scene.h"
#include "replay/session.h"
#include "replay/train/session.h"

namespace gatetwin::cli {
namespace {

struct RenderArgs {
  RenderTourArgs tour;    // --tour: a whole briefing instead of one still
  RenderSplitArgs split;  // --compare-world: two worlds side by side
  std::string world;
  std::vector<std::string> feeds;
  std::string scenario, actions;  // a training shift (and its decisions) instead of --world and --feed
  std::string at;
  std::string camera = "overview";
  std::string size = "1920x1080";
  std::string out;
  std::string language = "en";
  std::string colour = "stage";
};

int Run(const RenderArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  if ((a.world.empty() && a.scenario.empty()) || a.out.empty()) {
    std::cerr << "gatetwin render: give --world FILE (or --scenario FILE) and --out PNG for a still, or --tour FILE "
                 "for a briefing\n";
    return kExitUsage;
  }
  if (!a.scenario.empty() && (!a.world.empty() || !a.feeds.empty() || !a.split.compare_world.empty())) {
    std::cerr << "gatetwin render: --scenario brings its own world and traffic: give it without --world, --feed or "
                 "--compare-world\n";
    return kExitUsage;
  }
  if (!a.actions.empty() && a.scenario.empty()) {
    std::cerr << "gatetwin render: --actions belongs to a training shift: give --scenario FILE with it\n";
    return kExitUsage;
  }
  int width = 0, height = 0;
  if (!ParseSizeArg(a.size, &width, &height)) {
    std::cerr << "gatetwin render: --size `" << a.size << "` is not WIDTHxHEIGHT, e.g. 1920x1080\n";
    return kExitUsage;
  }
  const auto language = viewer::ParseLanguage(a.language);
  if (!language) {
    std::cerr << "gatetwin render: --language `" << a.language << "` is not vi, zh or en\n";
    return kExitUsage;
  }
  if (a.colour != "stage" && a.colour != "direction") {
    std::cerr << "gatetwin render: --colour `" << a.colour << "` is not stage or direction\n";
    return kExitUsage;
  }
  // a training shift: simulated with its decisions, its feed replayed like any other
  std::optional<replay::train::TrainingSession> training;
  std::optional<world::World> loaded;
  if (!a.scenario.empty()) {
    std::vector<std::string> errors;
    auto setup = replay::train::LoadShift(a.scenario, a.actions, &errors);
    for (const std::string& e : errors) std::cerr << e << "\n";
    if (!setup) return kExitUsage;
    training.emplace(std::move(*setup));
  } else {
    loaded = LoadWorldOrPrint(a.world);
    if (!loaded) return kExitUsage;
  }
  const world::World* world = training ? &training->setup().world : &*loaded;
  const std::string& world_file = training ? a.scenario : a.world;
  const auto camera = viewer::FindViewpoint(*world, a.camera);
  if (!camera) {
    std::cerr << "gatetwin render: --camera `" << a.camera << "` is not a viewpoint of " << world_file
              << "; it has: " << viewer::ViewpointIds(*world) << "\n";
    return kExitUsage;
  }
  if (!a.split.compare_world.empty()) {
    RenderSplitArgs s = a.split;
    s.sources.feeds = a.feeds;
    s.at = a.at;
    s.camera = a.camera;
    s.out = a.out;
    s.width = width;
    s.height = height;
    s.language = *language;
    s.colour_by_direction = a.colour == "direction";
    s.overlay = !a.tour.no_overlay;
    return RunRenderSplit(s, *world);
  }
  const SplitSourceArgs& sources = a.split.sources;
  if (!sources.demand.empty() || sources.trucks_per_day >= 0 || !sources.compare_feeds.empty()) {
    std::cerr << "gatetwin render: --demand, --trucks-per-day and --compare-feed go with --compare-world (a split "
                 "view); a single still replays --feed\n";
    return kExitUsage;
  }

  // the twin's state at --at: replay the feeds up to it (no feed: the empty gate)
  replay::ReplayOptions options;
  options.feeds = a.feeds;
  if (training) options.feed_texts.emplace_back("training", training->feed());
  std::unique_ptr<replay::Replay> replay;
  engine::TimeUs at_us = 0;
  if (!a.feeds.empty() || training) {
    replay = std::make_unique<replay::Replay>(*world, options);
    std::vector<std::string> errors;
    if (!replay->Open(&errors)) {
      for (const std::string& e : errors) std::cerr << "gatetwin render: " << e << "\n";
      return kExitUsage;
    }
    if (a.at.empty()) {
      std::cerr << "gatetwin render: give --at TIME (RFC 3339 with offset) to say which moment of the feed to draw\n";
      return kExitUsage;
    }
  }
  if (!a.at.empty()) {
    const auto t = ParseTimeArg(a.at);
    if (!t) {
      std::cerr << "gatetwin render: --at `" << a.at
                << "` is not an RFC 3339 time with an offset, e.g. 2026-01-15T10:30:00+07:00\n";
      return kExitUsage;
    }
    at_us = *t;
  }
  if (replay) replay->AdvanceTo(at_us);

  std::string error;
  auto renderer = viewer::OffscreenRenderer::Create(width, height, &error);
  if (!renderer) {
    std::cerr << "gatetwin render: " << error << "\n";
    return kExitUsage;
  }
  viewer::TwinScene scene(*world, *language);
  scene.vehicles().SetColouring(a.colour == "stage" ? viewer::VehicleColouring::kByStage
                                                    : viewer::VehicleColouring::kByDirection);
  if (replay) scene.ShowNow(replay->engine());
  if (training) {
    scene.lane_signals().Show(replay::sim::LaneSignalsAt(training->run().sim.lane_signals, world->lanes.size(), at_us));
  }
  auto& view = renderer->viewer();
  view.setSceneData(scene.root());
  view.getCamera()->setProjectionMatrixAsPerspective(40.0, static_cast<double>(width) / height, 1.0, 20000.0);
  view.getCamera()->setViewMatrixAsLookAt(camera->eye, camera->target, osg::Vec3d(0, 0, 1));
  renderer->RenderFrame();
  const viewer::Image image = renderer->ReadPixels();
  if (!viewer::WritePng(image, a.out, &error)) {
    std::cerr << "gatetwin render: " << error << "\n";
    return kExitUsage;
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "wrote " << a.out << " (" << width << "x" << height << ", camera " << a.camera;
  if (replay) {
    std::cout << ", " << engine::FormatRfc3339(at_us, world->params.utc_offset_min) << ", " << scene.vehicles().drawn()
              << " vehicles";
  }
  std::printf(") in %.0f ms on %s\n", ms, renderer->renderer_name().c_str());
  return kExitOk;
}

}  // namespace

void AddRenderCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<RenderArgs>();
  CLI::App* cmd = app.add_subcommand("render", "Render one frame of the 3D twin to a PNG, with no window");
  cmd->add_option("--tour", a->tour.tour,
                  "A camera tour (YAML, docs/briefing.md): render it to --out VIDEO.mp4 or --out DIR/ (stills)");
  cmd->add_option("--world", a->world, "World YAML (any layout phase); not with --tour, which names its own");
  cmd->add_option("--feed", a->feeds, "Feed file(s) to replay up to --at (none: the empty gate)");
  cmd->add_option(
      "--scenario", a->scenario,
      "A training shift instead of --world and --feed: its moment --at, lane signals lit (docs/training.md)");
  cmd->add_option("--actions", a->actions, "With --scenario: the decisions taken (an actions file)");
  cmd->add_option("--at", a->at, "The moment to draw (RFC 3339 with offset), e.g. 2026-01-15T10:30:00+07:00");
  cmd->add_option("--camera", a->camera, "A viewpoint of the world: overview, border_line, booth_plaza, yards, ...")
      ->capture_default_str();
  cmd->add_option("--size", a->size, "Image size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--out", a->out, "PNG file to write; with --tour: an MP4 file, or a folder (DIR/) for stills");
  cmd->add_option("--fps", a->tour.fps, "With --tour: frames per second of the video, 1 to 60")->capture_default_str();
  cmd->add_option("--stills", a->tour.stills, "With --tour: also write one PNG per shot into this folder");
  cmd->add_flag("--no-overlay", a->tour.no_overlay,
                "With --tour or --compare-world: the 3D view alone (no KPI tiles, no captions)");
  cmd->add_option("--compare-world", a->split.compare_world,
                  "Split view: this world on the right half, --world on the left, at the same --at and --camera");
  cmd->add_option("--demand", a->split.sources.demand,
                  "With --compare-world: simulate this demand on both worlds (the same trucks at both)");
  cmd->add_option("--trucks-per-day", a->split.sources.trucks_per_day,
                  "With --compare-world: simulate the default gate day at N trucks/day on both worlds")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--compare-feed", a->split.sources.compare_feeds,
                  "With --compare-world and --feed: replay this feed on the right (default: --feed's trucks "
                  "simulated there)");
  cmd->add_option("--seed", a->split.sources.seed, "With --demand or --trucks-per-day: the simulations' seed")
      ->capture_default_str();
  cmd->add_option("--language", a->language, "Label language: vi, zh or en")->capture_default_str();
  cmd->add_option("--colour", a->colour, "Colour vehicles by stage or direction")->capture_default_str();
  cmd->callback([run, a] {
    *run = [a] {
      if (a->tour.tour.empty()) return Run(*a);
      if (!a->world.empty() || !a->feeds.empty() || !a->at.empty() || !a->split.compare_world.empty() ||
          !a->scenario.empty()) {
        std::cerr << "gatetwin render: --tour names its world, feed and clock; drop --world, --feed, --scenario, --at "
                     "and --compare-world\n";
        return kExitUsage;
      }
      RenderTourArgs t = a->tour;
      t.out = a->out;
      t.size = a->size;
      t.language = a->language;
      t.colour = a->colour;
      return RunRenderTour(t);
    };
  });
}

}  // namespace gatetwin::cli
