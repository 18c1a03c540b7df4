// `gatetwin render --tour`: a camera tour rendered offscreen to an MP4 (through ffmpeg) and stills.
#pragma once

#include <string>

namespace gatetwin::cli {

/// The options of a tour render, as typed.
struct RenderTourArgs {
  std::string tour;
  std::string out;     // VIDEO.mp4, or DIR/ (an existing folder, or a path ending in /) for stills only
  std::string stills;  // a folder for one PNG per shot, beside the video
  std::string size = "1920x1080";
  double fps = 30;
  std::string language = "en";
  std::string colour = "stage";
  bool no_overlay = false;
};

/// Renders the tour; returns the exit code (0, or 2 for bad input and failed output).
int RunRenderTour(const RenderTourArgs& args);

}  // namespace gatetwin::cli
