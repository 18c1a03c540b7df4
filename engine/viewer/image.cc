// PNG output and pixel access for read-back images (stb_image_write does the encoding).
#include "engine/viewer/image.h"

#include <stb_image_write.h>

#include <cerrno>
#include <cstring>

namespace gatetwin::viewer {

engine::Rgba8 Image::At(int x, int y) const {
  if (x < 0 || y < 0 || x >= width || y >= height) return {0, 0, 0, 0};
  const size_t i = (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
  return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
}

bool WritePng(const Image& image, const std::string& path, std::string* error) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgba.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 4) {
    if (error) *error = path + ": cannot write an empty or inconsistent image";
    return false;
  }
  errno = 0;
  if (stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4) == 0) {
    if (error) *error = path + ": cannot write PNG" + (errno ? std::string(": ") + std::strerror(errno) : "");
    return false;
  }
  return true;
}

}  // namespace gatetwin::viewer
