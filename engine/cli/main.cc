// gatetwin: the command line — one executable, a subcommand per job (`gatetwin --help`).
#include <CLI/CLI.hpp>

#include <iostream>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"gatetwin — digital twin of the Hữu Nghị – Youyiguan border gate"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gatetwin 0.1.0");
  gatetwin::cli::RunFn run;
  gatetwin::cli::AddWorldCommands(app, &run);
  gatetwin::cli::AddReplayCommand(app, &run);
  gatetwin::cli::AddFeedCommands(app, &run);
  gatetwin::cli::AddPluginCommands(app, &run);
  gatetwin::cli::AddSimulateCommand(app, &run);
  gatetwin::cli::AddCalibrateCommand(app, &run);
  gatetwin::cli::AddStudyCommands(app, &run);
  gatetwin::cli::AddLiveCommands(app, &run);
  gatetwin::cli::AddRecordingCommands(app, &run);
  gatetwin::cli::AddTrainCommand(app, &run);
#ifdef GATETWIN_HAVE_VIEWER
  gatetwin::cli::AddRenderCommand(app, &run);
  gatetwin::cli::AddViewCommand(app, &run);
#else
  for (const char* name : {"view", "render"}) {
    app.add_subcommand(name, "(not in this build: the viewer was switched off)")
        ->allow_extras()
        ->callback([&run, name] {
          run = [name] {
            std::cerr << "gatetwin " << name
                      << ": this gatetwin was built without the viewer (-DGATETWIN_BUILD_VIEWER=OFF); "
                         "rebuild with bash scripts/setup.sh\n";
            return gatetwin::cli::kExitUsage;
          };
        });
  }
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return gatetwin::cli::kExitUsage;
  }
  return run ? run() : gatetwin::cli::kExitUsage;
}
