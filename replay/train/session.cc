// A training session: decisions at the moment, the shift simulated again deterministically (session.h).
#include "replay/train/session.h"

#include <sstream>

namespace gatetwin::replay::train {

TrainingSession::TrainingSession(ShiftSetup setup, double step_s) : setup_(std::move(setup)), step_s_(step_s) {
  Simulate();
}

void TrainingSession::Simulate() {
  std::ostringstream feed;
  run_ = RunPolicy(setup_, setup_.actions, step_s_, &feed);
  feed_ = std::make_shared<const std::string>(std::move(feed).str());
  ++version_;
}

void TrainingSession::Act(Action action, engine::TimeUs t_us) {
  action.trigger = Trigger{};
  action.trigger.kind = Trigger::Kind::kAt;
  action.trigger.at_us = t_us / 1000 * 1000;
  setup_.actions.push_back(std::move(action));
  Simulate();
}

TrainingRun TrainingSession::Score() const {
  TrainingOptions options;
  options.step_s = step_s_;
  return RunTraining(setup_, options);
}

}  // namespace gatetwin::replay::train
