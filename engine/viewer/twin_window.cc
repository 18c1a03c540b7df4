// GLFW start-up, the twin's window and its screenshot, shared by both windowed viewers.
#include "engine/viewer/twin_window.h"

#include <cstdio>

#include <GLFW/glfw3.h>

#include "engine/viewer/image.h"

namespace gatetwin::viewer {
namespace {

void OnGlfwError(int code, const char* description) {
  std::fprintf(stderr, "viewer: GLFW error %d: %s\n", code, description);
}

}  // namespace

bool StartWindowing() {
  glfwSetErrorCallback(OnGlfwError);
  if (glfwInit()) return true;
  std::fprintf(stderr, "viewer: cannot open a window (no display? run under xvfb-run for tests)\n");
  return false;
}

GLFWwindow* OpenTwinWindow(int width, int height, bool fullscreen, int samples, bool egl) {
  // OSG 3.6 as Debian builds it draws with the fixed pipeline: a compatibility context (no core profile hints)
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_SAMPLES, samples);
  if (egl) glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
  GLFWmonitor* monitor = fullscreen ? glfwGetPrimaryMonitor() : nullptr;
  if (monitor) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    width = mode->width;
    height = mode->height;
  }
  GLFWwindow* window = glfwCreateWindow(width, height, "Hữu Nghị – 友谊关 · gatetwin", monitor, nullptr);
  if (window) {
    glfwMakeContextCurrent(window);
  } else {
    std::fprintf(stderr, "viewer: no OpenGL window could be created\n");
  }
  return window;
}

bool WriteScreenshot(int fb_w, int fb_h, const std::string& path) {
  std::string error;
  if (WritePng(ReadBackBuffer(fb_w, fb_h), path, &error)) return true;
  std::fprintf(stderr, "viewer: %s\n", error.c_str());
  return false;
}

}  // namespace gatetwin::viewer
