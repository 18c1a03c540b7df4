// The twin's GLFW window: started, opened (windowed or full screen) and screenshotted the same
// way by the control room and by the side-by-side tour.
#pragma once

#include <string>

struct GLFWwindow;

namespace gatetwin::viewer {

/// Starts GLFW with its errors on stderr. False (said on stderr) when there is no display.
bool StartWindowing();

/// The twin's window, `width`×`height` or the primary monitor at its own size when
/// `fullscreen`, with `samples` multisamples and an EGL context when `egl` (to share a thread
/// with offscreen EGL contexts), its context current; null when none could be made.
GLFWwindow* OpenTwinWindow(int width, int height, bool fullscreen, int samples, bool egl = false);

/// Writes what the current window's back buffer holds (`fb_w`×`fb_h`) to the PNG at `path`;
/// false with the reason on stderr. Call before swapping.
bool WriteScreenshot(int fb_w, int fb_h, const std::string& path);

}  // namespace gatetwin::viewer
