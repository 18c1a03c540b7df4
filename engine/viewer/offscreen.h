// Rendering with no window: an OpenGL context on EGL (Mesa's surfaceless platform) for OSG.
//
// Used by `gatetwin render`, the render tests and the frame-rate benchmark. No X server is
// needed; on a machine without a GPU Mesa's llvmpipe renders on the CPU.
#pragma once

#include <memory>
#include <string>

#include <osgViewer/Viewer>

#include "engine/viewer/image.h"

namespace gatetwin::viewer {

/// An OSG viewer bound to an offscreen EGL pbuffer of a fixed size.
class OffscreenRenderer {
 public:
  /// Creates the context and the viewer. Returns nullptr with `error` saying what is missing
  /// (no EGL display, no OpenGL on it, a size the driver refuses).
  static std::unique_ptr<OffscreenRenderer> Create(int width, int height, std::string* error);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  /// The viewer: set its scene data and camera before rendering.
  osgViewer::Viewer& viewer() { return *viewer_; }
  int width() const { return width_; }
  int height() const { return height_; }

  /// Draws one frame (OSG update, cull, draw) and waits for the GPU.
  void RenderFrame();
  /// Reads the frame just drawn back into an image (top row first).
  Image ReadPixels() const;
  /// "Mesa llvmpipe (LLVM 15.0.6, 256 bits)" and the like: what drew the picture.
  std::string renderer_name() const;

 private:
  OffscreenRenderer(int width, int height);
  struct Egl;
  std::unique_ptr<Egl> egl_;
  osg::ref_ptr<osgViewer::Viewer> viewer_;
  int width_, height_;
};

}  // namespace gatetwin::viewer
