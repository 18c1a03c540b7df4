// Easing curves: quadratic in and out, cubic smoothstep in-out, a cut.
#include "engine/viewer/easing.h"

#include <algorithm>

namespace gatetwin::viewer {

namespace {
// in Easing's order
const std::vector<std::string_view> kEasingNames = {"linear", "ease_in", "ease_out", "ease_in_out", "cut"};
}  // namespace

const std::vector<std::string_view>& EasingNames() { return kEasingNames; }

std::optional<Easing> ParseEasing(std::string_view name) {
  const auto& names = EasingNames();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Easing>(i);
  }
  return std::nullopt;
}

double Ease(Easing easing, double u) {
  u = std::clamp(u, 0.0, 1.0);
  switch (easing) {
    case Easing::kLinear: return u;
    case Easing::kEaseIn: return u * u;
    case Easing::kEaseOut: return u * (2 - u);
    case Easing::kEaseInOut: return u * u * (3 - 2 * u);
    case Easing::kCut: return u > 0 ? 1.0 : 0.0;
  }
  return u;
}

}  // namespace gatetwin::viewer
