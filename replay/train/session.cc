// A training session: decisions at the moment, the shift simulated again deterministically (session.h).
#include "replay/train/session.h"

#include <sstream>

#include "world/diagnostics.h"

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

std::string TrainingSession::Strike(Incident incident, engine::TimeUs t_us) {
  Scenario& scenario = setup_.scenario;
  for (int n = 1; incident.id.empty(); ++n) {
    const std::string id = "instructor." + std::to_string(n);
    bool used = false;
    for (const Incident& other : scenario.incidents) used = used || other.id == id;
    if (!used) incident.id = id;
  }
  incident.trigger = Trigger{};
  incident.trigger.kind = Trigger::Kind::kAt;
  incident.trigger.at_us = t_us / 1000 * 1000;
  incident.loc = world::SourceLoc{"the instructor panel", 0, 0};
  Scenario trial = scenario;
  world::Diagnostics diags;
  if (!AddInstructorIncidents({incident}, &trial, &diags) || !ResolveScenario(setup_.world, &trial, &diags)) {
    std::string why;
    for (const auto& d : diags.TakeSorted({})) why += (why.empty() ? "" : "; ") + d.message;
    return why.empty() ? "the incident could not be struck" : why;
  }
  scenario = std::move(trial);
  Simulate();
  return {};
}

std::vector<Incident> TrainingSession::InstructorIncidents() const {
  std::vector<Incident> out;
  for (const Incident& inc : setup_.scenario.incidents) {
    if (inc.by_instructor) out.push_back(inc);
  }
  return out;
}

TrainingRun TrainingSession::Score() const {
  TrainingOptions options;
  options.step_s = step_s_;
  return RunTraining(setup_, options);
}

}  // namespace gatetwin::replay::train
