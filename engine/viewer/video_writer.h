// H.264 video out: raw RGB frames piped into an `ffmpeg` child process (Debian's ffmpeg package).
#pragma once

#include <memory>
#include <string>

#include "engine/viewer/image.h"

namespace gatetwin::viewer {

/// The ffmpeg program to run: $GATETWIN_FFMPEG when set, else `ffmpeg` found on $PATH; empty
/// when there is none.
std::string FindFfmpeg();

/// Writes frames of one size to an MP4 (H.264, yuv420p) through ffmpeg's stdin.
class VideoWriter {
 public:
  /// Starts ffmpeg for `path` at `fps`. The size must be even (yuv420p halves the chroma).
  /// nullptr with `error` when ffmpeg is missing or cannot be started.
  static std::unique_ptr<VideoWriter> Open(const std::string& path, int width, int height, double fps,
                                           std::string* error);
  ~VideoWriter();  // an unfinished video: ffmpeg is stopped, the file is left as it is
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  /// Sends one frame (RGBA, the writer's size). False with `error` (ffmpeg's last words) when
  /// ffmpeg has stopped taking frames.
  bool Write(const Image& frame, std::string* error);
  /// Ends the stream and waits for ffmpeg. False with `error` when it failed.
  bool Close(std::string* error);

 private:
  VideoWriter() = default;
  std::string Failure(const std::string& what) const;
  int stdin_fd_ = -1;
  int pid_ = -1;
  int width_ = 0, height_ = 0;
  std::string stderr_path_;  // ffmpeg's messages, for errors
  std::string rgb_;          // one frame's RGB bytes
};

}  // namespace gatetwin::viewer
