// The live side-by-side tour: GLFW window, wall clock → TourClock → offscreen frame → the window.
#include "engine/viewer/tour_window.h"

#include <chrono>
#include <cstdio>

#include <GLFW/glfw3.h>

#include "engine/viewer/image.h"
#include "engine/viewer/twin_window.h"

namespace gatetwin::viewer {
namespace {

void OnKey(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  if (action == GLFW_RELEASE) return;
  auto* clock = static_cast<TourClock*>(glfwGetWindowUserPointer(window));
  if (clock->HandleKey(key, action == GLFW_REPEAT)) return;
  if (key == GLFW_KEY_ESCAPE) clock->End();  // no free view to fall back to: Escape ends it too
}

// `image` over the whole framebuffer (fb_w × fb_h), scaled when the two sizes differ, through
// texture `texture` (a textured quad; glDrawPixels with a flipping zoom costs the same on llvmpipe)
void Blit(const Image& image, GLuint texture, int fb_w, int fb_h) {
  glViewport(0, 0, fb_w, fb_h);
  glMatrixMode(GL_PROJECTION);
  glLoadIdentity();
  glMatrixMode(GL_MODELVIEW);
  glLoadIdentity();
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_BLEND);
  glDisable(GL_LIGHTING);
  glEnable(GL_TEXTURE_2D);
  glBindTexture(GL_TEXTURE_2D, texture);
  GLint width = 0, height = 0;
  glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &width);
  glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &height);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (width != image.width || height != image.height) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 image.rgba.data());
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
  }
  glColor4f(1, 1, 1, 1);
  // the image's top row first: texture row 0 at the top of the window
  glBegin(GL_QUADS);
  glTexCoord2f(0, 1), glVertex2f(-1, -1);
  glTexCoord2f(1, 1), glVertex2f(1, -1);
  glTexCoord2f(1, 0), glVertex2f(1, 1);
  glTexCoord2f(0, 0), glVertex2f(-1, 1);
  glEnd();
  glDisable(GL_TEXTURE_2D);
}

}  // namespace

int PlayTourInWindow(TourPlayer& player, TourClock& clock, const TourWindowOptions& options) {
  if (!StartWindowing()) return 1;
  // the frames come from an EGL context on this thread: a GLX window context cannot be made
  // current over it (GLX: "Failed to make context current"), an EGL one can
  GLFWwindow* window = OpenTwinWindow(options.width, options.height, options.fullscreen, 0, /*egl=*/true);
  if (!window) {
    glfwTerminate();
    return 1;
  }
  glfwSetWindowUserPointer(window, &clock);
  glfwSetKeyCallback(window, OnKey);
  glfwSwapInterval(options.exit_after_frames >= 0 ? 0 : 1);  // timed runs (tests, figures): no vsync wait
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);

  using Clock = std::chrono::steady_clock;
  auto t_last = Clock::now();
  int frames = 0, exit_code = 0;
  double sum_frame_ms = 0, sum_render_ms = 0;  // without the first frame (it uploads everything)
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    const auto now = Clock::now();
    const double dt_s = std::chrono::duration<double>(now - t_last).count();
    t_last = now;
    if (!clock.Advance(dt_s)) break;
    const Image image = player.RenderAt(clock.time_s(), dt_s);  // on the player's own (offscreen) context
    const double render_ms = std::chrono::duration<double, std::milli>(Clock::now() - now).count();
    glfwMakeContextCurrent(window);
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    if (fb_w > 0 && fb_h > 0) Blit(image, texture, fb_w, fb_h);
    ++frames;
    const bool last = options.exit_after_frames >= 0 && frames >= options.exit_after_frames;
    // what the window shows, read back before the swap (as the control room's screenshot is)
    if (last && !options.screenshot_path.empty() && !WriteScreenshot(fb_w, fb_h, options.screenshot_path)) {
      exit_code = 1;
    }
    glfwSwapBuffers(window);
    if (frames > 1) {
      sum_frame_ms += std::chrono::duration<double, std::milli>(Clock::now() - now).count();
      sum_render_ms += render_ms;
    }
    if (last) break;
  }
  if (options.exit_after_frames >= 0 && frames > 1) {
    std::fprintf(stderr, "viewer: %d frames, mean frame %.1f ms (offscreen render and read back %.1f ms), on %s\n",
                 frames, sum_frame_ms / (frames - 1), sum_render_ms / (frames - 1), player.renderer_name().c_str());
  }
  glfwMakeContextCurrent(window);
  glDeleteTextures(1, &texture);
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace gatetwin::viewer
