// viewer_dev: the real viewer window on the twin scene, for trying the control room by hand
// and for screenshots (xvfb-run -a -s '-screen 0 1600x900x24' build/tests/render/viewer_dev --shot x.png).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/viewer/control_room.h"
#include "engine/viewer/twin_scene.h"
#include "engine/viewer/viewer_app.h"
#include "world/load.h"

using namespace gatetwin;

int main(int argc, char** argv) {
  std::string world_path = std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
  std::string feed = std::string(GATETWIN_SOURCE_DIR) + "/assets/feeds/huu_nghi_2026-01-15.jsonl";
  viewer::ViewerOptions options;
  double at_hours = -1;
  bool select = false, help = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--world")
      world_path = next();
    else if (a == "--feed")
      feed = next();
    else if (a == "--lang")
      options.language = viewer::ParseLanguage(next()).value_or(viewer::Language::kEn);
    else if (a == "--frames")
      options.exit_after_frames = std::atoi(next().c_str());
    else if (a == "--shot")
      options.screenshot_path = next();
    else if (a == "--at")
      at_hours = std::atof(next().c_str());  // hours after the feed's start
    else if (a == "--speed")
      options.speed = std::atof(next().c_str());
    else if (a == "--size")
      options.width = std::atoi(next().c_str()), options.height = std::atoi(next().c_str());
    else if (a == "--viewpoint")
      options.start_viewpoint = next();
    else if (a == "--select")
      select = true;
    else if (a == "--no-msaa")
      options.msaa_samples = 0;
    else if (a == "--help-overlay")
      help = true;
    else {
      std::fprintf(stderr, "viewer_dev: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (!options.screenshot_path.empty() && options.exit_after_frames < 0) options.exit_after_frames = 30;
  auto loaded = world::LoadWorld(world_path);
  if (!loaded.world) {
    std::fprintf(stderr, "viewer_dev: cannot load %s\n", world_path.c_str());
    return 1;
  }
  const world::World& world = *loaded.world;
  replay::ReplayOptions replay_options;
  replay_options.feeds = {feed};
  replay_options.event_log_capacity = 2000;
  replay::ReplayPlayer player(world, replay_options);
  std::vector<std::string> errors;
  if (!player.Open(&errors)) {
    for (const auto& e : errors) std::fprintf(stderr, "viewer_dev: %s\n", e.c_str());
    return 1;
  }
  if (at_hours >= 0) {
    options.start_at = player.start_us() + static_cast<engine::TimeUs>(at_hours * 3600 * engine::kUsPerSecond);
  }
  options.configure = [&](viewer::ControlRoom& room) {
    if (select) {
      // the vehicle longest in the system: there is always something to show
      std::optional<uint32_t> pick;
      engine::TimeUs earliest = 0;
      player.engine().ForEachActive([&](const engine::Vehicle& v) {
        if (v.lane >= 0 && (!pick || v.first_seen_us < earliest)) {
          pick = v.id;
          earliest = v.first_seen_us;
        }
      });
      room.Select(pick);
    }
    if (help) room.Handle(viewer::Command::kToggleHelp);
  };
  viewer::TwinScene scene(world, options.language);
  return viewer::RunViewer(world, player, scene.Hooks(), options);
}
