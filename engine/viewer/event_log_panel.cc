// Event log panel: filter bar, kind chips, the newest-first table (clipped) and the doubt tally.
#include "engine/viewer/event_log_panel.h"

#include <string>
#include <vector>

#include "engine/viewer/style.h"
#include "replay/report.h"

namespace gatetwin::viewer {

namespace {

// One colour per event kind, so a column of kinds reads at a glance.
ImU32 KindColour(replay::EventKind kind) {
  switch (kind) {
    case replay::EventKind::kPlateRead: return IM_COL32(86, 180, 233, 255);
    case replay::EventKind::kPresence: return IM_COL32(150, 160, 180, 255);
    case replay::EventKind::kLoop: return IM_COL32(120, 132, 150, 255);
    case replay::EventKind::kGps: return IM_COL32(0, 158, 115, 255);
    case replay::EventKind::kBarrier: return IM_COL32(240, 228, 66, 255);
    case replay::EventKind::kWeigh: return IM_COL32(204, 121, 167, 255);
    case replay::EventKind::kScan: return IM_COL32(230, 159, 0, 255);
    case replay::EventKind::kRfid: return IM_COL32(160, 200, 255, 255);
    case replay::EventKind::kStatus: return IM_COL32(232, 72, 72, 255);
  }
  return palette::kText;
}

const char* SensorId(const world::World& world, int32_t sensor) {
  return sensor >= 0 && static_cast<size_t>(sensor) < world.sensors.size() ? world.sensors[sensor].id.c_str() : "?";
}

// Toggle chips for the kinds: a filled pill when shown, an outline when hidden.
void KindChips(const PanelContext& ctx, EventLogFilter* filter) {
  ImGui::PushFont(ctx.fonts.small);
  const float avail = ImGui::GetContentRegionAvail().x;
  float x = 0;
  for (int k = 0; k < replay::kEventKindCount; ++k) {
    const char* name = ctx.T(Offset(TextId::kKindPlateRead, k));
    const ImVec2 ts = ImGui::CalcTextSize(name);
    const ImVec2 size(ts.x + ctx.Px(16), ts.y + ctx.Px(6));
    if (x > 0 && x + size.x <= avail) {
      ImGui::SameLine(0, ctx.Px(5));
    } else if (x > 0) {
      x = 0;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(k);
    if (ImGui::InvisibleButton("chip", size)) filter->kinds ^= 1u << k;
    ImGui::PopID();
    const bool on = (filter->kinds >> k) & 1u;
    const ImU32 colour = KindColour(static_cast<replay::EventKind>(k));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec4 tint = ImGui::ColorConvertU32ToFloat4(colour);
    tint.w = ImGui::IsItemHovered() ? 0.35f : 0.22f;
    if (on) {
      dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(tint), size.y / 2);
    } else {
      dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), palette::kGrid, size.y / 2);
    }
    dl->AddText(ImVec2(p.x + ctx.Px(8), p.y + ctx.Px(3)), on ? colour : palette::kTextDim, name);
    x += size.x + ctx.Px(5);
  }
  ImGui::PopFont();
}

// One line of totals, then only the reasons that occurred, as tinted chips.
void Tally(const PanelContext& ctx) {
  const replay::EventTally tally = ctx.player.replay().tally();
  uint64_t doubtful = 0;
  for (uint64_t n : tally.by_reason) doubtful += n;
  SectionHeading(ctx.T(TextId::kDoubtfulInput));
  ImGui::PushFont(ctx.fonts.small);
  ImGui::Text("%s %llu  ·  %s %llu  ·  ", ctx.T(TextId::kRead), static_cast<unsigned long long>(tally.read),
              ctx.T(TextId::kApplied), static_cast<unsigned long long>(tally.applied));
  ImGui::SameLine(0, 0);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(doubtful ? palette::kOffline : palette::kGood), "%s %llu",
                     ctx.T(TextId::kDoubtfulInput), static_cast<unsigned long long>(doubtful));
  float x = 0;
  const float avail = ImGui::GetContentRegionAvail().x;
  for (int r = 0; r < replay::kReasonCount; ++r) {
    const uint64_t n = tally.by_reason[static_cast<size_t>(r)];
    if (n == 0) continue;
    char text[96];
    std::snprintf(text, sizeof text, "%s %llu", ctx.T(Offset(TextId::kReasonMalformed, r)),
                  static_cast<unsigned long long>(n));
    const float w = ImGui::CalcTextSize(text).x + 16;
    if (x > 0 && x + w <= avail) ImGui::SameLine(0, ctx.Px(5));
    if (x + w > avail) x = 0;
    Chip(text, palette::kOffline);
    x += w + ctx.Px(5);
  }
  ImGui::PopFont();
}

}  // namespace

bool EventPasses(const EventLogFilter& filter, const world::World& world, const replay::LoggedEvent& event) {
  if (!((filter.kinds >> static_cast<int>(event.kind)) & 1u)) return false;
  if (!filter.sensor.IsActive()) return true;
  const char* id = SensorId(world, event.sensor);
  return filter.sensor.PassFilter(id);
}

void DrawEventLogPanel(const PanelContext& ctx, EventLogFilter* filter) {
  ImGui::SetNextItemWidth(-1);
  const std::string hint = std::string(ctx.T(TextId::kFilterSensor)) + "…";
  // ImGuiTextFilter::Draw has no hint: draw the input ourselves to show one
  if (ImGui::InputTextWithHint("##sensor", hint.c_str(), filter->sensor.InputBuf,
                               IM_ARRAYSIZE(filter->sensor.InputBuf))) {
    filter->sensor.Build();
  }
  KindChips(ctx, filter);

  const auto& log = ctx.player.replay().event_log();
  std::vector<int> shown;  // newest first
  shown.reserve(log.size());
  for (int i = static_cast<int>(log.size()) - 1; i >= 0; --i) {
    if (EventPasses(*filter, ctx.world, log[static_cast<size_t>(i)])) shown.push_back(i);
  }
  const float tally_h = ImGui::GetTextLineHeightWithSpacing() * 4.4f;  // heading, totals, up to two rows of chips
  const float table_h = std::max(ctx.Px(80), ImGui::GetContentRegionAvail().y - tally_h);
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_SizingStretchProp;
  ImGui::PushFont(ctx.fonts.small);
  if (ImGui::BeginTable("##events", 5, flags, ImVec2(0, table_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ctx.T(TextId::kTime), ImGuiTableColumnFlags_WidthFixed, ctx.Px(62));
    ImGui::TableSetupColumn(ctx.T(TextId::kSensor), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(ctx.T(TextId::kLane), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(ctx.T(TextId::kKind), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(ctx.T(TextId::kPlate), ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const replay::LoggedEvent& e = log[static_cast<size_t>(shown[static_cast<size_t>(row)])];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", FormatClock(e.ts_us, ctx.utc_offset_min()).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(SensorId(ctx.world, e.sensor));
        ImGui::TableNextColumn();
        if (e.lane >= 0 && static_cast<size_t>(e.lane) < ctx.world.lanes.size()) {
          ImGui::TextUnformatted(ctx.world.lanes[static_cast<size_t>(e.lane)].id.c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(KindColour(e.kind)), "%s",
                           ctx.T(Offset(TextId::kKindPlateRead, static_cast<int>(e.kind))));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.plate.c_str());
      }
    }
    ImGui::EndTable();
  }
  if (shown.empty()) ImGui::TextDisabled("%s", ctx.T(TextId::kNoEvents));
  ImGui::PopFont();
  Tally(ctx);
}

}  // namespace gatetwin::viewer
