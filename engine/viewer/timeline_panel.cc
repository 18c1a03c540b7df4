// Timeline panel: play/pause/step icons, log speed slider with presets, loop, and the scrubber.
#include "engine/viewer/timeline_panel.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/viewer/style.h"
#include "replay/report.h"
#include "replay/timeline.h"

namespace gatetwin::viewer {

namespace {

constexpr double kSpeedLadder[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1000};
constexpr double kPresets[] = {1, 10, 60, 300, 1000};
constexpr engine::TimeUs kStepUs = 60 * engine::kUsPerSecond;

enum class Icon { kPlay, kPause, kStepBack, kStepForward };

// A square button with a drawn icon: font-independent, crisp at any scale.
bool IconButton(const char* id, Icon icon, float side, bool accent, const char* tip) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const bool pressed = ImGui::InvisibleButton(id, ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bg = accent ? (hovered ? IM_COL32(70, 190, 240, 255) : palette::kAccent)
                          : ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button);
  dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), bg, side * (accent ? 0.5f : 0.22f));
  const ImU32 fg = IM_COL32(240, 244, 250, 255);
  const float c = side / 2, r = side * 0.22f;
  const ImVec2 m(p.x + c, p.y + c);
  switch (icon) {
    case Icon::kPlay:
      dl->AddTriangleFilled(ImVec2(m.x - r * 0.8f, m.y - r), ImVec2(m.x - r * 0.8f, m.y + r), ImVec2(m.x + r, m.y), fg);
      break;
    case Icon::kPause:
      dl->AddRectFilled(ImVec2(m.x - r * 0.8f, m.y - r), ImVec2(m.x - r * 0.25f, m.y + r), fg, 1);
      dl->AddRectFilled(ImVec2(m.x + r * 0.25f, m.y - r), ImVec2(m.x + r * 0.8f, m.y + r), fg, 1);
      break;
    case Icon::kStepBack:
      dl->AddRectFilled(ImVec2(m.x - r, m.y - r * 0.8f), ImVec2(m.x - r * 0.7f, m.y + r * 0.8f), fg);
      dl->AddTriangleFilled(ImVec2(m.x + r, m.y - r * 0.8f), ImVec2(m.x + r, m.y + r * 0.8f),
                            ImVec2(m.x - r * 0.6f, m.y), fg);
      break;
    case Icon::kStepForward:
      dl->AddRectFilled(ImVec2(m.x + r * 0.7f, m.y - r * 0.8f), ImVec2(m.x + r, m.y + r * 0.8f), fg);
      dl->AddTriangleFilled(ImVec2(m.x - r, m.y - r * 0.8f), ImVec2(m.x - r, m.y + r * 0.8f),
                            ImVec2(m.x + r * 0.6f, m.y), fg);
      break;
  }
  HoverTip(tip);
  return pressed;
}

std::string SpeedLabel(double speed) {
  char buf[32];
  if (speed < 1) {
    std::snprintf(buf, sizeof buf, "%.2g×", speed);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f×", speed);
  }
  return buf;
}

void DrawScrubber(const PanelContext& ctx, ScrubState* scrub) {
  replay::ReplayPlayer& player = ctx.player;
  replay::Timeline& timeline = player.timeline();
  const engine::TimeUs start = timeline.start(), end = timeline.end();
  const int offset = ctx.utc_offset_min();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  ImGui::PushFont(ctx.fonts.small);
  const float label_h = ImGui::GetFontSize();
  ImGui::PopFont();
  const float track_h = ctx.Px(8);
  const float marker_h = ctx.Px(8);
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float knob_r = ctx.Px(7);
  // below the hour labels the day's profile, then the fault markers, then the track
  const float profile_y0 = origin.y + label_h + ctx.Px(2);
  const float height = std::max(ImGui::GetContentRegionAvail().y, label_h + marker_h + track_h + ctx.Px(30));
  const float track_y1 = origin.y + height - knob_r + track_h / 2 - ctx.Px(1);
  const float track_y0 = track_y1 - track_h;
  const float profile_y1 = track_y0 - marker_h - ctx.Px(4);
  // the track leaves room for the knob at both ends
  const float x0 = origin.x + knob_r, x1 = origin.x + width - knob_r;
  auto x_of = [&](double fraction) { return static_cast<float>(x0 + (x1 - x0) * std::clamp(fraction, 0.0, 1.0)); };

  // the whole day's vehicles present (5-minute series) on the same time axis as the track:
  // the operator sees where the busy hours are before scrubbing to them
  const replay::Report& report = player.whole_feed_report();
  if (!report.series.empty() && profile_y1 > profile_y0 + ctx.Px(8)) {
    int peak = 1;
    for (const auto& sample : report.series) peak = std::max(peak, sample.present);
    const double played = SpanFraction(timeline.position(), start, end);
    for (const auto& sample : report.series) {
      const float bx0 = x_of(SpanFraction(sample.t_us, start, end));
      const float bx1 = std::max(bx0 + 1, x_of(SpanFraction(sample.t_us + report.series_step_us, start, end)) - 1);
      const float bh = (profile_y1 - profile_y0) * static_cast<float>(sample.present) / static_cast<float>(peak);
      const bool past = SpanFraction(sample.t_us, start, end) < played;
      dl->AddRectFilled(ImVec2(bx0, profile_y1 - bh), ImVec2(bx1, profile_y1),
                        past ? IM_COL32(38, 166, 222, 120) : IM_COL32(120, 140, 170, 70));
    }
    dl->AddLine(ImVec2(x0, profile_y1), ImVec2(x1, profile_y1), palette::kGrid);
  }

  // hour ticks, labelled every few hours so the labels never collide
  const double span_h = static_cast<double>(end - start) / (3600.0 * engine::kUsPerSecond);
  const float label_w = ImGui::CalcTextSize("00:00").x + ctx.Px(16);
  const int max_labels = std::max(1, static_cast<int>((x1 - x0) / label_w));
  const int label_every_h = std::max(1, static_cast<int>(std::ceil(span_h / max_labels)));
  const engine::TimeUs hour = 3600 * engine::kUsPerSecond;
  const engine::TimeUs offset_us = static_cast<engine::TimeUs>(offset) * 60 * engine::kUsPerSecond;
  // the first whole local hour at or after the start
  engine::TimeUs first = ((start + offset_us + hour - 1) / hour) * hour - offset_us;
  ImGui::PushFont(ctx.fonts.small);
  for (engine::TimeUs t = first; t <= end && end > start; t += hour) {
    const float x = x_of(SpanFraction(t, start, end));
    const int local_h = static_cast<int>(((t + offset_us) / hour) % 24);
    const bool labelled = local_h % label_every_h == 0;
    if (labelled) dl->AddLine(ImVec2(x, profile_y0), ImVec2(x, profile_y1), IM_COL32(60, 70, 88, 110));
    if (labelled) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%02d:00", local_h);
      const float tw = ImGui::CalcTextSize(buf).x;
      dl->AddText(ImVec2(std::clamp(x - tw / 2, origin.x, origin.x + width - tw), origin.y), palette::kTextDim, buf);
    }
  }
  ImGui::PopFont();

  // the track and the played part
  const double position = SpanFraction(timeline.position(), start, end);
  const double shown = scrub->dragging ? scrub->drag_fraction : position;
  dl->AddRectFilled(ImVec2(x0, track_y0), ImVec2(x1, track_y1), palette::kTrack, track_h / 2);
  dl->AddRectFilled(ImVec2(x0, track_y0), ImVec2(x_of(shown), track_y1), palette::kAccentDim, track_h / 2);

  // the whole track area is one button: click or drag to seek
  ImGui::SetCursorScreenPos(ImVec2(origin.x, profile_y0));
  ImGui::InvisibleButton("##scrub", ImVec2(width, track_y1 - profile_y0 + ctx.Px(4)));
  const bool track_hovered = ImGui::IsItemHovered();
  const float mouse_x = ImGui::GetIO().MousePos.x;
  const double mouse_fraction = std::clamp((mouse_x - x0) / std::max(1.0f, x1 - x0), 0.0f, 1.0f);
  // fault markers above the track; hovering one shows it, clicking jumps to its start
  std::optional<engine::TimeUs> marker_jump;
  bool marker_hovered = false;
  const auto& faults = player.whole_feed_report().faults;
  for (size_t i = 0; i < faults.size(); ++i) {
    const auto& f = faults[i];
    const engine::TimeUs to = f.to_us < 0 ? end : f.to_us;
    float fx0 = x_of(SpanFraction(f.from_us, start, end));
    float fx1 = std::max(x_of(SpanFraction(to, start, end)), fx0 + ctx.Px(4));
    const ImU32 colour = f.state == "offline" ? palette::kOffline : palette::kFault;
    const float my0 = track_y0 - marker_h - ctx.Px(2), my1 = track_y0 - ctx.Px(2);
    dl->AddRectFilled(ImVec2(fx0, my0), ImVec2(fx1, my1), colour, ctx.Px(2));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (track_hovered && mouse.x >= fx0 - 2 && mouse.x <= fx1 + 2 && mouse.y >= my0 - ctx.Px(3) &&
        mouse.y <= my1 + ctx.Px(2)) {
      marker_hovered = true;
      dl->AddRect(ImVec2(fx0 - 1, my0 - 1), ImVec2(fx1 + 1, my1 + 1), IM_COL32(255, 255, 255, 220), ctx.Px(2));
      ImGui::BeginTooltip();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s",
                         ctx.T(f.state == "offline" ? TextId::kSensorOffline : TextId::kSensorFault));
      ImGui::Text("%s", f.sensor.c_str());
      ImGui::Text("%s – %s", FormatClock(f.from_us, offset).c_str(),
                  f.to_us < 0 ? ctx.T(TextId::kUntilEnd) : FormatClock(f.to_us, offset).c_str());
      if (!f.detail.empty()) ImGui::TextDisabled("%s", f.detail.c_str());
      ImGui::TextDisabled("%s", ctx.T(TextId::kClickToJump));
      ImGui::EndTooltip();
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) marker_jump = f.from_us;
    }
  }
  // training marks (incidents, decisions, notes) as ticks across the track, heads above it
  for (const replay::TimelineMark& m : player.marks()) {
    const float mx = x_of(SpanFraction(m.t_us, start, end));
    const ImU32 colour = m.kind == replay::TimelineMark::Kind::kIncident     ? palette::kFault
                         : m.kind == replay::TimelineMark::Kind::kRefused    ? palette::kOffline
                         : m.kind == replay::TimelineMark::Kind::kAnnotation ? palette::kGood
                                                                             : palette::kAccent;
    const float head = ctx.Px(4);
    const float hy = track_y0 - marker_h * 0.5f - ctx.Px(2);
    dl->AddLine(ImVec2(mx, hy), ImVec2(mx, track_y1), colour, ctx.Px(1.5f));
    dl->AddQuadFilled(ImVec2(mx, hy - head), ImVec2(mx + head, hy), ImVec2(mx, hy + head), ImVec2(mx - head, hy),
                      colour);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (marker_jump || !track_hovered || std::abs(mouse.x - mx) > head + 1 || mouse.y < hy - head - 2 ||
        mouse.y > track_y1 + 2) {
      continue;
    }
    marker_hovered = true;
    ImGui::BeginTooltip();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s  %s", FormatClock(m.t_us, offset).c_str(),
                       m.label.c_str());
    if (!m.detail.empty()) ImGui::Text("%s", m.detail.c_str());
    ImGui::TextDisabled("%s", ctx.T(TextId::kClickToJump));
    ImGui::EndTooltip();
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) marker_jump = m.t_us;
  }
  if (marker_jump) {
    player.SeekTo(*marker_jump);
    scrub->dragging = false;
  } else if (ImGui::IsItemActive()) {
    scrub->dragging = true;
    scrub->drag_fraction = mouse_fraction;
  } else if (scrub->dragging) {
    scrub->dragging = false;
    player.SeekTo(start +
                  static_cast<engine::TimeUs>(std::llround(scrub->drag_fraction * static_cast<double>(end - start))));
  }
  if (track_hovered && !marker_hovered && !scrub->dragging) {
    const engine::TimeUs t = start + static_cast<engine::TimeUs>(mouse_fraction * static_cast<double>(end - start));
    ImGui::SetTooltip("%s", FormatClock(t, offset).c_str());
  }

  // the playhead, with a line up through the day's profile
  const float px = x_of(scrub->dragging ? scrub->drag_fraction : position);
  const float cy = (track_y0 + track_y1) / 2;
  dl->AddLine(ImVec2(px, profile_y0), ImVec2(px, track_y0), IM_COL32(240, 244, 250, 150), ctx.Px(1));
  dl->AddCircleFilled(ImVec2(px, cy), knob_r + ctx.Px(2), IM_COL32(0, 0, 0, 90));
  dl->AddCircleFilled(ImVec2(px, cy), knob_r, palette::kAccent);
  dl->AddCircleFilled(ImVec2(px, cy), knob_r * 0.4f, IM_COL32(240, 244, 250, 255));
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
  ImGui::Dummy(ImVec2(width, 0));
}

}  // namespace

double NextSpeed(double current, int direction) {
  if (direction > 0) {
    for (double s : kSpeedLadder) {
      if (s > current * 1.0001) return s;
    }
    return replay::Timeline::kMaxSpeed;
  }
  for (auto it = std::rbegin(kSpeedLadder); it != std::rend(kSpeedLadder); ++it) {
    if (*it < current * 0.9999) return *it;
  }
  return replay::Timeline::kMinSpeed;
}

double SpanFraction(engine::TimeUs t, engine::TimeUs start, engine::TimeUs end) {
  if (end <= start) return 0;
  return std::clamp(static_cast<double>(t - start) / static_cast<double>(end - start), 0.0, 1.0);
}

void DrawTimelinePanel(const PanelContext& ctx, ScrubState* scrub) {
  replay::ReplayPlayer& player = ctx.player;
  replay::Timeline& timeline = player.timeline();
  const float side = ImGui::GetFrameHeight() * 1.25f;

  if (player.live()) {
    // a live bus has no transport: what arrives is shown as it arrives
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float r = ImGui::GetFontSize() * 0.35f;
    dl->AddCircleFilled(ImVec2(at.x + r, at.y + ImGui::GetFontSize() / 2), r, IM_COL32(230, 57, 70, 255));
    ImGui::SetCursorScreenPos(ImVec2(at.x + 3 * r, at.y));
    ImGui::TextUnformatted(ctx.T(TextId::kLive));
    ImGui::SameLine(0, ctx.Px(12));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette::kTextDim), "%s", ctx.T(TextId::kLiveFollowing));
    DrawScrubber(ctx, scrub);
    return;
  }

  // transport
  if (IconButton("##back", Icon::kStepBack, side, false, ctx.T(TextId::kStepBack))) {
    player.SeekTo(timeline.position() - kStepUs);
  }
  ImGui::SameLine();
  const bool playing = timeline.playing();
  if (IconButton("##play", playing ? Icon::kPause : Icon::kPlay, side, true,
                 ctx.T(playing ? TextId::kPause : TextId::kPlay))) {
    playing ? timeline.Pause() : timeline.Play();
  }
  ImGui::SameLine();
  if (IconButton("##fwd", Icon::kStepForward, side, false, ctx.T(TextId::kStepForward))) {
    player.SeekTo(timeline.position() + kStepUs);
  }

  // speed: a logarithmic slider (0.1× and 1000× both get room) and the usual presets
  ImGui::SameLine(0, ctx.Px(18));
  const float text_offset = (side - ImGui::GetFrameHeight()) / 2;
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + text_offset);
  float speed = static_cast<float>(timeline.speed());
  ImGui::SetNextItemWidth(ctx.Px(120));
  const std::string label = SpeedLabel(speed);
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(replay::Timeline::kMinSpeed),
                         static_cast<float>(replay::Timeline::kMaxSpeed), label.c_str(),
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    timeline.SetSpeed(speed);
  }
  HoverTip(ctx.T(TextId::kSpeed));
  for (double preset : kPresets) {
    ImGui::SameLine(0, ctx.Px(4));
    const bool active = std::abs(timeline.speed() - preset) < 1e-6;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(palette::kAccentDim));
    const std::string name = SpeedLabel(preset);
    if (ImGui::Button(name.c_str())) timeline.SetSpeed(preset);
    if (active) ImGui::PopStyleColor();
  }
  ImGui::SameLine(0, ctx.Px(18));
  bool loop = timeline.loop();
  if (ImGui::Checkbox(ctx.T(TextId::kLoop), &loop)) timeline.SetLoop(loop);

  // where we are in the span, right-aligned
  const int offset = ctx.utc_offset_min();
  const std::string where = FormatClock(timeline.position(), offset) + "  /  " + FormatClock(timeline.end(), offset);
  const float where_w = ImGui::CalcTextSize(where.c_str()).x;
  ImGui::SameLine();
  // only when it fits: the controls matter more than a second clock
  if (ImGui::GetCursorPosX() + where_w <= ImGui::GetWindowContentRegionMax().x) {
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - where_w);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", where.c_str());
  } else {
    ImGui::NewLine();
  }

  ImGui::Dummy(ImVec2(0, ctx.Px(2)));
  DrawScrubber(ctx, scrub);
}

}  // namespace gatetwin::viewer
