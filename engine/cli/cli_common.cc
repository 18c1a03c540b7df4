// Shared pieces of the `gatetwin` subcommands.
#include "engine/cli/cli_common.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "replay/expect.h"
#include "world/load.h"

namespace gatetwin::cli {

std::optional<world::World> LoadWorldOrPrint(const std::string& path) {
  world::LoadResult result = world::LoadWorld(path);
  for (const world::Diagnostic& d : result.errors) std::cerr << d.ToString() << "\n";
  if (!result.ok()) {
    std::cerr << "gatetwin: " << path << ": " << result.errors.size()
              << " error(s) in the world; fix them and run `gatetwin world check " << path << "`\n";
    return std::nullopt;
  }
  return std::move(*result.world);
}

std::optional<engine::TimeUs> ParseTimeArg(const std::string& text) {
  auto parsed = engine::ParseRfc3339(text);
  if (!parsed) return std::nullopt;
  return parsed->utc_us;
}

bool ParseSizeArg(const std::string& text, int* width, int* height) {
  char x = 0;
  char rest = 0;
  return std::sscanf(text.c_str(), "%d%c%d%c", width, &x, height, &rest) == 3 && (x == 'x' || x == 'X') && *width > 0 &&
         *height > 0;
}

bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

bool WriteTextFile(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (!out) {
    std::cerr << "gatetwin: " << path << ": cannot write: " << std::strerror(errno) << "\n";
    return false;
  }
  return true;
}

std::optional<engine::TimeUs> ParseDurationArg(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double unit_s = 1;
  std::string number = text;
  switch (text.back()) {
    case 's': unit_s = 1; break;
    case 'm': unit_s = 60; break;
    case 'h': unit_s = 3600; break;
    case 'd': unit_s = 86400; break;
    default: number.push_back('s');
  }
  number.pop_back();
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || !(value >= 0) ||
      value * unit_s > 366.0 * 86400) {
    return std::nullopt;
  }
  return static_cast<engine::TimeUs>(std::llround(value * unit_s * 1e6));
}

int CheckExpectOrPrint(const std::string& report_json, const std::string& expect_path, bool quiet) {
  const replay::ExpectResult check = replay::CheckExpectations(report_json, expect_path);
  for (const std::string& e : check.errors) std::cerr << e << "\n";
  if (!check.ok()) return kExitUsage;
  int failed = 0;
  for (const replay::ExpectCheck& c : check.checks) {
    if (!c.passed) ++failed;
    if (!c.passed || !quiet) std::cout << (c.passed ? "  pass  " : "  FAIL  ") << c.message << "\n";
  }
  std::cout << (failed == 0 ? "expectations met: " : "expectations FAILED: ") << check.checks.size() - failed
            << " passed, " << failed << " failed\n";
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace gatetwin::cli
