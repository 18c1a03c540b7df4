// Runs the built `gatetwin` executable as a user would, for tests of the command line.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace gatetwin::testing_util {

/// What a run printed and how it exited.
struct Ran {
  int code = -1;       // exit code, -1 when it did not exit normally
  std::string output;  // stdout and stderr together
};

/// Runs `<build>/engine/cli/gatetwin ARGS` through the shell and collects its output.
inline Ran Gatetwin(const std::string& args) {
  Ran r;
  const std::string command = std::string(GATETWIN_BINARY_DIR) + "/engine/cli/gatetwin " + args + " 2>&1";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace gatetwin::testing_util
