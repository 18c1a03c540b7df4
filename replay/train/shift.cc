// A training shift: incidents and actions become microsimulation commands, on a timeline.
#include "replay/train/shift.h"

#include <algorithm>

namespace gatetwin::replay::train {
namespace {

using engine::TimeUs;
using sim::Command;
using Type = TimelineEntry::Type;

// queues are sampled for the report's chart this often
constexpr TimeUs kSampleUs = 5 * 60 * engine::kUsPerSecond;
// a surge without a duration arrives over this long; a convoy travels closer together
constexpr TimeUs kSurgeSpreadUs = 15 * 60 * engine::kUsPerSecond;
constexpr TimeUs kConvoySpreadUs = 10 * 60 * engine::kUsPerSecond;

}  // namespace

std::string_view ToString(TimelineEntry::Type type) {
  switch (type) {
    case Type::kIncident: return "incident";
    case Type::kIncidentEnd: return "incident_end";
    case Type::kAction: return "action";
    case Type::kAnnotation: return "annotation";
    case Type::kRefused: return "refused";
  }
  return "?";
}

Shift::Shift(const world::World& world, const Scenario& scenario, const std::vector<Action>& actions)
    : world_(world), scenario_(scenario), actions_(actions) {
  log_.fired_us.assign(scenario.incidents.size(), -1);
  log_.acknowledged_us.assign(scenario.incidents.size(), -1);
  for (size_t i = 0; i < scenario.incidents.size(); ++i) {
    if (scenario.incidents[i].trigger.kind == Trigger::Kind::kAt) {
      Schedule(scenario.incidents[i].trigger.at_us, Due::What::kFire, static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].trigger.kind == Trigger::Kind::kAt)
      Schedule(actions[i].trigger.at_us, Due::What::kAct, static_cast<int>(i));
  }
  next_sample_us_ = scenario.start_us;
}

void Shift::Schedule(TimeUs t, Due::What what, int index) {
  due_.emplace(std::make_pair(t, due_seq_++), Due{t, what, index});
}

TimeUs Shift::NextDueUs() const {
  if (!started_) return scenario_.start_us;
  return due_.empty() ? sim::Controller::NextDueUs() : due_.begin()->first.first;
}

Command Shift::Make(Command::Kind kind, int target, TimeUs) const {
  Command c;
  c.kind = kind;
  c.target = target;
  c.tag = static_cast<int>(log_.timeline.size()) - 1;  // the entry just logged
  return c;
}

void Shift::Log(TimeUs t, Type type, std::string what, std::string detail, int index) {
  log_.timeline.push_back({t, type, std::move(what), std::move(detail), index});
}

bool Shift::QueueReached(const Trigger& trig, const sim::GateView& view) const {
  if (view.t_us < trig.not_before_us) return false;
  if (trig.lane.index >= 0) return (*view.lane_queue)[static_cast<size_t>(trig.lane.index)] >= trig.queue_trucks;
  const int queue =
      trig.direction < 0 ? view.queue[0] + view.queue[1] : view.queue[static_cast<size_t>(trig.direction)];
  return queue >= trig.queue_trucks;
}

void Shift::Step(const sim::GateView& view, std::vector<Command>* out) {
  const TimeUs t = view.t_us;
  if (!started_) {
    // how the gate starts the shift: lanes and booths the scenario says are closed
    started_ = true;
    for (const Ref& lane : scenario_.closed_lanes) {
      Log(t, Type::kAction, "close_lane", lane.id + " closed at the start of the shift", -1);
      out->push_back(Make(Command::Kind::kCloseLane, lane.index, t));
    }
    for (const Ref& booth : scenario_.closed_booths) {
      Log(t, Type::kAction, "close_booth", booth.id + " closed at the start of the shift", -1);
      out->push_back(Make(Command::Kind::kCloseBooth, booth.index, t));
    }
  }
  // conditions first, so an action `after_incident` with no delay follows at once
  for (size_t i = 0; i < scenario_.incidents.size(); ++i) {
    const Incident& inc = scenario_.incidents[i];
    if (log_.fired_us[i] < 0 && inc.trigger.kind == Trigger::Kind::kQueue && QueueReached(inc.trigger, view)) {
      Fire(static_cast<int>(i), t, out);
    }
  }
  while (!due_.empty() && due_.begin()->first.first <= t) {
    const Due d = due_.begin()->second;
    due_.erase(due_.begin());
    switch (d.what) {
      case Due::What::kFire:
        if (log_.fired_us[static_cast<size_t>(d.index)] < 0) Fire(d.index, t, out);
        break;
      case Due::What::kEnd: End(d.index, t, out); break;
      case Due::What::kAct: Act(d.index, t, out); break;
    }
  }
  const int total = view.queue[0] + view.queue[1];
  if (total > log_.peak_queue) log_.peak_queue = total, log_.peak_queue_us = t;
  for (size_t d = 0; d < 2; ++d)
    log_.peak_queue_by_direction[d] = std::max(log_.peak_queue_by_direction[d], view.queue[d]);
  if (t >= next_sample_us_) {
    log_.queue_series.push_back({t, view.queue});
    next_sample_us_ = t - (t - scenario_.start_us) % kSampleUs + kSampleUs;
  }
}

void Shift::Fire(int index, TimeUs t, std::vector<Command>* out) {
  const Incident& inc = scenario_.incidents[static_cast<size_t>(index)];
  log_.fired_us[static_cast<size_t>(index)] = t;
  const std::string where = !inc.booth.id.empty() ? inc.booth.id : !inc.lane.id.empty() ? inc.lane.id : inc.sensor.id;
  Log(t, Type::kIncident, inc.id, std::string(ToString(inc.kind)) + (where.empty() ? "" : " at " + where), index);
  const TimeUs duration = inc.duration_us;
  switch (inc.kind) {
    case IncidentKind::kScannerFault:
      out->push_back(Make(Command::Kind::kCloseBooth, inc.booth.index, t));
      out->push_back(
          Make(Command::Kind::kSensorDown, BoothSensor(world_, inc.booth.index, world::SensorKind::kScanner), t));
      out->back().detail = "fault";
      break;
    case IncidentKind::kLaneClosure: out->push_back(Make(Command::Kind::kCloseLane, inc.lane.index, t)); break;
    case IncidentKind::kBarrierStuck:
      out->push_back(Make(Command::Kind::kJamBarrier, inc.booth.index, t));
      out->back().duration_us = duration;
      break;
    case IncidentKind::kBoothBlocked:
      out->push_back(Make(Command::Kind::kHoldBooth, inc.booth.index, t));
      out->back().duration_us = duration;
      break;
    case IncidentKind::kSensorOffline:
      out->push_back(Make(Command::Kind::kSensorDown, inc.sensor.index, t));
      out->back().detail = "offline";
      break;
    case IncidentKind::kRain:
      out->push_back(Make(Command::Kind::kSpeedFactor, -1, t));
      out->back().value = inc.speed_factor;
      break;
    case IncidentKind::kSurge:
    case IncidentKind::kPerishableConvoy: {
      const bool convoy = inc.kind == IncidentKind::kPerishableConvoy;
      const TimeUs spread = duration > 0 ? duration : convoy ? kConvoySpreadUs : kSurgeSpreadUs;
      Command c = Make(Command::Kind::kArrivals, -1, t);
      for (int k = 0; k < inc.trucks; ++k) {
        sim::Arrival a;
        a.t_us = t + spread * k / inc.trucks;
        a.dir = world::Direction(inc.direction);
        a.vehicle_class = inc.vehicle_class;
        a.perishable = convoy ? 1 : -1;
        c.arrivals.push_back(a);
      }
      out->push_back(std::move(c));
      break;
    }
  }
  // incidents that last end by themselves (a surge's duration is its spread, an arm frees itself)
  const bool ends = inc.kind == IncidentKind::kScannerFault || inc.kind == IncidentKind::kLaneClosure ||
                    inc.kind == IncidentKind::kSensorOffline || inc.kind == IncidentKind::kRain;
  if (ends && duration > 0) Schedule(t + duration, Due::What::kEnd, index);
  ScheduleAfter(index, t);
}

void Shift::End(int index, TimeUs t, std::vector<Command>* out) {
  const Incident& inc = scenario_.incidents[static_cast<size_t>(index)];
  Log(t, Type::kIncidentEnd, inc.id, "over", index);
  switch (inc.kind) {
    case IncidentKind::kScannerFault:
      out->push_back(Make(Command::Kind::kOpenBooth, inc.booth.index, t));
      out->push_back(
          Make(Command::Kind::kSensorUp, BoothSensor(world_, inc.booth.index, world::SensorKind::kScanner), t));
      break;
    case IncidentKind::kLaneClosure: out->push_back(Make(Command::Kind::kOpenLane, inc.lane.index, t)); break;
    case IncidentKind::kSensorOffline: out->push_back(Make(Command::Kind::kSensorUp, inc.sensor.index, t)); break;
    case IncidentKind::kRain:
      out->push_back(Make(Command::Kind::kSpeedFactor, -1, t));
      out->back().value = 1;
      break;
    default: break;
  }
}

void Shift::ScheduleAfter(int incident, TimeUs fired_us) {
  const std::string& id = scenario_.incidents[static_cast<size_t>(incident)].id;
  for (size_t i = 0; i < actions_.size(); ++i) {
    const Trigger& trig = actions_[i].trigger;
    if (trig.kind == Trigger::Kind::kAfterIncident && trig.incident == id) {
      Schedule(fired_us + trig.delay_us, Due::What::kAct, static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < scenario_.incidents.size(); ++i) {
    const Trigger& trig = scenario_.incidents[i].trigger;
    if (trig.kind == Trigger::Kind::kAfterIncident && trig.incident == id) {
      Schedule(fired_us + trig.delay_us, Due::What::kFire, static_cast<int>(i));
    }
  }
}

void Shift::Act(int index, TimeUs t, std::vector<Command>* out) {
  const Action& a = actions_[static_cast<size_t>(index)];
  const std::string kind(ToString(a.kind));
  switch (a.kind) {
    case ActionKind::kOpenLane:
    case ActionKind::kCloseLane:
      Log(t, Type::kAction, kind, a.lane.id, index);
      out->push_back(Make(a.kind == ActionKind::kOpenLane ? Command::Kind::kOpenLane : Command::Kind::kCloseLane,
                          a.lane.index, t));
      break;
    case ActionKind::kReverseLane:
      Log(t, Type::kAction, kind, a.lane.id, index);
      out->push_back(Make(Command::Kind::kReverseLane, a.lane.index, t));
      break;
    case ActionKind::kOpenBooth:
    case ActionKind::kCloseBooth:
    case ActionKind::kDivertToYard: {
      Log(t, Type::kAction, kind, a.booth.id, index);
      const auto c = a.kind == ActionKind::kOpenBooth    ? Command::Kind::kOpenBooth
                     : a.kind == ActionKind::kCloseBooth ? Command::Kind::kCloseBooth
                                                         : Command::Kind::kDivertToYard;
      out->push_back(Make(c, a.booth.index, t));
      break;
    }
    case ActionKind::kPrioritisePerishable:
      Log(t, Type::kAction, kind, std::string(world::ToString(world::Direction(a.direction))) + (a.on ? " on" : " off"),
          index);
      out->push_back(Make(Command::Kind::kPrioritisePerishable, a.direction, t));
      out->back().value = a.on ? 1 : 0;
      break;
    case ActionKind::kAcknowledge: {
      Log(t, Type::kAction, kind, a.incident, index);
      for (size_t i = 0; i < scenario_.incidents.size(); ++i) {
        if (scenario_.incidents[i].id != a.incident) continue;
        if (log_.fired_us[i] < 0) {
          Log(t, Type::kRefused, kind, "incident '" + a.incident + "' has not happened (yet)", index);
        } else if (log_.acknowledged_us[i] < 0) {
          log_.acknowledged_us[i] = t;
        }
      }
      break;
    }
    case ActionKind::kAnnotate: Log(t, Type::kAnnotation, kind, a.text, index); break;
    case ActionKind::kInject:
      for (size_t i = 0; i < scenario_.incidents.size(); ++i) {
        if (scenario_.incidents[i].id != a.incident) continue;
        if (log_.fired_us[i] >= 0) {
          Log(t, Type::kRefused, kind, "incident '" + a.incident + "' has already happened", index);
        } else {
          Log(t, Type::kAction, kind, a.incident, index);
          Fire(static_cast<int>(i), t, out);
        }
      }
      break;
  }
}

void Shift::Finish(const std::vector<sim::Refusal>& refusals) {
  for (const sim::Refusal& r : refusals) {
    if (r.tag < 0 || static_cast<size_t>(r.tag) >= log_.timeline.size()) continue;
    const TimelineEntry& cause = log_.timeline[static_cast<size_t>(r.tag)];
    log_.timeline.push_back({r.t_us, Type::kRefused, cause.what, cause.detail + ": " + r.reason, cause.index});
  }
  std::stable_sort(log_.timeline.begin(), log_.timeline.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.t_us < b.t_us; });
}

}  // namespace gatetwin::replay::train
