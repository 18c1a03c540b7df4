// `gatetwin view`: the 3D twin in a window with the control room, replaying feeds or following a live bus.
#include <atomic>
#include <iostream>
#include <memory>
#include <optional>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/cli/live_demo.h"
#include "engine/cli/mqtt_args.h"
#include "engine/cli/tour_day.h"
#include "engine/viewer/plugin_view.h"
#include "engine/viewer/tour_director.h"
#include "engine/viewer/tour_player.h"
#include "engine/viewer/tour_window.h"
#include "engine/viewer/training_panel.h"
#include "engine/viewer/twin_scene.h"
#include "engine/viewer/viewer_app.h"
#include "replay/live/live_session.h"
#include "replay/live/recording_thread.h"
#include "replay/session.h"
#include "replay/train/session.h"

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
  bool present = false;
  std::string size = "1600x900";
  int frames = -1;
  int msaa = viewer::kMsaaAuto;
  std::string screenshot;
  std::vector<std::string> plugins;
  MqttArgs mqtt;  // --mqtt: follow a live bus instead of replaying --feed files
  std::vector<std::string> topics;
  std::string record;
  bool overwrite = false;
  LiveDemoArgs demo;  // the live demo: a broker of our own, and --publish onto it
  // a training shift instead of a feed: the scenario brings the world and the traffic
  std::string scenario;
  std::string actions;
  std::string save_actions;
  std::string report;
  std::string tour;  // a camera tour played in the window instead of a free view
};

// the names a training panel draws, for the font atlas
std::vector<std::string> TrainingTexts(const replay::train::Scenario& sc) {
  std::vector<std::string> texts = {sc.name, sc.names.vi, sc.names.zh, sc.names.en};
  for (const auto& inc : sc.incidents) texts.insert(texts.end(), {inc.id, inc.names.vi, inc.names.zh, inc.names.en});
  return texts;
}

// the training report and the session's actions, once the window closes
int FinishTraining(const ViewArgs& a, const replay::train::TrainingSession& session) {
  if (!a.save_actions.empty() && !WriteTextFile(a.save_actions, session.ActionsYaml())) return kExitUsage;
  if (a.report.empty()) return kExitOk;
  const replay::train::TrainingRun run = session.Score();
  for (const std::string& e : run.errors) std::cerr << "gatetwin view: " << e << "\n";
  if (!run.ok || !WriteTextFile(a.report, run.report_json)) return kExitUsage;
  std::cerr << "gatetwin view: training score " << run.score.total << " / 100, report in " << a.report << "\n";
  return kExitOk;
}

// the live bus behind a live view: subscriber, ingest and recording, pumped once a frame
struct LiveBus {
  std::shared_ptr<replay::EventQueue> queue = std::make_shared<replay::EventQueue>();
  std::unique_ptr<replay::live::RecordingThread> recording;
  std::unique_ptr<replay::live::LiveIngest> ingest;
  std::unique_ptr<replay::live::MqttSubscriber> subscriber;
  std::vector<replay::live::MqttMessage> batch;
  std::string source;
};

// connects to the bus the flags name and starts recording; prints what is wrong and returns
// nullptr otherwise
std::unique_ptr<LiveBus> ConnectLiveBus(const ViewArgs& a, const std::string& url, const world::World& world,
                                        replay::live::MqttOptions* client) {
  auto bus = std::make_unique<LiveBus>();
  replay::live::MqttOptions& mqtt = *client;
  if (!MakeMqttOptions(a.mqtt, url, "view", &mqtt)) return nullptr;
  const std::vector<std::string> topics = a.topics.empty() ? std::vector<std::string>{"gate/#"} : a.topics;
  bus->source = replay::live::DescribeMqtt(mqtt);
  for (const std::string& t : topics) bus->source += " " + t;
  if (!a.record.empty()) {
    replay::RecorderOptions ro;
    ro.source = bus->source;
    ro.world_path = a.world;
    std::string error;
    auto recorder = replay::Recorder::Create(world, a.record, ro, a.overwrite, &error);
    if (!recorder) {
      std::cerr << "gatetwin view: " << error << "\n";
      return nullptr;
    }
    bus->recording = std::make_unique<replay::live::RecordingThread>(std::move(recorder));
  }
  replay::live::IngestOptions io;
  io.reorder_window_us = static_cast<engine::TimeUs>(world.params.reorder_window_s * engine::kUsPerSecond);
  io.source_name = bus->source;
  bus->ingest = std::make_unique<replay::live::LiveIngest>(world, bus->queue.get(), io, nullptr, bus->recording.get());
  std::string error;
  bus->subscriber = replay::live::MqttSubscriber::Create(mqtt, topics, &error);
  if (!bus->subscriber || !bus->subscriber->Start(&error)) {
    std::cerr << "gatetwin view: " << error << "\n";
    return nullptr;
  }
  if (!bus->subscriber->WaitConnected(static_cast<int>(a.mqtt.connect_timeout_s * 1000))) {
    std::cerr << "gatetwin view: no connection to " << replay::live::DescribeMqtt(mqtt) << " within "
              << a.mqtt.connect_timeout_s << " s: " << bus->subscriber->status().last_error
              << " (is the broker running? check --mqtt, the credentials and the TLS options)\n";
    return nullptr;
  }
  std::cerr << "gatetwin view: following " << bus->source << (a.record.empty() ? "" : ", recording to " + a.record)
            << "\n";
  return bus;
}

// `view --tour` of a tour with a compare world: both layouts side by side, each frame rendered
// offscreen as `render --tour` does and shown in the window; it closes when the tour ends
int RunSplitTour(const ViewArgs& a, TourRun& run, viewer::Language language, const viewer::ViewerOptions& options,
                 const std::string& keys) {
  viewer::TourRenderOptions ro;
  ro.width = options.width;
  ro.height = options.height;
  ro.language = language;
  std::string error;
  auto tour_player = viewer::TourPlayer::Create(run.day.tour, run.day.world, *run.player, ro, &error, &*run.compare);
  if (!tour_player) {
    std::cerr << "gatetwin view: " << error << "\n";
    return kExitUsage;
  }
  viewer::TourClock clock(run.day.tour);
  viewer::TourWindowOptions wo;
  wo.width = options.width;
  wo.height = options.height;
  wo.fullscreen = options.fullscreen;
  wo.exit_after_frames = options.exit_after_frames;
  wo.screenshot_path = options.screenshot_path;
  std::cerr << "gatetwin view: playing " << a.tour << " side by side (" << run.day.tour.shots.size() << " shots, "
            << run.day.tour.duration_s() << " s, on " << tour_player->renderer_name() << "); " << keys
            << "; Escape or the window's close ends it\n";
  const int code = viewer::PlayTourInWindow(*tour_player, clock, wo);
  std::cerr << "gatetwin view: the tour " << (clock.done() ? "ended" : "stopped") << " at " << clock.time_s() << " s\n";
  for (const auto& w : tour_player->warnings()) std::cerr << "warning: " << w << "\n";
  return code;
}

// `view --tour`: the tour's world and day, its shots played in the window in presentation mode
int RunTour(const ViewArgs& a, viewer::Language language, viewer::ViewerOptions options) {
  if (!a.world.empty() || !a.feeds.empty() || !a.scenario.empty() || !a.mqtt.url.empty() || a.demo.local_broker ||
      !a.at.empty()) {
    std::cerr << "gatetwin view: --tour names its world, feed and clock; drop --world, --feed, --scenario, --mqtt, "
                 "--local-broker and --at\n";
    return kExitUsage;
  }
  const std::unique_ptr<TourRun> run = OpenTourRun(a.tour, "gatetwin view");
  if (!run) return kExitUsage;
  const viewer::Tour& tour = run->day.tour;
  const world::World& world = run->day.world;
  replay::ReplayPlayer& player = *run->player;
  const std::string keys =
      "Space pauses it, Right or Page Down skips to the next shot, Left or Page Up goes back, End ends it";
  if (run->compare) return RunSplitTour(a, *run, language, options, keys);
  viewer::TourDirector director(tour, world, player);
  options.tour = &director;
  options.language = language;
  options.start_playing = false;  // the tour moves the clock
  options.present = true;
  for (const viewer::TourShot& shot : tour.shots) {
    options.extra_texts.insert(options.extra_texts.end(), {shot.caption.vi, shot.caption.zh, shot.caption.en});
  }
  viewer::TwinScene scene(world, language);
  std::cerr << "gatetwin view: playing " << a.tour << " (" << tour.shots.size() << " shots, " << tour.duration_s()
            << " s); " << keys << "; the view is yours when it ends\n";
  const int code = viewer::RunViewer(world, player, scene.Hooks(), options);
  const viewer::TourShot& shot = tour.shots[static_cast<size_t>(director.shot())];
  std::cerr << "gatetwin view: the tour " << (director.done() ? "ended" : "stopped") << " at " << director.time_s()
            << " s, shot " << director.shot() + 1 << " '" << shot.name << "', clock "
            << engine::FormatRfc3339(player.timeline().position(), world.params.utc_offset_min) << "\n";
  return code;
}

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
  options.fullscreen = a.fullscreen;
  options.exit_after_frames = a.frames;
  options.msaa_samples = a.msaa;
  options.screenshot_path = a.screenshot;
  if (!a.tour.empty()) return RunTour(a, *language, options);
  std::optional<replay::train::TrainingSession> training;
  std::optional<world::World> loaded;
  const world::World* world = nullptr;
  if (!a.scenario.empty()) {
    if (!a.world.empty() || !a.feeds.empty() || !a.mqtt.url.empty() || a.demo.local_broker) {
      std::cerr << "gatetwin view: --scenario brings its own world and traffic: give it without --world, --feed, "
                   "--mqtt or --local-broker\n";
      return kExitUsage;
    }
    std::vector<std::string> errors;
    auto setup = replay::train::LoadShift(a.scenario, a.actions, &errors);
    for (const std::string& e : errors) std::cerr << e << "\n";
    if (!setup) return kExitUsage;
    training.emplace(std::move(*setup));
    world = &training->setup().world;
    options.extra_texts = TrainingTexts(training->setup().scenario);
  } else {
    if (a.world.empty()) {
      std::cerr
          << "gatetwin view: give --world FILE (with --feed or --mqtt), or --scenario FILE for a training shift\n";
      return kExitUsage;
    }
    if (!a.actions.empty() || !a.save_actions.empty() || !a.report.empty()) {
      std::cerr << "gatetwin view: --actions, --save-actions and --report belong to a training shift (--scenario)\n";
      return kExitUsage;
    }
    loaded = LoadWorldOrPrint(a.world);
    if (!loaded) return kExitUsage;
    world = &*loaded;
  }
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
  if (!a.feeds.empty() && !a.mqtt.url.empty()) {
    std::cerr
        << "gatetwin view: give --feed FILE (recorded feeds or recordings) or --mqtt URL (a live bus), not both\n";
    return kExitUsage;
  }
  if (a.demo.local_broker && (!a.feeds.empty() || !a.mqtt.url.empty())) {
    std::cerr << "gatetwin view: --local-broker starts a bus of its own: give --publish FEED, not --feed or --mqtt\n";
    return kExitUsage;
  }
  if (!a.demo.publish_feeds.empty() && !a.demo.local_broker) {
    std::cerr << "gatetwin view: --publish needs --local-broker (to publish onto another bus, use gatetwin publish)\n";
    return kExitUsage;
  }
  replay::ReplayOptions replay_options;
  replay_options.feeds = a.feeds;
  if (training) replay_options.feed_texts.emplace_back("training:" + training->setup().scenario.name, training->feed());
  replay_options.event_log_capacity = 2000;
  std::unique_ptr<LiveBus> bus;
  LiveDemo demo("view");
  std::atomic<bool> stop_publishing{false};
  std::string url = a.mqtt.url;
  if (a.demo.local_broker) {
    if (!demo.StartBroker(a.demo.broker_dir, false)) return kExitUsage;
    url = demo.url();
  }
  if (!url.empty()) {
    replay::live::MqttOptions client;
    bus = ConnectLiveBus(a, url, *world, &client);
    if (!bus) return kExitUsage;
    if (!a.demo.publish_feeds.empty()) {
      if (!demo.PreparePublisher(a.demo.publish_feeds, a.demo.publish_speed, client, false)) return kExitUsage;
      demo.StartPublishing(&stop_publishing);
    }
    replay_options.pushed = bus->queue;
    replay_options.pushed_name = bus->source;
  }
  engine::PluginHost plugins;
  if (!LoadPluginsOrPrint(a.plugins, "", &plugins)) return kExitUsage;
  replay_options.plugins = &plugins;
  replay::ReplayPlayer player(*world, replay_options);
  std::vector<std::string> errors;
  if (!player.Open(&errors)) {
    for (const std::string& e : errors) std::cerr << "gatetwin view: " << e << "\n";
    return kExitUsage;
  }
  if (bus) {
    player.SetLivePump([b = bus.get()](replay::Replay& replay) {
      replay::live::PumpLive(*b->subscriber, *b->ingest, *b->queue, replay, 0, 0, &b->batch);
    });
  }
  options.language = *language;
  options.start_viewpoint = a.camera;
  options.speed = a.speed;
  options.start_playing = !a.paused;
  options.present = a.present;
  viewer::TwinScene scene(*world, *language);
  viewer::SceneHooks hooks = scene.Hooks();
  viewer::PluginView plugin_view(plugins, player, scene);
  plugin_view.Attach(&hooks);
  std::optional<viewer::TrainingPanel> training_panel;
  if (training) {
    training_panel.emplace(*training, player, *language, a.save_actions);
    training_panel->Attach(&hooks);
  }
  int code = viewer::RunViewer(*world, player, hooks, options);
  if (training && code == kExitOk) code = FinishTraining(a, *training);
  stop_publishing = true;
  demo.FinishPublishing();
  if (bus) {
    bus->subscriber->Stop();
    const replay::live::IngestStats st = bus->ingest->stats();
    std::cerr << "gatetwin view: " << st.messages << " messages from " << bus->source;
    if (bus->recording) {
      bus->ingest->Flush();
      const replay::live::RecordingThreadStats rs = bus->recording->Finish();
      std::cerr << ", " << rs.rows_committed << " recorded to " << a.record
                << (rs.error.empty() ? "" : " (" + rs.error + ")");
    }
    std::cerr << "\n";
  }
  return code;
}

}  // namespace

void AddViewCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<ViewArgs>();
  CLI::App* cmd =
      app.add_subcommand("view", "Open the 3D twin with its control room, replaying feeds or following a live bus");
  cmd->add_option("--world", a->world, "World YAML (any layout phase)");
  cmd->add_option("--scenario", a->scenario,
                  "A training shift instead of --world/--feed: incidents strike, the training panel takes the "
                  "trainee's decisions (docs/training.md)");
  cmd->add_option("--actions", a->actions, "With --scenario: decisions already taken (an actions file) to start from");
  cmd->add_option("--save-actions", a->save_actions,
                  "With --scenario: keep the session's decisions in this actions file (gatetwin train replays it)");
  cmd->add_option("--report", a->report, "With --scenario: write the training report here when the window closes");
  cmd->add_option("--tour", a->tour,
                  "Play a camera tour (YAML, docs/briefing.md) in the window, in presentation mode (side by side "
                  "with a compare_world); it brings its world and day");
  cmd->add_option("--feed", a->feeds, "Feed file(s) or recordings to replay; repeat to merge by time");
  AddMqttOptions(cmd, &a->mqtt, false);
  cmd->add_option("--topic", a->topics, "With --mqtt: topic filter; repeatable (default 'gate/#')");
  cmd->add_option("--record", a->record, "With --mqtt: record every received line into this SQLite recording");
  cmd->add_flag("--overwrite", a->overwrite, "Replace an existing --record file");
  AddLiveDemoOptions(cmd, &a->demo, 60);
  cmd->add_option("--at", a->at, "Start at this time (RFC 3339 with offset)");
  cmd->add_option("--camera", a->camera, "Start viewpoint (overview, border_line, booth_plaza, yards, ...)")
      ->capture_default_str();
  cmd->add_option("--language", a->language, "UI and label language: vi, zh or en")->capture_default_str();
  cmd->add_option("--speed", a->speed, "Replay speed, 0.1 to 1000 times real time")
      ->check(CLI::Range(0.1, 1000.0))
      ->capture_default_str();
  cmd->add_flag("--paused", a->paused, "Start paused");
  cmd->add_flag("--present", a->present, "Presentation mode: no panels, large KPI tiles and the clock (P toggles it)");
  cmd->add_flag("--fullscreen", a->fullscreen, "Fill the screen (for the big screen)");
  cmd->add_option("--size", a->size, "Window size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--plugin", a->plugins, "Run a plugin (as in `gatetwin replay --plugin`); repeatable");
  cmd->add_option("--msaa", a->msaa,
                  "Anti-aliasing samples; by default 4 on a GPU and none on software OpenGL such as Mesa "
                  "llvmpipe, where 4 make each frame 2.5x slower")
      ->check(CLI::IsMember({0, 2, 4, 8}));
  cmd->add_option("--frames", a->frames, "Quit after this many frames (demos, tests)");
  cmd->add_option("--screenshot", a->screenshot, "Write the last frame to this PNG before quitting");
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
