// Shared pieces of the `gatetwin` subcommands: exit codes, world loading, time arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/plugin_host.h"
#include "engine/time.h"
#include "world/world.h"

namespace gatetwin::cli {

/// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // a check failed (world check errors, --expect bounds)
inline constexpr int kExitUsage = 2;   // bad arguments or unreadable input

/// Loads and validates a world; prints its errors to stderr and returns nullopt on failure.
std::optional<world::World> LoadWorldOrPrint(const std::string& path);

/// Parses a --from/--to argument: RFC 3339 with offset (`2026-01-15T08:00:00+07:00`).
std::optional<engine::TimeUs> ParseTimeArg(const std::string& text);

/// Parses a duration: a number with a unit, `90s`, `45m`, `24h`, `2d` (a bare number is seconds).
std::optional<engine::TimeUs> ParseDurationArg(const std::string& text);

/// Checks a report (JSON text) against an --expect file and prints each check ("  pass  ..."
/// lines only when not `quiet`) and the tally. Returns the exit code: 0 all passed, 1 one
/// failed, 2 the expect file could not be read.
int CheckExpectOrPrint(const std::string& report_json, const std::string& expect_path, bool quiet);

/// Parses a --size argument `WIDTHxHEIGHT` (both > 0).
bool ParseSizeArg(const std::string& text, int* width, int* height);

/// True when stderr is a terminal (progress bars go there only then).
bool StderrIsTty();

/// Loads each `--plugin NAME[:key=value,...]` into `host`, plugins writing files under
/// `output_dir`. Prints every failure to stderr; false when any plugin could not be loaded.
bool LoadPluginsOrPrint(const std::vector<std::string>& specs, const std::string& output_dir, engine::PluginHost* host);

/// Writes `text` to `path` ("-" is stdout). False with a message on stderr when it cannot.
bool WriteTextFile(const std::string& path, const std::string& text);

}  // namespace gatetwin::cli
