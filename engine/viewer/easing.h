// Easing curves for camera flights: how a fraction of a flight's time maps to its progress.
//
// GL-free (the tour loader and its fuzzer use it without the viewer).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace gatetwin::viewer {

/// The shape of a flight's progress over its time.
enum class Easing { kLinear, kEaseIn, kEaseOut, kEaseInOut, kCut };

/// The names tour files use, in enum order: linear, ease_in, ease_out, ease_in_out, cut.
const std::vector<std::string_view>& EasingNames();
/// The easing called `name`, or nullopt.
std::optional<Easing> ParseEasing(std::string_view name);

/// Progress in [0,1] after fraction `u` of the time (clamped to [0,1]): monotone, 0 at 0 and
/// 1 at 1. ease_in starts at zero speed, ease_out stops at zero speed, ease_in_out does both
/// (cubic smoothstep); cut jumps to the end at once.
double Ease(Easing easing, double u);

}  // namespace gatetwin::viewer
