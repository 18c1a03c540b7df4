// Error collection, ordering and the `file:line:col: message` form of load errors.
#include "world/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gatetwin::world {

std::string Diagnostic::ToString() const {
  // errors that concern a whole file (cannot open it, empty) have no line
  if (loc.line <= 0) return loc.file + ": " + message;
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " + message;
}

void Diagnostics::Error(const SourceLoc& loc, std::string message) {
  errors_.push_back(Diagnostic{loc, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::TakeSorted(const std::vector<std::string>& file_order) {
  auto rank = [&](const std::string& file) {
    auto it = std::find(file_order.begin(), file_order.end(), file);
    return static_cast<size_t>(it - file_order.begin());
  };
  std::stable_sort(errors_.begin(), errors_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    size_t ra = rank(a.loc.file), rb = rank(b.loc.file);
    if (ra != rb) return ra < rb;
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
  // an element reached twice (a YAML alias) would report the same problem twice
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.loc.file == b.loc.file && a.loc.line == b.loc.line && a.loc.col == b.loc.col && a.message == b.message;
  };
  errors_.erase(std::unique(errors_.begin(), errors_.end(), same), errors_.end());
  return std::move(errors_);
}

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return value != value ? "nan" : (value > 0 ? "inf" : "-inf");
  char buf[64];
  if (std::fabs(value) >= 1e15 || (value != 0 && std::fabs(value) < 0.005)) {
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.2f", value);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace gatetwin::world
