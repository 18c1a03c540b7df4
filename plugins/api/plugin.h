// The plugin API: the base class a plugin implements, what it may publish, and the declaration macro.
//
// A plugin is a MODULE library that includes only plugins/api/ headers. Write a class derived
// from gatetwin::plugin::Plugin, override the phases you need, and declare it once:
//
//     GATETWIN_PLUGIN(MyStudy, "my_study", "1.0", "What it measures, in one line")
//
// The twin calls the phases in this order (as Gazebo Sim calls its systems):
//   Configure   once, before the run: read parameters, size your buffers;
//   PreUpdate   before each step: may send Commands;
//   PostUpdate  after each step: read the const GateState, accumulate;
//   Publish     at the end of the run, and whenever a viewer wants fresh figures: publish
//               KPIs, time series, lane overlays and a panel into Outputs.
// A phase that throws disables the plugin (with a message naming it and the phase); the run
// goes on. See plugins/example/ and docs/plugins.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "plugins/api/gate_state.h"

/// Bumped whenever any type in plugins/api/ changes; the loader refuses a plugin built with
/// another version (as ImGui's IMGUI_CHECKVERSION and MuJoCo's mj_version do).
#define GATETWIN_PLUGIN_ABI_VERSION 1

namespace gatetwin::plugin {

/// What Configure gets: the plugin's parameters and where it may write files.
class ConfigureContext {
 public:
  virtual ~ConfigureContext() = default;
  /// The value of a parameter given as `--plugin NAME:key=value,...`, or `fallback` when unset.
  virtual std::string_view Param(std::string_view key, std::string_view fallback = {}) const = 0;
  /// A numeric parameter; throws std::invalid_argument naming the key when it is not a number.
  virtual double NumberParam(std::string_view key, double fallback) const = 0;
  /// A directory the plugin may write its own files into (created on demand by the twin),
  /// or empty when the run has no output directory.
  virtual std::string_view output_dir() const = 0;
  /// The step of the twin's clock: PreUpdate/PostUpdate run once per step.
  virtual int64_t step_us() const = 0;
};

/// Where a plugin publishes its results. Names are short snake_case keys ("max_queue_m").
class Outputs {
 public:
  virtual ~Outputs() = default;
  /// A headline figure, e.g. ("peak_queue", 14, "vehicles").
  virtual void Kpi(std::string_view name, double value, std::string_view unit) = 0;
  /// One point of a time series (points of one series in time order).
  virtual void SeriesPoint(std::string_view series, int64_t t_us, double value, std::string_view unit) = 0;
  /// Colours part of a lane for the viewer: `value` 0 (calm) .. 1 (worst).
  virtual void LaneOverlay(size_t lane, double from_m, double to_m, double value) = 0;
  /// A row of the plugin's panel in the viewer (label, value as text).
  virtual void PanelRow(std::string_view label, std::string_view value) = 0;
};

/// The base class of every plugin. All phases have empty defaults.
class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual void Configure(const GateState& /*state*/, const ConfigureContext& /*context*/) {}
  virtual void PreUpdate(const GateState& /*state*/, Commands& /*commands*/) {}
  virtual void PostUpdate(const GateState& /*state*/) {}
  virtual void Publish(const GateState& /*state*/, Outputs& /*out*/) {}
};

/// What a plugin library exports (through GATETWIN_PLUGIN): checked before anything else is used.
struct Descriptor {
  uint32_t abi_version;  // GATETWIN_PLUGIN_ABI_VERSION the plugin was built with
  uint32_t size;         // sizeof(Descriptor) the plugin was built with
  const char* name;      // unique among loaded plugins; [a-z0-9_]+
  const char* version;   // the plugin's own version
  const char* summary;   // one line for `gatetwin plugin list`
  Plugin* (*create)();
  void (*destroy)(Plugin*);
};

}  // namespace gatetwin::plugin

/// The symbol the loader looks up in a plugin library.
#define GATETWIN_PLUGIN_ENTRY gatetwin_plugin_descriptor

/// Declares `Class` as this library's plugin, exported under the C name the loader looks for.
#define GATETWIN_PLUGIN(Class, name, version, summary)                                                                \
  extern "C" __attribute__((visibility("default"))) const ::gatetwin::plugin::Descriptor* GATETWIN_PLUGIN_ENTRY() {   \
    static const ::gatetwin::plugin::Descriptor descriptor{GATETWIN_PLUGIN_ABI_VERSION,                               \
                                                           sizeof(::gatetwin::plugin::Descriptor),                    \
                                                           name,                                                      \
                                                           version,                                                   \
                                                           summary,                                                   \
                                                           []() -> ::gatetwin::plugin::Plugin* { return new Class; }, \
                                                           [](::gatetwin::plugin::Plugin* p) { delete p; }};          \
    return &descriptor;                                                                                               \
  }
