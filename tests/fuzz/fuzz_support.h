// Shared by the feed fuzz targets: the small test world, and a check that aborts (libFuzzer's signal of a finding).
#pragma once

#include <cstdio>
#include <cstdlib>

#include "tests/unit/replay/feed_test_world.h"

namespace gatetwin::fuzz {

inline const world::World& TestWorld() {
  static const world::World world = replay::testing::MakeFeedTestWorld();
  return world;
}

/// Aborts with `target: check failed: what` unless `ok`.
inline void Check(bool ok, const char* target, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "%s: check failed: %s\n", target, what);
    std::abort();
  }
}

}  // namespace gatetwin::fuzz
