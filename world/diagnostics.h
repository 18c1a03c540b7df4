// Collects the errors of one world load and formats values for their messages (private).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "world/load.h"

namespace gatetwin::world {

/// Accumulates every problem of one load; nothing stops at the first error.
class Diagnostics {
 public:
  /// Records one error at `loc`.
  void Error(const SourceLoc& loc, std::string message);

  bool HasErrors() const { return !errors_.empty(); }

  /// The errors sorted by file (in `file_order`, unknown files last), line and column,
  /// with exact repeats dropped.
  std::vector<Diagnostic> TakeSorted(const std::vector<std::string>& file_order);

 private:
  std::vector<Diagnostic> errors_;
};

/// A number for a message: at most two decimals, no trailing zeros ("301.5", "0", "-2").
std::string FormatNumber(double value);

/// Text in single quotes for a message: 'in1'.
std::string Quoted(std::string_view text);

/// "a, b, c".
std::string JoinNames(const std::vector<std::string_view>& names);

}  // namespace gatetwin::world
