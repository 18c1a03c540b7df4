// Text forms of event kinds and reasons, and plate normalisation (feed contract rules).
#include "replay/event.h"

namespace gatetwin::replay {
namespace {
constexpr std::array<std::string_view, kEventKindCount> kKinds = {"plate_read", "presence", "loop", "gps",   "barrier",
                                                                  "weigh",      "scan",     "rfid", "status"};
constexpr std::array<std::string_view, kReasonCount> kReasons = {"malformed", "unknown_sensor", "unknown_kind",
                                                                 "duplicate", "late",           "outside_range"};
}  // namespace

std::string_view ToString(EventKind k) { return kKinds[static_cast<size_t>(k)]; }
std::string_view ToString(Reason r) { return kReasons[static_cast<size_t>(r)]; }

bool ParseEventKind(std::string_view text, EventKind* out) {
  // every line asks: the first byte (and the length for p/s) picks the only candidate, one
  // compare confirms it
  if (text.empty()) return false;
  EventKind k;
  switch (text[0]) {
    case 'p': k = text.size() == kKinds[0].size() ? EventKind::kPlateRead : EventKind::kPresence; break;
    case 'l': k = EventKind::kLoop; break;
    case 'g': k = EventKind::kGps; break;
    case 'b': k = EventKind::kBarrier; break;
    case 'w': k = EventKind::kWeigh; break;
    case 's': k = text.size() == kKinds[6].size() ? EventKind::kScan : EventKind::kStatus; break;
    case 'r': k = EventKind::kRfid; break;
    default: return false;
  }
  if (kKinds[static_cast<size_t>(k)] != text) return false;
  *out = k;
  return true;
}

std::string NormalisePlate(std::string_view plate) {
  std::string out;
  out.reserve(plate.size());
  for (char c : plate) {
    if (c == ' ' || c == '.' || c == '-') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

}  // namespace gatetwin::replay
