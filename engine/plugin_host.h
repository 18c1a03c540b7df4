// Loads plugins (MODULE libraries), checks their ABI, and runs their phases with the twin's state.
//
// The host is driven by whoever runs the twin (a replay, a simulation, the live client): the
// engine itself never calls into plugins. A plugin that throws is disabled; the run goes on.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"

namespace gatetwin::engine {

class Engine;

/// A plugin asked for on the command line: `NAME` or `PATH.so`, then `:key=value,key=value`.
struct PluginRequest {
  std::string name_or_path;
  std::map<std::string, std::string, std::less<>> params;
};

/// Parses `--plugin` text. False with `error` saying what is wrong.
bool ParsePluginRequest(std::string_view text, PluginRequest* out, std::string* error);

/// Where plugins are searched, in order: each directory of GATETWIN_PLUGIN_PATH (colon
/// separated), then `plugins/` next to the running executable, then `../lib/gatetwin/plugins`.
std::vector<std::string> DefaultPluginSearchPath();

/// The file name a plugin called `name` is built as: gatetwin_plugin_<name>.so.
std::string PluginFileName(std::string_view name);

/// What one plugin published (plain data: for the report and the viewer).
struct PluginPublished {
  struct Kpi {
    std::string name;
    double value = 0;
    std::string unit;
  };
  struct Series {
    std::string name, unit;
    std::vector<std::pair<TimeUs, double>> points;
  };
  struct Overlay {
    int lane = -1;
    double from_m = 0, to_m = 0, value = 0;
  };
  std::vector<Kpi> kpis;
  std::vector<Series> series;
  std::vector<Overlay> overlays;
  std::vector<std::pair<std::string, std::string>> panel;
};

/// One loaded plugin: who it is and how it is doing.
struct PluginStatus {
  std::string name, version, summary, path;
  bool enabled = true;
  std::string error;  // why it was disabled
  PluginPublished published;
};

/// A plugin library found on the search path (for `gatetwin plugin list`).
struct FoundPlugin {
  std::string path, name, version, summary;
  uint32_t abi_version = 0;
  std::string error;  // why it cannot be loaded, empty when it can
};

/// Every gatetwin_plugin_*.so on `search_path`, opened to read its descriptor.
std::vector<FoundPlugin> ListPlugins(const std::vector<std::string>& search_path);

/// Loads plugins and runs their phases.
class PluginHost {
 public:
  PluginHost();
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  void set_search_path(std::vector<std::string> dirs) { search_path_ = std::move(dirs); }
  const std::vector<std::string>& search_path() const { return search_path_; }
  /// Where plugins may write files (each in a subdirectory named after it); empty: nowhere.
  void set_output_dir(std::string dir) { output_dir_ = std::move(dir); }

  /// Loads a plugin library. False with `error` when it is not found, has no descriptor, was
  /// built for another ABI version, or has the name of a plugin already loaded.
  bool Load(const PluginRequest& request, std::string* error);
  size_t size() const { return plugins_.size(); }
  bool empty() const { return plugins_.empty(); }

  /// Creates fresh plugin instances (dropping old ones) and runs Configure: at the start of a
  /// run, and again when a viewer restarts the replay to seek backward.
  void Start(const Engine& engine);
  /// Runs PreUpdate (commands are applied to `engine` right after each plugin's call).
  void PreUpdate(Engine& engine);
  /// Runs PostUpdate after the engine stepped.
  void PostUpdate(const Engine& engine);
  /// Runs Publish; each plugin's outputs replace what it published before.
  void Publish(const Engine& engine);

  const std::vector<PluginStatus>& status() const { return status_; }
  /// Messages for the user since the last call ("plugin X disabled: ..."), oldest first.
  std::vector<std::string> TakeMessages();

 private:
  struct Loaded;
  template <typename F>
  void RunPhase(const char* phase, const Engine& engine, F&& call);

  std::vector<std::string> search_path_;
  std::string output_dir_;
  std::vector<std::unique_ptr<Loaded>> plugins_;
  std::vector<PluginStatus> status_;
  std::vector<std::string> messages_;
  struct StateCache;
  std::unique_ptr<StateCache> state_;
};

}  // namespace gatetwin::engine
