// `gatetwin plugin list` and the --plugin option's loading, shared by the commands that run the twin.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"

namespace gatetwin::cli {

bool LoadPluginsOrPrint(const std::vector<std::string>& specs, const std::string& output_dir,
                        engine::PluginHost* host) {
  host->set_output_dir(output_dir);
  bool ok = true;
  for (const std::string& spec : specs) {
    engine::PluginRequest request;
    std::string error;
    if (!engine::ParsePluginRequest(spec, &request, &error) || !host->Load(request, &error)) {
      std::cerr << "gatetwin: " << error << "\n";
      ok = false;
    }
  }
  return ok;
}

namespace {

int List(bool json) {
  const std::vector<std::string> path = engine::DefaultPluginSearchPath();
  const std::vector<engine::FoundPlugin> found = engine::ListPlugins(path);
  if (json) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& f : found) {
      out.push_back({{"name", f.name},
                     {"version", f.version},
                     {"summary", f.summary},
                     {"path", f.path},
                     {"abi_version", f.abi_version},
                     {"error", f.error}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "plugin search path (GATETWIN_PLUGIN_PATH, then next to the executable):\n";
  for (const std::string& dir : path) std::cout << "  " << dir << "\n";
  if (found.empty()) std::cout << "no plugins found\n";
  for (const auto& f : found) {
    if (f.error.empty()) {
      std::cout << "  " << f.name << " " << f.version << " — " << f.summary << "\n      " << f.path << "\n";
    } else {
      std::cout << "  (unusable) " << f.error << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

void AddPluginCommands(CLI::App& app, RunFn* run) {
  CLI::App* plugin = app.add_subcommand("plugin", "Plugins: list what can be loaded with --plugin");
  plugin->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  CLI::App* list = plugin->add_subcommand("list", "List the plugins on the search path, with their versions");
  list->add_flag("--json", *json, "Machine-readable output");
  list->callback([run, json] { *run = [json] { return List(*json); }; });
}

}  // namespace gatetwin::cli
