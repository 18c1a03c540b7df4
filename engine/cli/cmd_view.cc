// `gatetwin view`: the 3D twin in a window with the control room, replaying feeds.
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/viewer/plugin_view.h"
#include "engine/viewer/twin_scene.h"
#include "engine/viewer/viewer_app.h"
#include "replay/session.h"

namespace gatetwin::cli {
namespace {

struct ViewArgs {
  std::string world;
  std::vector<std::string> feeds;
  std::string at;
  std::string camera = "overview";
  std::string language = "en";
  double speed = 60;
  bool fullscreen = false;
  bool paused = false;
  std::string size = "1600x900";
  int frames = -1;
  int msaa = 4;
  std::string screenshot;
  std::vector<std::string> plugins;
};

int Run(const ViewArgs& a) {
  const auto language = viewer::ParseLanguage(a.language);
  if (!language) {
    std::cerr << "gatetwin view: --language `" << a.language << "` is not vi, zh or en\n";
    return kExitUsage;
  }
  viewer::ViewerOptions options;
  char x = 0;
  if (std::sscanf(a.size.c_str(), "%d%c%d", &options.width, &x, &options.height) != 3 || x != 'x' ||
      options.width < 320 || options.height < 240) {
    std::cerr << "gatetwin view: --size `" << a.size << "` is not WIDTHxHEIGHT (at least 320x240)\n";
    return kExitUsage;
  }
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  if (!viewer::FindViewpoint(*world, a.camera)) {
    std::cerr << "gatetwin view: --camera `" << a.camera << "` is not a viewpoint of " << a.world
              << "; it has: " << viewer::ViewpointIds(*world) << "\n";
    return kExitUsage;
  }
  if (!a.at.empty()) {
    options.start_at = ParseTimeArg(a.at);
    if (!options.start_at) {
      std::cerr << "gatetwin view: --at `" << a.at << "` is not an RFC 3339 time with an offset\n";
      return kExitUsage;
    }
  }
  replay::ReplayOptions replay_options;
  replay_options.feeds = a.feeds;
  replay_options.event_log_capacity = 2000;
  engine::PluginHost plugins;
  if (!LoadPluginsOrPrint(a.plugins, "", &plugins)) return kExitUsage;
  replay_options.plugins = &plugins;
  replay::ReplayPlayer player(*world, replay_options);
  std::vector<std::string> errors;
  if (!player.Open(&errors)) {
    for (const std::string& e : errors) std::cerr << "gatetwin view: " << e << "\n";
    return kExitUsage;
  }
  options.language = *language;
  options.start_viewpoint = a.camera;
  options.speed = a.speed;
  options.fullscreen = a.fullscreen;
  options.start_playing = !a.paused;
  options.exit_after_frames = a.frames;
  options.msaa_samples = a.msaa;
  options.screenshot_path = a.screenshot;
  viewer::TwinScene scene(*world, *language);
  viewer::SceneHooks hooks = scene.Hooks();
  viewer::PluginView plugin_view(plugins, player, scene);
  plugin_view.Attach(&hooks);
  return viewer::RunViewer(*world, player, hooks, options);
}

}  // namespace

void AddViewCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<ViewArgs>();
  CLI::App* cmd = app.add_subcommand("view", "Open the 3D twin with its control room, replaying feeds");
  cmd->add_option("--world", a->world, "World YAML (any layout phase)")->required();
  cmd->add_option("--feed", a->feeds, "Feed file(s) to replay; repeat to merge by time");
  cmd->add_option("--at", a->at, "Start at this time (RFC 3339 with offset)");
  cmd->add_option("--camera", a->camera, "Start viewpoint (overview, border_line, booth_plaza, yards, ...)")
      ->capture_default_str();
  cmd->add_option("--language", a->language, "UI and label language: vi, zh or en")->capture_default_str();
  cmd->add_option("--speed", a->speed, "Replay speed, 0.1 to 1000 times real time")
      ->check(CLI::Range(0.1, 1000.0))
      ->capture_default_str();
  cmd->add_flag("--paused", a->paused, "Start paused");
  cmd->add_flag("--fullscreen", a->fullscreen, "Fill the screen (for the big screen)");
  cmd->add_option("--size", a->size, "Window size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--plugin", a->plugins, "Run a plugin (as in `gatetwin replay --plugin`); repeatable");
  cmd->add_option("--msaa", a->msaa,
                  "Anti-aliasing samples (0 for software OpenGL such as Mesa llvmpipe: 4x costs it 4x the time)")
      ->check(CLI::IsMember({0, 2, 4, 8}))
      ->capture_default_str();
  cmd->add_option("--frames", a->frames, "Quit after this many frames (demos, tests)");
  cmd->add_option("--screenshot", a->screenshot, "Write the last frame to this PNG before quitting");
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
