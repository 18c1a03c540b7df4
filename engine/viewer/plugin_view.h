// What plugins publish, shown in the viewer: lane overlays in the scene and a panel per plugin.
#pragma once

#include "engine/plugin_host.h"
#include "engine/viewer/twin_scene.h"
#include "engine/viewer/viewer_app.h"
#include "replay/session.h"

namespace gatetwin::viewer {

/// Asks the plugins to publish twice a second of wall time while the viewer runs, draws their
/// overlays in `scene` and their panels (rows, or why a plugin was disabled) as ImGui windows.
class PluginView {
 public:
  PluginView(engine::PluginHost& host, const replay::ReplayPlayer& player, TwinScene& scene);
  /// Chains into `hooks`: on_frame refreshes, draw_panels draws.
  void Attach(SceneHooks* hooks);

 private:
  void Refresh(double wall_time_s);
  void DrawPanels() const;

  engine::PluginHost& host_;
  const replay::ReplayPlayer& player_;
  TwinScene& scene_;
  double next_refresh_s_ = 0;
};

}  // namespace gatetwin::viewer
