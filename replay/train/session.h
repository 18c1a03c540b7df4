// A training session as the viewer runs it: decisions taken at the moment, the shift re-simulated.
//
// The microsimulation is deterministic and a six-hour shift takes well under a second, so a
// decision (or an incident the instructor injects) taken at simulated time t is added to the
// action list with its time and the whole shift is simulated again: every truck moves exactly
// as it did before t and its sensors report the same lines (each truck's GPS and each barrier opening draw from
// streams of their own; only an arm that opened in the last seconds before t may close earlier, when the decision
// sends the next truck through it sooner), and after t follows the decision. The viewer then replays
// the new feed from t. The session's actions file is therefore the whole session: `gatetwin train --actions` on it
// gives the same run and the same score.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "replay/train/train.h"

namespace gatetwin::replay::train {

class TrainingSession {
 public:
  /// Runs the shift with the setup's actions (the trainee's so far).
  explicit TrainingSession(ShiftSetup setup, double step_s = 0.5);

  const ShiftSetup& setup() const { return setup_; }
  const std::vector<Action>& actions() const { return setup_.actions; }
  /// The current run's sensor feed (JSON Lines) and what happened in it.
  const std::shared_ptr<const std::string>& feed() const { return feed_; }
  const PolicyRun& run() const { return run_; }
  /// How many times the shift was simulated (1 after construction): the viewer reloads on change.
  int version() const { return version_; }

  /// Records `action` at `t_us` (rounded to the millisecond, as files hold it) and simulates
  /// the shift again; the new run's timeline says how it went (a refusal names its reason).
  void Act(Action action, engine::TimeUs t_us);
  /// The instructor strikes `incident` (any kind, on any element) at `t_us`: it gets an id of
  /// its own (`instructor.N`) and an `at:` trigger, strikes the baseline too, and is kept in the
  /// actions file. Its lanes, booths and sensors are resolved first: on an error nothing changes
  /// and the message says what is wrong (empty when struck).
  std::string Strike(Incident incident, engine::TimeUs t_us);
  /// The incidents struck by the instructor (from the actions file, then in this session).
  std::vector<Incident> InstructorIncidents() const;
  /// Whether incident `i` has fired by `t_us` in the current run, and when (-1: not).
  engine::TimeUs FiredUs(int incident) const { return run_.log.fired_us[static_cast<size_t>(incident)]; }
  engine::TimeUs AcknowledgedUs(int incident) const { return run_.log.acknowledged_us[static_cast<size_t>(incident)]; }

  /// The score of the session as it stands (the baseline and the trainee run, scored).
  TrainingRun Score() const;
  /// The session's actions as an actions file.
  std::string ActionsYaml() const { return WriteActions(setup_.actions, InstructorIncidents()); }

 private:
  void Simulate();

  ShiftSetup setup_;
  double step_s_;
  PolicyRun run_;
  std::shared_ptr<const std::string> feed_;
  int version_ = 0;
};

}  // namespace gatetwin::replay::train
