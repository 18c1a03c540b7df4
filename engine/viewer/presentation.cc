// Presentation mode: the title block, four KPI tiles and the caption band, drawn on ImGui's background list.
#include "engine/viewer/presentation.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "engine/viewer/kpi_panel.h"
#include "engine/viewer/style.h"

namespace gatetwin::viewer {
namespace {

constexpr ImU32 kTileBackground = IM_COL32(17, 22, 30, 215);  // the panels' colour, lighter: the scene shows through
constexpr ImU32 kBandBackground = IM_COL32(10, 14, 20, 225);

// One tile: the caption over a large figure and its unit, an accent bar on the left.
void Tile(const PanelContext& ctx, ImDrawList* dl, ImVec2 p, float w, const char* caption, const std::string& value,
          const char* unit) {
  const float pad = ctx.Px(14);
  const float h = ctx.fonts.regular->FontSize + ctx.fonts.large->FontSize * 1.4f + 2 * pad;
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), kTileBackground, ctx.Px(8));
  dl->AddRectFilled(p, ImVec2(p.x + ctx.Px(5), p.y + h), palette::kAccent, ctx.Px(3));
  dl->PushClipRect(p, ImVec2(p.x + w, p.y + h), true);
  dl->AddText(ctx.fonts.regular, ctx.fonts.regular->FontSize, ImVec2(p.x + pad, p.y + pad), palette::kTextDim, caption);
  // the figure at 1.4 × the large font: readable from the back of a meeting room
  const float big = ctx.fonts.large->FontSize * 1.4f;
  const ImVec2 vp(p.x + pad, p.y + pad + ctx.fonts.regular->FontSize);
  dl->AddText(ctx.fonts.large, big, vp, palette::kText, value.c_str());
  const float vw = ctx.fonts.large->CalcTextSizeA(big, FLT_MAX, 0, value.c_str()).x;
  dl->AddText(ctx.fonts.regular, ctx.fonts.regular->FontSize,
              ImVec2(vp.x + vw + ctx.Px(8), vp.y + big - ctx.fonts.regular->FontSize - ctx.Px(6)), palette::kTextDim,
              unit);
  dl->PopClipRect();
}

// The gate's name and phase, the local clock and date, top left.
void TitleBlock(const PanelContext& ctx, ImDrawList* dl, ImVec2 p) {
  const engine::TimeUs now = ctx.player.engine().now_us();
  const std::string clock = FormatClock(now, ctx.utc_offset_min());
  dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize, p, palette::kText, clock.c_str());
  const float clock_w = ctx.fonts.large->CalcTextSizeA(ctx.fonts.large->FontSize, FLT_MAX, 0, clock.c_str()).x;
  const float x = p.x + clock_w + ctx.Px(16);
  dl->AddText(ctx.fonts.regular, ctx.fonts.regular->FontSize, ImVec2(x, p.y + ctx.Px(2)), palette::kText,
              ctx.T(TextId::kAppTitle));
  const std::string sub = PickName(ctx.world.phase_names, ctx.language) + "  ·  " +
                          FormatDate(now, ctx.utc_offset_min()) + " " + FormatUtcOffset(ctx.utc_offset_min());
  dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(x, p.y + ctx.Px(4) + ctx.fonts.regular->FontSize),
              palette::kTextDim, sub.c_str());
}

void CaptionBand(const PanelContext& ctx, ImDrawList* dl, const std::string& caption, ImVec2 origin, ImVec2 area) {
  const float h = CaptionBandHeight(ctx.fonts, ctx.scale);
  const ImVec2 p0(origin.x, origin.y + area.y - h);
  const ImVec2 p1(origin.x + area.x, origin.y + area.y);
  dl->AddRectFilled(p0, p1, kBandBackground);
  dl->AddRectFilled(p0, ImVec2(p1.x, p0.y + ctx.Px(3)), palette::kAccent);
  ImFont* font = ctx.fonts.large;
  const float size = font->FontSize;
  const float pad = ctx.Px(32);
  const float wrap = area.x - 2 * pad;
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, wrap, caption.c_str());
  // one line is centred; a longer caption wraps from the left margin, centred vertically
  const float x = ts.x < wrap ? p0.x + (area.x - ts.x) / 2 : p0.x + pad;
  const float y = p0.y + ctx.Px(3) + (h - ctx.Px(3) - ts.y) / 2;
  dl->PushClipRect(p0, p1, true);
  dl->AddText(font, size, ImVec2(x, y), palette::kText, caption.c_str(), nullptr, wrap);
  dl->PopClipRect();
}

}  // namespace

float CaptionBandHeight(const UiFonts& fonts, float scale) {
  // two lines of caption text and a margin above and below
  return fonts.large->FontSize * 2.6f + 24 * scale;
}

void DrawPresentation(const PanelContext& ctx, const std::string& caption) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  DrawPresentationIn(ctx, caption, vp->WorkPos, vp->WorkSize);
}

void DrawPresentationIn(const PanelContext& ctx, const std::string& caption, ImVec2 origin, ImVec2 size) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float m = ctx.Px(24);
  TitleBlock(ctx, dl, ImVec2(origin.x + m, origin.y + m));

  const engine::Engine& engine = ctx.player.engine();
  const HourFigures hour = LastHourFigures(engine);
  char mean[32] = "—";
  if (hour.mean_time_in_system_s >= 0) std::snprintf(mean, sizeof mean, "%.0f", hour.mean_time_in_system_s / 60);
  // four tiles in a column down the right side, clear of the caption band
  // a half of a split frame is narrow: never so narrow that a tile's caption is cut
  const float w = std::min(std::max(size.x * 0.22f, ctx.Px(250)), ctx.Px(380));
  const float gap = ctx.Px(12);
  const float tile_h = ctx.fonts.regular->FontSize + ctx.fonts.large->FontSize * 1.4f + 2 * ctx.Px(14);
  ImVec2 p(origin.x + size.x - m - w, origin.y + m);
  Tile(ctx, dl, p, w, ctx.T(TextId::kVehiclesPresent), std::to_string(engine.active_count()),
       ctx.T(TextId::kVehiclesUnit));
  p.y += tile_h + gap;
  Tile(ctx, dl, p, w, ctx.T(TextId::kQueuedTotal), std::to_string(QueuedTotal(engine)), ctx.T(TextId::kVehiclesUnit));
  p.y += tile_h + gap;
  Tile(ctx, dl, p, w, ctx.T(TextId::kThroughput), std::to_string(hour.completed), ctx.T(TextId::kPerHour));
  p.y += tile_h + gap;
  Tile(ctx, dl, p, w, ctx.T(TextId::kMeanTimeInSystem), mean, ctx.T(TextId::kMinutes));

  if (!caption.empty()) CaptionBand(ctx, dl, caption, origin, size);
}

}  // namespace gatetwin::viewer
