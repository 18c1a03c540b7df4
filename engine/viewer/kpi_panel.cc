// KPI panel: headline figures as cards, queue bars per lane, minute trend and the day's profile.
#include "engine/viewer/kpi_panel.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "engine/viewer/lane_signals.h"
#include "engine/viewer/style.h"

namespace gatetwin::viewer {

namespace {

constexpr engine::TimeUs kMinuteUs = 60 * engine::kUsPerSecond;
constexpr engine::TimeUs kHourUs = 3600 * engine::kUsPerSecond;

// A figure card: a dim caption (wrapped to two lines at most) over a large number and its unit.
void Card(const PanelContext& ctx, const char* caption, const std::string& value, const char* unit, float width) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float pad = ctx.Px(10);
  const float small = ctx.fonts.small->FontSize;
  const float h = small * 2 + ctx.fonts.large->FontSize + ctx.Px(16);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), IM_COL32(28, 36, 48, 255), ctx.Px(6));
  dl->AddRectFilled(p, ImVec2(p.x + ctx.Px(3), p.y + h), palette::kAccent, ctx.Px(2));
  // the caption gets two lines at most: a narrow window clips it rather than overlap the number
  ImGui::PushClipRect(p, ImVec2(p.x + width, p.y + ctx.Px(6) + small * 2), true);
  dl->AddText(ctx.fonts.small, small, ImVec2(p.x + pad, p.y + ctx.Px(6)), palette::kTextDim, caption, nullptr,
              width - pad - ctx.Px(6));
  ImGui::PopClipRect();
  ImGui::PushClipRect(p, ImVec2(p.x + width, p.y + h), true);
  const ImVec2 value_pos(p.x + pad, p.y + ctx.Px(8) + small * 2);
  dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize, value_pos, palette::kText, value.c_str());
  const float vw = ctx.fonts.large->CalcTextSizeA(ctx.fonts.large->FontSize, FLT_MAX, 0, value.c_str()).x;
  dl->AddText(ctx.fonts.small, small,
              ImVec2(value_pos.x + vw + ctx.Px(5), value_pos.y + ctx.fonts.large->FontSize - small - ctx.Px(4)),
              palette::kTextDim, unit);
  ImGui::PopClipRect();
  ImGui::Dummy(ImVec2(width, h));
}

// Horizontal bars: one per lane, scaled to the larger of 10 and the longest queue. Where the
// lanes' signals are known, a closed lane's track is framed red with a cross at its end, a tidal
// lane about to open amber with a dot: the trainee sees what each queue is waiting for.
void QueueBars(const PanelContext& ctx) {
  const auto& stats = ctx.player.engine().lane_stats();
  int longest = 10;
  for (const auto& s : stats) longest = std::max(longest, s.queued);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::PushFont(ctx.fonts.small);
  float id_w = 0;
  for (const auto& lane : ctx.world.lanes) id_w = std::max(id_w, ImGui::CalcTextSize(lane.id.c_str()).x);
  id_w = std::min(id_w, ctx.Px(110));
  const float row_h = ImGui::GetFontSize() + ctx.Px(3);
  const float width = ImGui::GetContentRegionAvail().x;
  for (size_t i = 0; i < stats.size() && i < ctx.world.lanes.size(); ++i) {
    const auto& lane = ctx.world.lanes[i];
    // queues form at booths: a link lane without one only shows up when something waits on it
    if (ctx.player.engine().LaneBooth(static_cast<int>(i)) < 0 && stats[i].queued == 0) continue;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushClipRect(p, ImVec2(p.x + id_w, p.y + row_h), true);
    dl->AddText(p, palette::kTextDim, lane.id.c_str());
    ImGui::PopClipRect();
    const float bx0 = p.x + id_w + ctx.Px(8), bx1 = p.x + width - ctx.Px(34);
    const float by0 = p.y + ctx.Px(3), by1 = p.y + row_h - ctx.Px(4);
    dl->AddRectFilled(ImVec2(bx0, by0), ImVec2(bx1, by1), palette::kTrack, ctx.Px(3));
    using replay::sim::LaneSignal;
    const LaneSignal signal =
        ctx.lane_signals && i < ctx.lane_signals->size() ? (*ctx.lane_signals)[i] : LaneSignal::kOpen;
    if (signal != LaneSignal::kOpen) {
      const ImU32 mark = ToImU32(SignalColour(signal));
      dl->AddRect(ImVec2(bx0, by0), ImVec2(bx1, by1), mark, ctx.Px(3), 0, ctx.Px(1.5f));
      const float c = by1 - by0, cx = bx1 - c;  // a square at the track's end
      if (signal == LaneSignal::kClosed) {
        dl->AddLine(ImVec2(cx, by0), ImVec2(cx + c, by1), mark, ctx.Px(2));
        dl->AddLine(ImVec2(cx, by1), ImVec2(cx + c, by0), mark, ctx.Px(2));
      } else {
        dl->AddCircleFilled(ImVec2(cx + c / 2, (by0 + by1) / 2), c / 2, mark);
      }
    }
    const int q = stats[i].queued;
    if (q > 0) {
      const float fx = bx0 + (bx1 - bx0) * static_cast<float>(q) / static_cast<float>(longest);
      const ImU32 colour = ToImU32(engine::DirectionColour(static_cast<uint8_t>(lane.direction)));
      dl->AddRectFilled(ImVec2(bx0, by0), ImVec2(fx, by1), colour, ctx.Px(3));
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d", q);
    dl->AddText(ImVec2(bx1 + ctx.Px(8), p.y), q > 0 ? palette::kText : palette::kTextDim, buf);
    ImGui::Dummy(ImVec2(width, row_h));
  }
  ImGui::PopFont();
}

// A line plot of `values` with its caption and latest value written in its top corners.
void Trend(const PanelContext& ctx, const char* id, const std::deque<float>& values, const char* caption, ImU32 colour,
           float width, float height) {
  std::vector<float> v(values.begin(), values.end());
  if (v.empty()) v.push_back(0);
  float hi = 5;
  for (float x : v) hi = std::max(hi, x);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::PushStyleColor(ImGuiCol_PlotLines, ImGui::ColorConvertU32ToFloat4(colour));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ImGui::ColorConvertU32ToFloat4(IM_COL32(24, 31, 42, 255)));
  ImGui::PlotLines(id, v.data(), static_cast<int>(v.size()), 0, nullptr, 0, hi * 1.6f, ImVec2(width, height));
  ImGui::PopStyleColor(2);
  // the plot's top third is left free (max × 1.6) for the caption and the value
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float small = ctx.fonts.small->FontSize;
  char value[16];
  std::snprintf(value, sizeof value, "%.0f", v.back());
  const float vw = ctx.fonts.regular->CalcTextSizeA(ctx.fonts.regular->FontSize, FLT_MAX, 0, value).x;
  ImGui::PushClipRect(p, ImVec2(p.x + width - vw - ctx.Px(12), p.y + height), true);
  dl->AddText(ctx.fonts.small, small, ImVec2(p.x + ctx.Px(6), p.y + ctx.Px(4)), palette::kTextDim, caption);
  ImGui::PopClipRect();
  dl->AddText(ctx.fonts.regular, ctx.fonts.regular->FontSize, ImVec2(p.x + width - vw - ctx.Px(6), p.y + ctx.Px(2)),
              colour, value);
}

}  // namespace

void KpiHistory::Update(const engine::Engine& engine) {
  const engine::TimeUs now = engine.now_us();
  const engine::TimeUs minute = now - now % kMinuteUs;
  if (last_minute_us_ >= 0 && minute < last_minute_us_) {
    present_.clear();
    queued_.clear();
    last_minute_us_ = -1;
  }
  if (minute == last_minute_us_) return;
  present_.push_back(static_cast<float>(engine.active_count()));
  queued_.push_back(static_cast<float>(QueuedTotal(engine)));
  while (present_.size() > kCapacity) present_.pop_front();
  while (queued_.size() > kCapacity) queued_.pop_front();
  last_minute_us_ = minute;
}

int QueuedTotal(const engine::Engine& engine) {
  int queued = 0;
  for (const auto& s : engine.lane_stats()) queued += s.queued;
  return queued;
}

HourFigures LastHourFigures(const engine::Engine& engine) {
  HourFigures out;
  const engine::TimeUs now = engine.now_us();
  const auto& finished = engine.finished();
  double sum_s = 0;
  int timed = 0;
  // trips finish in time order, so the last hour is a suffix of the list
  for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
    // lost and superseded trips end at odd times (a lost one hours after its last read): skip them
    if (it->end != engine::TripEnd::kExitRead) continue;
    if (it->exit_us < now - kHourUs) break;
    if (it->exit_us > now) continue;
    ++out.completed;
    if (it->entry_us >= 0) {
      sum_s += static_cast<double>(it->exit_us - it->entry_us) / engine::kUsPerSecond;
      ++timed;
    }
  }
  if (timed > 0) out.mean_time_in_system_s = sum_s / timed;
  return out;
}

void DrawKpiPanel(const PanelContext& ctx, KpiHistory* history) {
  const engine::Engine& engine = ctx.player.engine();
  history->Update(engine);
  const HourFigures hour = LastHourFigures(engine);

  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float card_w = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
  Card(ctx, ctx.T(TextId::kVehiclesPresent), std::to_string(engine.active_count()), ctx.T(TextId::kVehiclesUnit),
       card_w);
  ImGui::SameLine();
  Card(ctx, ctx.T(TextId::kThroughput), std::to_string(hour.completed), ctx.T(TextId::kPerHour), card_w);
  HoverTip(ctx.T(TextId::kLastHour));
  ImGui::SameLine();
  char mean[32] = "—";
  if (hour.mean_time_in_system_s >= 0) std::snprintf(mean, sizeof mean, "%.0f", hour.mean_time_in_system_s / 60);
  Card(ctx, ctx.T(TextId::kMeanTimeInSystem), mean, ctx.T(TextId::kMinutes), card_w);

  SectionHeading(ctx.T(TextId::kQueueByLane));
  QueueBars(ctx);

  SectionHeading(ctx.T(TextId::kLiveTrend));
  const float plot_h = ctx.Px(58);
  const float plot_w = (ImGui::GetContentRegionAvail().x - gap) / 2;
  Trend(ctx, "##present", history->present(), ctx.T(TextId::kVehiclesPresent), palette::kAccent, plot_w, plot_h);
  ImGui::SameLine();
  Trend(ctx, "##queued", history->queued(), ctx.T(TextId::kQueuedTotal), ToImU32(engine::StageColour(1)), plot_w,
        plot_h);
}

}  // namespace gatetwin::viewer
