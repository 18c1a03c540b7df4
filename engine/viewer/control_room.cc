// Control room: fixed layout of the panels around the 3D view, the title bar, and commands.
#include "engine/viewer/control_room.h"

#include <algorithm>
#include <string>

#include "engine/viewer/help_overlay.h"
#include "engine/viewer/layers_panel.h"
#include "engine/viewer/presentation.h"
#include "engine/viewer/style.h"
#include "engine/viewer/vehicle_panel.h"

namespace gatetwin::viewer {

namespace {

constexpr engine::TimeUs kStepUs = 60 * engine::kUsPerSecond;

// Panels sit at fixed places (a control room's screens do not wander), framed by the theme.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus;

bool BeginPanel(const char* title, const char* id, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const std::string name = std::string(title) + "###" + id;
  return ImGui::Begin(name.c_str(), nullptr, kPanelFlags | extra);
}

}  // namespace

ControlRoom::ControlRoom(const world::World& world, replay::ReplayPlayer& player, ControlRoomActions actions,
                         Language language)
    : world_(world), player_(player), actions_(std::move(actions)), language_(language) {}

void ControlRoom::SetFonts(const UiFonts& fonts, float scale) {
  fonts_ = fonts;
  scale_ = scale;
}

void ControlRoom::Draw(const FrameStats& stats) {
  if (!fonts_.regular) fonts_.regular = fonts_.large = fonts_.small = ImGui::GetFont();
  const PanelContext ctx{world_, player_, language_, fonts_, scale_, lane_signals_.empty() ? nullptr : &lane_signals_};
  if (presenting_) {
    DrawPresentation(ctx, caption_);
    if (show_help_ && !DrawHelpOverlay(ctx)) show_help_ = false;
    return;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 o = vp->WorkPos, size = vp->WorkSize;
  const float m = ctx.Px(10);
  const float title_h = ctx.Px(64);
  const float left_w = std::clamp(size.x * 0.2f, ctx.Px(280), ctx.Px(340));
  const float right_w = std::clamp(size.x * 0.27f, ctx.Px(340), ctx.Px(460));
  const float timeline_h = ctx.Px(176);
  const float column_top = o.y + title_h + m;
  const float column_h = size.y - title_h - 2 * m;

  DrawTitleBar(stats);

  // left column: layers (as tall as their content) over the selected vehicle
  float layers_h = column_h * 0.5f;
  if (BeginPanel(ctx.T(TextId::kLayers), "layers", ImVec2(o.x + m, column_top), ImVec2(left_w, 0),
                 ImGuiWindowFlags_AlwaysAutoResize)) {
    const LayersChange change = DrawLayersPanel(ctx, layer_mask_, colouring_);
    layers_h = ImGui::GetWindowHeight();
    if (change.layer_mask) SetLayers(*change.layer_mask);
    if (change.colouring) SetColouring(*change.colouring);
    if (change.viewpoint) Handle(Command::kViewpoint, *change.viewpoint);
  }
  ImGui::End();
  const float vehicle_top = column_top + layers_h + m;
  if (BeginPanel(ctx.T(TextId::kSelectedVehicle), "vehicle", ImVec2(o.x + m, vehicle_top),
                 ImVec2(left_w, o.y + size.y - m - vehicle_top))) {
    const VehiclePanelAction action = DrawVehiclePanel(ctx, selected_, following_);
    if (action.toggle_follow) Handle(Command::kFollow);
    if (action.deselect) Select(std::nullopt);
  }
  ImGui::End();

  // right column: KPIs over the event log
  const float right_x = o.x + size.x - m - right_w;
  float kpi_h = column_h * 0.55f;
  if (BeginPanel(ctx.T(TextId::kKpi), "kpi", ImVec2(right_x, column_top), ImVec2(right_w, 0),
                 ImGuiWindowFlags_AlwaysAutoResize)) {
    DrawKpiPanel(ctx, &kpi_history_);
    kpi_h = ImGui::GetWindowHeight();
  }
  ImGui::End();
  const float log_top = column_top + kpi_h + m;
  if (BeginPanel(ctx.T(TextId::kEventLog), "events", ImVec2(right_x, log_top),
                 ImVec2(right_w, o.y + size.y - m - log_top))) {
    DrawEventLogPanel(ctx, &event_log_filter_);
  }
  ImGui::End();

  // bottom centre: the timeline under the 3D view
  const float centre_x = o.x + m + left_w + m;
  const float centre_w = right_x - m - centre_x;
  if (BeginPanel(ctx.T(TextId::kTimeline), "timeline", ImVec2(centre_x, o.y + size.y - m - timeline_h),
                 ImVec2(centre_w, timeline_h), ImGuiWindowFlags_NoScrollbar)) {
    DrawTimelinePanel(ctx, &scrub_);
  }
  ImGui::End();

  if (show_help_ && !DrawHelpOverlay(ctx)) show_help_ = false;
}

void ControlRoom::DrawTitleBar(const FrameStats& stats) {
  const PanelContext ctx{world_, player_, language_, fonts_, scale_, lane_signals_.empty() ? nullptr : &lane_signals_};
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = ctx.Px(64);
  ImGui::SetNextWindowPos(vp->WorkPos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, h), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  const bool open =
      ImGui::Begin("##titlebar", nullptr, kPanelFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar(2);
  if (open) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetWindowPos();
    const float w = ImGui::GetWindowWidth();
    // an accent rule under the bar
    dl->AddRectFilled(ImVec2(p.x, p.y + h - ctx.Px(2)), ImVec2(p.x + w, p.y + h), palette::kAccent);

    // left: the gate's name in the chosen language, the other side's below it
    const float pad = ctx.Px(18);
    ImGui::PushFont(fonts_.large);
    const float large_h = ImGui::GetFontSize();
    dl->AddText(ImVec2(p.x + pad, p.y + ctx.Px(6)), palette::kText, ctx.T(TextId::kAppTitle));
    const float title_w = ImGui::CalcTextSize(ctx.T(TextId::kAppTitle)).x;
    ImGui::PopFont();
    ImGui::PushFont(fonts_.small);
    dl->AddText(ImVec2(p.x + pad, p.y + ctx.Px(6) + large_h), palette::kTextDim, ctx.T(TextId::kAppSubtitle));
    const std::string phase = PickName(world_.phase_names, language_);
    if (!phase.empty()) {
      dl->AddText(ImVec2(p.x + pad + title_w + ctx.Px(16), p.y + ctx.Px(14)), palette::kAccent, phase.c_str());
    }
    ImGui::PopFont();

    // centre: the local clock, large, with the date and offset
    const engine::TimeUs now = player_.timeline().position();
    const std::string clock = FormatClock(now, ctx.utc_offset_min());
    ImGui::PushFont(fonts_.large);
    const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
    const float cx = p.x + w / 2;
    dl->AddText(ImVec2(cx - clock_w / 2, p.y + ctx.Px(4)), palette::kText, clock.c_str());
    ImGui::PopFont();
    ImGui::PushFont(fonts_.small);
    const std::string date = std::string(ctx.T(TextId::kLocalTime)) + " · " + FormatDate(now, ctx.utc_offset_min()) +
                             " · " + FormatUtcOffset(ctx.utc_offset_min());
    const float date_w = ImGui::CalcTextSize(date.c_str()).x;
    dl->AddText(ImVec2(cx - date_w / 2, p.y + ctx.Px(6) + large_h), palette::kTextDim, date.c_str());

    // right: the language switch, the help hint, frame time, playing state and speed
    ImGui::PopFont();
    const TextId names[] = {TextId::kLangVi, TextId::kLangZh, TextId::kLangEn};
    float x = p.x + w - pad;
    for (int i = kLanguageCount - 1; i >= 0; --i) {
      const char* name = Tr(names[i], language_);
      x -=
          ImGui::CalcTextSize(name).x + 2 * ImGui::GetStyle().FramePadding.x + (i < kLanguageCount - 1 ? ctx.Px(4) : 0);
    }
    ImGui::SetCursorScreenPos(ImVec2(x, p.y + (h - ImGui::GetFrameHeight()) / 2));
    for (int i = 0; i < kLanguageCount; ++i) {
      if (i > 0) ImGui::SameLine(0, ctx.Px(4));
      const bool on = static_cast<int>(language_) == i;
      ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::ColorConvertU32ToFloat4(palette::kAccent)
                                                : ImGui::GetStyleColorVec4(ImGuiCol_Button));
      if (ImGui::Button(Tr(names[i], language_)) && !on) SetLanguage(static_cast<Language>(i));
      ImGui::PopStyleColor();
      HoverTip(ctx.T(TextId::kLanguage));
    }
    ImGui::PushFont(fonts_.small);
    char perf[64];
    std::snprintf(perf, sizeof perf, "%.1f ms / %s", stats.frame_ms, ctx.T(TextId::kFrameTime));
    const char* hint = ctx.T(TextId::kHelpHint);
    // on a narrow window the less important items give way to the clock
    const float clock_right = cx + std::max(clock_w, date_w) / 2 + ctx.Px(24);
    const float text_y = p.y + (h - ImGui::GetFontSize()) / 2;
    x -= ImGui::CalcTextSize(hint).x + ctx.Px(24);
    if (x > clock_right) dl->AddText(ImVec2(x, text_y), palette::kTextDim, hint);
    const bool playing = player_.timeline().playing();
    char status[96];
    const double speed = player_.timeline().speed();
    if (player_.live()) {
      std::snprintf(status, sizeof status, "%s", ctx.T(TextId::kLive));  // no speed: it runs as the sensors do
    } else {
      std::snprintf(status, sizeof status, speed < 1 ? "%s  ·  %.2g×" : "%s  ·  %.0f×",
                    ctx.T(playing ? TextId::kPlaying : TextId::kPaused), speed);
    }
    ImGui::PopFont();
    x -= ImGui::CalcTextSize(status).x + ctx.Px(16) + ctx.Px(20);
    if (x > clock_right) {
      ImGui::SetCursorScreenPos(ImVec2(x, p.y + (h - ImGui::GetFontSize()) / 2 - ctx.Px(2)));
      Chip(status, player_.live() ? IM_COL32(230, 57, 70, 255) : playing ? palette::kGood : palette::kOffline);
    }
    ImGui::PushFont(fonts_.small);
    x -= ImGui::CalcTextSize(perf).x + ctx.Px(20);
    if (x > clock_right) dl->AddText(ImVec2(x, text_y), palette::kTextDim, perf);
    ImGui::PopFont();
  }
  ImGui::End();
}

void ControlRoom::Handle(Command command, int argument) {
  replay::Timeline& timeline = player_.timeline();
  switch (command) {
    case Command::kPlayPause: timeline.playing() ? timeline.Pause() : timeline.Play(); break;
    case Command::kStepBack: player_.SeekTo(timeline.position() - kStepUs); break;
    case Command::kStepForward: player_.SeekTo(timeline.position() + kStepUs); break;
    case Command::kFaster: SetSpeedStep(+1); break;
    case Command::kSlower: SetSpeedStep(-1); break;
    case Command::kViewpoint:
      if (argument >= 0 && static_cast<size_t>(argument) < world_.viewpoints.size() && actions_.go_to_viewpoint) {
        following_ = false;
        actions_.go_to_viewpoint(argument);
      }
      break;
    case Command::kFollow:
      if (following_ || !selected_) {
        if (following_ && actions_.follow) actions_.follow(std::nullopt);
        following_ = false;
      } else {
        following_ = true;
        if (actions_.follow) actions_.follow(selected_);
      }
      break;
    case Command::kNextLanguage:
      SetLanguage(static_cast<Language>((static_cast<int>(language_) + 1) % kLanguageCount));
      break;
    case Command::kToggleHelp: show_help_ = !show_help_; break;
    case Command::kTogglePresentation: presenting_ = !presenting_; break;
    case Command::kQuit:
      if (show_help_) {
        show_help_ = false;
      } else if (actions_.quit) {
        actions_.quit();
      }
      break;
  }
}

void ControlRoom::Select(std::optional<uint32_t> vehicle) {
  if (vehicle == selected_) return;
  if (following_) {
    following_ = false;
    if (actions_.follow) actions_.follow(std::nullopt);
  }
  selected_ = vehicle;
  if (actions_.select) actions_.select(vehicle);
}

void ControlRoom::FollowEnded() { following_ = false; }

void ControlRoom::SetLanguage(Language language) {
  language_ = language;
  if (actions_.set_language) actions_.set_language(language);
}

void ControlRoom::SetLayers(uint32_t mask) {
  layer_mask_ = mask & layer::kAll;
  if (actions_.set_layers) actions_.set_layers(layer_mask_);
}

void ControlRoom::SetColouring(int colouring) {
  colouring_ = colouring;
  if (actions_.set_colouring) actions_.set_colouring(colouring);
}

void ControlRoom::SetSpeedStep(int direction) {
  player_.timeline().SetSpeed(NextSpeed(player_.timeline().speed(), direction));
}

}  // namespace gatetwin::viewer
