// `gatetwin live` and `gatetwin publish`: the twin on a live MQTT sensor bus, and a recorded feed sent onto one.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/cli/live_demo.h"
#include "engine/cli/mqtt_args.h"
#include "replay/live/live_session.h"
#include "replay/live/local_broker.h"
#include "replay/live/publisher.h"

namespace gatetwin::cli {
namespace {

using replay::live::MqttOptions;

std::atomic<bool> stop_requested{false};

void OnSignal(int /*signal*/) { stop_requested.store(true); }

void CatchStopSignals() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
}

//---------------------------------------------------------------------------------------------
// live

struct LiveArgs {
  std::string world;
  MqttArgs mqtt;
  std::vector<std::string> topics;
  std::string record, report, quarantine, expect;
  bool overwrite = false;
  size_t batch_rows = replay::RecorderOptions{}.batch_rows;
  int batch_ms = 100;
  double duration_s = 0, idle_exit_s = 0;
  uint64_t max_messages = 0;
  double reorder_window_s = -1, skew_threshold_s = 2;
  std::vector<std::string> plugins;
  std::string plugin_out;
  LiveDemoArgs demo;
  bool quiet = false;
};

void PrintStatus(const replay::live::LiveStatus& s) {
  const std::string clock = s.feed_now_us >= 0 ? engine::FormatRfc3339(s.feed_now_us).substr(11, 8) : "--:--:--";
  std::fprintf(stderr, "\r\033[K  live %6.0f s  %s  %8llu msgs  %7.0f/s  %5d trucks  p99 %.1f ms%s%s", s.wall_s,
               clock.c_str(), static_cast<unsigned long long>(s.messages), s.messages_per_s, s.vehicles_present,
               s.p99_receive_to_applied_ms, s.connected ? "" : "  DISCONNECTED: ", s.last_error.c_str());
  std::fflush(stderr);
}

int RunLiveCommand(const LiveArgs& a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  if (a.mqtt.url.empty() && !a.demo.local_broker) {
    std::cerr << "gatetwin live: give --mqtt mqtt://HOST:PORT, or --local-broker to start one on this machine\n";
    return kExitUsage;
  }
  if (!a.demo.publish_feeds.empty() && !a.demo.local_broker && a.mqtt.url.empty()) {
    std::cerr << "gatetwin live: --publish needs a broker (--mqtt or --local-broker)\n";
    return kExitUsage;
  }
  CatchStopSignals();

  // a broker of our own, for a demo on one machine
  LiveDemo demo("live");
  std::string url = a.mqtt.url;
  if (a.demo.local_broker) {
    if (!demo.StartBroker(a.demo.broker_dir, a.quiet)) return kExitUsage;
    url = demo.url();
  }

  replay::live::LiveSessionOptions o;
  if (!MakeMqttOptions(a.mqtt, url, "live", &o.mqtt)) return kExitUsage;
  if (!a.topics.empty()) o.topics = a.topics;
  o.record_path = a.record;
  o.overwrite_recording = a.overwrite;
  o.recorder.batch_rows = a.batch_rows;
  o.recorder.batch_ms = a.batch_ms;
  o.recorder.world_path = a.world;
  o.quarantine_path = a.quarantine;
  const double window_s = a.reorder_window_s >= 0 ? a.reorder_window_s : world->params.reorder_window_s;
  o.ingest.reorder_window_us = static_cast<engine::TimeUs>(window_s * engine::kUsPerSecond);
  o.ingest.skew_threshold_s = a.skew_threshold_s;
  o.duration_s = a.duration_s;
  o.idle_exit_s = a.idle_exit_s;
  o.connect_timeout_s = a.mqtt.connect_timeout_s;
  o.max_messages = a.max_messages;
  o.stop = &stop_requested;
  if (!a.quiet && StderrIsTty()) o.status = PrintStatus;
  engine::PluginHost plugins;
  if (!LoadPluginsOrPrint(a.plugins, a.plugin_out, &plugins)) return kExitUsage;
  o.plugins = &plugins;

  // the demo: publish a recorded feed onto the same broker once we listen
  if (!a.demo.publish_feeds.empty()) {
    if (!demo.PreparePublisher(a.demo.publish_feeds, a.demo.publish_speed, o.mqtt, a.quiet)) return kExitUsage;
    if (o.idle_exit_s <= 0) o.idle_exit_s = 3;  // the session ends a moment after the feed does
  }
  o.on_ready = [&] {
    if (!a.quiet) {
      std::cerr << "gatetwin live: listening on " << replay::live::DescribeMqtt(o.mqtt) << " for";
      for (const std::string& t : o.topics) std::cerr << " '" << t << "'";
      std::cerr << (a.record.empty() ? "" : ", recording to " + a.record) << " (Ctrl-C ends the session)\n";
    }
    demo.StartPublishing(&stop_requested);
  };

  replay::live::LiveOutcome out = replay::live::RunLive(*world, o);
  stop_requested.store(true);
  const bool published = demo.FinishPublishing();
  if (o.status) std::fputs("\r\033[K", stderr);
  for (const std::string& w : out.warnings) std::cerr << "gatetwin live: warning: " << w << "\n";
  for (const std::string& e : out.errors) std::cerr << "gatetwin live: " << e << "\n";
  if (!published) std::cerr << "gatetwin live: warning: the publisher did not send the whole feed\n";
  if (!out.ok) return kExitUsage;
  if (!a.report.empty() && !WriteTextFile(a.report, out.report_json)) return kExitUsage;
  if (!a.quiet) {
    std::cout << replay::ReportSummary(out.report, "gatetwin live");
    const auto& st = out.stats;
    std::printf("  live: %llu messages, receive → applied p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                static_cast<unsigned long long>(st.messages), st.receive_to_applied.PercentileUs(50) / 1000.0,
                st.receive_to_applied.PercentileUs(99) / 1000.0,
                static_cast<double>(st.receive_to_applied.max_us()) / 1000.0);
    if (st.clock_events == 0) {
      std::printf(
          "  clocks: not compared (the feed ran at %.4gx real time; sensor clocks are compared in real-time feeds)\n",
          st.feed_rate);
    } else {
      std::printf("  sensor ts → applied p50 %.0f ms, p99 %.0f ms; %zu sensor clock(s) off by more than %.3g s\n",
                  st.sensor_to_applied.PercentileUs(50) / 1000.0, st.sensor_to_applied.PercentileUs(99) / 1000.0,
                  st.skewed.size(), a.skew_threshold_s);
    }
    for (const auto& s : st.skewed) {
      std::printf("  clock skew: %s is %.1f s %s the feed (%llu events)\n", s.sensor.c_str(), std::abs(s.mean_offset_s),
                  s.mean_offset_s > 0 ? "behind" : "ahead of", static_cast<unsigned long long>(s.events));
    }
    if (!a.record.empty()) std::printf("  recorded to %s\n", a.record.c_str());
  }
  if (a.expect.empty()) return kExitOk;
  return CheckExpectOrPrint(out.report_json, a.expect, a.quiet);
}

//---------------------------------------------------------------------------------------------
// publish

struct PublishArgs {
  std::vector<std::string> feeds;
  MqttArgs mqtt;
  double speed = 1;
  bool retime = false;
  std::string topic_prefix = "gate", topic;
  std::string from, to;
  bool quiet = false;
};

int RunPublishCommand(const PublishArgs& a) {
  CatchStopSignals();
  replay::live::PublishOptions po;
  po.speed = a.speed;
  po.retime = a.retime;
  po.topic_prefix = a.topic_prefix;
  po.fixed_topic = a.topic;
  po.stop = &stop_requested;
  if (!a.from.empty() && !(po.from_us = ParseTimeArg(a.from))) {
    std::cerr << "gatetwin publish: --from `" << a.from << "` is not an RFC 3339 time with an offset\n";
    return kExitUsage;
  }
  if (!a.to.empty() && !(po.to_us = ParseTimeArg(a.to))) {
    std::cerr << "gatetwin publish: --to `" << a.to << "` is not an RFC 3339 time with an offset\n";
    return kExitUsage;
  }
  MqttOptions mo;
  if (!MakeMqttOptions(a.mqtt, a.mqtt.url, "publish", &mo)) return kExitUsage;
  std::vector<replay::live::FeedLine> lines;
  std::string error;
  if (!replay::live::ReadFeedLines(a.feeds, po, &lines, &error)) {
    std::cerr << "gatetwin publish: " << error << "\n";
    return kExitUsage;
  }
  auto publisher = replay::live::MqttPublisher::Create(mo, &error);
  if (!publisher || !publisher->Start(&error)) {
    std::cerr << "gatetwin publish: " << error << "\n";
    return kExitUsage;
  }
  if (!publisher->WaitConnected(static_cast<int>(a.mqtt.connect_timeout_s * 1000))) {
    std::cerr << "gatetwin publish: no connection to " << replay::live::DescribeMqtt(mo) << " within "
              << a.mqtt.connect_timeout_s << " s: " << publisher->status().last_error
              << " (is the broker running? check --mqtt, the credentials and the TLS options)\n";
    return kExitUsage;
  }
  if (!a.quiet && StderrIsTty()) {
    po.progress = [](uint64_t sent, uint64_t total) {
      std::fprintf(stderr, "\r\033[K  published %llu of %llu", static_cast<unsigned long long>(sent),
                   static_cast<unsigned long long>(total));
      std::fflush(stderr);
    };
  }
  const replay::live::PublishOutcome r = replay::live::PublishLines(*publisher, lines, po);
  if (po.progress) std::fputs("\r\033[K", stderr);
  if (!a.quiet) {
    std::printf("gatetwin publish: %llu lines to %s in %.1f s (%.0f/s), %llu acknowledged\n",
                static_cast<unsigned long long>(r.published), replay::live::DescribeMqtt(mo).c_str(), r.wall_s,
                r.wall_s > 0 ? static_cast<double>(r.published) / r.wall_s : 0.0,
                static_cast<unsigned long long>(r.acked));
  }
  if (!r.ok) {
    std::cerr << "gatetwin publish: " << r.error << "\n";
    return kExitFailed;
  }
  return stop_requested ? kExitFailed : kExitOk;
}

}  // namespace

void AddLiveCommands(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<LiveArgs>();
  CLI::App* cmd = app.add_subcommand("live", "Follow a live MQTT sensor bus: apply, record and report as it arrives");
  cmd->add_option("--world", a->world, "World YAML (any layout phase)")->required();
  AddMqttOptions(cmd, &a->mqtt, false);
  cmd->add_option("--topic", a->topics, "Topic filter to subscribe to; repeatable (default 'gate/#')");
  cmd->add_option("--record", a->record, "Record every received line into this SQLite recording");
  cmd->add_flag("--overwrite", a->overwrite, "Replace an existing recording");
  cmd->add_option("--batch-rows", a->batch_rows, "Recording: commit after this many lines (default 4096) ...")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--batch-ms", a->batch_ms, "... or when the oldest uncommitted line is this old, in ms (default 100)")
      ->check(CLI::Range(1, 60000));
  cmd->add_option("--report", a->report, "Write the JSON report (with its `live` section) here when the session ends");
  cmd->add_option("--quarantine", a->quarantine, "Write every doubtful message, with its reason, here (JSON Lines)");
  cmd->add_option("--expect", a->expect, "Bounds on report values (YAML); exit 1 when one fails");
  cmd->add_option("--duration", a->duration_s, "Stop after this many seconds of wall time")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--idle-exit", a->idle_exit_s, "Stop when no message came for this many seconds (after the first)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--max-messages", a->max_messages, "Stop after this many messages");
  cmd->add_option("--reorder-window", a->reorder_window_s,
                  "Seconds an event may trail the newest before it counts as late (default: the world's, 2 s)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--skew-threshold", a->skew_threshold_s,
                  "Report a sensor whose clock differs from the feed's by more than this many seconds")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--plugin", a->plugins, "Run a plugin (as in `gatetwin replay`); repeatable");
  cmd->add_option("--plugin-out", a->plugin_out, "Directory where plugins write their own files");
  AddLiveDemoOptions(cmd, &a->demo, 1440);
  cmd->add_flag("--quiet,-q", a->quiet, "No summary, no status line");
  cmd->callback([run, a] { *run = [a] { return RunLiveCommand(*a); }; });

  auto p = std::make_shared<PublishArgs>();
  CLI::App* pub = app.add_subcommand("publish", "Publish recorded feeds onto an MQTT broker in feed time or faster");
  pub->add_option(
         "--feed", p->feeds,
         "JSON Lines feed or a recording (.sqlite: every line as received); repeat to interleave several by time")
      ->required();
  AddMqttOptions(pub, &p->mqtt, true);
  pub->add_option("--speed", p->speed, "Feed seconds per wall second: 1 real time, 60 an hour a minute, 0 flat out")
      ->check(CLI::Range(0.0, 1e9));
  pub->add_flag("--retime", p->retime, "Rewrite each line's ts to the moment it is sent, so the feed looks live");
  pub->add_option("--topic-prefix", p->topic_prefix, "Topics are PREFIX/KIND/SENSOR (default gate)");
  pub->add_option("--topic", p->topic, "Send every line to this one topic instead");
  pub->add_option("--from", p->from, "Only lines at or after this time (RFC 3339 with offset)");
  pub->add_option("--to", p->to, "Only lines before this time (RFC 3339 with offset)");
  pub->add_flag("--quiet,-q", p->quiet, "No progress, no summary");
  pub->callback([run, p] { *run = [p] { return RunPublishCommand(*p); }; });
}

}  // namespace gatetwin::cli
