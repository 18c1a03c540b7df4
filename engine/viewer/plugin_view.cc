// Plugin outputs in the viewer: refreshed on a wall-clock cadence, overlays to the scene, panels via ImGui.
#include "engine/viewer/plugin_view.h"

#include <imgui.h>

#include <string>
#include <utility>

namespace gatetwin::viewer {

namespace {
// a plugin's figures change with the simulated clock; twice a second reads as live
constexpr double kRefreshPeriodS = 0.5;
}  // namespace

PluginView::PluginView(engine::PluginHost& host, const replay::ReplayPlayer& player, TwinScene& scene)
    : host_(host), player_(player), scene_(scene) {}

void PluginView::Attach(SceneHooks* hooks) {
  if (host_.empty()) return;
  auto previous = std::move(hooks->on_frame);
  hooks->on_frame = [this, previous](double alpha, double wall_time_s) {
    if (previous) previous(alpha, wall_time_s);
    Refresh(wall_time_s);
  };
  hooks->draw_panels = [this] { DrawPanels(); };
}

void PluginView::Refresh(double wall_time_s) {
  if (wall_time_s < next_refresh_s_) return;
  next_refresh_s_ = wall_time_s + kRefreshPeriodS;
  host_.Publish(player_.engine());
  std::vector<engine::PluginPublished::Overlay> overlays;
  for (const engine::PluginStatus& s : host_.status()) {
    if (s.enabled) overlays.insert(overlays.end(), s.published.overlays.begin(), s.published.overlays.end());
  }
  scene_.overlays().Set(overlays);
}

void PluginView::DrawPanels() const {
  float y = 90;
  for (const engine::PluginStatus& s : host_.status()) {
    ImGui::SetNextWindowPos(ImVec2(340, y), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
    y += 140;
    const std::string title = s.name + " " + s.version + "###plugin." + s.name;
    if (!ImGui::Begin(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
      ImGui::End();
      continue;
    }
    if (!s.enabled) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.84f, 0.37f, 0.0f, 1));
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 20);
      ImGui::TextUnformatted(s.error.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
    } else if (ImGui::BeginTable("##rows", 2)) {
      for (const auto& [label, value] : s.published.panel) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", label.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::End();
  }
}

}  // namespace gatetwin::viewer
