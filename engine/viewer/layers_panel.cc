// Layers panel: a segmented language switch, layer checkboxes, colouring + legend, viewpoint list.
#include "engine/viewer/layers_panel.h"

#include <string>

#include "engine/viewer/style.h"

namespace gatetwin::viewer {

namespace {

// Buttons side by side where the chosen one is filled with the accent colour.
std::optional<int> Segmented(const PanelContext& ctx, const char* id, const char* const* labels, int count,
                             int current) {
  std::optional<int> chosen;
  ImGui::PushID(id);
  const float w = (ImGui::GetContentRegionAvail().x - ctx.Px(4) * static_cast<float>(count - 1)) / count;
  for (int i = 0; i < count; ++i) {
    if (i > 0) ImGui::SameLine(0, ctx.Px(4));
    const bool on = i == current;
    ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::ColorConvertU32ToFloat4(palette::kAccent)
                                              : ImGui::GetStyleColorVec4(ImGuiCol_Button));
    ImGui::PushID(i);
    if (ImGui::Button(labels[i], ImVec2(w, 0)) && !on) chosen = i;
    ImGui::PopID();
    ImGui::PopStyleColor();
  }
  ImGui::PopID();
  return chosen;
}

}  // namespace

LayersChange DrawLayersPanel(const PanelContext& ctx, uint32_t layer_mask, int colouring) {
  LayersChange change;
  // denser than the other panels: many small controls, and the vehicle panel needs the room below
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ctx.Px(8), ctx.Px(3)));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ctx.Px(8), ctx.Px(5)));
  SectionHeading(ctx.T(TextId::kLayers));
  if (ImGui::BeginTable("##layers", 2)) {
    for (int bit = 0; bit < 7; ++bit) {
      ImGui::TableNextColumn();
      bool on = (layer_mask >> bit) & 1u;
      if (ImGui::Checkbox(ctx.T(Offset(TextId::kLayerGround, bit)), &on)) {
        change.layer_mask = on ? layer_mask | (1u << bit) : layer_mask & ~(1u << bit);
      }
    }
    ImGui::EndTable();
  }

  SectionHeading(ctx.T(TextId::kColourBy));
  const char* colourings[] = {ctx.T(TextId::kByStage), ctx.T(TextId::kByDirection)};
  if (auto i = Segmented(ctx, "colour", colourings, 2, colouring)) change.colouring = *i;
  ImGui::PushFont(ctx.fonts.small);
  if (ImGui::BeginTable("##legend", 2)) {
    if (colouring == 0) {
      for (int s = 0; s < engine::kSnapshotStageCount - 1; ++s) {  // exited vehicles fade out: no entry
        ImGui::TableNextColumn();
        ColourSwatch(ToImU32(engine::StageColour(static_cast<uint8_t>(s))),
                     ctx.T(Offset(TextId::kStageApproaching, s)));
      }
    } else {
      for (int d = 0; d < 2; ++d) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ColourSwatch(ToImU32(engine::DirectionColour(static_cast<uint8_t>(d))), ctx.T(Offset(TextId::kDirVnToCn, d)));
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();

  SectionHeading(ctx.T(TextId::kViewpoints));
  for (size_t i = 0; i < ctx.world.viewpoints.size(); ++i) {
    const auto& vp = ctx.world.viewpoints[i];
    const std::string label = (i < 9 ? std::to_string(i + 1) + "   " : std::string("    ")) +
                              PickName(vp.names, ctx.language) + "##vp" + std::to_string(i);
    if (ImGui::Selectable(label.c_str(), false)) change.viewpoint = static_cast<int>(i);
  }
  ImGui::PopStyleVar(2);
  return change;
}

}  // namespace gatetwin::viewer
