// libFuzzer target: any bytes given to LoadWorldFromString come back as a world or as errors.
//
// Build (the CMake wiring is the lead's): clang++ -std=c++20 -fsanitize=fuzzer,address,undefined
//   -I. tests/fuzz/world_load_fuzz.cc world/*.cc -lyaml-cpp -lGeographicLib
// Run:  ./world_load_fuzz tests/fuzz/corpus/world_load -max_total_time=30
// Overlays (`base: tiny.yaml`) resolve against tests/data/worlds when GATETWIN_SOURCE_DIR is
// defined, so the fuzzer also reaches the merge code with a real base.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "world/load.h"

namespace {

std::string BaseDir() {
#ifdef GATETWIN_SOURCE_DIR
  return std::string(GATETWIN_SOURCE_DIR) + "/tests/data/worlds";
#else
  return "tests/data/worlds";
#endif
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string base_dir = BaseDir();
  const std::string text(reinterpret_cast<const char*>(data), size);
  gatetwin::world::LoadResult result = gatetwin::world::LoadWorldFromString(text, "fuzz.yaml", base_dir);
  // the contract: a world exactly when there are no errors, and every error printable
  if (result.ok() != result.errors.empty()) std::abort();
  for (const auto& e : result.errors) {
    if (e.ToString().empty()) std::abort();
  }
  return 0;
}
