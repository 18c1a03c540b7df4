// An RGBA image read back from the GPU, with PNG output: what `gatetwin render` and render tests use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/snapshot.h"

namespace gatetwin::viewer {

/// An 8-bit RGBA image, top row first (as image files and people expect it).
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4 bytes

  /// The pixel at column `x`, row `y` (0,0 is top left). Out of range gives transparent black.
  engine::Rgba8 At(int x, int y) const;
};

/// Reads the current OpenGL context's back buffer (width x height from the bottom left) into
/// an image, top row first. Call before swapping buffers.
Image ReadBackBuffer(int width, int height);

/// Writes `image` as a PNG file. False with `error` (naming the file) when it cannot be written.
bool WritePng(const Image& image, const std::string& path, std::string* error);

}  // namespace gatetwin::viewer
