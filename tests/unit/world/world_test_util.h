// Helpers for the world tests: load inline YAML, list error lines, write temporary world files.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "world/load.h"

namespace gatetwin::world::testing {

/// A small valid world (7 lines); tests append sections from line 8 on.
/// in1 runs (1.75, 0) → (1.75, 300); out1 runs (-1.75, 300) → (-1.75, 0).
inline const std::string kHeader =
    "world: {name: t}\n"                                                                      // 1
    "anchor: {lat: 21.98, lon: 106.72}\n"                                                     // 2
    "roads:\n"                                                                                // 3
    "  - {id: r1, centreline: [[0, 0], [0, 300]]}\n"                                          // 4
    "lanes:\n"                                                                                // 5
    "  - {id: in1, road: r1, offset_m: 1.75, direction: vn_to_cn, speed_limit_kmh: 36}\n"     // 6
    "  - {id: out1, road: r1, offset_m: -1.75, direction: cn_to_vn, speed_limit_kmh: 36}\n";  // 7

/// The errors of loading `yaml` (shown as t.yaml), as `file:line:col: message` lines.
inline std::vector<std::string> Errors(const std::string& yaml) {
  std::vector<std::string> out;
  for (const Diagnostic& d : LoadWorldFromString(yaml, "t.yaml").errors) out.push_back(d.ToString());
  return out;
}

/// Loads `yaml` and expects it to succeed.
inline World MustLoad(const std::string& yaml) {
  LoadResult r = LoadWorldFromString(yaml, "t.yaml");
  for (const Diagnostic& d : r.errors) ADD_FAILURE() << d.ToString();
  if (!r.ok()) return World{};
  return std::move(*r.world);
}

/// A fresh directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("gatetwin_world_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
             std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Writes `text` to `name` in the directory; returns its path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string p = (path_ / name).string();
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace gatetwin::world::testing
