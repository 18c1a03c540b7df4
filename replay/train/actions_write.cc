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

std::string Seconds(engine::TimeUs us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6gs", static_cast<double>(us) / engine::kUsPerSecond);
  return buf;
}

}  // namespace

std::string WriteActions(const std::vector<Action>& actions) {
  std::string out = "# A gatetwin actions file (docs/training.md): replay it with gatetwin train --actions.\n";
  out += "actions:\n";
  for (const Action& a : actions) {
    out += "  - {";
    if (a.trigger.kind == Trigger::Kind::kAfterIncident) {
      out += "after_incident: " + Quoted(a.trigger.incident) + ", delay: " + Seconds(a.trigger.delay_us);
    } else {
      out += "at: \"" + engine::FormatRfc3339(a.trigger.at_us) + "\"";
    }
    out += ", do: " + std::string(ToString(a.kind));
    switch (a.kind) {
      case ActionKind::kOpenLane:
      case ActionKind::kCloseLane:
      case ActionKind::kReverseLane: out += ", lane: " + Quoted(a.lane.id); break;
      case ActionKind::kOpenBooth:
      case ActionKind::kCloseBooth:
      case ActionKind::kDivertToYard: out += ", booth: " + Quoted(a.booth.id); break;
      case ActionKind::kPrioritisePerishable:
        out += std::string(", direction: ") + (a.direction == 0 ? "vn_to_cn" : "cn_to_vn") +
               ", on: " + (a.on ? "true" : "false");
        break;
      case ActionKind::kAcknowledge:
      case ActionKind::kInject: out += ", incident: " + Quoted(a.incident); break;
      case ActionKind::kAnnotate: out += ", text: " + Quoted(a.text); break;
    }
    out += "}\n";
  }
  return out;
}

}  // namespace gatetwin::replay::train
