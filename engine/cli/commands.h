// The subcommands of `gatetwin`: each registers itself on the CLI11 app and sets the job to run.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace gatetwin::cli {

/// The job the parsed command line asks for; returns the process exit code.
using RunFn = std::function<int()>;

void AddWorldCommands(CLI::App& app, RunFn* run);      // world check, world info
void AddReplayCommand(CLI::App& app, RunFn* run);      // replay
void AddFeedCommands(CLI::App& app, RunFn* run);       // feed synth
void AddPluginCommands(CLI::App& app, RunFn* run);     // plugin list
void AddSimulateCommand(CLI::App& app, RunFn* run);    // simulate
void AddCalibrateCommand(CLI::App& app, RunFn* run);   // calibrate (demand file from a recorded feed)
void AddStudyCommands(CLI::App& app, RunFn* run);      // study layout
void AddLiveCommands(CLI::App& app, RunFn* run);       // live, publish (MQTT)
void AddRecordingCommands(CLI::App& app, RunFn* run);  // recording info, export, import
void AddTrainCommand(CLI::App& app, RunFn* run);       // train (a scripted training shift, scored)

/// `feed import-sumo`, added under the `feed` subcommand by AddFeedCommands.
void AddImportSumoCommand(CLI::App& feed, RunFn* run);
#ifdef GATETWIN_HAVE_VIEWER
void AddRenderCommand(CLI::App& app, RunFn* run);  // render (offscreen still)
void AddViewCommand(CLI::App& app, RunFn* run);    // view (window + control room)
#endif

}  // namespace gatetwin::cli
