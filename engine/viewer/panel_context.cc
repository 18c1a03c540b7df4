// Shared formats (local clock, durations) and widgets (headings, swatches, chips) of the panels.
#include "engine/viewer/panel_context.h"

#include <cstdio>
#include <cstdlib>

#include "engine/viewer/style.h"

namespace gatetwin::viewer {

std::string FormatClock(engine::TimeUs t, int utc_offset_min) {
  // FormatRfc3339 gives 2026-01-15T08:42:17.250+07:00: the clock is characters 11..18
  const std::string s = engine::FormatRfc3339(t, utc_offset_min);
  return s.size() >= 19 ? s.substr(11, 8) : s;
}

std::string FormatDate(engine::TimeUs t, int utc_offset_min) {
  const std::string s = engine::FormatRfc3339(t, utc_offset_min);
  return s.substr(0, 10);
}

std::string FormatUtcOffset(int utc_offset_min) {
  char buf[16];
  const int a = std::abs(utc_offset_min);
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", utc_offset_min < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::string FormatDuration(engine::TimeUs dt, Language language) {
  const int64_t s = std::max<int64_t>(dt, 0) / engine::kUsPerSecond;
  const char* min = Tr(TextId::kMinutes, language);
  char buf[64];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld h %02lld %s", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), min);
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(s / 60), min);
  } else {
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  }
  return buf;
}

void SectionHeading(const char* text) {
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextDim));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y - 2), ImVec2(p.x + w, p.y - 2), palette::kGrid);
  ImGui::Dummy(ImVec2(0, 2));
}

void ColourSwatch(ImU32 colour, const char* label) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float side = h * 0.7f;
  const float y = p.y + (h - side) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + side, y + side), colour, side * 0.25f);
  ImGui::Dummy(ImVec2(side, h));
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

void Chip(const char* text, ImU32 colour) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 pad(8, 2);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec4 tint = ImGui::ColorConvertU32ToFloat4(colour);
  tint.w = 0.22f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x + 2 * pad.x, p.y + size.y + 2 * pad.y), ImGui::GetColorU32(tint), size.y);
  dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), colour, text);
  ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
}

void HoverTip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

}  // namespace gatetwin::viewer
