// EGL surfaceless context + OSG embedded viewer: one frame drawn and read back with no display.
#include "engine/viewer/offscreen.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>

#include <cstring>

namespace gatetwin::viewer {

struct OffscreenRenderer::Egl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  EGLSurface surface = EGL_NO_SURFACE;

  ~Egl() {
    if (display == EGL_NO_DISPLAY) return;
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
    if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
    eglTerminate(display);
  }
};

namespace {

// Mesa's surfaceless platform needs no X server or DRM device; fall back to the default
// display where the extension is missing (a desktop with a real GPU).
EGLDisplay OpenDisplay() {
  auto get_platform_display =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_platform_display) {
    EGLDisplay d = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (d != EGL_NO_DISPLAY) return d;
  }
  return eglGetDisplay(EGL_DEFAULT_DISPLAY);
}

std::string EglError(const char* what) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%04x", eglGetError());
  return std::string("offscreen rendering: ") + what + " failed (EGL error " + code +
         "); is Mesa's EGL installed (libegl1-mesa-dev libgl1-mesa-dri)?";
}

}  // namespace

OffscreenRenderer::OffscreenRenderer(int width, int height)
    : egl_(std::make_unique<Egl>()), width_(width), height_(height) {}

OffscreenRenderer::~OffscreenRenderer() {
  // OSG releases its GL objects while the context is still current
  if (viewer_) {
    eglMakeCurrent(egl_->display, egl_->surface, egl_->surface, egl_->context);
    viewer_->setSceneData(nullptr);
    viewer_ = nullptr;
  }
}

std::unique_ptr<OffscreenRenderer> OffscreenRenderer::Create(int width, int height, std::string* error) {
  auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    return nullptr;
  };
  if (width < 16 || height < 16 || width > 8192 || height > 8192) {
    return fail("offscreen rendering: size " + std::to_string(width) + "x" + std::to_string(height) +
                " is outside 16x16 .. 8192x8192");
  }
  std::unique_ptr<OffscreenRenderer> r(new OffscreenRenderer(width, height));
  Egl& egl = *r->egl_;
  egl.display = OpenDisplay();
  if (egl.display == EGL_NO_DISPLAY || !eglInitialize(egl.display, nullptr, nullptr)) {
    egl.display = EGL_NO_DISPLAY;
    return fail(EglError("eglInitialize"));
  }
  const EGLint config_attribs[] = {EGL_SURFACE_TYPE,
                                   EGL_PBUFFER_BIT,
                                   EGL_RED_SIZE,
                                   8,
                                   EGL_GREEN_SIZE,
                                   8,
                                   EGL_BLUE_SIZE,
                                   8,
                                   EGL_ALPHA_SIZE,
                                   8,
                                   EGL_DEPTH_SIZE,
                                   24,
                                   EGL_STENCIL_SIZE,
                                   8,
                                   EGL_RENDERABLE_TYPE,
                                   EGL_OPENGL_BIT,
                                   EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  if (!eglChooseConfig(egl.display, config_attribs, &config, 1, &count) || count == 0) {
    return fail(EglError("eglChooseConfig (RGBA8, depth 24, OpenGL, pbuffer)"));
  }
  const EGLint surface_attribs[] = {EGL_WIDTH, width, EGL_HEIGHT, height, EGL_NONE};
  egl.surface = eglCreatePbufferSurface(egl.display, config, surface_attribs);
  if (egl.surface == EGL_NO_SURFACE) return fail(EglError("eglCreatePbufferSurface"));
  // desktop OpenGL, compatibility profile: OSG 3.6 as Debian builds it uses the fixed pipeline too
  if (!eglBindAPI(EGL_OPENGL_API)) return fail(EglError("eglBindAPI(OpenGL)"));
  egl.context = eglCreateContext(egl.display, config, EGL_NO_CONTEXT, nullptr);
  if (egl.context == EGL_NO_CONTEXT) return fail(EglError("eglCreateContext"));
  if (!eglMakeCurrent(egl.display, egl.surface, egl.surface, egl.context)) {
    return fail(EglError("eglMakeCurrent"));
  }
  r->viewer_ = new osgViewer::Viewer;
  r->viewer_->setThreadingModel(osgViewer::Viewer::SingleThreaded);
  // left to itself a single-threaded viewer pins the process to core 0, where llvmpipe's
  // rasteriser threads would then all run (measured: the same frame time with 0, 1 or 4 threads)
  r->viewer_->setUseConfigureAffinity(false);
  r->viewer_->setUpViewerAsEmbeddedInWindow(0, 0, width, height);
  // the viewer must not add its own event handlers' key bindings (Escape quits) offscreen
  r->viewer_->setKeyEventSetsDone(0);
  r->viewer_->realize();
  return r;
}

void OffscreenRenderer::RenderFrame() {
  eglMakeCurrent(egl_->display, egl_->surface, egl_->surface, egl_->context);
  viewer_->frame();
  glFinish();
}

Image OffscreenRenderer::ReadPixels() const { return ReadBackBuffer(width_, height_); }

std::string OffscreenRenderer::renderer_name() const {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return name ? name : "unknown";
}

}  // namespace gatetwin::viewer
