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
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i] == text) {
      *out = static_cast<EventKind>(i);
      return true;
    }
  }
  return false;
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
