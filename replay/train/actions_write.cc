// Writing an actions file: a training session's decisions, for `gatetwin train` to replay.
#include <cstdio>

#include "replay/train/scenario.h"

namespace gatetwin::replay::train {
namespace {

// a YAML double-quoted scalar: backslash, quote and control characters escaped (UTF-8 kept)
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* Direction(int direction) { return direction == 0 ? "vn_to_cn" : "cn_to_vn"; }

std::string Seconds(engine::TimeUs us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6gs", static_cast<double>(us) / engine::kUsPerSecond);
  return buf;
}

// The trigger's keys, without braces: `at: "..."`, `after_incident: ..., delay: ...` or `when: {...}`.
std::string TriggerKeys(const Trigger& t) {
  switch (t.kind) {
    case Trigger::Kind::kAfterIncident:
      return "after_incident: " + Quoted(t.incident) + ", delay: " + Seconds(t.delay_us);
    case Trigger::Kind::kQueue: {
      std::string out = "when: {queue_at_least: " + std::to_string(t.queue_trucks);
      if (!t.lane.id.empty()) out += ", lane: " + Quoted(t.lane.id);
      if (t.lane.id.empty() && t.direction >= 0) out += std::string(", direction: ") + Direction(t.direction);
      if (t.not_before_us > 0) out += ", not_before: \"" + engine::FormatRfc3339(t.not_before_us) + "\"";
      return out + "}";
    }
    case Trigger::Kind::kAt: break;
  }
  return "at: \"" + engine::FormatRfc3339(t.at_us) + "\"";
}

std::string IncidentLine(const Incident& inc) {
  std::string out =
      "  - {id: " + Quoted(inc.id) + ", kind: " + std::string(ToString(inc.kind)) + ", " + TriggerKeys(inc.trigger);
  switch (inc.kind) {
    case IncidentKind::kScannerFault:
    case IncidentKind::kBarrierStuck:
    case IncidentKind::kBoothBlocked: out += ", booth: " + Quoted(inc.booth.id); break;
    case IncidentKind::kLaneClosure: out += ", lane: " + Quoted(inc.lane.id); break;
    case IncidentKind::kSensorOffline: out += ", sensor: " + Quoted(inc.sensor.id); break;
    case IncidentKind::kRain: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.6g", inc.speed_factor);
      out += std::string(", speed_factor: ") + buf;
      break;
    }
    case IncidentKind::kSurge:
    case IncidentKind::kPerishableConvoy:
      out += std::string(", direction: ") + Direction(inc.direction) + ", trucks: " + std::to_string(inc.trucks) +
             ", class: " + std::string(world::ToString(inc.vehicle_class));
      break;
  }
  if (inc.duration_us > 0) out += ", duration: " + Seconds(inc.duration_us);
  if (!inc.alarm) out += ", alarm: false";
  if (!inc.names.vi.empty() || !inc.names.zh.empty() || !inc.names.en.empty()) {
    out += ", names: {vi: " + Quoted(inc.names.vi) + ", zh: " + Quoted(inc.names.zh) + ", en: " + Quoted(inc.names.en) +
           "}";
  }
  return out + "}\n";
}

}  // namespace

std::string WriteActions(const std::vector<Action>& actions, const std::vector<Incident>& incidents) {
  std::string out = "# A gatetwin actions file (docs/training.md): replay it with gatetwin train --actions.\n";
  out += actions.empty() ? "actions: []\n" : "actions:\n";  // a bare `actions:` would be null, not a list
  for (const Action& a : actions) {
    out += "  - {" + TriggerKeys(a.trigger) + ", do: " + std::string(ToString(a.kind));
    switch (a.kind) {
      case ActionKind::kOpenLane:
      case ActionKind::kCloseLane:
      case ActionKind::kReverseLane: out += ", lane: " + Quoted(a.lane.id); break;
      case ActionKind::kOpenBooth:
      case ActionKind::kCloseBooth:
      case ActionKind::kDivertToYard: out += ", booth: " + Quoted(a.booth.id); break;
      case ActionKind::kPrioritisePerishable:
        out += std::string(", direction: ") + Direction(a.direction) + ", on: " + (a.on ? "true" : "false");
        break;
      case ActionKind::kAcknowledge:
      case ActionKind::kInject: out += ", incident: " + Quoted(a.incident); break;
      case ActionKind::kAnnotate: out += ", text: " + Quoted(a.text); break;
    }
    out += "}\n";
  }
  if (!incidents.empty()) {
    out += "# struck by the instructor during the session, beyond the scenario's\n";
    out += "incidents:\n";
    for (const Incident& inc : incidents) out += IncidentLine(inc);
  }
  return out;
}

}  // namespace gatetwin::replay::train
