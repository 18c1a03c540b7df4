// Selected-vehicle panel: identity in large type, a stage chip, a facts table and stage times.
#include "engine/viewer/vehicle_panel.h"

#include <string>

#include "engine/vehicle.h"
#include "engine/viewer/style.h"

namespace gatetwin::viewer {

namespace {

void Fact(const char* name, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", name);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
}

// The engine's stage as the snapshot's (same order; kept explicit so a reorder cannot mislabel).
int SnapshotStageOf(engine::Stage s) {
  switch (s) {
    case engine::Stage::kApproaching: return 0;
    case engine::Stage::kQueued: return 1;
    case engine::Stage::kInService: return 2;
    case engine::Stage::kCleared: return 3;
    case engine::Stage::kInYard: return 4;
    case engine::Stage::kExited: return 5;
  }
  return 5;
}

}  // namespace

VehiclePanelAction DrawVehiclePanel(const PanelContext& ctx, std::optional<uint32_t> selected, bool following) {
  VehiclePanelAction action;
  if (!selected) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", ctx.T(TextId::kNoVehicleSelected));
    ImGui::PopTextWrapPos();
    return action;
  }
  const engine::Engine& engine = ctx.player.engine();
  const engine::Vehicle* v = engine.Get(*selected);
  if (!v || v->end != engine::TripEnd::kActive) {
    ImGui::TextDisabled("%s", ctx.T(TextId::kVehicleLeft));
    if (ImGui::Button(ctx.T(TextId::kDeselect))) action.deselect = true;
    return action;
  }
  const int offset = ctx.utc_offset_min();
  ImGui::PushFont(ctx.fonts.large);
  ImGui::TextUnformatted(v->plate.empty() ? "—" : v->plate.c_str());
  ImGui::PopFont();
  // follow and deselect next to the plate, so they stay in view however long the details get
  {
    const char* follow = ctx.T(following ? TextId::kStopFollow : TextId::kFollow);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float close_w = ImGui::GetFrameHeight();
    const float follow_w = ImGui::CalcTextSize(follow).x + 2 * style.FramePadding.x;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - follow_w - close_w - style.ItemSpacing.x);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ctx.Px(4));
    if (following) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(palette::kAccent));
    if (ImGui::Button(follow)) action.toggle_follow = true;
    if (following) ImGui::PopStyleColor();
    HoverTip(ctx.T(TextId::kActFollow));
    ImGui::SameLine();
    if (ImGui::Button("×", ImVec2(close_w, 0))) action.deselect = true;
    HoverTip(ctx.T(TextId::kDeselect));
  }
  const int stage = SnapshotStageOf(v->stage);
  Chip(ctx.T(Offset(TextId::kStageApproaching, stage)), ToImU32(engine::StageColour(static_cast<uint8_t>(stage))));
  ImGui::SameLine();
  Chip(ctx.T(Offset(TextId::kDirVnToCn, static_cast<int>(v->direction))),
       ToImU32(engine::DirectionColour(static_cast<uint8_t>(v->direction))));

  if (ImGui::BeginTable("##facts", 2, ImGuiTableFlags_SizingStretchProp)) {
    Fact(ctx.T(TextId::kClass), ctx.T(Offset(TextId::kClassTruck, static_cast<int>(v->vehicle_class))));
    if (v->lane >= 0 && static_cast<size_t>(v->lane) < ctx.world.lanes.size()) {
      Fact(ctx.T(TextId::kLane), ctx.world.lanes[static_cast<size_t>(v->lane)].id);
    }
    if (v->booth >= 0 && static_cast<size_t>(v->booth) < ctx.world.booths.size()) {
      const auto& booth = ctx.world.booths[static_cast<size_t>(v->booth)];
      Fact(ctx.T(TextId::kBooth),
           PickName(booth.names, ctx.language).empty() ? booth.id : PickName(booth.names, ctx.language));
    }
    if (v->zone >= 0 && static_cast<size_t>(v->zone) < ctx.world.zones.size()) {
      const auto& zone = ctx.world.zones[static_cast<size_t>(v->zone)];
      Fact(ctx.T(TextId::kYard),
           PickName(zone.names, ctx.language).empty() ? zone.id : PickName(zone.names, ctx.language));
    }
    if (v->entry_us >= 0) {
      Fact(ctx.T(TextId::kEntered), FormatClock(v->entry_us, offset));
      Fact(ctx.T(TextId::kTimeInSystem), FormatDuration(engine.now_us() - v->entry_us, ctx.language));
    }
    if (v->gross_kg >= 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f t", v->gross_kg / 1000);
      Fact(ctx.T(TextId::kGrossWeight), buf);
    }
    ImGui::EndTable();
  }
  if (v->scan_hold) Chip(ctx.T(TextId::kScanHold), palette::kFault);

  SectionHeading(ctx.T(TextId::kStageTimes));
  ImGui::PushFont(ctx.fonts.small);
  if (ImGui::BeginTable("##stages", 2, ImGuiTableFlags_SizingStretchProp)) {
    for (int s = 0; s < engine::kStageCount; ++s) {
      const engine::TimeUs t = v->stage_since_us[static_cast<size_t>(s)];
      if (t < 0) continue;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ColourSwatch(ToImU32(engine::StageColour(static_cast<uint8_t>(s))), ctx.T(Offset(TextId::kStageApproaching, s)));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatClock(t, offset).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();

  return action;
}

}  // namespace gatetwin::viewer
