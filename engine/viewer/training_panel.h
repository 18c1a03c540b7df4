// The training panel: alarms to acknowledge, the trainee's decisions, the instructor's controls,
// the shift's timeline to jump through, and the score — over a TrainingSession.
//
// Every button becomes an action at the timeline's current moment: the session simulates the
// shift again (replay/train/session.h) and the player replays the new feed from that moment,
// so the 3D view shows the consequence at once. The shift's incidents and decisions are marks
// on the timeline (after-action review: click one to jump there).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/viewer/language.h"
#include "engine/viewer/viewer_app.h"
#include "replay/session.h"
#include "replay/train/session.h"

namespace gatetwin::viewer {

class TrainingPanel {
 public:
  /// `save_actions_path`: the session's actions file is rewritten there after every decision
  /// (empty: not saved).
  TrainingPanel(replay::train::TrainingSession& session, replay::ReplayPlayer& player, Language language,
                std::string save_actions_path);

  /// Chains into `hooks`: draw_panels draws the panel, set_language follows the control room,
  /// lane_signals gives the lanes' signals as the session's run has them now.
  void Attach(SceneHooks* hooks);
  void Draw();

  /// Takes `action` now: records it, simulates again, reloads the player. False with `error`
  /// when the new feed cannot be replayed or the actions file cannot be saved.
  bool Act(replay::train::Action action, std::string* error = nullptr);
  /// The instructor strikes `incident` now (replay/train/session.h Strike), then as Act. False
  /// with `error` when the incident does not fit the world or the new feed cannot be replayed.
  bool Strike(replay::train::Incident incident, std::string* error = nullptr);
  /// The marks of the session's timeline, for the player (called after every change).
  void UpdateMarks();

 private:
  void DrawAlarms(engine::TimeUs now);
  void DrawDecisions();
  void DrawInstructor(engine::TimeUs now);
  void DrawNewIncident();
  // after the session changed: the player takes the new feed, the marks and the saved file follow
  bool Reload(std::string* error);
  void DrawTimeline(engine::TimeUs now);
  void DrawScore();
  const char* T(int text_id) const;
  std::string IncidentName(int incident) const;

  replay::train::TrainingSession& session_;
  replay::ReplayPlayer& player_;
  Language language_;
  std::string save_actions_path_;
  int lane_choice_ = 0, booth_choice_ = 0, inject_choice_ = 0;
  // the instructor's new incident as it is being composed
  int new_kind_ = 0, new_target_ = 0, new_minutes_ = 20, new_trucks_ = 30;
  float new_speed_factor_ = 0.6f;
  char note_[256] = {};
  std::optional<replay::train::TrainingRun> score_;
  std::string last_error_;
};

}  // namespace gatetwin::viewer
