// Shared pieces of the `gatetwin` subcommands.
#include "engine/cli/cli_common.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

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

}  // namespace gatetwin::cli
