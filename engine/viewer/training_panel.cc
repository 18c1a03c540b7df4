// The training panel: alarms, decisions, instructor controls, the shift's timeline, the score.
#include "engine/viewer/training_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "engine/viewer/panel_context.h"
#include "engine/viewer/style.h"
#include "engine/viewer/ui_text.h"

namespace gatetwin::viewer {
namespace {

using replay::TimelineMark;
using replay::train::Action;
using replay::train::ActionKind;
using replay::train::Incident;
using replay::train::TimelineEntry;

std::string Pick(const world::Names& names, Language language, const std::string& fallback) {
  const std::string& n = language == Language::kVi ? names.vi : language == Language::kZh ? names.zh : names.en;
  return n.empty() ? (names.en.empty() ? fallback : names.en) : n;
}

TimelineMark::Kind MarkKind(TimelineEntry::Type type) {
  switch (type) {
    case TimelineEntry::Type::kIncident:
    case TimelineEntry::Type::kIncidentEnd: return TimelineMark::Kind::kIncident;
    case TimelineEntry::Type::kAnnotation: return TimelineMark::Kind::kAnnotation;
    case TimelineEntry::Type::kRefused: return TimelineMark::Kind::kRefused;
    case TimelineEntry::Type::kAction: return TimelineMark::Kind::kAction;
  }
  return TimelineMark::Kind::kAction;
}

ImVec4 Colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// where the panel first opens, as fractions of the window: the control room's side columns
// take the left 21 % and the right 27 %
constexpr float kPanelX = 0.466f, kPanelW = 0.25f;

// the lanes an operator opens and closes: those with a booth (link roads are not chosen)
std::vector<const world::Lane*> BoothLanes(const world::World& w) {
  std::vector<const world::Lane*> lanes;
  for (size_t l = 0; l < w.lanes.size(); ++l) {
    const bool served = std::any_of(w.booths.begin(), w.booths.end(), [&](const world::Booth& b) {
      return std::find(b.lanes.begin(), b.lanes.end(), static_cast<int>(l)) != b.lanes.end();
    });
    if (served) lanes.push_back(&w.lanes[l]);
  }
  return lanes;
}

}  // namespace

TrainingPanel::TrainingPanel(replay::train::TrainingSession& session, replay::ReplayPlayer& player, Language language,
                             std::string save_actions_path)
    : session_(session), player_(player), language_(language), save_actions_path_(std::move(save_actions_path)) {
  UpdateMarks();
}

const char* TrainingPanel::T(int text_id) const { return Tr(static_cast<TextId>(text_id), language_); }

void TrainingPanel::Attach(SceneHooks* hooks) {
  // the session's run knows every lane's signal over the shift: the one of the moment shown
  hooks->lane_signals = [this] {
    return replay::sim::LaneSignalsAt(session_.run().sim.lane_signals, session_.setup().world.lanes.size(),
                                      player_.timeline().position());
  };
  auto previous_panels = hooks->draw_panels;
  hooks->draw_panels = [this, previous_panels] {
    if (previous_panels) previous_panels();
    Draw();
  };
  auto previous_language = hooks->set_language;
  hooks->set_language = [this, previous_language](Language l) {
    if (previous_language) previous_language(l);
    language_ = l;
  };
}

std::string TrainingPanel::IncidentName(int incident) const {
  const auto& inc = session_.setup().scenario.incidents[static_cast<size_t>(incident)];
  const std::string name = Pick(inc.names, language_, "");
  if (!name.empty()) return name;
  return std::string(T(static_cast<int>(TextId::kIncScannerFault) + static_cast<int>(inc.kind))) + " (" + inc.id + ")";
}

void TrainingPanel::UpdateMarks() {
  std::vector<TimelineMark> marks;
  for (const TimelineEntry& e : session_.run().log.timeline) {
    if (e.type == TimelineEntry::Type::kIncidentEnd) continue;
    marks.push_back({MarkKind(e.type), e.t_us, e.what, e.detail});
  }
  player_.SetMarks(std::move(marks));
}

bool TrainingPanel::Act(Action action, std::string* error) {
  session_.Act(std::move(action), player_.timeline().position());
  return Reload(error);
}

bool TrainingPanel::Strike(Incident incident, std::string* error) {
  const std::string why = session_.Strike(std::move(incident), player_.timeline().position());
  if (!why.empty()) {
    last_error_ = why;
    if (error != nullptr) *error = why;
    return false;
  }
  return Reload(error);
}

bool TrainingPanel::Reload(std::string* error) {
  std::vector<std::string> errors;
  const std::string name = "training:" + session_.setup().scenario.name;
  bool ok = player_.ReplaceFeedTexts({{name, session_.feed()}}, &errors);
  UpdateMarks();
  score_.reset();
  if (ok && !save_actions_path_.empty()) {
    std::ofstream out(save_actions_path_, std::ios::trunc);
    out << session_.ActionsYaml();
    if (!out) errors.push_back(save_actions_path_ + ": cannot write the actions file"), ok = false;
  }
  last_error_ = errors.empty() ? "" : errors.front();
  if (error != nullptr) *error = last_error_;
  return ok;
}

void TrainingPanel::Draw() {
  const engine::TimeUs now = player_.timeline().position();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // first shown at the right of the 3D view's free middle, clear of the control room's columns
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * kPanelX, vp->WorkPos.y + vp->WorkSize.y * 0.08f),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * kPanelW, vp->WorkSize.y * 0.62f), ImGuiCond_FirstUseEver);
  const std::string title = std::string(T(static_cast<int>(TextId::kTraining))) + " — " +
                            Pick(session_.setup().scenario.names, language_, session_.setup().scenario.name) +
                            "###training";
  if (!ImGui::Begin(title.c_str())) {
    ImGui::End();
    return;
  }
  ImGui::Text("%s", FormatClock(now, session_.setup().world.params.utc_offset_min).c_str());
  if (!last_error_.empty()) ImGui::TextColored(Colour(palette::kFault), "%s", last_error_.c_str());
  DrawAlarms(now);
  DrawDecisions();
  DrawInstructor(now);
  DrawTimeline(now);
  DrawScore();
  ImGui::End();
}

void TrainingPanel::DrawAlarms(engine::TimeUs now) {
  SectionHeading(T(static_cast<int>(TextId::kAlarms)));
  const auto& incidents = session_.setup().scenario.incidents;
  const int offset = session_.setup().world.params.utc_offset_min;
  bool any = false;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const engine::TimeUs fired = session_.FiredUs(static_cast<int>(i));
    if (fired < 0 || fired > now || !incidents[i].alarm) continue;
    any = true;
    ImGui::PushID(static_cast<int>(i));
    const engine::TimeUs acked = session_.AcknowledgedUs(static_cast<int>(i));
    const bool open = acked < 0 || acked > now;
    ImGui::TextColored(Colour(open ? palette::kFault : palette::kTextDim), "%s  %s", FormatClock(fired, offset).c_str(),
                       IncidentName(static_cast<int>(i)).c_str());
    if (open) {
      ImGui::SameLine();
      if (ImGui::SmallButton(T(static_cast<int>(TextId::kAcknowledge)))) {
        Action a;
        a.kind = ActionKind::kAcknowledge;
        a.incident = incidents[i].id;
        Act(a);
      }
    } else {
      ImGui::SameLine();
      ImGui::TextDisabled("%s %s", T(static_cast<int>(TextId::kAcknowledgedAt)), FormatClock(acked, offset).c_str());
    }
    ImGui::PopID();
  }
  if (!any) ImGui::TextDisabled("%s", T(static_cast<int>(TextId::kNoAlarmsYet)));
}

void TrainingPanel::DrawDecisions() {
  SectionHeading(T(static_cast<int>(TextId::kDecisions)));
  const world::World& w = session_.setup().world;
  auto combo = [](const char* label, int* choice, const std::vector<std::string>& ids) {
    if (ids.empty()) return false;
    *choice = std::clamp(*choice, 0, static_cast<int>(ids.size()) - 1);
    if (ImGui::BeginCombo(label, ids[static_cast<size_t>(*choice)].c_str())) {
      for (size_t i = 0; i < ids.size(); ++i) {
        if (ImGui::Selectable(ids[i].c_str(), static_cast<int>(i) == *choice)) *choice = static_cast<int>(i);
      }
      ImGui::EndCombo();
    }
    return true;
  };
  std::vector<std::string> lanes, booths;
  for (const world::Lane* lane : BoothLanes(w)) lanes.push_back(lane->id);
  for (const world::Booth& b : w.booths) booths.push_back(b.id);
  auto act = [this](ActionKind kind, const std::string& lane, const std::string& booth) {
    Action a;
    a.kind = kind;
    a.lane = {lane, {}, session_.setup().world.FindLane(lane)};
    a.booth = {booth, {}, session_.setup().world.FindBooth(booth)};
    Act(a);
  };
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (combo(T(static_cast<int>(TextId::kLane)), &lane_choice_, lanes)) {
    const std::string& lane = lanes[static_cast<size_t>(lane_choice_)];
    if (ImGui::Button((std::string(T(static_cast<int>(TextId::kOpen))) + "##lane").c_str())) {
      act(ActionKind::kOpenLane, lane, "");
    }
    ImGui::SameLine();
    if (ImGui::Button((std::string(T(static_cast<int>(TextId::kCloseIt))) + "##lane").c_str())) {
      act(ActionKind::kCloseLane, lane, "");
    }
    // a tidal lane: the side in use closes, the other opens once the strip is clear
    if (const int index = w.FindLane(lane); index >= 0 && w.lanes[static_cast<size_t>(index)].tidal_partner >= 0) {
      ImGui::SameLine();
      if (ImGui::Button((std::string(T(static_cast<int>(TextId::kReverseLane))) + "##lane").c_str())) {
        act(ActionKind::kReverseLane, lane, "");
      }
    }
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (combo(T(static_cast<int>(TextId::kBooth)), &booth_choice_, booths)) {
    const std::string& booth = booths[static_cast<size_t>(booth_choice_)];
    if (ImGui::Button((std::string(T(static_cast<int>(TextId::kOpen))) + "##booth").c_str())) {
      act(ActionKind::kOpenBooth, "", booth);
    }
    ImGui::SameLine();
    if (ImGui::Button((std::string(T(static_cast<int>(TextId::kCloseIt))) + "##booth").c_str())) {
      act(ActionKind::kCloseBooth, "", booth);
    }
    ImGui::SameLine();
    if (ImGui::Button(T(static_cast<int>(TextId::kDivertToYard)))) act(ActionKind::kDivertToYard, "", booth);
  }
  // the policy as it stands at this moment: the latest perishable decision per direction
  for (int dir = 0; dir < 2; ++dir) {
    bool on = false;
    for (const Action& a : session_.actions()) {
      if (a.kind == ActionKind::kPrioritisePerishable && a.direction == dir &&
          a.trigger.at_us <= player_.timeline().position()) {
        on = a.on;
      }
    }
    const std::string label = std::string(T(static_cast<int>(TextId::kPerishableFirst))) + " — " +
                              T(static_cast<int>(TextId::kDirVnToCn) + dir);
    if (ImGui::Checkbox(label.c_str(), &on)) {
      Action a;
      a.kind = ActionKind::kPrioritisePerishable;
      a.direction = dir;
      a.on = on;
      Act(a);
    }
  }
}

void TrainingPanel::DrawInstructor(engine::TimeUs now) {
  SectionHeading(T(static_cast<int>(TextId::kInstructor)));
  const auto& incidents = session_.setup().scenario.incidents;
  std::vector<int> pending;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const engine::TimeUs fired = session_.FiredUs(static_cast<int>(i));
    if (fired < 0 || fired > now) pending.push_back(static_cast<int>(i));
  }
  if (!pending.empty()) {
    inject_choice_ = std::clamp(inject_choice_, 0, static_cast<int>(pending.size()) - 1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##inject", IncidentName(pending[static_cast<size_t>(inject_choice_)]).c_str())) {
      for (size_t k = 0; k < pending.size(); ++k) {
        if (ImGui::Selectable(IncidentName(pending[k]).c_str(), static_cast<int>(k) == inject_choice_)) {
          inject_choice_ = static_cast<int>(k);
        }
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(T(static_cast<int>(TextId::kInjectNow)))) {
      Action a;
      a.kind = ActionKind::kInject;
      a.incident = incidents[static_cast<size_t>(pending[static_cast<size_t>(inject_choice_)])].id;
      Act(a);
    }
  }
  if (ImGui::Button(player_.timeline().playing() ? T(static_cast<int>(TextId::kPause))
                                                 : T(static_cast<int>(TextId::kPlay)))) {
    if (player_.timeline().playing()) {
      player_.timeline().Pause();
    } else {
      player_.timeline().Play();
    }
  }
  DrawNewIncident();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  ImGui::InputTextWithHint("##note", T(static_cast<int>(TextId::kNote)), note_, sizeof note_);
  ImGui::SameLine();
  if (ImGui::Button(T(static_cast<int>(TextId::kAddNote))) && note_[0] != 0) {
    Action a;
    a.kind = ActionKind::kAnnotate;
    a.text = note_;
    note_[0] = 0;
    Act(a);
  }
}

// Any incident on any element, composed here: kind, what it strikes, how long.
void TrainingPanel::DrawNewIncident() {
  using replay::train::IncidentKind;
  const world::World& w = session_.setup().world;
  // folded until wanted: the panel stays short for the trainee's decisions
  const std::string heading = std::string(T(static_cast<int>(TextId::kNewIncident))) + "###new_incident";
  if (!ImGui::TreeNode(heading.c_str())) return;
  const float width = ImGui::GetFontSize() * 12;
  ImGui::SetNextItemWidth(width);
  const auto kind_name = [&](int k) { return T(static_cast<int>(TextId::kIncScannerFault) + k); };
  if (ImGui::BeginCombo("##new_kind", kind_name(new_kind_))) {
    for (int k = 0; k < replay::train::kIncidentKindCount; ++k) {
      if (ImGui::Selectable(kind_name(k), k == new_kind_)) new_kind_ = k, new_target_ = 0;
    }
    ImGui::EndCombo();
  }
  Incident inc;
  inc.kind = IncidentKind(new_kind_);
  // what it strikes: a booth, a lane with a booth, a sensor, or a direction's arriving trucks
  std::vector<std::string> targets;
  switch (inc.kind) {
    case IncidentKind::kScannerFault:
    case IncidentKind::kBarrierStuck:
    case IncidentKind::kBoothBlocked:
      for (const world::Booth& b : w.booths) targets.push_back(b.id);
      break;
    case IncidentKind::kLaneClosure:
      for (const world::Lane* l : BoothLanes(w)) targets.push_back(l->id);
      break;
    case IncidentKind::kSensorOffline:
      for (const world::Sensor& sensor : w.sensors) targets.push_back(sensor.id);
      break;
    case IncidentKind::kSurge:
    case IncidentKind::kPerishableConvoy:
      for (int dir = 0; dir < 2; ++dir) targets.push_back(T(static_cast<int>(TextId::kDirVnToCn) + dir));
      break;
    case IncidentKind::kRain: break;
  }
  if (!targets.empty()) {
    new_target_ = std::clamp(new_target_, 0, static_cast<int>(targets.size()) - 1);
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo("##new_target", targets[static_cast<size_t>(new_target_)].c_str())) {
      for (size_t t = 0; t < targets.size(); ++t) {
        if (ImGui::Selectable(targets[t].c_str(), static_cast<int>(t) == new_target_))
          new_target_ = static_cast<int>(t);
      }
      ImGui::EndCombo();
    }
  }
  const std::string& target = targets.empty() ? std::string() : targets[static_cast<size_t>(new_target_)];
  switch (inc.kind) {
    case IncidentKind::kScannerFault:
    case IncidentKind::kBarrierStuck:
    case IncidentKind::kBoothBlocked: inc.booth.id = target; break;
    case IncidentKind::kLaneClosure: inc.lane.id = target; break;
    case IncidentKind::kSensorOffline: inc.sensor.id = target; break;
    case IncidentKind::kSurge:
    case IncidentKind::kPerishableConvoy:
      inc.direction = new_target_;
      ImGui::SetNextItemWidth(width / 2);
      ImGui::InputInt(T(static_cast<int>(TextId::kTruckCount)), &new_trucks_, 5, 20);
      new_trucks_ = std::clamp(new_trucks_, 1, 500);
      inc.trucks = new_trucks_;
      break;
    case IncidentKind::kRain:
      ImGui::SetNextItemWidth(width / 2);
      ImGui::SliderFloat(T(static_cast<int>(TextId::kSpeedFactor)), &new_speed_factor_, 0.1f, 1.0f, "%.2f");
      inc.speed_factor = new_speed_factor_;
      break;
  }
  ImGui::SetNextItemWidth(width / 2);
  ImGui::InputInt(T(static_cast<int>(TextId::kLastingMinutes)), &new_minutes_, 5, 30);
  new_minutes_ = std::clamp(new_minutes_, 0, 24 * 60);
  inc.duration_us = static_cast<engine::TimeUs>(new_minutes_) * 60 * engine::kUsPerSecond;
  if (ImGui::Button(T(static_cast<int>(TextId::kStrikeNow)))) Strike(std::move(inc));
  ImGui::TreePop();
}

void TrainingPanel::DrawTimeline(engine::TimeUs now) {
  SectionHeading(T(static_cast<int>(TextId::kShiftTimeline)));
  const int offset = session_.setup().world.params.utc_offset_min;
  ImGui::BeginChild("##shift_timeline", ImVec2(0, ImGui::GetFontSize() * 9), false);
  const auto& timeline = session_.run().log.timeline;
  for (size_t i = 0; i < timeline.size(); ++i) {
    const TimelineEntry& e = timeline[i];
    const ImU32 colour = e.type == TimelineEntry::Type::kIncident  ? palette::kFault
                         : e.type == TimelineEntry::Type::kRefused ? palette::kOffline
                         : e.t_us > now                            ? palette::kTextDim
                                                                   : palette::kText;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    const std::string row = FormatClock(e.t_us, offset) + "  " + e.what + "  " + e.detail + "##" + std::to_string(i);
    // the review: a click jumps the replay there
    if (ImGui::Selectable(row.c_str(), false)) player_.SeekTo(e.t_us);
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();
}

void TrainingPanel::DrawScore() {
  if (ImGui::Button(T(static_cast<int>(TextId::kScoreNow)))) score_ = session_.Score();
  if (!score_ || !score_->ok) return;
  const auto& s = *score_;
  ImGui::SameLine();
  ImGui::TextColored(Colour(palette::kAccent), "%s  %.1f", T(static_cast<int>(TextId::kScoreOutOf100)), s.score.total);
  if (ImGui::BeginTable("##score", 3, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", T(static_cast<int>(TextId::kTrainee)));
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", T(static_cast<int>(TextId::kBaseline)));
    auto row = [](const char* name, const char* format, double trainee, double baseline) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%s", name);
      ImGui::TableNextColumn();
      ImGui::Text(format, trainee);
      ImGui::TableNextColumn();
      ImGui::Text(format, baseline);
    };
    row(T(static_cast<int>(TextId::kTotalDelay)), "%.1f h", s.trainee.kpis.total_delay_h,
        s.baseline.kpis.total_delay_h);
    row(T(static_cast<int>(TextId::kPerishableDelay)), "%.1f h", s.trainee.kpis.perishable_delay_h,
        s.baseline.kpis.perishable_delay_h);
    row(T(static_cast<int>(TextId::kPeakQueue)), "%.0f", s.trainee.kpis.peak_queue, s.baseline.kpis.peak_queue);
    ImGui::EndTable();
  }
}

}  // namespace gatetwin::viewer
