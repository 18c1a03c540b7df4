// Dear ImGui drawn offscreen: the OpenGL3 backend in the current (EGL) context, no window, no input.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/viewer/fonts.h"

namespace gatetwin::viewer {

/// An ImGui context drawing into the current OpenGL context (an OffscreenRenderer's), for the
/// presentation frames of tours. One at a time: ImGui's context is global.
class OffscreenUi {
 public:
  /// Makes the context for a `width` × `height` frame at content `scale`, with fonts that cover
  /// the UI table, `extra` texts (world names, captions) in every language. Call with the GL
  /// context current. Returns nullptr with `error` when the backend cannot start.
  static std::unique_ptr<OffscreenUi> Create(int width, int height, float scale,
                                             const std::vector<std::string_view>& extra, std::string* error);
  ~OffscreenUi();
  OffscreenUi(const OffscreenUi&) = delete;
  OffscreenUi& operator=(const OffscreenUi&) = delete;

  const UiFonts& fonts() const { return fonts_; }
  float scale() const { return scale_; }
  /// Draws one ImGui frame built by `build` over what the context holds (call after the 3D
  /// frame, before reading pixels back); waits for the GL work.
  void Draw(const std::function<void()>& build, double dt_s);
  /// Grows the fonts to show `text` (between frames): true when the atlas was rebuilt, false
  /// when it already covered every character.
  bool Cover(std::string_view text);

 private:
  OffscreenUi(int width, int height, float scale) : width_(width), height_(height), scale_(scale) {}
  int width_, height_;
  float scale_;
  UiFonts fonts_;
  std::vector<ImWchar> ranges_;     // the atlas points into it
  std::vector<std::string> texts_;  // the texts the atlas covers besides the UI table
  bool backend_ = false;
  bool drawn_ = false;  // a frame was drawn: the backend has made its font texture
};

}  // namespace gatetwin::viewer
